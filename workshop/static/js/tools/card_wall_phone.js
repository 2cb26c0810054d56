// What the idea wall's and the SWOT analysis's phones share: your own cards with their save
// state (edit, delete, off-the-wall notes), the refusal of an add, and everyone else's cards.
// A `wall` says what differs: { prefix: "idea" | "swot", noun: "idea" | "card" (messages and
// test ids), maxText, badge(card, view): what goes before the text or null, notes: { merged,
// hidden }, emptyText, canChange(ui, card), othersHead(n), renderPicker(ui, view) }.
import { h, reconcile, button } from "../dom.js";
import { SAVE_TEXT, freshRejection } from "./idea_wall_common.js";
import { noteRefusal, showRefusal, ownEditForm } from "./saving.js";

// The texts of your own cards, remembered locally so an unrevealed wall (whose view may not
// carry them) and the gap between an ack and the next state still show what you wrote.
export function textCache(ctx) {
  const p = ctx.boot.participant;
  const key = `workshop.mine.v1:${ctx.boot.workshop}:${p ? p.id : "anon"}`;
  let data = {};
  try { data = JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch { /* private mode */ }
  return {
    get: (id) => data[id],
    set(id, text) {
      if (data[id] === text) return;
      data[id] = text;
      try { localStorage.setItem(key, JSON.stringify(data)); } catch { /* private mode */ }
    },
  };
}

function statusLine(status) {
  return h("span", { class: `save save-${status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[status] || status);
}

// Your card may be off the wall: merged into a similar one, or hidden by the facilitator.
function wallNote(card, mergedInto, wall) {
  if (!card.offWall) return null;
  return h("p", { class: "idea-note" }, mergedInto.has(card.id) ? wall.notes.merged : wall.notes.hidden);
}

function mineItem(ui, view, card, pendingFor, mergedInto, wall) {
  if (ui.editing && ui.editing.id === card.id) return ui.editing.li;
  const p = pendingFor(card.id);
  const text = p && p.type === `${wall.prefix}.edit` ? p.payload.text : card.text;
  const deleting = p && p.type === `${wall.prefix}.delete`;
  const error = ui.cardErrors.get(card.id);
  return h("li", { class: "idea mine-idea", testid: `my-${wall.noun}`, dataset: { card: card.id } },
    wall.badge(card, view),
    h("p", { class: "idea-text" }, text),
    wallNote(card, mergedInto, wall),
    error ? h("p", { class: "error", role: "alert" }, error) : null,
    h("div", { class: "idea-foot" },
      deleting ? h("span", { class: "save save-saving" }, "deleting…") : statusLine(p ? p.status : "saved"),
      wall.canChange(ui, card) && !deleting ? h("span", { class: "idea-actions" },
        button("Edit", () => startEdit(ui, card.id, text, wall), { class: "btn btn-small btn-secondary", testid: `${wall.noun}-edit` }),
        button("Delete", () => {
          if (confirm(`Delete this ${wall.noun}?`)) ui.ctx.send(`${wall.prefix}.delete`, { card: card.id });
        }, { class: "btn btn-small btn-danger", testid: `${wall.noun}-delete` })) : null));
}

function startEdit(ui, id, text, wall) {
  ui.cardErrors.delete(id);
  const { form, area } = ownEditForm(ui, { text, max: wall.maxText, label: `Edit your ${wall.noun}`, testid: wall.noun,
    emptyText: wall.emptyText, save: (t) => ui.ctx.send(`${wall.prefix}.edit`, { card: id, text: t }) });
  ui.editing = { id, li: h("li", { class: "idea mine-idea editing", dataset: { card: id } }, form) };
  ui.rerender();
  area.focus();
}

// One render of a phone built by the tool (ui.form, input, error, refused, picker, mine, others…).
export function renderPhone(ui, activity, ctx, wall) {
  const add = `${wall.prefix}.add`;
  const view = activity.view || {};
  const cards = (view.cards || []).filter((c) => !c.hidden);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const mergedInto = new Set(cards.flatMap((c) => c.merged || []));
  const mine = (ctx.private && ctx.private.mine) || [];

  // Remember your own texts: a card merged or hidden leaves the view but is still yours.
  for (const r of ctx.settled.values()) {
    if (r.ok && r.entry.type === add && r.after && r.entry.activity === activity.id) {
      const before = new Set((r.before && r.before.mine) || []);
      for (const id of r.after.mine || []) if (!before.has(id)) ui.cache.set(id, r.entry.payload.text);
    }
  }
  for (const id of mine) if (byId.has(id)) ui.cache.set(id, byId.get(id).text);

  const rejected = freshRejection(ctx, [add, `${wall.prefix}.edit`, `${wall.prefix}.delete`], ui.seen);
  if (rejected && rejected.entry.type === add) {
    ui.error.textContent = rejected.message;
    if (!ui.input.value) ui.input.value = rejected.entry.payload.text;
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected) {
    ui.cardErrors.set(rejected.entry.payload.card, rejected.message);
  }

  ui.form.hidden = !ui.open;
  ui.closed.hidden = ui.open;
  showRefusal(ui.refused, ui.open);
  if (ui.open) wall.renderPicker(ui, view);

  const pendingFor = (id) => ctx.pending.filter((p) => p.payload && p.payload.card === id).pop();
  const items = mine
    .map((id) => byId.get(id) || (ui.cache.get(id) != null ? { id, text: ui.cache.get(id), offWall: true } : null))
    .filter(Boolean)
    .map((card) => mineItem(ui, view, card, pendingFor, mergedInto, wall));
  for (const p of ctx.pending.filter((x) => x.type === add)) {
    items.push(h("li", { class: "idea mine-idea is-pending", testid: `my-${wall.noun}` },
      wall.badge(p.payload, view),
      h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, statusLine(p.status))));
  }
  reconcile(ui.mine, items);
  ui.mineHead.hidden = !items.length;

  const mineSet = new Set(mine);
  const others = cards.filter((c) => !mineSet.has(c.id));
  ui.othersHead.textContent = wall.othersHead(others.length);
  ui.othersHead.hidden = !others.length;
  ui.others.replaceChildren(...others.map((c) => h("li", { class: "idea", testid: "card" },
    wall.badge(c, view),
    h("p", { class: "idea-text" }, c.text),
    c.author ? h("p", { class: "idea-author" }, c.author) : null)));
}
