// Idea wall: everyone adds short ideas; the facilitator groups, merges and hides them.
import { h, reconcile } from "../dom.js";
import { boardCard, groupCards } from "./idea_wall_common.js";
import { FLOOR_EM, fitCards, fitSize, paginate, spills, splitPages, turnPages } from "./board_fit.js";
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

// What each wall on show keeps between pushes (by its tool area, which is fresh per activity):
// its elements by card id, and what the last fit found, so a push touches only what changed.
const walls = new WeakMap();

export function board(el, activity, ctx) {
  const view = activity.view || {};
  const cards = (view.cards || []).filter((c) => !c.hidden);
  if (!cards.length) {
    walls.delete(el);
    const waiting = view.count > 0 && !activity.revealed
      ? `${view.count} ${view.count === 1 ? "idea" : "ideas"} in — they appear when the facilitator reveals them.`
      : activity.open ? "No ideas yet. Be the first!" : "No ideas on this wall.";
    const p = el.firstElementChild;
    if (!(p && p.dataset.testid === "wall-empty" && p.textContent === waiting)) {
      el.replaceChildren(h("p", { class: "wall-empty", testid: "wall-empty" }, waiting));
    }
    return { dense: false };
  }
  const groups = groupCards(view, cards);
  const columns = (view.columns || []).length > 0;
  let w = walls.get(el);
  if (!w || w.columns !== columns || !w.wall.isConnected) {
    w = newWall(el, columns);
    walls.set(el, w);
  }
  // The room the wall has, read before anything changes (the layout is still clean then).
  const room = `${w.wall.clientWidth}x${w.wall.clientHeight}/${getComputedStyle(w.wall).fontSize}`;
  const before = w.order;
  const order = cards.map((c) => c.id);
  const edited = w.changed(cards);  // cards whose text or merge count changed
  const changed = edited.size > 0 || order.length < before.length || before.some((id, i) => id !== order[i]);
  // Where this wall starts to differ from the last one: cards before it are as they were.
  let from = before.findIndex((id, i) => id !== order[i] || edited.has(id));
  if (from < 0) from = Math.min(before.length, order.length);
  // How many cards at the end are as they were (same cards, same texts, same order).
  let tail = 0;
  while (tail < Math.min(before.length, order.length) && before[before.length - 1 - tail] === order[order.length - 1 - tail]
         && !edited.has(order[order.length - 1 - tail])) tail += 1;
  const diff = { from, changed, tail, shift: order.length - before.length };
  w.order = order;
  const start = startEm(columnsAdjusted(cards.length, columns ? groups.length : 1));
  if (columns) {
    const titles = groups.map((g) => `${g.id}\u0000${g.title}`).join("\u0001");
    const same = !changed && w.fit && w.room === room && w.start === start && w.titles === titles;
    if (!(same && keepColumns(w, groups))) {
      layColumns(w, groups);
      w.fit = fitColumns(w.wall, w.grid, w.sections, w.lists, start);
    }
    w.titles = titles;
    w.ids = groups.map((g) => g.cards.map((c) => c.id));
  } else {
    const items = cards.map((c) => w.cards.get(c.id));
    reconcile(w.grid, items);
    const same = w.fit && w.room === room && (w.start === start || w.pages);
    if (!(same && keepFit(w, items, diff))) fitGrid(w, items, start);
  }
  w.room = room;
  w.start = start;
  return { dense: cards.length > DENSE };
}

// An empty wall of either kind; its cards are made (and kept) by `changed`.
function newWall(el, columns) {
  const grid = h("div", { class: columns ? "wall-cols" : "wall-grid" });
  const wall = h("div", { class: "wall wall-paged", testid: "wall" }, grid);
  el.replaceChildren(wall);
  const w = { columns, wall, grid, cards: new Map(), sigs: new Map(), order: [], sections: [], lists: [],
              byGroup: new Map(), fit: null, pages: null, pager: null };
  // Makes or updates the card elements; the ids of the cards that changed.
  w.changed = (cards) => {
    const changed = new Set();
    const seen = new Set();
    for (const c of cards) {
      seen.add(c.id);
      const sig = `${c.text}\u0000${c.author || ""}\u0000${(c.merged || []).length}`;
      const old = w.cards.get(c.id);
      if (old && w.sigs.get(c.id) === sig) continue;
      const card = boardCard(c);
      if (old) { old.replaceWith(card); changed.add(c.id); }
      w.cards.set(c.id, card);
      w.sigs.set(c.id, sig);
    }
    for (const [id, card] of w.cards) {
      if (seen.has(id)) continue;
      card.remove();
      w.cards.delete(id);
      w.sigs.delete(id);
    }
    return changed;
  };
  return w;
}

