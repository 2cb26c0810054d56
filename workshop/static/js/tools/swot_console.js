// The SWOT analysis as the facilitator runs it: the four quadrants with every card (hidden ones
// marked), and per card edit, hide, merge, move to another quadrant and delete.
import { h, reconcile, button, truncate } from "../dom.js";
import { MAX_TEXT, SAVE_TEXT, cardMeta, quadrantsOf } from "./swot_common.js";

function quadrantSelect(view, value, props) {
  return h("select", { class: "select", ...props },
    (view.quadrants || []).map((q) => h("option", { value: q.id, selected: q.id === value }, q.title)));
}

function build(el) {
  const ui = { mode: null, cardsById: new Map() };
  ui.addInput = h("input", { id: "swot-fac-add", class: "input", maxlength: MAX_TEXT, placeholder: "Add a card as facilitator…", testid: "fac-card-input" });
  ui.addQuadrant = h("select", { class: "select", "aria-label": "Quadrant for the new card", testid: "fac-card-quadrant" });
  const addForm = h("form", { class: "inline-form", testid: "fac-add" },
    h("label", { for: "swot-fac-add", class: "visually-hidden" }, "Add a card"), ui.addInput, ui.addQuadrant,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fac-card-submit" }, "Add card"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addInput.value.trim();
    if (!text) { ui.addInput.focus(); return; }
    ui.ctx.send("swot.add", { text, quadrant: ui.addQuadrant.value });
    ui.addInput.value = "";
  });

  ui.anon = h("input", { type: "checkbox", id: "swot-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("swot.settings", { anonymous: ui.anon.checked }));

  ui.importFrom = h("select", { class: "select", id: "swot-import", testid: "import-from" });
  ui.importInto = h("select", { class: "select", "aria-label": "Into which quadrant", testid: "import-quadrant" });
  const importBtn = button("Bring cards", () => {
    const from = ui.importFrom.value === "key_messages" ? "key_messages" : Number(ui.importFrom.value);
    if (!from) { ui.importFrom.focus(); return; }
    ui.ctx.send("activity.import", { from, quadrant: ui.importInto.value });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });

  ui.summary = h("p", { class: "muted wall-summary", testid: "card-count" });
  ui.grid = h("div", { class: "swot-fgrid", testid: "wall" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, addForm,
      h("label", { class: "check", for: "swot-anon" }, ui.anon, " Anonymous"),
      h("span", { class: "inline-form" }, h("label", { for: "swot-import" }, "From"), ui.importFrom,
        h("span", null, "into"), ui.importInto, importBtn)),
    ui.summary, ui.grid);
  return ui;
}

function fillQuadrants(select, view) {
  const sig = JSON.stringify(view.quadrants || []);
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  const keep = select.value;
  select.replaceChildren(...(view.quadrants || []).map((q) => h("option", { value: q.id, selected: q.id === keep }, q.title)));
}

function cardEl(ui, card) {
  if (ui.mode && ui.mode.id === card.id) return ui.mode.el;
  const ctx = ui.ctx;
  const p = ctx.pending.filter((x) => x.payload && x.payload.card === card.id).pop();
  const move = quadrantSelect(ui.view, card.quadrant, { "aria-label": "Move to quadrant", testid: "card-move", class: "select select-small" });
  move.addEventListener("change", () => ctx.send("swot.move", { card: card.id, quadrant: move.value }));
  const source = card.source && ui.titles.get(card.source.activity);
  return h("article", { class: `card fcard${card.hidden ? " is-hidden" : ""}`, testid: "card", dataset: { card: card.id } },
    h("p", { class: "card-text" }, card.text),
    h("div", { class: "card-meta" },
      card.hidden ? h("span", { class: "badge badge-hidden", testid: "card-hidden" }, "Hidden") : null,
      cardMeta(card),
      source ? h("span", { class: "card-source", title: "Brought from an earlier activity" }, `from “${truncate(source, 30)}”`) : null,
      p ? h("span", { class: `save save-${p.status}`, "aria-live": "polite" }, SAVE_TEXT[p.status]) : null),
    h("div", { class: "card-actions" },
      button("Edit", () => editMode(ui, card), { class: "btn btn-small btn-secondary", testid: "card-edit" }),
      button(card.hidden ? "Unhide" : "Hide", () => ctx.send(card.hidden ? "swot.unhide" : "swot.hide", { card: card.id }),
        { class: "btn btn-small btn-secondary", testid: card.hidden ? "card-unhide" : "card-hide" }),
      button("Merge…", () => mergeMode(ui, card), { class: "btn btn-small btn-secondary", testid: "card-merge" }),
      move,
      button("Delete", () => {
        if (confirm(`Delete this card?\n\n${truncate(card.text, 120)}`)) ctx.send("swot.delete", { card: card.id });
      }, { class: "btn btn-small btn-danger", testid: "card-delete" })));
}

// Edit and merge swap the card for a small form until Save or Cancel.
function modeCard(ui, card, body, onSubmit) {
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => { ev.preventDefault(); if (onSubmit() !== false) done(); } },
    body, h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "mode-save" }, "Save"),
      button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  ui.mode = { id: card.id, el: h("article", { class: "card fcard is-editing", testid: "card", dataset: { card: card.id } }, form) };
  ui.rerender();
  form.querySelector("textarea, select").focus();
}

