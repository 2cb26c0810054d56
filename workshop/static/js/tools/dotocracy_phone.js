// Dotocracy on a phone: your dots left always in view, each option with "+" and "−".
// A dot counts as placed only once the server confirmed it; until then it is drawn hollow.
import { h, reconcile } from "../dom.js";
import { SAVE_TEXT, freshRejection, pendingFor, plural, rankLabel } from "./rated_items.js";

const TYPES = ["dots.place", "dots.remove"];
const FILTER_FROM = 10;  // a long list gets a "find an option" box: 24 options are 8 screens at 320 px

function build(el) {
  const ui = { rows: new Map(), seen: new Set(), errors: new Map() };
  ui.leftEl = h("p", { class: "dots-left", testid: "dots-left", "aria-live": "polite" });
  ui.purse = h("p", { class: "dots-purse", "aria-hidden": "true" });
  ui.rule = h("p", { class: "dots-rule" });
  ui.head = h("div", { class: "dots-phone-head", testid: "dots-summary" }, ui.purse, ui.leftEl, ui.rule);
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Voting is closed for this activity");
  ui.shown = h("p", { class: "dots-phone-shown", testid: "dots-shown" });
  ui.list = h("ul", { class: "dots-list", testid: "dots-list" });
  ui.query = h("input", { type: "search", id: "dots-filter", class: "input dots-filter-input", testid: "dots-filter",
    autocomplete: "off", placeholder: "a word, or its number", "aria-describedby": "dots-filter-count" });
  ui.matches = h("p", { id: "dots-filter-count", class: "dots-filter-count", testid: "dots-filter-count", "aria-live": "polite" });
  ui.filter = h("div", { class: "dots-filter", role: "search" },
    h("label", { for: "dots-filter", class: "compose-label" }, "Find an option"), ui.query, ui.matches);
  ui.query.addEventListener("input", () => ui.rerender());
  el.replaceChildren(ui.head, ui.closed, ui.shown, ui.filter, ui.list);
  return ui;
}

function dotsRow(n, confirmed, pendingPlus, pendingMinus) {
  const dots = [];
  for (let k = 0; k < n; k++) {
    const state = k < confirmed - pendingMinus ? "mine" : k < confirmed ? "leaving" : "coming";
    dots.push(h("span", { class: `dot dot-${state}` }));
  }
  return dots;
}

// Writing the same value again still costs style work on a throttled phone: write only changes.
function setText(el, text) { if (el.textContent !== text) el.textContent = text; }
function setAttr(el, name, value) { if (el.getAttribute(name) !== value) el.setAttribute(name, value); }
function setProp(el, name, value) { if (el[name] !== value) el[name] = value; }

function row(ui, item, index) {
  const ctx = ui.ctx;
  let r = ui.rows.get(item.id);
  if (!r) {
    r = {};
    r.text = h("p", { class: "dots-item-text" });
    r.dots = h("span", { class: "dots-mine", "aria-hidden": "true" });
    r.count = h("span", { class: "dots-mine-count", testid: "my-dots" });
    r.status = h("span", { class: "save", "aria-live": "polite", testid: "save-status" });
    r.result = h("p", { class: "dots-item-result", testid: "dots-item-result" });
    r.minus = h("button", { type: "button", class: "btn dots-btn dots-minus", testid: "dot-remove" }, "−");
    r.plus = h("button", { type: "button", class: "btn btn-primary dots-btn dots-plus", testid: "dot-place" }, "+ Dot");
    // A refused dot says why on its own option (the server's words), not "not saved".
    r.error = h("p", { class: "error", role: "alert", testid: "dots-error" });
    const tap = (type) => { ui.errors.delete(item.id); ui.ctx.send(type, { item: item.id }); };
    r.minus.addEventListener("click", () => tap("dots.remove"));
    r.plus.addEventListener("click", () => tap("dots.place"));
    r.el = h("li", { class: "dots-item", testid: "dots-item", dataset: { item: item.id } },
      r.text, r.result, r.error,
      h("div", { class: "dots-item-foot" },
        h("div", { class: "dots-item-mine" }, r.dots, r.count, r.status),
        h("div", { class: "dots-item-btns" }, r.minus, r.plus)));
    ui.rows.set(item.id, r);
  }
  const confirmed = ui.mine[item.id] || 0;
  const pend = pendingFor(ctx, item.id, TYPES);
  const plus = pend.filter((p) => p.type === "dots.place").length;
  const minus = pend.filter((p) => p.type === "dots.remove").length;
  const shownCount = Math.max(0, confirmed + plus - minus);
  setText(r.text, `${index + 1}. ${item.text}`);
  // The dots are drawn again only when they change (mine, leaving, coming).
  const dotsKey = `${confirmed}/${plus}/${minus}`;
  if (r.dotsKey !== dotsKey) {
    r.dotsKey = dotsKey;
    r.dots.replaceChildren(...dotsRow(Math.max(confirmed, shownCount), confirmed, plus, minus));
  }
  setText(r.count, shownCount ? `${plural(shownCount, "dot", "dots")} from you` : "");
  const late = pend.find((p) => p.status === "retrying");
  setText(r.status, pend.length ? SAVE_TEXT[late ? "retrying" : "saving"] : "");
  setProp(r.status, "className", `save save-${pend.length ? (late ? "retrying" : "saving") : "saved"}`);
  if (r.el.classList.contains("has-mine") !== shownCount > 0) r.el.classList.toggle("has-mine", shownCount > 0);
  setText(r.error, ui.errors.get(item.id) || "");
  setProp(r.error, "hidden", !r.error.textContent);
  setProp(r.result, "hidden", !ui.view.shown);
  if (ui.view.shown) setText(r.result, `${plural(item.votes, "dot", "dots")} in all · rank ${rankLabel(item)}`);
  const open = ui.open && !!ctx.private;
  setProp(r.minus, "disabled", !open || shownCount <= 0);
  setProp(r.plus, "disabled", !open || ui.left <= 0 || shownCount >= ui.view.per_item);
  setAttr(r.minus, "aria-label", `Take a dot back from option ${index + 1}`);
  setAttr(r.plus, "aria-label", `Place a dot on option ${index + 1}: ${item.text}`);
  return r.el;
}

