// Fishbone (Ishikawa): the problem at the head, categories as bones, causes and sub-causes on
// them; then the group marks the likely root causes. The board lays the bones out as cards.
import { h } from "../dom.js";
import { drawBoard } from "./fishbone_board.js";
import { plural } from "./fishbone_common.js";
export { phone } from "./fishbone_phone.js";
export { facilitator } from "./fishbone_console.js";

const DENSE = 6;

function caption(view, activity) {
  const bits = [];
  const shown = (view.causes || []).length;
  bits.push(plural(shown, "cause"));
  if (view.mode === "vote" && view.marking && activity.open) {
    bits.push(`Mark up to ${view.budget} likely root ${view.budget === 1 ? "cause" : "causes"} on your phone`);
  }
  if (view.results && view.mode === "vote") bits.push("Votes shown");
  return bits;
}

export function board(el, activity) {
  const view = activity.view || {};
  let ui = el.__fishboneBoard;
  if (!ui) {
    ui = el.__fishboneBoard = { seen: null };
    ui.canvas = h("div", { class: "fb-board", testid: "fishbone" });
    el.replaceChildren(ui.canvas);
  }
  const ids = new Set((view.causes || []).map((c) => c.id));
  const fresh = ui.seen ? new Set([...ids].filter((id) => !ui.seen.has(id))) : new Set();
  ui.seen = ids;
  const W = ui.canvas.clientWidth;
  const H = ui.canvas.clientHeight;
  const notes = caption(view, activity);
  // Fitting measures the layout many times: skip it when nothing the board shows has changed.
  const sig = JSON.stringify([view, notes, W, H]);
  if (W > 50 && H > 50 && sig !== ui.sig) {
    ui.sig = sig;
    drawBoard(ui.canvas, view, parseFloat(getComputedStyle(ui.canvas).fontSize),
      { fresh, notes, legend: (view.roots || []).length > 0 });
  }
  return { dense: ids.size >= DENSE };
}