function editMode(ui, card) {
  const area = h("textarea", { class: "input", rows: 3, maxlength: MAX_TEXT, "aria-label": "Card text", testid: "card-edit-input" });
  area.value = card.text;
  modeCard(ui, card, area, () => {
    const text = area.value.trim();
    if (!text) return false;
    if (text !== card.text) ui.ctx.send("swot.edit", { card: card.id, text });
  });
}

function mergeMode(ui, card) {
  // Similar cards are usually in the same quadrant: offer those first.
  const others = [...ui.cardsById.values()].filter((c) => c.id !== card.id)
    .sort((a, b) => (a.quadrant !== card.quadrant) - (b.quadrant !== card.quadrant));
  const title = (id) => (ui.view.quadrants || []).find((q) => q.id === id)?.title || "";
  const select = h("select", { class: "select", "aria-label": "Merge into which card?", testid: "merge-into" },
    others.map((c) => h("option", { value: c.id }, `${title(c.quadrant)}: ${truncate(c.text, 60)}`)));
  modeCard(ui, card, [h("p", { class: "card-text" }, `Merge “${truncate(card.text, 60)}” into:`), select], () => {
    if (select.value) ui.ctx.send("swot.merge", { card: card.id, into: select.value });
  });
}

export function facilitator(el, activity, ctx) {
  const ui = el.__swotConsole || (el.__swotConsole = build(el));
  const view = activity.view || {};
  const cards = view.cards || [];
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.cardsById = new Map(cards.map((c) => [c.id, c]));
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  if (ui.mode && !ui.cardsById.has(ui.mode.id)) ui.mode = null;

  ui.anon.checked = !!view.anonymous;
  fillQuadrants(ui.addQuadrant, view);
  fillQuadrants(ui.importInto, view);
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const keyMessages = ctx.boot && ctx.boot.key_messages;
  const sig = JSON.stringify([keyMessages, sources.map((a) => [a.id, a.title])]);
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      keyMessages ? h("option", { value: "key_messages" }, `The review's key messages (${keyMessages})`) : null,
      ...sources.map((a) => h("option", { value: a.id }, truncate(a.title, 40))));
  }

  const hidden = cards.filter((c) => c.hidden).length;
  ui.summary.textContent = `${cards.length} ${cards.length === 1 ? "card" : "cards"}` + (hidden ? ` · ${hidden} hidden` : "");
  // Quadrant boxes are reused, not rebuilt, so focus survives state pushes.
  ui.quads ||= new Map();
  reconcile(ui.grid, quadrantsOf(view, cards).map((q) => {
    let quad = ui.quads.get(q.id);
    if (!quad) {
      quad = { title: h("h3"), list: h("div", { class: "swot-fcards" }) };
      quad.el = h("section", { class: `swot-fquad swot-${q.id}`, testid: "quadrant", dataset: { quadrant: q.id } }, quad.title, quad.list);
      ui.quads.set(q.id, quad);
    }
    quad.title.textContent = `${q.title} (${q.cards.length})`;
    reconcile(quad.list, q.cards.length ? q.cards.map((c) => cardEl(ui, c)) : [h("p", { class: "muted" }, "No cards yet.")]);
    return quad.el;
  }));
}
