// The SWOT analysis on a phone: choose a quadrant, type, add; your cards with their save state.
import { h, reconcile, button } from "../dom.js";
import { HINTS, MAX_TEXT, SAVE_TEXT, freshRejection, quadrantBadge } from "./swot_common.js";
import { wireCompose, refusedLine, noteRefusal, showRefusal } from "./saving.js";
import { textCache } from "./idea_wall_phone.js";

const TYPES = ["swot.add", "swot.edit", "swot.delete"];

function build(el, ctx) {
  const ui = { quadrant: null, editing: null, seen: new Set(), cardErrors: new Map(), cache: textCache(ctx) };
  ui.picker = h("div", { class: "swot-picker", role: "group", "aria-labelledby": "swot-picker-label", testid: "quadrant-picker" });
  ui.input = h("textarea", { id: "swot-input", class: "idea-input", testid: "card-input", rows: 3,
    maxlength: MAX_TEXT, placeholder: "Type one point…", "aria-describedby": "swot-count swot-error" });
  ui.count = h("span", { id: "swot-count", class: "hint counter", "aria-live": "off" }, `0/${MAX_TEXT}`);
  ui.error = h("p", { id: "swot-error", class: "error", testid: "card-error", "aria-live": "polite" });
  ui.submit = h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "card-submit" }, "Add");
  // As on the idea wall: type first, then choose the quadrant right above the button, both
  // within the thumb's reach.
  ui.form = h("form", { class: "compose", testid: "compose" },
    h("label", { for: "swot-input", class: "compose-label" }, "Your point"),
    ui.input, h("div", { class: "compose-foot" }, ui.count),
    h("p", { class: "compose-label", id: "swot-picker-label" }, "Where does it go?"), ui.picker, ui.error, ui.submit);
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.refused = refusedLine();
  ui.mineHead = h("h2", { class: "list-head" }, "Your cards");
  ui.mine = h("ul", { class: "idea-list mine", testid: "my-cards" });
  ui.othersHead = h("h2", { class: "list-head" });
  ui.others = h("ul", { class: "idea-list others", testid: "other-cards" });
  el.replaceChildren(ui.form, ui.closed, ui.refused, ui.mineHead, ui.mine, ui.othersHead, ui.others);

  wireCompose(ui, MAX_TEXT, "Type a point first.", (text) => ui.ctx.send("swot.add", { text, quadrant: ui.quadrant }));
  // The quadrant is chosen first: sending without one would only be refused.
  ui.form.addEventListener("submit", (ev) => {
    if (ui.quadrant) return;
    ev.stopImmediatePropagation();
    ev.preventDefault();
    ui.error.textContent = "Choose a quadrant first.";
    ui.picker.querySelector("button")?.focus();
  }, { capture: true });
  return ui;
}

function renderPicker(ui, view) {
  const sig = JSON.stringify([view.quadrants, ui.quadrant]);
  if (sig === ui.pickerSig) return;
  ui.pickerSig = sig;
  ui.picker.replaceChildren(...(view.quadrants || []).map((q) => button(
    [h("span", { class: "swot-pick-name" }, q.title), h("small", null, HINTS[q.id] || "")],
    () => { ui.quadrant = q.id; ui.error.textContent = ""; renderPicker(ui, view); },
    { class: `btn swot-pick swot-${q.id}`, "aria-pressed": String(ui.quadrant === q.id), testid: "quadrant-choice",
      dataset: { quadrant: q.id } })));
}

