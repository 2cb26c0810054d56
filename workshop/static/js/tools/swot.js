// SWOT analysis: phones add cards to four quadrants; the board is a 2x2 the back row can read.
import { h } from "../dom.js";
import { HINTS, boardCard, quadrantsOf } from "./swot_common.js";
import { FLOOR_EM, firstPageCount, fitSize, paginate, spills } from "./board_fit.js";
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
      q.cards.length ? list : h("p", { class: "swot-none" }, activity.open ? "Nothing yet" : "None"));
  });
  const grid = h("div", { class: "swot-grid", testid: "swot-grid" }, sections);
  el.replaceChildren(h("div", { class: "wall swot-board", testid: "wall" }, grid));
  fit(grid, lists.filter((l) => l.children.length), Math.max(0, ...lists.map((l) => l.children.length)));
  return { dense: cards.length > DENSE };
}

// One type size for all four quadrants: the largest at which none spills, trying each number of
// card columns (wide cards need fewer lines, narrow ones stack more), never below the floor. A
// quadrant that still does not fit turns its own pages on the board's clock.
function fit(grid, lists, most) {
  if (!lists.length) return;
  const set = (em) => grid.style.setProperty("--card-em", `${em.toFixed(3)}em`);
  const columns = (n) => lists.forEach((l) => { l.style.columnCount = String(n); });
  lists.forEach((l) => l.classList.add("words-whole"));
  let best = null;
  for (const n of [1, 2, 3]) {
    columns(n);
    const em = fitSize(set, () => lists.some(spills), startEm(most));
    if (!best || em > best.em + 0.001) best = { n, em };
  }
  // At the floor some quadrant pages: take the columns that put the most cards on a page.
  if (best.em <= FLOOR_EM + 0.001) best = { n: mostPerPage(lists, columns), em: FLOOR_EM };
  columns(best.n);
  set(best.em);
  const crowded = lists.filter(spills);
  // A crowded board gives the hints' line to the cards: its page numbers go in the headings.
  grid.classList.toggle("swot-crowded", crowded.length > 0);
  for (const list of crowded) {
    list.classList.remove("words-whole");  // at the floor a word longer than a card breaks
    paginate([...list.children], () => spills(list), list.parentElement.querySelector(".swot-head"));
  }
}

// How many cards fit on a quadrant's first page, summed over the quadrants, for 1 to 3 columns:
// the count that fits the most (at the current type size).
function mostPerPage(lists, columns) {
  let best = { n: 3, k: -1 };
  for (const n of [3, 2, 1]) {
    columns(n);
    let k = 0;
    for (const list of lists) k += firstPageCount(list);
    if (k > best.k) best = { n, k };
  }
  return best.n;
}
