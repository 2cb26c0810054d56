// The SWOT analysis as the facilitator runs it: the four quadrants with every card (hidden ones
// marked), and per card edit, hide, merge, move to another quadrant and delete.
import { h, reconcile, button, truncate } from "../dom.js";
import { MAX_TEXT, quadrantTitle, quadrantsOf } from "./swot_common.js";
import { syncConsole, wallCard } from "./card_wall_console.js";

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

// What the SWOT console's cards do differently from the idea wall's: a card moves between the
// quadrants, and merging offers the cards of its own quadrant first.
function swotWall(ui) {
  return {
    prefix: "swot", maxText: MAX_TEXT, saveTestid: "mode-save",
    move(card) {
      const move = quadrantSelect(ui.view, card.quadrant, { "aria-label": "Move to quadrant", testid: "card-move", class: "select select-small" });
      move.addEventListener("change", () => ui.ctx.send("swot.move", { card: card.id, quadrant: move.value }));
      return move;
    },
    sameGroup: (a, b) => a.quadrant === b.quadrant,
    mergeLabel: (c) => `${quadrantTitle(ui.view, c.quadrant)}: ${truncate(c.text, 60)}`,
  };
}

export function facilitator(el, activity, ctx) {
  const ui = el.__swotConsole || (el.__swotConsole = build(el));
  const { view, cards } = syncConsole(ui, activity, ctx, () => facilitator(el, activity, ui.ctx));
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

  // Quadrant boxes are reused, not rebuilt, so focus survives state pushes.
  ui.quads ||= new Map();
  const wall = swotWall(ui);
  reconcile(ui.grid, quadrantsOf(view, cards).map((q) => {
    let quad = ui.quads.get(q.id);
    if (!quad) {
      quad = { title: h("h3"), list: h("div", { class: "swot-fcards" }) };
      quad.el = h("section", { class: `swot-fquad swot-${q.id}`, testid: "quadrant", dataset: { quadrant: q.id } }, quad.title, quad.list);
      ui.quads.set(q.id, quad);
    }
    quad.title.textContent = `${q.title} (${q.cards.length})`;
    reconcile(quad.list, q.cards.length ? q.cards.map((c) => wallCard(ui, c, wall)) : [h("p", { class: "muted" }, "No cards yet.")]);
    return quad.el;
  }));
}
