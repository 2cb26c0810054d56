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

// A push changes little of the heading: parts are written only when what they show changed, so
// the board's style and layout are not invalidated for nothing.
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
// Rebuilds el's children with make() only when `key` differs from the last time.
function setParts(el, key, make) {
  if (el.partsKey === key) return;
  el.partsKey = key;
  el.replaceChildren(...make());
}

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
      setText(closed, ws.status === "open" ? "Not taking new people just now."
        : STATUS_TEXT[ws.status] || "Joining is not possible right now.");
      how.hidden = !open;
      qr.hidden = !open || !boot.qr_url;
      if (open) {
        const src = qrSrc(boot, ws.join_code);
        if (src && qr.getAttribute("src") !== src) qr.src = src;
        setText(code, formatCode(ws.join_code));
        setParts(how, joinHost(live), () => [
          big ? h("span", { class: "join-lead" }, "Join on your phone") : null,
          h("span", { class: "join-where" }, `${big ? "Go to" : "Join at"} ${joinHost(live)}/join`),
          h("span", { class: "join-codeline" }, h("span", { class: "join-code-label" }, big ? "and enter the code " : "code "), code),
        ].filter(Boolean));
      }
      // A table (one phone) counts its head count: "24 people, 3 tables".
      const n = ws.people_count ?? ws.participant_count ?? 0;
      const tables = ws.table_count ? `, ${ws.table_count === 1 ? "1 table" : `${ws.table_count} tables`}` : "";
      setParts(count, `${n}${tables}`, () => [h("span", { class: "join-n" }, String(n)),
        `${n === 1 ? " person joined" : " people joined"}${tables}`]);
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
    setText(welcome.school, "Improvement workshop");
    setText(welcome.title, school);
    setParts(welcome.focus, ws.focus || "", () => (ws.focus ? [h("span", { class: "welcome-label" }, "Our focus"), ws.focus] : []));
    setText(welcome.date, [extra, formatDate(ws.date)].filter(Boolean).join(" · "));
    if (!welcomeEl.contains(timer)) welcome.title.after(timer);
    renderTool(act.tool, null, "board", live);
    return;
  }
  if (!headJoin.box.parentNode.contains(timer)) headJoin.box.before(timer);
  const badge = namesBadge(a);
  setParts(act.section, `${a.section || ""}\u0000${badge.outerHTML}`, () => [a.section || "", badge]);
  setText(act.title, a.title || "");
  setText(act.prompt, a.prompt || "");
  act.prompt.hidden = !a.prompt;
  // A long prompt is shown whole (never cut), a little smaller so it leaves the tool some room.
  act.prompt.classList.toggle("is-long", (a.prompt || "").length > 160);
  const taking = a.open && ws.status === "open";  // a closed workshop invites nobody to add
  setText(act.state, taking ? "Add yours on your phone now" : ws.status === "open" ? "Input is closed" : "The workshop is closed");
  act.state.classList.toggle("is-open", !!taking);
  const shown = renderTool(act.tool, a, "board", live);
  // The short heading: for a tool that says it is dense, or that had to page or fold some of its
  // content away. A tool still squeezed under the short heading would be under the tall one too
  // (it leaves less room), so the short heading stays without trying the tall one again: one
  // render per push unless the heading really switches.
  const squeezed = () => !!act.tool.querySelector(SQUEEZED);
  const dense = !!(shown && shown.dense) || (activityEl.classList.contains("is-dense") && squeezed());
  // The heading's size changes the room left for the wall, so fit the wall again after a switch.
  if (activityEl.classList.contains("is-dense") !== dense) {
    activityEl.classList.toggle("is-dense", dense);
    renderTool(act.tool, a, "board", live);
  }
  if (!dense && squeezed()) {
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
