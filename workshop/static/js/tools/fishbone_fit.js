// Fitting the fishbone board's cards (fishbone_board.js builds them): the largest text size at
// which every bone's causes fit, with width and row height moved to where the text is; at the
// smallest size (MIN, about 18 px at 720p) a bone that still overflows holds back its least
// important causes behind an honest "+N more". Everything is measured in the real layout.
import { h } from "../dom.js";

export const MIN = 0.9;       // smallest cause text, in board units (0.9 x 20.5 px at 720p)
const SIZES = [1.5, 1.4, 1.3, 1.22, 1.15, 1.08, 1.02, 0.96, MIN];
const FOCUS_SIZES = [1.8, 1.65, 1.5, 1.4, 1.3, 1.2, 1.1, 1.0, MIN];

const overflows = (k) => k.list.scrollHeight > k.list.clientHeight + 1 || k.list.scrollWidth > k.list.clientWidth + 1;

// Drop order when a bone truly overflows at the smallest size: plain sub-causes first, then plain
// causes, fewest votes and latest first; root causes (or causes holding one) last of all.
function dropOrder(list) {
  const items = [];
  [...list.querySelectorAll(":scope > .fb-cause")].forEach((main, i) => {
    const subs = [...main.querySelectorAll(".fb-cause.is-sub")];
    subs.forEach((s, j) => items.push({ el: s, rank: [s.classList.contains("is-root") ? 2 : 0, votes(s), -(i * 100 + j)] }));
    const keepsRoot = main.classList.contains("is-root") || subs.some((s) => s.classList.contains("is-root"));
    items.push({ el: main, rank: [keepsRoot ? 3 : 1, votes(main), -i * 100] });
  });
  return items.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
}
const votes = (li) => Number(li.querySelector(":scope > .fb-line .fb-pill")?.textContent || 0);

// Hold back causes until the card no longer spills, in dropOrder; then fill back any that fit.
// Measuring is what costs (a layout per look), so: the number to hold back is found by halving
// (holding back more never makes a card spill more), a cause is only tried back when it could fit
// the room left, and a card already trimmed at this size with these causes (the fit comes back to
// the same layout more than once) replays what was found then.
function* trimSteps(k) {
  k.dropped = [];
  if (!overflows(k)) return;
  const key = k.sig && JSON.stringify([k.el.clientWidth, k.el.clientHeight, k.list.clientWidth, k.list.clientHeight,
    k.list.scrollHeight, k.list.style.columnCount, k.sig]);
  k.memo ||= new Map();
  const known = key && k.memo.get(key);
  // Measured before anything changes (no extra layout): each cause's own line (its card's width
  // does not change while trimming; a cause whose line alone is taller than the room left cannot
  // come back, no need to look) and how far the causes spill.
  const order = known ? [] : dropOrder(k.list).map((x) => x.el);
  const lineH = new Map(order.map((el) => [el, el.firstElementChild.getBoundingClientRect().height]));
  const spill = known ? 0 : contentHeight(k) - k.list.clientHeight;
  yield "write";
  // "+N more" goes in the title bar, so it costs the causes no line of their own.
  const more = k.more = h("span", { class: "fb-more", testid: "fb-more", dataset: { bone: k.bone.id } }, "+1 more");
  k.title.append(more);
  const count = () => {
    const n = k.dropped.reduce((a, d) => a + (d.el.isConnected ? 0 : 1), 0);
    more.textContent = `+${n} more`;
    more.dataset.count = n;
  };
  const drop = (el) => {
    // A placeholder keeps the cause's place, so it can come back there if there is room after all.
    const mark = document.createComment("");
    el.replaceWith(mark);
    k.dropped.push({ el, mark });
    for (const sub of el.querySelectorAll(".fb-cause")) k.dropped.push({ el: sub, mark: null });
  };
  const restore = () => {
    for (const d of k.dropped.slice().reverse()) if (d.mark && d.mark.parentNode) d.mark.replaceWith(d.el);
    k.dropped = [];
  };
  // A look at the layout after writing: yields so that trimAll can let every card write first.
  function* spills() { yield "read"; const r = overflows(k); yield "write"; return r; }
  if (known) {
    for (const [id] of known) drop(k.list.querySelector(`[data-cause="${id}"]`));
    const back = new Set(known.filter(([, b]) => b).map(([id]) => id));
    for (const d of k.dropped) if (d.mark && back.has(d.el.dataset.cause)) d.mark.replaceWith(d.el);
  } else {
    let lo = 0;
    let hi = order.length;
    // A first guess from the lines' heights (how many to hold back for the spill to go), checked
    // with its neighbour: usually two looks settle it; if the guess is off, halving carries on.
    let guess = 0;
    for (let gained = 0; guess < order.length && gained < spill; guess++) gained += lineH.get(order[guess]);
    function* look(p) { restore(); order.slice(0, p).forEach(drop); count(); return !(yield* spills()); }
    if (guess > 0) {
      if (!(yield* look(guess))) lo = Math.min(guess + 1, order.length);
      else if (yield* look(guess - 1)) hi = guess - 1;
      else lo = hi = guess;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (yield* look(mid)) hi = mid; else lo = mid + 1;
    }
    restore();
    order.slice(0, lo).forEach(drop);
    count();
    // Fill back: a shorter cause dropped earlier may fit in the room a long one left.
    let room = null;
    for (const d of k.dropped.slice().reverse()) {
      if (!d.mark || !d.mark.parentNode || !d.mark.parentNode.isConnected) continue;
      if (room === null) { yield "read"; room = k.list.clientHeight - contentHeight(k); yield "write"; }
      if (lineH.get(d.el) > room + 2) continue;
      d.mark.replaceWith(d.el);
      count();
      if (yield* spills()) { d.el.replaceWith(d.mark); count(); } else room = null;
    }
    if (key) {
      if (k.memo.size > 40) k.memo.clear();
      k.memo.set(key, k.dropped.filter((d) => d.mark).map((d) => [d.el.dataset.cause, d.el.isConnected]));
    }
  }
  count();
  if (!Number(more.dataset.count)) more.remove();
}

