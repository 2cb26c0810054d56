// The matrix on a phone: one item per screen, two rows of five big buttons, skip allowed.
import { h, button } from "../dom.js";
import { SAVE_TEXT } from "./saving.js";
import { LOW, HIGH } from "./prioritisation_matrix_plot.js";

const SCALE = Array.from({ length: HIGH - LOW + 1 }, (_, i) => LOW + i);

function build(el) {
  const ui = { index: 0, drafts: new Map(), seen: new Set() };
  ui.results = h("section", { class: "pm-phone-results", testid: "pm-phone-results" });
  ui.card = h("section", { class: "pm-phone-card", testid: "pm-phone-card" });
  el.replaceChildren(ui.results, ui.card);
  return ui;
}

function scale(axis, value, onPick, disabled) {
  const id = `pm-${axis.label.replace(/\W+/g, "-").toLowerCase()}`;
  return h("fieldset", { class: "pm-scale", testid: "pm-scale" },
    h("legend", { class: "pm-scale-label", id }, axis.label),
    h("div", { class: "pm-scale-buttons", role: "group", "aria-labelledby": id },
      SCALE.map((v) => h("button", {
        type: "button", class: "pm-pick", "aria-pressed": String(value === v), disabled,
        "aria-label": `${axis.label} ${v} of ${HIGH}${v === LOW ? ` (${axis.low})` : v === HIGH ? ` (${axis.high})` : ""}`,
        testid: "pm-pick", dataset: { value: String(v), focus: `${id}-${v}` }, onclick: () => onPick(v),
      }, String(v)))),
    h("p", { class: "pm-scale-ends", "aria-hidden": "true" }, h("span", null, `${LOW} ${axis.low}`), h("span", null, `${axis.high} ${HIGH}`)));
}

function results(view, items) {
  if (!view.results) return [];
  const text = new Map(items.map((i) => [i.id, i.text]));
  return [h("h2", { class: "list-head" }, "Where the group put them"),
    ...view.axes.quadrants.map((q) => {
      const rows = view.results.filter((r) => r.quadrant === q.key);
      if (!rows.length) return null;
      return h("section", { class: `pm-legend-group pm-q-${q.key}` }, h("h3", { class: "pm-legend-title" }, q.name),
        h("ol", { class: "pm-legend-list" }, rows.map((r) => h("li", { class: "pm-legend-item" },
          h("span", { class: "pm-num" }, String(r.number)),
          h("span", { class: "pm-legend-text" }, text.get(r.item),
            h("span", { class: "pm-phone-score" }, ` ${view.axes.y.label} ${r.y.toFixed(1)} · ${view.axes.x.label} ${r.x.toFixed(1)}`))))));
    })];
}

