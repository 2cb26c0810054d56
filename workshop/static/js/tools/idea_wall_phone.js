// The idea wall on a phone: one box, one big button, your ideas with their save state.
import { h, reconcile, button } from "../dom.js";
import { MAX_TEXT, SAVE_TEXT, freshRejection } from "./idea_wall_common.js";
import { wireCompose, refusedLine, noteRefusal, showRefusal } from "./saving.js";

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

function build(el, ctx) {
  const ui = { column: null, columnsSig: null, editing: null, seen: new Set(), cardErrors: new Map(), cache: textCache(ctx) };
  ui.picker = h("div", { class: "picker", role: "group", "aria-label": "Where does your idea go?", testid: "column-picker" });
  ui.input = h("textarea", { id: "idea-input", class: "idea-input", testid: "idea-input", rows: 3,
    maxlength: MAX_TEXT, placeholder: "Type your idea…", "aria-describedby": "idea-count idea-error" });
  ui.count = h("span", { id: "idea-count", class: "hint counter", "aria-live": "off" }, `0/${MAX_TEXT}`);
  ui.error = h("p", { id: "idea-error", class: "error", testid: "idea-error", "aria-live": "polite" });
  ui.submit = h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "idea-submit" }, "Add");
  // Type first, then choose the column right above the button: both within the thumb's reach.
  ui.pickerLabel = h("p", { class: "compose-label", id: "picker-label" }, "Where does it go?");
  ui.picker.setAttribute("aria-labelledby", "picker-label");
  ui.picker.removeAttribute("aria-label");
  ui.form = h("form", { class: "compose", testid: "compose" },
    h("label", { for: "idea-input", class: "compose-label" }, "Your idea"),
    ui.input, h("div", { class: "compose-foot" }, ui.count), ui.pickerLabel, ui.picker, ui.error, ui.submit);
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.refused = refusedLine();
  ui.mine = h("ul", { class: "idea-list mine", testid: "my-ideas" });
  ui.mineHead = h("h2", { class: "list-head" }, "Your ideas");
  ui.others = h("ul", { class: "idea-list others", testid: "other-ideas" });
  ui.othersHead = h("h2", { class: "list-head" });
  el.replaceChildren(ui.form, ui.closed, ui.refused, ui.mineHead, ui.mine, ui.othersHead, ui.others);

  wireCompose(ui, MAX_TEXT, "Type an idea first.", (text) => ui.ctx.send("idea.add", { text, column: ui.column }));
  return ui;
}

function renderPicker(ui, columns) {
  const sig = JSON.stringify(columns);
  if (sig === ui.columnsSig && !ui.pickerDirty) return;
  ui.columnsSig = sig;
  ui.pickerDirty = false;
  if (ui.column && !columns.some((c) => c.id === ui.column)) ui.column = null;
  const choices = columns.length ? [...columns, { id: null, title: "Not sure" }] : [];
  ui.picker.hidden = !choices.length;
  ui.pickerLabel.hidden = !choices.length;
  ui.picker.replaceChildren(...choices.map((c) => button(c.title, () => {
    ui.column = c.id;
    ui.pickerDirty = true;
    renderPicker(ui, columns);
  }, { class: "btn pick", "aria-pressed": String(ui.column === c.id), testid: "column-choice" })));
}

