// Idea wall: everyone adds short ideas; the facilitator groups, merges and hides them.
import { h } from "../dom.js";
import { groupCards, cardMeta } from "./idea_wall_common.js";
export { phone } from "./idea_wall_phone.js";
export { facilitator } from "./idea_wall_console.js";

const MIN_EM = 0.5;
const DENSE = 16;

// Fewer cards get bigger type; the fit loop below then shrinks until nothing overflows.
function startEm(n) {
  if (n <= 4) return 1.7;
  if (n <= 8) return 1.4;
  if (n <= 16) return 1.15;
  if (n <= 30) return 0.95;
  return 0.8;
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
    wall = h("div", { class: "wall wall-grid", testid: "wall" }, cards.map(boardCard));
    lists.push(wall);
  }
  el.replaceChildren(wall);
  fit(wall, lists, cards.length);
  return { dense: cards.length > DENSE };
}

const overflows = (list) => list.scrollHeight > list.clientHeight + 1 || list.scrollWidth > list.clientWidth + 1;

// Shrink the type until every list fits; below the floor, show the first cards and "+N more".
function fit(wall, lists, n) {
  let em = startEm(columnsAdjusted(n, lists.length));
  const apply = () => wall.style.setProperty("--card-em", `${em}em`);
  apply();
  while (em > MIN_EM && lists.some(overflows)) {
    em = Math.max(MIN_EM, em * 0.9);
    apply();
  }
  for (const list of lists) if (overflows(list)) trim(list);
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