export function phone(el, activity, ctx) {
  const ui = el.__pmPhone || (el.__pmPhone = build(el));
  // A redraw after a send must use the context of the render that send caused (it holds the
  // new pending change), not this one's: else the change vanishes on screen until its ack.
  ui.ctx = ctx;
  const rerender = () => phone(el, activity, ui.ctx);
  const view = activity.view || {};
  const items = view.items || [];
  const axes = view.axes;
  const keep = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.focus : null;
  ui.results.replaceChildren(...results(view, items).filter(Boolean));
  ui.results.hidden = !view.results;
  // While rating is open the item comes first; afterwards the group's result does.
  const order = activity.open ? [ui.card, ui.results] : [ui.results, ui.card];
  if (el.firstChild !== order[0]) el.replaceChildren(...order);
  if (!items.length) {
    ui.card.replaceChildren(h("p", { class: "waiting waiting-small" }, "The items to rate will appear here."));
    return;
  }
  const confirmed = (ctx.private && ctx.private.ratings) || {};
  const pendingFor = (id) => ctx.pending.filter((p) => p.payload && p.payload.item === id).pop();
  const valueOf = (id) => {
    const p = pendingFor(id);
    if (p) return p.type === "matrix.clear" ? null : { x: p.payload.x, y: p.payload.y };
    return confirmed[id] || null;
  };
  const rated = items.filter((i) => valueOf(i.id)).length;
  const open = !!activity.open;
  for (const [id, r] of ctx.settled) {
    if (!r.ok && !ui.seen.has(id) && r.entry.type.startsWith("matrix.")) { ui.seen.add(id); ui.error = r.message; }
  }
  ui.index = Math.max(0, Math.min(ui.index, items.length));

  if (ui.index >= items.length) {  // the end: a summary and a way back to the gaps
    const firstGap = items.findIndex((i) => !valueOf(i.id));
    ui.card.replaceChildren(...[
      h("p", { class: "pm-done", testid: "pm-done" }, `You rated ${rated} of ${items.length}.`),
      firstGap >= 0 && open ? button(`Rate the ones you skipped`, () => { ui.index = firstGap; rerender(); },
        { class: "btn btn-primary btn-block" }) : null,
      h("div", { class: "pm-jump", role: "group", "aria-label": "Go to an item" }, items.map((i, n) => button(
        String(i.number), () => { ui.index = n; rerender(); },
        { class: `btn pm-jump-btn${valueOf(i.id) ? " is-rated" : ""}`, "aria-label": `Item ${i.number}${valueOf(i.id) ? ", rated" : ", not rated"}` })))].filter(Boolean));
    return;
  }

  const item = items[ui.index];
  const draft = ui.drafts.get(item.id) || {};
  const current = valueOf(item.id) || {};
  const x = draft.x ?? current.x ?? null;
  const y = draft.y ?? current.y ?? null;
  const choose = (key) => (v) => {
    ui.error = "";
    const next = { x, y, [key]: v };
    if (next.x && next.y) {
      ui.drafts.delete(item.id);
      if (next.x !== current.x || next.y !== current.y) ctx.send("matrix.rate", { item: item.id, x: next.x, y: next.y });
    } else {
      ui.drafts.set(item.id, next);
    }
    rerender();
  };
  const p = pendingFor(item.id);
  const status = p ? SAVE_TEXT[p.status] : (x && y && !ui.drafts.has(item.id)) ? SAVE_TEXT.saved
    : (x || y) ? `Now choose ${x ? axes.y.label.toLowerCase() : axes.x.label.toLowerCase()} too` : "Not rated yet";
  const last = ui.index === items.length - 1;
  ui.card.replaceChildren(...[
    h("p", { class: "pm-progress", testid: "pm-progress" }, h("strong", null, `${ui.index + 1} of ${items.length}`), ` · ${rated} rated`),
    h("p", { class: "pm-item-text", testid: "pm-item-text" }, h("span", { class: "pm-num" }, String(item.number)), " ", item.text),
    open ? null : h("p", { class: "waiting waiting-small" }, "Rating is closed."),
    scale(axes.y, y, choose("y"), !open),
    scale(axes.x, x, choose("x"), !open),
    h("p", { class: `pm-status${p ? ` save save-${p.status}` : x && y ? " save save-saved" : ""}`, testid: "save-status", "aria-live": "polite" }, status),
    ui.error ? h("p", { class: "error", role: "alert" }, ui.error) : null,
    h("div", { class: "pm-nav" },
      button("◂ Back", () => { ui.index -= 1; rerender(); }, { class: "btn btn-secondary", disabled: ui.index === 0, testid: "pm-back", dataset: { focus: "back" } }),
      button(last ? "Finish" : (x && y ? "Next ▸" : "Skip ▸"), () => { ui.index += 1; rerender(); },
        { class: "btn btn-primary", testid: "pm-next", dataset: { focus: "next" } })),
    open && current.x ? button("Clear my rating", () => { ui.drafts.delete(item.id); ctx.send("matrix.clear", { item: item.id }); rerender(); },
      { class: "btn btn-small btn-secondary pm-clear", testid: "pm-clear" }) : null].filter(Boolean));
  if (keep) {
    const again = el.querySelector(`[data-focus="${CSS.escape(keep)}"]`);
    if (again) again.focus();
  }
}