// Trim several cards at once, in step: every card reads, then every card writes, so one layout
// serves all the cards' looks instead of one layout per card per look. The result is the same as
// trimming them one after the other because a card's layout does not depend on another card's
// causes (flex-basis 0, min-width and the row height set by fitRows, overflow hidden): each card
// only ever reads its own card. trimSteps yields "read" when it is about to read after writing,
// "write" when it is about to write after reading.
function trimAll(cards) {
  let live = cards.map((k) => ({ g: trimSteps(k), want: "read" }));
  while (live.length) {
    for (const phase of ["read", "write"]) {
      for (const x of live) {
        if (x.want !== phase) continue;
        const r = x.g.next();
        x.want = r.done ? null : r.value;
      }
      live = live.filter((x) => x.want);
    }
  }
}
const trim = (k) => trimAll([k]);

// Everything back in its place (to lay the card out again).
export function untrim(k) {
  for (const d of (k.dropped || []).slice().reverse()) if (d.mark && d.mark.parentNode) d.mark.replaceWith(d.el);
  k.more?.remove();
  k.dropped = [];
}

const shownCount = (cards) => cards.reduce((a, k) => a + k.list.querySelectorAll(".fb-cause").length, 0);

// After a first trim, lay the cards out again for what they now show plus (some of) the next
// cause each is holding back, estimated from its length; keep that if it shows as many or more.
function retrim(used, place, state, f) {
  const cards = used.flatMap((r) => r.cards);
  const before = shownCount(cards);
  const saved = { weights: cards.map((k) => k.weight), share: state.share };
  const need = used.map((r) => {
    const areas = r.cards.map((k) => {
      const next = k.dropped.slice().reverse().find((d) => d.mark && !d.el.isConnected);
      // A card showing nothing needs its next cause most; the others get a little room towards theirs.
      const weight = k.list.querySelector(".fb-cause") ? 0.3 : 1;
      const nextArea = next ? weight * next.el.textContent.length * 0.62 * f * 1.3 * f : 0;
      return contentHeight(k) * k.list.clientWidth + nextArea + 1;
    });
    const total = areas.reduce((a, x) => a + x, 0);
    r.cards.forEach((k, i) => { k.weight = areas[i] / total; });
    return total / r.el.clientWidth + Math.max(...r.cards.map((k) => k.el.offsetHeight - k.list.clientHeight));
  });
  if (used.length === 2) state.share = Math.min(0.85, Math.max(0.15, need[0] / (need[0] + need[1])));
  cards.forEach(untrim);
  place();
  trimAll(cards);
  if (shownCount(cards) >= before) return;
  cards.forEach(untrim);
  cards.forEach((k, i) => { k.weight = saved.weights[i]; });
  state.share = saved.share;
  place();
  trimAll(cards);
}

// How tall a card's causes are (scrollHeight can't tell: it is never less than the card's room).
function contentHeight(k) {
  const last = k.list.lastElementChild;
  if (!last) return 0;
  return last.getBoundingClientRect().bottom - k.list.getBoundingClientRect().top + parseFloat(getComputedStyle(k.list).paddingBottom);
}

