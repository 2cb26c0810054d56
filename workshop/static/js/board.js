// The projected board: read from the back of a staff room, never scrolls, never takes input.
import { createLive, readBoot } from "./live.js";
import { h } from "./dom.js";
import { mountTimer } from "./timer.js";
import { statusIndicator } from "./notice.js";
import { renderTool, joinHost, qrSrc, formatCode, STATUS_TEXT } from "./surface.js";
import { namesBadge } from "./anonymity.js";

const boot = readBoot();
const live = createLive(boot);
const root = document.getElementById("board");

const timer = h("div", { class: "board-timer" });
const conn = h("div", { class: "board-conn" });
mountTimer(timer, live);
statusIndicator(conn, live, { withText: false });

function joinBox(big) {
  const qr = h("img", { class: "join-qr", alt: "QR code to join", hidden: true });
  const how = h("p", { class: "join-how" });
  const code = h("span", { class: "join-code" });
  const count = h("p", { class: "join-count" });
  const closed = h("p", { class: "join-closed", hidden: true });
  const box = h("div", { class: big ? "join join-big" : "join" }, qr, h("div", { class: "join-text" }, how, closed, count));
  return {
    box,
    update(ws, joinsOpen) {
      // With new joins stopped (joins.stop) the board stops inviting: no code, no QR code.
      const open = ws.status === "open" && ws.join_code && joinsOpen;
      closed.hidden = !!open;
      closed.textContent = ws.status === "open" ? "Not taking new people just now."
        : STATUS_TEXT[ws.status] || "Joining is not possible right now.";
      how.hidden = !open;
      qr.hidden = !open || !boot.qr_url;
      if (open) {
        const src = qrSrc(boot, ws.join_code);
        if (src && qr.getAttribute("src") !== src) qr.src = src;
        code.textContent = formatCode(ws.join_code);
        how.replaceChildren(...[
          big ? h("span", { class: "join-lead" }, "Join on your phone") : null,
          h("span", { class: "join-where" }, `${big ? "Go to" : "Join at"} ${joinHost(live)}/join`),
          h("span", { class: "join-codeline" }, h("span", { class: "join-code-label" }, big ? "and enter the code " : "code "), code),
        ].filter(Boolean));
      }
      // A table (one phone) counts its head count: "24 people, 3 tables".
      const n = ws.people_count ?? ws.participant_count ?? 0;
      const tables = ws.table_count ? `, ${ws.table_count === 1 ? "1 table" : `${ws.table_count} tables`}` : "";
      count.replaceChildren(h("span", { class: "join-n" }, String(n)), `${n === 1 ? " person joined" : " people joined"}${tables}`);
    },
    // Both screens carry a join box; only the one on show answers to the tests' ids.
    mark(active) {
      for (const [el, id] of [[code, "join-code"], [count.firstChild, "participant-count"], [closed, "workshop-status"]]) {
        if (el && active) el.dataset.testid = id;
        else if (el) delete el.dataset.testid;
      }
    },
  };
}

// Welcome screen: before the first activity and between activities.
const welcomeJoin = joinBox(true);
const welcome = {
  school: h("p", { class: "welcome-school" }),
  title: h("h1", { class: "welcome-title" }),
  focus: h("p", { class: "welcome-focus" }),
  date: h("p", { class: "welcome-date" }),
};
const welcomeEl = h("section", { class: "board-welcome", testid: "board-welcome" },
  h("div", { class: "welcome-text" }, welcome.school, welcome.title, welcome.focus, welcome.date),
  welcomeJoin.box);

// Activity screen.
const headJoin = joinBox(false);
const act = {
  section: h("p", { class: "board-section" }),
  title: h("h1", { class: "board-title", testid: "activity-title" }),
  prompt: h("p", { class: "board-prompt", testid: "activity-prompt" }),
  state: h("p", { class: "board-state" }),
  tool: h("div", { class: "board-tool" }),
};
const activityEl = h("section", { class: "board-activity" },
  h("header", { class: "board-head" },
    h("div", { class: "board-head-text" }, act.section, act.title, act.prompt),
    h("div", { class: "board-head-side" }, timer, headJoin.box)),
  act.state, act.tool);

root.replaceChildren(welcomeEl, activityEl, conn);

// What tools show when their content does not fit at a readable size (a pager, "+N more").
const SQUEEZED = "[data-testid=board-pager], [data-testid=more-items], [data-testid=more-cards], [data-testid=more-actions]";

function formatDate(iso) {
  if (!iso) return "";
  const d = new Date(iso + "T12:00:00");
  return isNaN(d) ? iso : d.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

function render() {
  const s = live.state;
  if (!s) return;
  const ws = s.workshop;
  const a = s.activity;
  welcomeEl.hidden = !!a;
  activityEl.hidden = !a;
  const joinsOpen = s.control?.joins_open !== false;
  welcomeJoin.update(ws, joinsOpen);
  headJoin.update(ws, joinsOpen);
  welcomeJoin.mark(!a);
  headJoin.mark(!!a);
  if (!a) {
    // Titles are usually "<school> · <date>": show the school big and the date once.
    const school = ws.school || ws.title || "";
    const extra = ws.title && ws.school && !ws.title.includes(ws.school) ? ws.title : "";
    welcome.school.textContent = "Improvement workshop";
    welcome.title.textContent = school;
    welcome.focus.replaceChildren(...(ws.focus ? [h("span", { class: "welcome-label" }, "Our focus"), ws.focus] : []));
    welcome.date.textContent = [extra, formatDate(ws.date)].filter(Boolean).join(" · ");
    if (!welcomeEl.contains(timer)) welcome.title.after(timer);
    renderTool(act.tool, null, "board", live);
    return;
  }
  if (!headJoin.box.parentNode.contains(timer)) headJoin.box.before(timer);
  act.section.replaceChildren(a.section || "", namesBadge(a));
  act.title.textContent = a.title || "";
  act.prompt.textContent = a.prompt || "";
  act.prompt.hidden = !a.prompt;
  // A long prompt is shown whole (never cut), a little smaller so it leaves the tool some room.
  act.prompt.classList.toggle("is-long", (a.prompt || "").length > 160);
  const taking = a.open && ws.status === "open";  // a closed workshop invites nobody to add
  act.state.textContent = taking ? "Add yours on your phone now" : ws.status === "open" ? "Input is closed" : "The workshop is closed";
  act.state.classList.toggle("is-open", !!taking);
  const shown = renderTool(act.tool, a, "board", live);
  const dense = !!(shown && shown.dense);
  // The heading's size changes the room left for the wall, so fit the wall again after a switch.
  if (activityEl.classList.contains("is-dense") !== dense) {
    activityEl.classList.toggle("is-dense", dense);
    renderTool(act.tool, a, "board", live);
  }
  // A tool that had to page or fold some of its content away gets the short heading too.
  if (!dense && act.tool.querySelector(SQUEEZED)) {
    activityEl.classList.add("is-dense");
    renderTool(act.tool, a, "board", live);
  }
}

["state", "status"].forEach((ev) => live.on(ev, render));
let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 150);
});
