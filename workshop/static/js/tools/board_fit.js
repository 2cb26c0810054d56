// Fitting a tool's board into the projected screen without losing the back row: the type shrinks
// to fit, but never below FLOOR_EM; what still does not fit is paged (the board turns the page
// itself) or, where a tool says so, folded into "+N more".
import { h } from "../dom.js";

// In the board's unit (1.6vw / 2.85vh): 0.9em is 18.4 CSS px at 1280x720, the smallest type
// the back of a hall reads. Small labels use CSS max(…, var(--min-text)) for the same floor.
export const FLOOR_EM = 0.9;
export const PAGE_MS = 15000;

export const overflows = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;

// A multi-column list of cards also fails when a card taller than a column is split across two,
// or (.words-whole) when a word is wider than its card: a size that breaks "passports" into
// "passpo" / "rts" is too big, however few cards there are.
export const spills = (list) => overflows(list)
  || [...list.children].some((card) => !card.hidden && (card.getClientRects().length > 1 || textSticksOut(card)));

// Whether the card's text reaches past its padding (a whole word wider than the card). Measured
// on the text itself: inside CSS columns a card's scrollWidth does not show the overflow.
function textSticksOut(card) {
  const range = document.createRange();
  range.selectNodeContents(card);
  const text = range.getBoundingClientRect();
  const box = card.getBoundingClientRect();
  const cs = getComputedStyle(card);
  return text.right > box.right - parseFloat(cs.paddingRight) + 0.5 || text.left < box.left + parseFloat(cs.paddingLeft) - 0.5;
}

// The largest size in [floor, start] at which `over()` is false (or the floor): a binary search,
// so the type ends close to the room there is rather than a 10% step below it.
export function fitSize(set, over, start, floor = FLOOR_EM) {
  set(start);
  if (start <= floor || !over()) return start;
  set(floor);
  if (over()) return floor;
  let lo = floor;
  let hi = start;
  for (let i = 0; i < 7; i += 1) {
    const mid = (lo + hi) / 2;
    set(mid);
    if (over()) hi = mid; else lo = mid;
  }
  set(lo);
  return lo;
}

// Fit a CSS variable (in em) on `host` so that none of `boxes` overflows.
export function fitVar(host, name, boxes, start, floor = FLOOR_EM) {
  return fitSize((em) => host.style.setProperty(name, `${em.toFixed(3)}em`), () => boxes.some(overflows), start, floor);
}

// Cards in newspaper columns: try each number of columns (wide cards need fewer lines, narrow
// ones stack more) and keep the one that allows the largest type. `host` carries the size in
// the CSS variable `name`; the cards are `list`'s children.
export function fitCards(host, name, list, start, minWidthEm = 10) {
  const set = (em) => host.style.setProperty(name, `${em.toFixed(3)}em`);
  const unit = parseFloat(getComputedStyle(host.parentElement || host).fontSize) || 16;
  const most = Math.max(1, Math.floor(list.clientWidth / (minWidthEm * FLOOR_EM * unit)));
  let best = null;
  list.style.columnWidth = "auto";
  list.classList.add("words-whole");
  for (let cols = most; cols >= 1; cols -= 1) {
    list.style.columnCount = String(cols);
    const em = fitSize(set, () => spills(list), start);
    if (!best || em > best.em + 0.001) best = { cols, em, fits: !spills(list) };
    if (best.em >= start) break;  // more columns already allow the largest type
  }
  if (!best.fits) {  // it will page: fill the pages
    const firstPages = [];
    best = { ...best, cols: mostPerPage(list, most, firstPages), firstPages };
  }
  list.style.columnCount = String(best.cols);
  set(best.em);
  // Shown as measured (words whole), except at the floor, where a word longer than any card breaks
  // rather than sticking out of it.
  list.classList.toggle("words-whole", best.em > FLOOR_EM + 0.001);
  return best;
}

// The number of columns that fits the most cards on one page (at the current type size). How many
// fit with each number of columns goes into `counts`: a later change past all of them leaves this
// choice (and the floor size) as it is, which lets a board keep its fit (idea_wall.js).
function mostPerPage(list, most, counts = []) {
  let best = { cols: most, k: 0 };
  for (let cols = most; cols >= 1; cols -= 1) {
    list.style.columnCount = String(cols);
    const k = firstPageCount(list);
    counts.push(k);
    if (k > best.k) best = { cols, k };
  }
  return best.cols;
}

// How many of a list's cards fit before it spills (at least one), as laid out now; all are shown after.
export function firstPageCount(list) {
  const cards = [...list.children];
  let lo = 1;
  let hi = cards.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    cards.forEach((c, i) => { c.hidden = i >= mid; });
    if (spills(list)) hi = mid - 1; else lo = mid;
  }
  cards.forEach((c) => { c.hidden = false; });
  return lo;
}

// Split `items` (children of a box that overflows) into pages that each fit, and turn them on the
// clock: every board shows the same page, and a re-render (a state push) keeps the page it is on.
// Returns the pager line (already appended to `holder`) or null when everything fits.
export function paginate(items, over, holder) {
  if (!over()) return null;
  // Its text is there while the pages are measured: it takes the same room as when shown.
  const pager = h("p", { class: "board-pager", testid: "board-pager" }, "Page 1 of 2");
  holder.append(pager);
  turnPages(items, splitPages(items, over), over, pager);
  return pager;
}

// The pages ([start, end) each) that `items` fall into, each holding as many as fit: the pages in
// `kept` as they are, then new ones from item `from` on. A wall that only grew at its end keeps its
// earlier pages and measures only from its last page's start, which gives the same pages a
// measurement from the first item would (a page depends only on the items on it). Likewise
// `rest(start)`, when given, may answer the pages from `start` to the end, known from before.
export function splitPages(items, over, kept = [], from = 0, rest = null) {
  const pages = [...kept];
  for (let start = from; start < items.length;) {
    const known = rest && rest(start);
    if (known) return [...pages, ...known];
    let lo = start + 1;
    let hi = items.length;
    const show = (end) => items.forEach((el, i) => { el.hidden = i < start || i >= end; });
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      show(mid);
      if (over()) hi = mid - 1; else lo = mid;
    }
    pages.push([start, lo]);
    start = lo;
  }
  return pages;
}

// Show the page the clock is on, and turn the pages until `pager` leaves the page or is given
// other pages (an incremental re-render keeps its pager and hands it new pages).
export function turnPages(items, pages, over, pager) {
  pager.pages = pages;
  const turn = () => {
    if (!pager.isConnected || pager.pages !== pages) return;  // a newer render took over
    const n = Math.floor(Date.now() / PAGE_MS) % pages.length;
    const [start, end] = pages[n];
    items.forEach((el, i) => { el.hidden = i < start || i >= end; });
    over();  // lets the caller lay the page out (e.g. its rows per column)
    pager.dataset.page = String(n + 1);
    pager.dataset.pages = String(pages.length);
    pager.textContent = `Page ${n + 1} of ${pages.length}`;
    setTimeout(turn, PAGE_MS - (Date.now() % PAGE_MS) + 30);
  };
  turn();
}
