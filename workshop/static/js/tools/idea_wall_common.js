// Shared bits of the idea wall's three screens.
import { h } from "../dom.js";
import { limit } from "../limits.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const MAX_TEXT = limit("idea_wall.text");

// Cards grouped by column, in the columns' order; cards without a (known) column last.
export function groupCards(view, cards) {
  const columns = view.columns || [];
  const known = new Set(columns.map((c) => c.id));
  const groups = columns.map((c) => ({ id: c.id, title: c.title, cards: cards.filter((k) => k.column === c.id) }));
  const loose = cards.filter((k) => !k.column || !known.has(k.column));
  if (loose.length || !columns.length) groups.push({ id: null, title: columns.length ? "Not grouped" : "", cards: loose });
  return groups;
}

export function cardMeta(card, { showAuthor = true } = {}) {
  const bits = [];
  if (showAuthor && card.author) bits.push(h("span", { class: "card-author" }, card.author));
  if (card.merged && card.merged.length) {
    bits.push(h("span", { class: "card-merged", title: `${card.merged.length} similar idea(s) merged in` },
      `×${card.merged.length + 1}`));
  }
  return bits.length ? h("p", { class: "card-meta" }, bits) : null;
}


// A card as the board shows it: the text, then its author and merge count.
export function boardCard(card) {
  return h("div", { class: "card", testid: "card", dataset: { card: card.id } },
    h("p", { class: "card-text" }, card.text), cardMeta(card));
}
