// The facilitator console: agenda on the left, the current activity in the middle,
// the people on the right. Every button sends an intent; the screen follows the state pushed back.
import { createLive, readBoot } from "./live.js";
import { h, button } from "./dom.js";
import { mountTimer } from "./timer.js";
import { statusIndicator } from "./notice.js";
import { renderTool, formatCode, STATUS_TEXT } from "./surface.js";
import { mountAgenda } from "./console_agenda.js";
import { mountControls, SHORTCUTS } from "./console_controls.js";
import { mountTieChoice } from "./console_ties.js";
import { mountPeople } from "./console_people.js";
import { mountBehalf } from "./console_behalf.js";

const boot = readBoot();
const live = createLive(boot);
const $ = (id) => document.getElementById(id);

statusIndicator($("console-conn"), live);
// A flash message floats over the console: it goes when clicked, or after a while.
const flashes = document.querySelector(".flashes");
if (flashes) {
  flashes.title = "Click to close";
  flashes.addEventListener("click", () => flashes.remove());
  setTimeout(() => flashes.remove(), 12000);
}
// The loopback warning (server side) can be put away by an IC trying things out alone.
document.querySelector("[data-testid=reach-hide]")?.addEventListener("click", (ev) => ev.target.closest(".console-reach").remove());
mountAgenda($("console-agenda"), live);
mountTieChoice(live);
const controls = mountControls($("console-controls"), live, mountTimer);
// "Enter for…": a side panel entering a paper participant's sheet (staff without phones).
const behalf = mountBehalf($("console"), live);

// Header: join code, people count, board link, open/close, save state.
const code = h("span", { class: "join-code", testid: "join-code" });
const count = h("span", { testid: "participant-count" });
const joinState = h("span", { class: "badge", testid: "workshop-status" });
$("console-join").replaceChildren(joinState, code, h("span", { class: "muted" }, count, " joined"));
const save = h("span", { class: "save-summary", testid: "save-status", "aria-live": "polite" });
const openBtn = button("Open workshop", () => live.send("workshop.open"), { class: "btn btn-small btn-primary", testid: "workshop-open" });
const closeBtn = button("Close workshop", () => {
  if (confirm("Close the workshop? The join code stops working and phones can no longer add anything.")) live.send("workshop.close");
}, { class: "btn btn-small btn-secondary", testid: "workshop-close" });
// Neither shows until the state says whether the workshop is open (no jump in the header).
openBtn.hidden = closeBtn.hidden = true;
$("console-header-actions").replaceChildren(save,
  h("a", { class: "btn btn-small btn-secondary", href: boot.urls.board, target: "_blank", rel: "noopener", testid: "open-board" }, "Board ↗"),
  h("a", { class: "btn btn-small btn-secondary", href: boot.urls.edit }, "Details"),
  behalf.toggle, openBtn, closeBtn, document.querySelector("[data-testid=record-link]"));

// Centre: the current activity's heading, then the tool.
const head = {
  section: h("p", { class: "act-section" }),
  title: h("h2", { class: "act-title", testid: "activity-title" }),
  prompt: h("p", { class: "act-prompt", testid: "activity-prompt" }),
  badges: h("p", { class: "act-badges" }),
};
const toolHolder = h("div", { class: "act-tool" });
const empty = h("div", { class: "act-empty" },
  h("h2", null, "No activity on screen"),
  h("p", { class: "muted" }, "The board shows the welcome screen with the join code. Pick an activity from the agenda to start."));
const headEl = h("header", { class: "act-head" }, head.section, head.title, head.prompt, head.badges);
$("console-activity").replaceChildren(empty, headEl, toolHolder);

// Right: the people who joined (console_people.js); below them the shortcut letters (the buttons carry them too).
const legend = h("section", { class: "key-legend", testid: "key-legend", "aria-label": "Keyboard shortcuts" },
  h("h2", { class: "key-legend-head" }, "Keys"),
  h("dl", null, SHORTCUTS.map(([key, what]) => [h("dt", null, h("kbd", null, key)), h("dd", null, what)])),
  h("p", { class: "muted" }, "Not while typing in a box."));
const peoplePanel = mountPeople($("console-people"), live, legend);

function renderHeader(ws) {
  const open = ws.status === "open";
  joinState.textContent = open ? "Open" : ws.status;
  joinState.className = `badge badge-${ws.status}`;
  code.textContent = open && ws.join_code ? formatCode(ws.join_code) : "";
  code.hidden = !code.textContent;
  count.textContent = String(ws.participant_count || 0);
  openBtn.hidden = open;
  closeBtn.hidden = !open;
  openBtn.title = STATUS_TEXT[ws.status] || "";
}

function renderSave() {
  const pending = live.pending();
  const latest = [...live.settled.values()].reduce((a, r) => (!a || r.at > a.at ? r : a), null);
  const fresh = latest && Date.now() - latest.at < 4000;
  const [text, state] = pending.some((p) => p.status === "retrying") ? ["Not saved yet — retrying", "retrying"]
    : pending.length ? ["Saving…", "saving"]
    // A tie is a question (its dialog asks it), not a failed save.
    : fresh && !latest.ok && latest.error === "tie" ? ["", "idle"]
    : fresh && !latest.ok ? ["Not saved ✕", "rejected"]
    : fresh ? ["Saved ✓", "saved"] : ["", "idle"];
  save.textContent = text;
  save.dataset.state = state;
}

function render() {
  const s = live.state;
  if (!s) return;
  renderHeader(s.workshop);
  peoplePanel.render(s);
  controls.render();
  const a = s.activity;
  empty.hidden = !!a;
  headEl.hidden = !a;
  if (a) {
    head.section.textContent = a.section || "";
    head.title.textContent = a.title;
    head.prompt.textContent = a.prompt || "";
    head.badges.replaceChildren(
      h("span", { class: `badge ${a.open ? "badge-open" : "badge-closed"}` }, a.open ? "Input open" : "Input closed"),
      h("span", { class: `badge ${a.revealed ? "badge-open" : "badge-draft"}` }, a.revealed ? "Results shown" : "Results hidden"));
  }
  renderTool(toolHolder, a, "facilitator", live);
}

live.on("state", render);
live.on("pending", () => { renderSave(); if (live.state) renderTool(toolHolder, live.state.activity, "facilitator", live); });
live.on("ack", renderSave);
live.on("rejected", renderSave);
setInterval(renderSave, 1000);
