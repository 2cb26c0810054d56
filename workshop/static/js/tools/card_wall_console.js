// What the idea wall's and the SWOT analysis's consoles share: a card with its edit, hide, merge,
// move and delete controls, the edit and merge forms, and the toolbar's state. A `wall` says
// what differs: { prefix: "idea" | "swot", maxText, move(card): the select that moves it or
// null, mergeLabel(card), sameGroup(a, b) (offered first when merging), saveTestid }.
import { h, button, truncate } from "../dom.js";
import { SAVE_TEXT, cardMeta } from "./idea_wall_common.js";

export function wallCard(ui, card, wall) {
  if (ui.mode && ui.mode.id === card.id) return ui.mode.el;
  const ctx = ui.ctx;
  const p = ctx.pending.filter((x) => x.payload && x.payload.card === card.id).pop();
  const source = card.source && ui.titles.get(card.source.activity);
  return h("article", { class: `card fcard${card.hidden ? " is-hidden" : ""}`, testid: "card", dataset: { card: card.id } },
    h("p", { class: "card-text" }, card.text),
    h("div", { class: "card-meta" },
      card.hidden ? h("span", { class: "badge badge-hidden", testid: "card-hidden" }, "Hidden") : null,
      cardMeta(card),
      source ? h("span", { class: "card-source", title: "Brought from an earlier activity" }, `from “${truncate(source, 30)}”`) : null,
      p ? h("span", { class: `save save-${p.status}`, "aria-live": "polite" }, SAVE_TEXT[p.status]) : null),
    h("div", { class: "card-actions" },
      button("Edit", () => editMode(ui, card, wall), { class: "btn btn-small btn-secondary", testid: "card-edit" }),
      button(card.hidden ? "Unhide" : "Hide", () => ctx.send(`${wall.prefix}.${card.hidden ? "unhide" : "hide"}`, { card: card.id }),
        { class: "btn btn-small btn-secondary", testid: card.hidden ? "card-unhide" : "card-hide" }),
      button("Merge…", () => mergeMode(ui, card, wall), { class: "btn btn-small btn-secondary", testid: "card-merge" }),
      wall.move(card),
      button("Delete", () => {
        if (confirm(`Delete this card?\n\n${truncate(card.text, 120)}`)) ctx.send(`${wall.prefix}.delete`, { card: card.id });
      }, { class: "btn btn-small btn-danger", testid: "card-delete" })));
}

// Edit and merge swap the card for a small form until Save or Cancel.
function modeCard(ui, card, wall, body, onSubmit) {
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => { ev.preventDefault(); if (onSubmit() !== false) done(); } },
    body, h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: wall.saveTestid }, "Save"),
      button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  ui.mode = { id: card.id, el: h("article", { class: "card fcard is-editing", testid: "card", dataset: { card: card.id } }, form) };
  ui.rerender();
  form.querySelector("textarea, select").focus();
}

function editMode(ui, card, wall) {
  const area = h("textarea", { class: "input", rows: 3, maxlength: wall.maxText, "aria-label": "Card text", testid: "card-edit-input" });
  area.value = card.text;
  modeCard(ui, card, wall, area, () => {
    const text = area.value.trim();
    if (!text) return false;
    if (text !== card.text) ui.ctx.send(`${wall.prefix}.edit`, { card: card.id, text });
  });
}

function mergeMode(ui, card, wall) {
  const others = [...ui.cardsById.values()].filter((c) => c.id !== card.id);
  if (wall.sameGroup) others.sort((a, b) => !wall.sameGroup(a, card) - !wall.sameGroup(b, card));
  const select = h("select", { class: "select", "aria-label": "Merge into which card?", testid: "merge-into" },
    others.map((c) => h("option", { value: c.id }, wall.mergeLabel(c))));
  modeCard(ui, card, wall, [h("p", { class: "card-text" }, `Merge “${truncate(card.text, 60)}” into:`), select], () => {
    if (select.value) ui.ctx.send(`${wall.prefix}.merge`, { card: card.id, into: select.value });
  });
}

// What every render takes from the activity: the view, the cards by id, the agenda's titles
// (for "from …"), the anonymity box; an edit or merge form whose card has gone is dropped.
export function syncConsole(ui, activity, ctx, rerender) {
  const view = activity.view || {};
  const cards = view.cards || [];
  Object.assign(ui, { ctx, view, rerender });
  ui.cardsById = new Map(cards.map((c) => [c.id, c]));
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  if (ui.mode && !ui.cardsById.has(ui.mode.id)) ui.mode = null;
  ui.anon.checked = !!view.anonymous;
  const hidden = cards.filter((c) => c.hidden).length;
  ui.summary.textContent = `${cards.length} ${cards.length === 1 ? "card" : "cards"}` + (hidden ? ` · ${hidden} hidden` : "");
  return { view, cards };
}
