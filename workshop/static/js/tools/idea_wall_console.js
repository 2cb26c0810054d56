// The idea wall as the facilitator runs it: every card (hidden ones marked), grouping,
// merging, columns, anonymity, and cards brought in from earlier activities.
import { h, reconcile, button, truncate } from "../dom.js";
import { MAX_TEXT, SAVE_TEXT, groupCards, cardMeta } from "./idea_wall_common.js";
import { columnEditor } from "./idea_wall_columns.js";

function build(el, ctx) {
  const ui = { mode: null, cardsById: new Map() };
  ui.addInput = h("input", { id: "fac-idea", class: "input", maxlength: MAX_TEXT, placeholder: "Add an idea as facilitator…", testid: "fac-idea-input" });
  ui.addColumn = h("select", { class: "select", "aria-label": "Column for the new idea" });
  const addForm = h("form", { class: "inline-form", testid: "fac-add" },
    h("label", { for: "fac-idea", class: "visually-hidden" }, "Add an idea"), ui.addInput, ui.addColumn,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fac-idea-submit" }, "Add idea"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addInput.value.trim();
    if (!text) return;
    ui.ctx.send("idea.add", { text, column: ui.addColumn.value || null });
    ui.addInput.value = "";
  });

  ui.anon = h("input", { type: "checkbox", id: "fac-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("idea.settings", { anonymous: ui.anon.checked }));

  ui.importFrom = h("select", { class: "select", id: "fac-import", testid: "import-from" });
  const importBtn = button("Bring cards", () => {
    const from = Number(ui.importFrom.value);
    if (from) ui.ctx.send("activity.import", { from });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });

  ui.columns = columnEditor((columns) => ui.ctx.send("idea.columns", { columns }));
  const colsBtn = button("Columns…", () => ui.columns.toggle(ui.view.columns || []),
    { class: "btn btn-small btn-secondary", testid: "columns-edit", "aria-controls": "column-editor" });

  ui.summary = h("p", { class: "muted wall-summary", testid: "card-count" });
  ui.wall = h("div", { class: "fwall", testid: "wall" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, addForm,
      h("label", { class: "check", for: "fac-anon" }, ui.anon, " Anonymous"),
      colsBtn,
      h("span", { class: "inline-form" }, h("label", { for: "fac-import" }, "From"), ui.importFrom, importBtn)),
    ui.columns.el, ui.summary, ui.wall);
  return ui;
}

function columnOptions(select, columns, value, noneLabel) {
  const sig = JSON.stringify([columns, value]);
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  select.replaceChildren(h("option", { value: "" }, noneLabel),
    ...columns.map((c) => h("option", { value: c.id, selected: c.id === value }, c.title)));
}

function cardEl(ui, card, columns) {
  if (ui.mode && ui.mode.id === card.id) return ui.mode.el;
  const ctx = ui.ctx;
  const p = ctx.pending.filter((x) => x.payload && x.payload.card === card.id).pop();
  const move = h("select", { class: "select select-small", "aria-label": "Move to column", testid: "card-move" });
  columnOptions(move, columns, card.column || null, "Not grouped");
  move.addEventListener("change", () => ctx.send("idea.move", { card: card.id, column: move.value || null }));
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
      button(card.hidden ? "Unhide" : "Hide", () => ctx.send(card.hidden ? "idea.unhide" : "idea.hide", { card: card.id }),
        { class: "btn btn-small btn-secondary", testid: card.hidden ? "card-unhide" : "card-hide" }),
      button("Merge…", () => mergeMode(ui, card), { class: "btn btn-small btn-secondary", testid: "card-merge" }),
      columns.length ? move : null,
      button("Delete", () => {
        if (confirm(`Delete this card?\n\n${truncate(card.text, 120)}`)) ctx.send("idea.delete", { card: card.id });
      }, { class: "btn btn-small btn-danger", testid: "card-delete" })));
}

function modeCard(ui, card, body, onSubmit) {
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => { ev.preventDefault(); if (onSubmit() !== false) done(); } },
    body, h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Save"),
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
    if (text !== card.text) ui.ctx.send("idea.edit", { card: card.id, text });
  });
}

function mergeMode(ui, card) {
  const others = [...ui.cardsById.values()].filter((c) => c.id !== card.id);
  const select = h("select", { class: "select", "aria-label": "Merge into which card?", testid: "merge-into" },
    others.map((c) => h("option", { value: c.id }, truncate(c.text, 60))));
  modeCard(ui, card, [h("p", { class: "card-text" }, `Merge “${truncate(card.text, 60)}” into:`), select], () => {
    if (select.value) ui.ctx.send("idea.merge", { card: card.id, into: select.value });
  });
}

export function facilitator(el, activity, ctx) {
  const ui = el.__ideaConsole || (el.__ideaConsole = build(el, ctx));
  const view = activity.view || {};
  const cards = view.cards || [];
  const columns = view.columns || [];
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.cardsById = new Map(cards.map((c) => [c.id, c]));
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  if (ui.mode && !ui.cardsById.has(ui.mode.id)) ui.mode = null;

  ui.anon.checked = !!view.anonymous;
  columnOptions(ui.addColumn, columns, ui.addColumn.value || null, "No column");
  ui.addColumn.hidden = !columns.length;
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const sig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...sources.map((a) => h("option", { value: a.id }, truncate(a.title, 40))));
  }

  const hidden = cards.filter((c) => c.hidden).length;
  ui.summary.textContent = `${cards.length} ${cards.length === 1 ? "card" : "cards"}` + (hidden ? ` · ${hidden} hidden` : "");
  // Sections and the card being edited are reused, not rebuilt, so focus survives state pushes.
  ui.groups ||= new Map();
  const sections = groupCards(view, cards).map((g) => {
    const key = String(g.id);
    let sec = ui.groups.get(key);
    if (!sec) {
      sec = { title: h("h3", { class: "fwall-title" }), list: h("div", { class: "fwall-cards" }) };
      sec.el = h("section", { class: "fwall-group" }, sec.title, sec.list);
      ui.groups.set(key, sec);
    }
    sec.title.textContent = g.title ? `${g.title} (${g.cards.length})` : "";
    sec.title.hidden = !g.title;
    reconcile(sec.list, g.cards.map((c) => cardEl(ui, c, columns)));
    return sec.el;
  });
  reconcile(ui.wall, cards.length ? sections : [h("p", { class: "muted" }, "No cards yet.")]);
}