export function phone(el, activity, ctx) {
  const ui = el.__dotsPhone || (el.__dotsPhone = build(el));
  const view = activity.view || {};
  const items = view.items || [];
  ui.ctx = ctx;
  ui.rerender = () => phone(el, activity, ui.ctx);
  ui.view = view;
  ui.open = !!activity.open;
  ui.mine = (ctx.private && ctx.private.dots) || {};
  const pending = ctx.pending.filter((p) => TYPES.includes(p.type));
  const refused = freshRejection(ctx, TYPES, ui.seen);
  if (refused && refused.entry.activity === activity.id) ui.errors.set(refused.entry.payload.item, refused.message);
  const net = pending.reduce((n, p) => n + (p.type === "dots.place" ? 1 : -1), 0);
  const placed = Object.values(ui.mine).reduce((a, b) => a + b, 0);
  const budget = view.dots_per_person || 0;
  ui.left = Math.max(0, budget - placed - net);

  if (ui.purseKey !== `${budget}/${ui.left}`) {
    ui.purseKey = `${budget}/${ui.left}`;
    ui.purse.replaceChildren(...Array.from({ length: budget }, (_, k) =>
      h("span", { class: `dot ${k < ui.left ? "dot-free" : "dot-used"}` })));
  }
  setText(ui.leftEl, ui.left === 0 && budget ? "All your dots are placed — tap − to move one"
    : `${plural(ui.left, "dot", "dots")} left of ${budget}`);
  setText(ui.rule, view.per_item >= budget ? "Put them anywhere, even all on one option."
    : view.per_item === 1 ? "One dot per option at most." : `At most ${view.per_item} on one option.`);
  setProp(ui.head, "hidden", !ui.open && !placed);
  setProp(ui.closed, "hidden", ui.open);
  setProp(ui.shown, "hidden", !view.shown);
  setText(ui.shown, view.shown ? `Results are showing: ${plural(view.voters, "person", "people")} voted.` : "");

  const alive = new Set(items.map((i) => i.id));
  for (const id of [...ui.rows.keys()]) if (!alive.has(id)) ui.rows.delete(id);
  const rows = items.map((item, i) => row(ui, item, i));
  const shown = filterRows(ui, items, rows);
  // The two notes are made once and kept, so an unchanged list is left exactly as it is.
  ui.noMatch ||= h("li", { class: "muted", testid: "dots-no-match" }, "No option matches. Try another word.");
  ui.noItems ||= h("li", { class: "muted" }, "The options will appear here.");
  reconcile(ui.list, items.length ? (shown ? rows : [...rows, ui.noMatch]) : [ui.noItems]);
}

// Only the options whose text (or number) has what was typed; returns how many are showing.
function filterRows(ui, items, rows) {
  setProp(ui.filter, "hidden", items.length < FILTER_FROM);
  const q = ui.filter.hidden ? "" : ui.query.value.trim().toLowerCase();
  let shown = 0;
  items.forEach((item, i) => {
    const hit = !q || String(i + 1) === q || item.text.toLowerCase().includes(q);
    setProp(rows[i], "hidden", !hit);
    if (hit) shown += 1;
  });
  setText(ui.matches, q ? `Showing ${shown} of ${items.length}` : "");
  return shown;
}
