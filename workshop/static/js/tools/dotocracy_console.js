// Dotocracy as the facilitator runs it: settings, options (typed or brought in), and the live
// ranking, which the facilitator always sees (the room sees it after Reveal, or live).
import { h, reconcile } from "../dom.js";
import { limit } from "../limits.js";
import { itemTools, itemActions, editForm, sourceNote, plural, rankLabel, rankedItems } from "./rated_items.js";
import { tableSwitches, byTableNote } from "./tables.js";

const MAX_TEXT = limit("dotocracy.text");

function numberSelect(id, label, testid) {
  const select = h("select", { class: "select", id, testid });
  return { select, el: h("span", { class: "inline-form" }, h("label", { for: id }, label), select) };
}

function setOptions(select, high, value) {
  const sig = `${high}:${value}`;
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  select.replaceChildren(...Array.from({ length: high }, (_, k) => h("option", { value: k + 1, selected: k + 1 === value }, String(k + 1))));
  select.value = String(value);
}

function build(el) {
  const ui = { noun: "option", editing: null, rows: new Map(), peek: true };
  ui.tools = itemTools("dots.", { noun: "option", max: MAX_TEXT, placeholder: "Add an option to vote on…" });
  ui.budget = numberSelect("dots-budget", "Dots each", "dots-budget");
  ui.cap = numberSelect("dots-cap", "Most on one", "dots-cap");
  ui.budget.select.addEventListener("change", () => ui.ctx.send("dots.settings", { dots: Number(ui.budget.select.value) }));
  ui.cap.select.addEventListener("change", () => ui.ctx.send("dots.settings", { per_item: Number(ui.cap.select.value) }));
  ui.live = h("input", { type: "checkbox", id: "dots-live", testid: "dots-live" });
  ui.live.addEventListener("change", () => ui.ctx.send("dots.settings", { live: ui.live.checked }));
  ui.peekBox = h("input", { type: "checkbox", id: "dots-peek", checked: true, testid: "dots-peek" });
  ui.peekBox.addEventListener("change", () => { ui.peek = ui.peekBox.checked; ui.rerender(); });
  ui.summary = h("p", { class: "dots-console-summary", testid: "dots-summary", "aria-live": "polite" });
  ui.list = h("ol", { class: "dots-console-list", testid: "dots-console-list" });
  ui.tables = tableSwitches("dots.", "dots");
  ui.byTable = h("div", { class: "by-table-console" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, ui.budget.el, ui.cap.el,
      h("label", { class: "check", for: "dots-live", title: "Show the counts on the board and phones while people vote" }, ui.live, " Results live"),
      h("label", { class: "check", for: "dots-peek", title: "Untick if this screen is on the projector" }, ui.peekBox, " Counts on this screen"),
      ui.tables.el),
    h("div", { class: "tool-bar" }, ...ui.tools.el),
    ui.summary, ui.byTable, ui.list);
  return ui;
}

function row(ui, item, max) {
  if (ui.editing === item.id) {
    ui.editEl ||= h("li", { class: "dots-console-row is-editing", dataset: { item: item.id } }, editForm(ui, item, "dots.", MAX_TEXT));
    return ui.editEl;
  }
  const show = ui.peek;
  return h("li", { class: `dots-console-row${item.tied ? " is-tied" : ""}`, testid: "dots-console-row", dataset: { item: item.id } },
    h("span", { class: "dots-rank" }, show ? rankLabel(item) : "·"),
    h("span", { class: "dots-console-text" }, item.text, sourceNote(ui.ctx, item)),
    h("span", { class: "dots-console-bar", "aria-hidden": "true" },
      show ? h("span", { class: "dots-bar", style: `width:${(100 * item.votes) / max}%` }) : null),
    h("span", { class: "dots-console-count", testid: "dots-console-count" }, show ? String(item.votes) : "–"),
    itemActions(ui, item, "dots.", { max: MAX_TEXT, canRemove: item.votes === 0, removeTitle: "It has dots on it, so it stays" }));
}

export function facilitator(el, activity, ctx) {
  const ui = el.__dotsConsole || (el.__dotsConsole = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.tools.update(activity, ctx);
  setOptions(ui.budget.select, limit("dotocracy.budget"), view.dots_per_person);
  setOptions(ui.cap.select, view.dots_per_person, view.per_item);
  ui.live.checked = !!view.live;
  ui.tables.update(view, ctx);
  ui.byTable.replaceChildren(...[ui.peek ? byTableNote(view) : null].filter(Boolean));

  const items = view.items || [];
  if (ui.editing && !items.some((i) => i.id === ui.editing)) { ui.editing = null; ui.editEl = null; }
  const room = view.shown ? (view.live && !activity.revealed ? "The room sees the counts live." : "The room sees the results.")
    : "The room sees only how many have voted — press Reveal to show the results.";
  ui.summary.textContent = `${plural(items.length, "option", "options")} · ${plural(view.people_voted ?? view.voters ?? 0, "person", "people")} voted · `
    + `${plural(view.dots_placed || 0, "dot", "dots")} placed. ${room}`;
  const max = Math.max(1, ...items.map((i) => i.votes || 0));
  const ordered = ui.peek ? rankedItems(items) : items;
  reconcile(ui.list, items.length ? ordered.map((item) => row(ui, item, max))
    : [h("li", { class: "muted" }, "No options yet: type them above, or bring in the ideas of an earlier activity.")]);
}