// A grid wall in the same room keeps what the last fit found while that still holds; then it
// looks exactly as a fresh fit would.
// - A wall that paged at the floor, changed only past the cards that filled a first page (with
//   any number of columns the fit tried): those cards still spill at the floor, so the fit still
//   ends at the floor with the same columns, and the pages before the change stay as they were.
//   Only the pages from the change on are measured again (for new cards: the last page on).
// - A wall that fitted and only grew at its end: growth only makes it spill more, so a size at
//   which it still fits is still the largest the fit's search reaches.
function keepFit(w, items, { from, changed, tail, shift }) {
  const list = w.grid;
  if (w.pages) {
    if (!w.fit.firstPages || from <= Math.max(...w.fit.firstPages)) return false;
    // A page is kept when the card that ended it (the first on the next page) is before the change.
    let keep = 0;
    while (keep < w.pages.length && w.pages[keep][1] < from) keep += 1;
    const restart = keep ? w.pages[keep - 1][1] : 0;
    // And once a new page starts where an old one did, among the cards at the end that are as
    // they were, the pages from there on are the old ones (moved by the cards added or gone).
    const old = w.pages;
    const starts = new Map(old.map(([a], k) => [a, k]));
    const rest = (start) => {
      const k = start >= items.length - tail ? starts.get(start - shift) : undefined;
      return k === undefined ? null : old.slice(k).map(([a, b]) => [a + shift, b + shift]);
    };
    w.pages = splitPages(items, () => spills(list), old.slice(0, keep), restart, rest);
    turnPages(items, w.pages, () => spills(list), w.pager);
    return true;
  }
  if (changed) return false;
  // The fit measured with words kept whole; at the floor the wall shows them breakable.
  const whole = list.classList.contains("words-whole");
  list.classList.add("words-whole");
  const fits = !spills(list);
  list.classList.toggle("words-whole", whole);
  return fits;
}

// The full fit: the size search, then pages when even the floor does not hold them all.
function fitGrid(w, items, start) {
  for (const card of items) card.hidden = false;
  if (w.pager) w.pager.remove();
  w.pager = null;
  w.pages = null;
  w.fit = fitCards(w.wall, "--card-em", w.grid, start);
  w.pager = paginate(items, () => spills(w.grid), w.wall);  // a big wall pages
  if (w.pager) w.pages = w.pager.pages;
}

// Columns by group, kept by the group's id: titles and counts written only when they change.
function layColumns(w, groups) {
  const keep = new Map();
  w.sections = groups.map((g) => {
    const key = g.id || "";
    let s = w.byGroup.get(key);
    if (!s) {
      s = { name: h("span", { class: "wall-col-name" }), count: h("span", { class: "wall-col-count" }),
            list: h("div", { class: "col-cards" }) };
      s.sec = h("section", { class: "wall-col" }, h("h2", { class: "wall-col-title" }, s.name, s.count), s.list);
    }
    keep.set(key, s);
    if (s.name.textContent !== g.title) s.name.textContent = g.title;
    const n = String(g.cards.length);
    if (s.count.textContent !== n) {
      s.count.textContent = n;
      s.count.setAttribute("aria-label", `${n} cards`);
    }
    // What the last fit folded away comes back before this one measures.
    s.list.querySelector(":scope > .card-more")?.remove();
    s.sec.hidden = false;
    const items = g.cards.map((c) => w.cards.get(c.id));
    for (const card of items) card.hidden = false;
    reconcile(s.list, items);
    return s;
  });
  w.byGroup = keep;
  w.lists = w.sections.map((s) => s.list);
  w.sections = w.sections.map((s) => s.sec);
  w.wall.querySelector(":scope > .board-pager")?.remove();
  reconcile(w.grid, w.sections);
  w.grid.style.setProperty("--cols", String(groups.length));
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
  const em = fitSize((size) => wall.style.setProperty("--card-em", `${size.toFixed(3)}em`),
    () => chunks.some((c) => { show(c); return shown().some(spills); }), start);
  for (const c of chunks) {
    show(c);
    for (const list of shown()) if (spills(list)) trim(list);
  }
  sections.forEach((sec, i) => { sec.hidden = onPage[i]; });
  return { em, per };
}

// Columns whose cards only grew at their ends (same columns, same room) keep the last fit, as
// keepFit does for one grid: above the floor the size holds if no grown column spills at it;
// at the floor it stays, and only the grown columns fold their cards into "+N more" again. The
// columns that did not change keep their cards and "+N more" as they are.
function keepColumns(w, groups) {
  const grown = [];
  for (const [i, g] of groups.entries()) {
    const ids = g.cards.map((c) => c.id);
    const old = w.ids[i];
    if (old.length > ids.length || old.some((id, k) => id !== ids[k])) return false;
    if (old.length < ids.length) grown.push(i);
  }
  const onPage = w.sections.map((sec) => sec.hidden);
  // Shows the page of columns that column i is on, as fitColumns measured it.
  const showPageOf = (i) => {
    const a = Math.floor(i / w.fit.per) * w.fit.per;
    w.sections.forEach((sec, k) => { sec.hidden = k < a || k >= a + w.fit.per; });
  };
  let fits = true;
  for (const i of grown) {
    const s = w.byGroup.get(groups[i].id || "");
    s.list.querySelector(":scope > .card-more")?.remove();
    const items = groups[i].cards.map((c) => w.cards.get(c.id));
    for (const card of items) card.hidden = false;
    reconcile(s.list, items);
    const n = String(items.length);
    s.count.textContent = n;
    s.count.setAttribute("aria-label", `${n} cards`);
    showPageOf(i);
    if (!spills(s.list)) continue;
    if (w.fit.em > FLOOR_EM + 0.001) { fits = false; break; }  // the size must come down: fit again
    trim(s.list);
  }
  w.sections.forEach((sec, k) => { sec.hidden = onPage[k]; });
  return fits;
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
