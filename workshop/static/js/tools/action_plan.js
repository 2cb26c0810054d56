// Group action planning: priorities become agreed actions — what, when, who, and the support
// level (a. within the reviewed school, b. within the partnership, c. outside of it).
// The board shows the plan live as a table grouped by support level.
import { h } from "../dom.js";
import { fitSize, overflows, paginate } from "./board_fit.js";
export { phone } from "./action_plan_phone.js";
export { facilitator } from "./action_plan_console.js";

export const UNASSIGNED = { id: null, label: "Support level not agreed yet" };

// Groups in the format's order: a, b, c, then drafts without a level (empty groups dropped).
export function groupActions(view, actions = view.actions || []) {
  const levels = [...(view.support_levels || []), UNASSIGNED];
  return levels
    .map((lvl) => ({ ...lvl, actions: actions.filter((a) => (a.support || null) === lvl.id) }))
    .filter((g) => g.actions.length);
}

export function levelName(g) {
  return g.id ? `${g.id}. ${g.label}` : g.label;
}

// How an action will be addressed, in words: the menu's labels (view.how_menu), then the other way.
export function howLabels(view, a) {
  const names = new Map((view.how_menu || []).flatMap((g) => g.ways.map((w) => [w.id, w.label])));
  return [...(a.how || []).map((id) => names.get(id) || id), ...(a.how_other ? [a.how_other] : [])];
}

// "2027-03-31" reads better as "31 Mar 2027"; phrases stay as typed.
export function whenText(when) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(when || "")) {
    const d = new Date(when + "T12:00:00");
    if (!isNaN(d)) return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
  }
  return when || "";
}

function statusMark(a) {
  return a.status === "confirmed"
    ? h("span", { class: "ap-status ap-confirmed", title: "Agreed" }, "✓ Agreed")
    : h("span", { class: "ap-status ap-draft", title: "Draft" }, "Draft");
}

function boardRow(view, a) {
  const n = a.comments.length;
  const how = howLabels(view, a);
  return h("tr", { class: `ap-row ap-row-${a.status}`, testid: "action-row", dataset: { action: a.id } },
    h("td", { class: "ap-c-text" }, a.text,
      n ? h("span", { class: "ap-comments-n" }, `${n} ${n === 1 ? "comment" : "comments"}`) : null,
      how.length ? h("span", { class: "ap-how", testid: "action-how" }, how.join(" · ")) : null),
    h("td", { class: "ap-c-when" }, whenText(a.when) || h("span", { class: "ap-missing" }, "—")),
    h("td", { class: "ap-c-who" }, a.who || h("span", { class: "ap-missing" }, "—")),
    h("td", { class: "ap-c-status" }, statusMark(a)));
}

export function board(el, activity) {
  const view = activity.view || {};
  const actions = view.actions || [];
  if (!actions.length) {
    el.replaceChildren(h("p", { class: "wall-empty", testid: "plan-empty" },
      activity.open ? "No actions yet. Propose one on your phone." : "No actions yet."));
    return { dense: false };
  }
  const groups = groupActions(view, actions);
  const table = h("table", { class: "ap-table", testid: "plan-table" },
    h("colgroup", null, h("col", { class: "ap-col-text" }), h("col", { class: "ap-col-when" }),
      h("col", { class: "ap-col-who" }), h("col", { class: "ap-col-status" })),
    h("thead", null, h("tr", null, h("th", null, "Action agreed"), h("th", null, "Timings and deadlines"),
      h("th", null, "Who will deliver it?"), h("th", null, h("span", { class: "visually-hidden" }, "Status")))),
    groups.map((g) => h("tbody", { class: `ap-group ap-level-${g.id || "none"}`, testid: "support-group", dataset: { level: g.id || "" } },
      h("tr", { class: "ap-group-head" }, h("th", { colspan: 4, scope: "rowgroup" }, levelName(g),
        h("span", { class: "ap-group-n" }, ` (${g.actions.length})`))),
      g.actions.map((a) => boardRow(view, a)))));
  const summary = h("p", { class: "ap-summary", testid: "plan-summary" },
    `${view.confirmed} of ${view.count} ${view.count === 1 ? "action" : "actions"} agreed`);
  const wrap = h("div", { class: "ap-board" }, summary, h("div", { class: "ap-fit" }, table));
  el.replaceChildren(wrap);
  fit(wrap.lastChild, actions.length);
  return { dense: actions.length > 8 };
}

// Shrink the table's type until it fits the board, never below what the back row can read;
// past that the plan pages (every action is shown in turn; a group with none on a page hides
// its heading).
function fit(box, n) {
  const over = () => overflows(box);  // too wide counts too: a cut "✓ Agreed" pill reads as "✓ Agree"
  fitSize((em) => box.style.setProperty("--ap-em", `${em.toFixed(3)}em`), over, n <= 4 ? 1.5 : n <= 10 ? 1.3 : 1.1);
  const heads = [...box.querySelectorAll("tbody")].map((body) => [body.querySelector(".ap-group-head"), [...body.querySelectorAll(".ap-row")]]);
  paginate([...box.querySelectorAll(".ap-row")], () => {
    for (const [head, rows] of heads) head.hidden = !rows.some((r) => !r.hidden);
    return over();
  }, box.parentNode);
}
