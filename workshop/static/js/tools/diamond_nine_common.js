// Shared bits of the diamond nine's screens: rows, letters, agreement words, the diamond shape.
import { h } from "../dom.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const ROWS = [1, 2, 2, 3, 3, 3, 4, 4, 5];
export const ROW_SLOTS = [[0], [1, 2], [3, 4, 5], [6, 7], [8]];
export const LETTERS = "ABCDEFGHI";

export const AGREEMENT = {
  strong: "Strong agreement",
  mixed: "Mixed views",
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

export function agreementBadge(s) {
  if (!s.agreement) return h("span", { class: "d9-agree d9-agree-none" }, s.n ? "1 person" : "Not placed");
  return h("span", { class: `d9-agree d9-agree-${s.agreement}` }, AGREEMENT[s.agreement]);
}

export function meanText(s) {
  if (s.mean_row == null) return "nobody placed it";
  return `avg row ${s.mean_row.toFixed(1)} · ${s.n} ${s.n === 1 ? "person" : "people"}`;
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
