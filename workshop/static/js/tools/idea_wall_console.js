// The idea wall as the facilitator runs it: every card (hidden ones marked), grouping,
// merging, columns, anonymity, and cards brought in from earlier activities.
import { h, reconcile, button, truncate } from "../dom.js";
import { MAX_TEXT, groupCards } from "./idea_wall_common.js";
import { syncConsole, wallCard } from "./card_wall_console.js";
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

// What the idea wall's console cards do differently from SWOT's: a card moves between the
// facilitator's columns (when there are any), and merging offers the cards in the order added.
function ideaWall(ui, columns) {
  return {
    prefix: "idea", maxText: MAX_TEXT,
    move(card) {
      if (!columns.length) return null;
      const move = h("select", { class: "select select-small", "aria-label": "Move to column", testid: "card-move" });
      columnOptions(move, columns, card.column || null, "Not grouped");
      move.addEventListener("change", () => ui.ctx.send("idea.move", { card: card.id, column: move.value || null }));
      return move;
    },
    mergeLabel: (c) => truncate(c.text, 60),
  };
}

export function facilitator(el, activity, ctx) {
  const ui = el.__ideaConsole || (el.__ideaConsole = build(el, ctx));
  const { view, cards } = syncConsole(ui, activity, ctx, () => facilitator(el, activity, ui.ctx));
  const columns = view.columns || [];
  columnOptions(ui.addColumn, columns, ui.addColumn.value || null, "No column");
  ui.addColumn.hidden = !columns.length;
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const sig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...sources.map((a) => h("option", { value: a.id }, truncate(a.title, 40))));
  }

  // Sections and the card being edited are reused, not rebuilt, so focus survives state pushes.
  ui.groups ||= new Map();
  const wall = ideaWall(ui, columns);
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
    reconcile(sec.list, g.cards.map((c) => wallCard(ui, c, wall)));
    return sec.el;
  });
  reconcile(ui.wall, cards.length ? sections : [h("p", { class: "muted" }, "No cards yet.")]);
}
