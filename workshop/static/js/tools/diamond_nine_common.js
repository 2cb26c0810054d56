// Shared bits of the diamond nine's screens: rows, letters, agreement words, the diamond shape.
import { h } from "../dom.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const ROWS = [1, 2, 2, 3, 3, 3, 4, 4, 5];
export const ROW_SLOTS = [[0], [1, 2], [3, 4, 5], [6, 7], [8]];
export const LETTERS = "ABCDEFGHI";

// The view's agreement codes in words (tools/agreement.py WORDS).
// How much the people who placed a slot's statement agree it belongs in that row (the server
// decides, per slot: diamond_nine_views.agreement). Words, never statistics.
export const AGREEMENT = {
  most: "Most agree",
  differ: "Views differ",
  split: "Split",
};

// Letters follow the order of the nine in play, so A..I mean the same on every screen.
export function lettersFor(items) {
  const map = new Map();
  items.filter((i) => i.selected !== false).forEach((i, n) => map.set(i.id, LETTERS[n] || "?"));
  return map;
}

// Five rows of 1-2-3-2-1 slots; `slot(k)` builds slot k.
export function diamondShape(slot, props = {}) {
  return h("div", { class: "d9-diamond", ...props },
    ROW_SLOTS.map((slots, r) => h("div", { class: "d9-row", dataset: { row: String(r + 1) } }, slots.map(slot))));
}

function agreementWords(s) {
  if (!s.agreement) return s.n ? "Only 1 person" : "Not placed";
  if (s.agreement === "elsewhere") {
    const most = (s.per_row || []).indexOf(Math.max(...(s.per_row || [0])));
    return `Most put it in row ${most + 1}`;
  }
  return AGREEMENT[s.agreement] || s.agreement;
}

export function agreementBadge(s) {
  return h("span", { class: `d9-agree d9-agree-${s.agreement || "none"}`, testid: "d9-agreement" }, agreementWords(s));
}

// The evidence behind the label, as a count: "3 of 5 put it here".
export function hereText(s) {
  if (!s.n) return "nobody placed it";
  return `${s.here} of ${s.n} put it here`;
}

// Five small bars: how many people put the statement in each row (top row first).
export function rowBars(perRow) {
  const max = Math.max(1, ...perRow);
  return h("span", { class: "d9-bars", "aria-label": `rows chosen: ${perRow.map((n, i) => `row ${i + 1}: ${n}`).join(", ")}` },
    perRow.map((n) => h("span", { class: "d9-bar", style: `--v:${n / max}` })));
}

// Shrink the shared --fit-em until every box fits or the floor is reached; then only the boxes
// that still overflow (a 280-character statement) shrink on their own, down to `min` em.
export function fitText(root, boxes, start = 1.3, floor = 0.8, min = 0.5) {
  const over = (b) => b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1;
  let em = start;
  root.style.setProperty("--fit-em", `${em}em`);
  while (em > floor && boxes.some(over)) {
    em = Math.max(floor, em * 0.92);
    root.style.setProperty("--fit-em", `${em}em`);
  }
  root.style.setProperty("--fit", String(em));
  for (const box of boxes) {
    let f = 1;
    while (over(box) && em * f > min) {
      f *= 0.92;
      box.style.fontSize = `${f}em`;
    }
  }
}
