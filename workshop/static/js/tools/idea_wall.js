// Idea wall: everyone adds short ideas; the facilitator groups, merges and hides them.
import { h } from "../dom.js";
import { groupCards, cardMeta } from "./idea_wall_common.js";
import { fitCards, fitSize, overflows, paginate, spills } from "./board_fit.js";
export { phone } from "./idea_wall_phone.js";
export { facilitator } from "./idea_wall_console.js";

const DENSE = 16;

// Fewer cards get bigger type; the fit loop below then shrinks until nothing overflows.
function startEm(n) {
  if (n <= 4) return 1.7;
  if (n <= 8) return 1.4;
  if (n <= 16) return 1.3;
  if (n <= 30) return 1.1;
  return 1;
}

function boardCard(card) {
  return h("div", { class: "card", testid: "card", dataset: { card: card.id } },
    h("p", { class: "card-text" }, card.text), cardMeta(card));
}

export function board(el, activity, ctx) {
  const view = activity.view || {};
  const cards = (view.cards || []).filter((c) => !c.hidden);
  if (!cards.length) {
    const waiting = view.count > 0 && !activity.revealed
      ? `${view.count} ${view.count === 1 ? "idea" : "ideas"} in — they appear when the facilitator reveals them.`
      : activity.open ? "No ideas yet. Be the first!" : "No ideas on this wall.";
    el.replaceChildren(h("p", { class: "wall-empty", testid: "wall-empty" }, waiting));
    return { dense: false };
  }
  const groups = groupCards(view, cards);
  const columns = (view.columns || []).length > 0;
  const lists = [];
  let wall;
  if (columns) {
    wall = h("div", { class: "wall wall-cols", testid: "wall", style: `--cols:${groups.length}` },
      groups.map((g) => {
        const list = h("div", { class: "col-cards" }, g.cards.map(boardCard));
        lists.push(list);
        return h("section", { class: "wall-col" },
          h("h2", { class: "wall-col-title" }, h("span", { class: "wall-col-name" }, g.title),
            h("span", { class: "wall-col-count", "aria-label": `${g.cards.length} cards` }, String(g.cards.length))),
          list);
      }));
  } else {
    const grid = h("div", { class: "wall-grid" }, cards.map(boardCard));
    wall = h("div", { class: "wall wall-paged", testid: "wall" }, grid);
    lists.push(grid);
  }
  el.replaceChildren(wall);
  const start = startEm(columnsAdjusted(cards.length, lists.length));
  if (columns) fitSize((em) => wall.style.setProperty("--card-em", `${em.toFixed(3)}em`), () => lists.some(spills), start);
  else fitCards(wall, "--card-em", lists[0], start);
  // A big wall does not fit at a readable size: without columns it pages; a column keeps its
  // first cards and says how many more it has.
  if (!columns) paginate([...lists[0].children], () => spills(lists[0]), wall);
  else for (const list of lists) if (spills(list)) trim(list);
  return { dense: cards.length > DENSE };
}

// With columns each column holds only its share of the cards, but is narrower.
function columnsAdjusted(n, nLists) {
  return nLists > 1 ? Math.ceil(n / nLists) * 2.5 : n;
}

function trim(list) {
  const cards = [...list.querySelectorAll(":scope > .card")];
  const more = h("div", { class: "card card-more", testid: "more-cards" });
  list.append(more);
  const show = (k) => {
    cards.forEach((c, i) => { c.hidden = i >= k; });
    more.textContent = `+${cards.length - k} more`;
  };
  let lo = 0;
  let hi = cards.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    show(mid);
    if (overflows(list)) hi = mid - 1; else lo = mid;
  }
  show(lo);
}
