// SWOT analysis: phones add cards to four quadrants; the board is a 2x2 the back row can read.
import { h } from "../dom.js";
import { HINTS, cardMeta, quadrantsOf } from "./swot_common.js";
import { fitSize, paginate, spills } from "./board_fit.js";
export { phone } from "./swot_phone.js";
export { facilitator } from "./swot_console.js";

const DENSE = 16;

// Fewer cards in the fullest quadrant get bigger type; the fit below shrinks until all fit.
function startEm(most) {
  if (most <= 3) return 1.6;
  if (most <= 6) return 1.35;
  if (most <= 10) return 1.15;
  return 1;
}

function boardCard(card) {
  return h("div", { class: "card", testid: "card", dataset: { card: card.id } },
    h("p", { class: "card-text" }, card.text), cardMeta(card));
}

export function board(el, activity) {
  const view = activity.view || {};
  const cards = (view.cards || []).filter((c) => !c.hidden);
  const lists = [];
  const sections = quadrantsOf(view, cards).map((q) => {
    const list = h("div", { class: "col-cards swot-cards" },
      q.cards.length ? q.cards.map(boardCard) : []);
    lists.push(list);
    return h("section", { class: `swot-quad swot-${q.id}`, testid: "quadrant", dataset: { quadrant: q.id } },
      h("h2", { class: "swot-head" },
        h("span", { class: "swot-name" }, q.title),
        h("span", { class: "swot-hint" }, HINTS[q.id] || ""),
        h("span", { class: "wall-col-count", "aria-label": `${q.cards.length} cards` }, String(q.cards.length))),
      q.cards.length ? list : h("p", { class: "swot-none" }, activity.open ? "Nothing yet" : "—"));
  });
  const grid = h("div", { class: "swot-grid", testid: "swot-grid" }, sections);
  el.replaceChildren(h("div", { class: "wall swot-board", testid: "wall" }, grid));
  fit(grid, lists.filter((l) => l.children.length), Math.max(0, ...lists.map((l) => l.children.length)));
  return { dense: cards.length > DENSE };
}

// One type size for all four quadrants (the largest at which none spills, never below the
// floor); a quadrant that still does not fit turns its own pages on the board's clock.
function fit(grid, lists, most) {
  if (!lists.length) return;
  lists.forEach((l) => l.classList.add("words-whole"));
  fitSize((em) => grid.style.setProperty("--card-em", `${em.toFixed(3)}em`), () => lists.some(spills), startEm(most));
  for (const list of lists) {
    if (!spills(list)) continue;
    list.classList.remove("words-whole");  // at the floor a word longer than a card breaks
    paginate([...list.children], () => spills(list), list.parentElement);
  }
}
