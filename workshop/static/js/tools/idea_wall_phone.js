// The idea wall on a phone: one box, one big button, your ideas with their save state.
import { h, button } from "../dom.js";
import { MAX_TEXT } from "./idea_wall_common.js";
import { wireCompose, refusedLine } from "./saving.js";
import { renderPhone, textCache } from "./card_wall_phone.js";

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

const WALL = {
  prefix: "idea", noun: "idea", maxText: MAX_TEXT,
  badge: () => null,
  notes: { merged: "Merged with a similar idea on the wall", hidden: "Not shown on the wall" },
  emptyText: "An idea cannot be empty.",
  canChange: (ui) => ui.ctx.private && ui.open,
  othersHead: (n) => `Other ideas (${n})`,
  renderPicker: (ui, view) => renderPicker(ui, view.columns || []),
};

export function phone(el, activity, ctx) {
  const ui = el.__ideaPhone || (el.__ideaPhone = build(el, ctx));
  ui.ctx = ctx;
  ui.open = !!activity.open;
  ui.rerender = () => phone(el, activity, ui.ctx);
  renderPhone(ui, activity, ctx, WALL);
}