function statusLine(status) {
  return h("span", { class: `save save-${status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[status] || status);
}

function mineItem(ui, view, card, pendingFor, mergedInto) {
  if (ui.editing && ui.editing.id === card.id) return ui.editing.li;
  const p = pendingFor(card.id);
  const text = p && p.type === "swot.edit" ? p.payload.text : card.text;
  const deleting = p && p.type === "swot.delete";
  const error = ui.cardErrors.get(card.id);
  const note = card.offWall ? (mergedInto.has(card.id) ? "Merged with a similar card" : "Not shown on the board") : null;
  return h("li", { class: "idea mine-idea", testid: "my-card", dataset: { card: card.id } },
    card.quadrant ? quadrantBadge(view, card.quadrant) : null,
    h("p", { class: "idea-text" }, text),
    note ? h("p", { class: "idea-note" }, note) : null,
    error ? h("p", { class: "error", role: "alert" }, error) : null,
    h("div", { class: "idea-foot" },
      deleting ? h("span", { class: "save save-saving" }, "deleting…") : statusLine(p ? p.status : "saved"),
      ui.open && !deleting && !card.offWall ? h("span", { class: "idea-actions" },
        button("Edit", () => startEdit(ui, card.id, text), { class: "btn btn-small btn-secondary", testid: "card-edit" }),
        button("Delete", () => {
          if (confirm("Delete this card?")) ui.ctx.send("swot.delete", { card: card.id });
        }, { class: "btn btn-small btn-danger", testid: "card-delete" })) : null));
}

function startEdit(ui, id, text) {
  ui.cardErrors.delete(id);
  const area = h("textarea", { class: "idea-input", maxlength: MAX_TEXT, rows: 3, "aria-label": "Edit your card", testid: "card-edit-input" });
  area.value = text;
  const error = h("p", { class: "error", "aria-live": "polite" });
  const done = () => { ui.editing = null; ui.rerender(); };
  const li = h("li", { class: "idea mine-idea editing", dataset: { card: id } },
    h("form", { class: "edit-form", onsubmit: (ev) => {
      ev.preventDefault();
      const t = area.value.trim();
      if (!t) { error.textContent = "A card can't be empty."; return; }
      if (t !== text) ui.ctx.send("swot.edit", { card: id, text: t });
      done();
    } }, area, error, h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary", testid: "card-save" }, "Save"),
      button("Cancel", done, { class: "btn btn-secondary" }))));
  ui.editing = { id, li };
  ui.rerender();
  area.focus();
}

export function phone(el, activity, ctx) {
  const ui = el.__swotPhone || (el.__swotPhone = build(el, ctx));
  ui.ctx = ctx;
  ui.open = !!activity.open;
  ui.rerender = () => phone(el, activity, ui.ctx);
  const view = activity.view || {};
  const cards = (view.cards || []).filter((c) => !c.hidden);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const mergedInto = new Set(cards.flatMap((c) => c.merged || []));
  const mine = (ctx.private && ctx.private.mine) || [];

  // Remember your own texts: a card merged or hidden leaves the view but is still yours.
  for (const r of ctx.settled.values()) {
    if (r.ok && r.entry.type === "swot.add" && r.after && r.entry.activity === activity.id) {
      const before = new Set((r.before && r.before.mine) || []);
      for (const id of r.after.mine || []) if (!before.has(id)) ui.cache.set(id, r.entry.payload.text);
    }
  }
  for (const id of mine) if (byId.has(id)) ui.cache.set(id, byId.get(id).text);

  const rejected = freshRejection(ctx, TYPES, ui.seen);
  if (rejected && rejected.entry.type === "swot.add") {
    ui.error.textContent = rejected.message;
    if (!ui.input.value) ui.input.value = rejected.entry.payload.text;
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected) {
    ui.cardErrors.set(rejected.entry.payload.card, rejected.message);
  }

  ui.form.hidden = !ui.open;
  ui.closed.hidden = ui.open;
  showRefusal(ui.refused, ui.open);
  if (ui.open) renderPicker(ui, view);

  const pendingFor = (id) => ctx.pending.filter((p) => p.payload && p.payload.card === id).pop();
  const items = mine
    .map((id) => byId.get(id) || (ui.cache.get(id) != null ? { id, text: ui.cache.get(id), offWall: true } : null))
    .filter(Boolean)
    .map((card) => mineItem(ui, view, card, pendingFor, mergedInto));
  for (const p of ctx.pending.filter((x) => x.type === "swot.add")) {
    items.push(h("li", { class: "idea mine-idea is-pending", testid: "my-card" },
      quadrantBadge(view, p.payload.quadrant),
      h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, statusLine(p.status))));
  }
  reconcile(ui.mine, items);
  ui.mineHead.hidden = !items.length;

  const mineSet = new Set(mine);
  const others = cards.filter((c) => !mineSet.has(c.id));
  ui.othersHead.textContent = `Everyone else's (${others.length})`;
  ui.othersHead.hidden = !others.length;
  ui.others.replaceChildren(...others.map((c) => h("li", { class: "idea", testid: "card" },
    quadrantBadge(view, c.quadrant),
    h("p", { class: "idea-text" }, c.text),
    c.author ? h("p", { class: "idea-author" }, c.author) : null)));
}
