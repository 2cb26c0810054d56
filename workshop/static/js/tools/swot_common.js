// Shared bits of the SWOT analysis's three screens.
import { h } from "../dom.js";
import { limit } from "../limits.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";
export { boardCard, cardMeta } from "./idea_wall_common.js";

export const MAX_TEXT = limit("swot.text");

// A few plain words under each quadrant's name, so a room new to SWOT knows where a card goes.
export const HINTS = {
  s: "Inside the school · helps",
  w: "Inside the school · holds us back",
  o: "Around the school · could help",
  t: "Around the school · could harm",
};

// The four quadrants (from the view, in S W O T order), each with its cards.
export function quadrantsOf(view, cards) {
  return (view.quadrants || []).map((q) => ({ ...q, cards: cards.filter((c) => c.quadrant === q.id) }));
}

export function quadrantTitle(view, id) {
  return ((view.quadrants || []).find((q) => q.id === id) || {}).title || "";
}

export function quadrantBadge(view, id) {
  return h("span", { class: `swot-tag swot-tag-${id}` }, quadrantTitle(view, id));
}
