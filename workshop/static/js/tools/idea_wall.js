// Idea wall: everyone adds short ideas; the facilitator groups, merges and hides them.
import { h } from "../dom.js";
import { boardCard, groupCards } from "./idea_wall_common.js";
import { FLOOR_EM, fitCards, fitSize, paginate, spills } from "./board_fit.js";
export { phone } from "./idea_wall_phone.js";
export { facilitator } from "./idea_wall_console.js";

const DENSE = 16;
const COLUMN_EM = 12;  // the narrowest column that reads well, in em of the board's floor

// Fewer cards get bigger type; the fit loop below then shrinks until nothing overflows.
function startEm(n) {
  if (n <= 4) return 1.7;
  if (n <= 8) return 1.4;
  if (n <= 16) return 1.3;
  if (n <= 30) return 1.1;
  return 1;
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
  let grid;
  if (columns) {
    grid = h("div", { class: "wall-cols", style: `--cols:${groups.length}` },
      groups.map((g) => {
        const list = h("div", { class: "col-cards" }, g.cards.map(boardCard));
        lists.push(list);
        return h("section", { class: "wall-col" },
          h("h2", { class: "wall-col-title" }, h("span", { class: "wall-col-name" }, g.title),
            h("span", { class: "wall-col-count", "aria-label": `${g.cards.length} cards` }, String(g.cards.length))),
          list);
      }));
    wall = h("div", { class: "wall wall-paged", testid: "wall" }, grid);
  } else {
    grid = h("div", { class: "wall-grid" }, cards.map(boardCard));
    wall = h("div", { class: "wall wall-paged", testid: "wall" }, grid);
    lists.push(grid);
  }
  el.replaceChildren(wall);
  const start = startEm(columnsAdjusted(cards.length, lists.length));
  if (columns) {
    fitColumns(wall, grid, [...grid.children], lists, start);
  } else {
    fitCards(wall, "--card-em", lists[0], start);
    paginate([...lists[0].children], () => spills(lists[0]), wall);  // a big wall pages
  }
  return { dense: cards.length > DENSE };
}

// Columns sit side by side while each stays wide enough to read at the floor; more than that
// are shown a page of columns at a time (turned by the clock like every board pager). A column
// that still does not fit keeps its first cards and says how many more it has.
function fitColumns(wall, grid, sections, lists, start) {
  const unit = parseFloat(getComputedStyle(wall).fontSize) || 16;
  const wide = Math.max(1, Math.floor(grid.clientWidth / (COLUMN_EM * FLOOR_EM * unit)));
  const pages = Math.ceil(sections.length / wide);
  const per = Math.ceil(sections.length / pages);
  grid.style.setProperty("--cols", String(per));
  if (pages > 1) paginate(sections, () => sections.filter((sec) => !sec.hidden).length > per, wall);
  const onPage = sections.map((sec) => sec.hidden);
  const chunks = [...Array(pages).keys()].map((p) => [p * per, (p + 1) * per]);
  const show = ([a, b]) => sections.forEach((sec, i) => { sec.hidden = i < a || i >= b; });
  const shown = () => lists.filter((l, i) => !sections[i].hidden);
  fitSize((em) => wall.style.setProperty("--card-em", `${em.toFixed(3)}em`),
    () => chunks.some((c) => { show(c); return shown().some(spills); }), start);
  for (const c of chunks) {
    show(c);
    for (const list of shown()) if (spills(list)) trim(list);
  }
  sections.forEach((sec, i) => { sec.hidden = onPage[i]; });
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
    if (spills(list)) hi = mid - 1; else lo = mid;
  }
  show(lo);
}
