// The phone page: only the current activity, big targets, and an honest save state.
import { createLive, readBoot } from "./live.js";
import { h } from "./dom.js";
import { statusIndicator } from "./notice.js";
import { renderTool, STATUS_TEXT } from "./surface.js";
import { mountTimer } from "./timer.js";
import { watchAdds } from "./phone_added.js";
import { mountTable } from "./phone_table.js";

const boot = readBoot();
const live = createLive(boot);
const main = document.getElementById("phone-main");
const who = document.getElementById("phone-who");

who.textContent = (boot.participant && boot.participant.name) || "Anonymous";
if (boot.participant && boot.participant.kind === "table") mountTable(who, live, boot.participant);
statusIndicator(document.getElementById("phone-conn"), live);
mountTimer(document.getElementById("phone-timer"), live);
watchAdds(live, document.getElementById("phone-note"));
// Sticky bars below the header (the dots left) sit under it, whatever height it has now.
const header = document.querySelector(".phone-header");
new ResizeObserver(() => document.documentElement.style.setProperty("--phone-head-h", `${header.offsetHeight}px`)).observe(header);

const waiting = h("div", { class: "waiting", testid: "waiting", "aria-live": "polite" });
const head = {
  section: h("p", { class: "phone-section" }),
  title: h("h1", { class: "phone-title", testid: "activity-title" }),
  prompt: h("p", { class: "phone-prompt", testid: "activity-prompt" }),
};
const headEl = h("header", null, head.section, head.title, head.prompt);
const toolHolder = h("div", { class: "phone-tool" });
main.replaceChildren(waiting, headEl, toolHolder);

function showWaiting(title, text) {
  waiting.replaceChildren(h("p", { class: "waiting-title" }, title), h("p", null, text));
}

function render() {
  const s = live.state;
  if (!s && !live.stopped) return;
  if (live.stopped) {
    waiting.hidden = false;
    headEl.hidden = true;
    showWaiting("You are no longer connected", live.statusDetail);
    renderTool(toolHolder, null, "phone", live);
    return;
  }
  const ws = s.workshop;
  const a = s.activity;
  const closed = ws.status !== "open";
  waiting.hidden = !!a && !closed;
  headEl.hidden = !a || closed;
  if (closed) {
    showWaiting(ws.school || ws.title || "", STATUS_TEXT[ws.status] || "This workshop is not taking input.");
    renderTool(toolHolder, null, "phone", live);
    return;
  }
  if (!a) {
    showWaiting(ws.school || "", "Waiting for the facilitator…");
    renderTool(toolHolder, null, "phone", live);
    return;
  }
  head.section.textContent = a.section || "";
  head.title.textContent = a.title;
  head.prompt.textContent = a.prompt || "";
  head.prompt.hidden = !a.prompt;
  renderTool(toolHolder, a, "phone", live);
}

for (const ev of ["state", "private", "pending", "ack", "rejected", "status"]) live.on(ev, render);
