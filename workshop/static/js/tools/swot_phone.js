// The SWOT analysis on a phone: choose a quadrant, type, add; your cards with their save state.
import { h, button } from "../dom.js";
import { HINTS, MAX_TEXT, quadrantBadge } from "./swot_common.js";
import { wireCompose, refusedLine } from "./saving.js";
import { renderPhone, textCache } from "./card_wall_phone.js";

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

const WALL = {
  prefix: "swot", noun: "card", maxText: MAX_TEXT,
  badge: (card, view) => (card.quadrant ? quadrantBadge(view, card.quadrant) : null),
  notes: { merged: "Merged with a similar card", hidden: "Not shown on the board" },
  emptyText: "A card can't be empty.",
  canChange: (ui, card) => ui.open && !card.offWall,
  othersHead: (n) => `Everyone else's (${n})`,
  renderPicker,
};

export function phone(el, activity, ctx) {
  const ui = el.__swotPhone || (el.__swotPhone = build(el, ctx));
  ui.ctx = ctx;
  ui.open = !!activity.open;
  ui.rerender = () => phone(el, activity, ui.ctx);
  renderPhone(ui, activity, ctx, WALL);
}