function statusLine(status) {
  return h("span", { class: `save save-${status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[status] || status);
}

// Your card may be off the wall: merged into a similar one, or hidden by the facilitator.
function wallNote(card, mergedInto) {
  if (!card.offWall) return null;
  return h("p", { class: "idea-note" }, mergedInto.has(card.id) ? "Merged with a similar idea on the wall" : "Not shown on the wall");
}

function mineItem(ui, card, pendingFor, mergedInto) {
  if (ui.editing && ui.editing.id === card.id) return ui.editing.li;
  const p = pendingFor(card.id);
  const text = p && p.type === "idea.edit" ? p.payload.text : card.text;
  const deleting = p && p.type === "idea.delete";
  const error = ui.cardErrors.get(card.id);
  const li = h("li", { class: "idea mine-idea", testid: "my-idea", dataset: { card: card.id } },
    h("p", { class: "idea-text" }, text),
    wallNote(card, mergedInto),
    error ? h("p", { class: "error", role: "alert" }, error) : null,
    h("div", { class: "idea-foot" },
      deleting ? h("span", { class: "save save-saving" }, "deleting…") : statusLine(p ? p.status : "saved"),
      ui.ctx.private && ui.open && !deleting ? h("span", { class: "idea-actions" },
        button("Edit", () => startEdit(ui, card.id, text), { class: "btn btn-small btn-secondary", testid: "idea-edit" }),
        button("Delete", () => {
          if (confirm("Delete this idea?")) ui.ctx.send("idea.delete", { card: card.id });
        }, { class: "btn btn-small btn-danger", testid: "idea-delete" })) : null));
  return li;
}

function startEdit(ui, id, text) {
  ui.cardErrors.delete(id);
  const area = h("textarea", { class: "idea-input", maxlength: MAX_TEXT, rows: 3, "aria-label": "Edit your idea", testid: "idea-edit-input" });
  area.value = text;
  const error = h("p", { class: "error", "aria-live": "polite" });
  const done = () => { ui.editing = null; ui.rerender(); };
  const li = h("li", { class: "idea mine-idea editing", dataset: { card: id } },
    h("form", { class: "edit-form", onsubmit: (ev) => {
      ev.preventDefault();
      const t = area.value.trim();
      if (!t) { error.textContent = "An idea cannot be empty."; return; }
      if (t !== text) ui.ctx.send("idea.edit", { card: id, text: t });
      done();
    } }, area, error, h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary", testid: "idea-save" }, "Save"),
      button("Cancel", done, { class: "btn btn-secondary" }))));
  ui.editing = { id, li, error };
  ui.rerender();
  area.focus();
}

export function phone(el, activity, ctx) {
  const ui = el.__ideaPhone || (el.__ideaPhone = build(el, ctx));
  ui.ctx = ctx;
  ui.open = !!activity.open;
  ui.rerender = () => phone(el, activity, ui.ctx);
  const view = activity.view || {};
  const cards = (view.cards || []).filter((c) => !c.hidden);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const mergedInto = new Set(cards.flatMap((c) => c.merged || []));
  const mine = (ctx.private && ctx.private.mine) || [];

  for (const r of ctx.settled.values()) {
    if (r.ok && r.entry.type === "idea.add" && r.after && r.entry.activity === activity.id) {
      const before = new Set((r.before && r.before.mine) || []);
      for (const id of r.after.mine || []) if (!before.has(id)) ui.cache.set(id, r.entry.payload.text);
    }
  }
  for (const id of mine) if (byId.has(id)) ui.cache.set(id, byId.get(id).text);

  const rejected = freshRejection(ctx, ["idea.add", "idea.edit", "idea.delete"], ui.seen);
  if (rejected && rejected.entry.type === "idea.add") {
    ui.error.textContent = rejected.message;
    if (!ui.input.value) ui.input.value = rejected.entry.payload.text;
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected) {
    ui.cardErrors.set(rejected.entry.payload.card, rejected.message);
  }

  ui.form.hidden = !ui.open;
  ui.closed.hidden = ui.open;
  showRefusal(ui.refused, ui.open);
  if (ui.open) renderPicker(ui, view.columns || []);

  const pendingFor = (id) => ctx.pending.filter((p) => p.payload && p.payload.card === id).pop();
  const items = mine
    .map((id) => byId.get(id) || (ui.cache.get(id) != null ? { id, text: ui.cache.get(id), offWall: true } : null))
    .filter(Boolean)
    .map((card) => mineItem(ui, card, pendingFor, mergedInto));
  for (const p of ctx.pending.filter((x) => x.type === "idea.add")) {
    items.push(h("li", { class: "idea mine-idea is-pending", testid: "my-idea" },
      h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, statusLine(p.status))));
  }
  reconcile(ui.mine, items);
  ui.mineHead.hidden = !items.length;

  const mineSet = new Set(mine);
  const others = cards.filter((c) => !mineSet.has(c.id));
  ui.othersHead.textContent = `Other ideas (${others.length})`;
  ui.othersHead.hidden = !others.length;
  ui.others.replaceChildren(...others.map((c) => h("li", { class: "idea", testid: "card" },
    h("p", { class: "idea-text" }, c.text),
    c.author ? h("p", { class: "idea-author" }, c.author) : null)));
}