// Try each size, largest first (or from SIZES[from], when the caller knows the larger ones cannot
// fit); at each, move width (and row height) to the cards that overflow. Returns the index in
// SIZES of the size kept. With `up` (the size kept last time, when the content has shrunk since),
// the sizes above it are tried one at a time, upwards, while they fit: the same size a search
// from the top finds (a size that does not fit has no larger one that does), in fewer looks.
export function fitRows(rows, main, u, bandH, from = 0, up = null) {
  const H = main.clientHeight;
  const used = rows.filter((r) => r.cards.length);
  const state = { share: used.length === 2 ? 0.5 : 1 };
  const place = () => {
    const avail = H - bandH;  // the band stays even with one row: the spine runs under it
    used.forEach((r, i) => { r.el.style.height = `${Math.floor(avail * (i === 0 ? state.share : 1 - state.share))}px`; });
    rows.filter((r) => !r.cards.length).forEach((r) => { r.el.style.height = "0px"; });
    for (const r of used) {  // grow factors summing under 1 would leave part of the row empty
      const sum = r.cards.reduce((a, k) => a + k.weight, 0);
      for (const k of r.cards) k.el.style.flexGrow = ((k.weight / sum) * r.cards.length).toFixed(4);
    }
  };
  // Each size starts again from the cards' share of the text, so a hopeless larger size leaves no skew.
  const start = () => {
    for (const r of used) { const tot = r.cards.reduce((a, k) => a + k.need, 0); r.cards.forEach((k) => { k.weight = (k.need + tot * 0.08) / tot; }); }
    if (used.length === 2) {
      const [a, b] = used.map((r) => r.cards.reduce((x, k) => x + k.need, 0) / r.cards.length);
      state.share = Math.min(0.7, Math.max(0.3, a / (a + b)));
    }
  };
  // One size: true when every card fits at it (and the cards are evened out), false when some spill.
  const attempt = (index) => {
    const size = SIZES[index];
    const f = size * u;
    main.style.setProperty("--fb-f", `${f}px`);
    // Titles are a little smaller than causes (never under MIN): see .fb-card-title.
    const t = Math.max(0.85 * f, MIN * u);
    for (const k of used.flatMap((r) => r.cards)) k.el.style.minWidth = `${Math.max(k.titleEm * t, k.causeEm * f, 3 * f) + 1.4 * f}px`;
    start();
    for (let round = 0; round < (size === MIN ? 8 : 6); round++) {
      place();
      const ratio = (k) => (contentHeight(k) + 1) / Math.max(1, k.list.clientHeight);
      if (!used.some((r) => r.cards.some(overflows))) { polish(used, place, ratio); return true; }
      if (size === MIN && round === 7) break;  // keep this layout: the last rebalance is not applied
      // Give each card width, and each row height, in proportion to the area its text takes now
      // (half-way there each round, so it settles rather than swings).
      const need = used.map((r) => {
        const areas = r.cards.map((k) => contentHeight(k) * k.list.clientWidth + 1);
        const total = areas.reduce((a, x) => a + x, 0);
        const sum = r.cards.reduce((a, k) => a + k.weight, 0);
        r.cards.forEach((k, i) => { k.weight = 0.5 * (k.weight / sum) + 0.5 * (areas[i] / total); });
        return total / r.el.clientWidth + Math.max(...r.cards.map((k) => k.el.offsetHeight - k.list.clientHeight));
      });
      if (used.length === 2) state.share = Math.min(0.85, Math.max(0.15, 0.5 * state.share + 0.5 * (need[0] / (need[0] + need[1]))));
    }
    return false;
  };
  if (up !== null) {
    let best = null;
    for (let index = up - 1; index >= 0 && attempt(index); index--) best = index;
    if (best !== null) {
      if (best > 0) attempt(best);  // the size above it was tried last and spilt: lay this one out again
      return best;
    }
    from = up;  // nothing larger fits: carry on from the last size
  }
  for (let index = from; index < SIZES.length; index++) if (attempt(index)) return index;
  const cards = used.flatMap((r) => r.cards);
  trimAll(cards);
  for (let round = 0; round < 2; round++) retrim(used, place, state, MIN * u);
  return SIZES.length - 1;
}

// It fits: even the cards out (slack ones give width to full ones), keeping only what still fits.
function polish(used, place, ratio) {
  const cards = used.flatMap((r) => r.cards);
  for (let round = 0; round < 3; round++) {
    const before = cards.map((k) => k.weight);
    cards.forEach((k) => { k.weight *= Math.min(1.3, Math.max(0.8, ratio(k))) ** 0.5; });
    place();
    if (cards.some(overflows)) {
      cards.forEach((k, i) => { k.weight = before[i]; });
      place();
      return;
    }
  }
}

export function fitFocus(k, main, u) {
  // The largest size at which some number of columns (up to 4, none narrower than ~11 words' worth) holds them all.
  for (const size of FOCUS_SIZES) {
    main.style.setProperty("--fb-f", `${size * u}px`);
    const most = Math.max(1, Math.min(4, Math.floor(k.list.clientWidth / (11 * size * u))));
    for (let cols = 1; cols <= most; cols++) {
      k.list.style.columnCount = cols;
      if (!overflows(k)) return;
    }
  }
  // Too many even at the smallest size: the number of columns that shows the most, then "+N more".
  let best = [0, 1];
  for (let cols = 1; cols <= Math.max(1, Math.min(4, Math.floor(k.list.clientWidth / (11 * MIN * u)))); cols++) {
    k.list.style.columnCount = cols;
    trim(k);
    if (shownCount([k]) > best[0]) best = [shownCount([k]), cols];
    untrim(k);
  }
  k.list.style.columnCount = best[1];
  trim(k);
}
