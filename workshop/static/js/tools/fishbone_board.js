// The fishbone on the board, built to be read from the back of a hall at 1280x720: each bone is
// a card of wrapped causes (sub-causes indented under theirs), half the bones above the spine and
// half below, the problem as the head on the right. Sizes are found by measuring the real layout:
// cards get width where their causes need it, the text shrinks no lower than MIN (about 18 px at
// 720p) and only then does a bone hold back its least important causes behind an honest
// "+N more". In focus (fishbone.focus) one bone fills the board and the others become title chips.
// User text only ever goes into text nodes.
import { h, reconcile } from "../dom.js";
import { tree, plural } from "./fishbone_common.js";
import { MIN, fitRows, fitFocus, untrim } from "./fishbone_fit.js";

const NS = "http://www.w3.org/2000/svg";
const BAND = 1.3;             // the spine's band between the two rows, in board units

function svgEl(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

// One element per cause, kept between pushes (state.causes: id -> parts): a push changes only
// what differs (class, text, votes pill, sub-causes), so the board is not rebuilt per push.
function causeEl(state, c, fresh, showVotes, sub) {
  let e = state.causes.get(c.id);
  if (!e) {
    e = { text: h("span", { class: "fb-text" }), pill: null, subs: null };
    e.line = h("div", { class: "fb-line" }, e.text);
    e.el = h("li", { testid: "fb-cause", dataset: { cause: c.id } }, e.line);
    state.causes.set(c.id, e);
  }
  setClass(e.el, `fb-cause${sub ? " is-sub" : ""}${c.root ? " is-root" : ""}${fresh.has(c.id) ? " fb-new" : ""}`);
  setText(e.text, c.text);
  const votes = showVotes && c.votes ? c.votes : 0;
  if (votes && !e.pill) e.line.append(e.pill = h("span", { class: "fb-pill", testid: "fb-votes" }));
  if (!votes && e.pill) { e.pill.remove(); e.pill = null; }
  if (votes) { setText(e.pill, String(votes)); e.pill.setAttribute("aria-label", plural(votes, "vote")); }
  if (!sub && c.subs.length) {
    e.subs ||= h("ul", { class: "fb-bsubs" });
    reconcile(e.subs, c.subs.map((s) => causeEl(state, s, fresh, showVotes, true)));
    if (e.subs.parentNode !== e.el) e.el.append(e.subs);
  } else if (e.subs) { e.subs.remove(); e.subs = null; }
  return e.el;
}

// Writing the same value again still costs style and layout work: write only what changed.
function setText(el, text) { if (el.textContent !== text) el.textContent = text; }
function setClass(el, cls) { if (el.className !== cls) el.className = cls; }

// A card is never narrower than its longest word (in em, so it follows the text size): a word
// is never broken while the board has room for it. Each text is measured once (texts repeat
// from push to push).
let ctx2d = null;
const wordEm = new Map();
function longestWordEm(texts, family) {
  ctx2d ||= document.createElement("canvas").getContext("2d");
  let widest = 0;
  for (const [text, weight] of texts) {
    const key = `${weight}|${family}|${text}`;
    let em = wordEm.get(key);
    if (em === undefined) {
      ctx2d.font = `${weight} 100px ${family}`;
      em = 0;
      for (const word of text.split(/\s+/)) em = Math.max(em, ctx2d.measureText(word).width / 100);
      if (wordEm.size > 5000) wordEm.clear();
      wordEm.set(key, em);
    }
    widest = Math.max(widest, em);
  }
  return widest;
}

// One card per bone, kept between pushes (state.cards: bone id -> card), its causes reconciled.
function card(state, bone, fresh, showVotes, focused, family) {
  const n = bone.causes.reduce((a, c) => a + 1 + c.subs.length, 0);
  let k = state.cards.get(bone.id);
  if (!k) {
    k = { titleText: h("span", { class: "fb-title-text" }), list: h("ul", { class: "fb-blist" }) };
    k.title = h("h3", { class: "fb-card-title", testid: "fb-bone", dataset: { bone: bone.id } }, k.titleText);
    k.el = h("section", { testid: "fb-bone-card", dataset: { bone: bone.id } }, k.title, k.list);
    state.cards.set(bone.id, k);
  }
  setClass(k.el, `fb-card${focused ? " is-focused" : ""}`);
  const titleKey = JSON.stringify([bone.title, focused && n]);
  if (k.titleKey !== titleKey) {
    k.titleKey = titleKey;
    k.titleText.replaceChildren(...[bone.title, focused ? h("span", { class: "fb-count" }, ` · ${plural(n, "cause")}`) : null].filter(Boolean));
  }
  reconcile(k.list, bone.causes.map((c) => causeEl(state, c, fresh, showVotes, false)));
  k.bone = bone;
  // Widest words (in em) of the title and the causes: fitRows turns them into a minimum width.
  k.titleEm = longestWordEm([[bone.title, 800]], family);
  k.causeEm = longestWordEm(bone.causes.flatMap((c) => [[c.text, 800], ...c.subs.map((s) => [s.text, 800])]), family);
  // How much text the card holds: its share of the row's width starts from this.
  k.need = (12 + bone.causes.reduce((a, c) => a + c.text.length + 14 + c.subs.reduce((b, s) => b + s.text.length + 18, 0), 0)) ** 0.8;
  k.weight = k.need;
  // Everything that decides which causes a card of a given size holds back (see trim in fishbone_fit.js).
  k.sig = JSON.stringify([showVotes, bone.causes.map((c) => [c.id, c.text, c.root, c.votes, c.subs.map((s) => [s.id, s.text, s.root, s.votes])])]);
  // What the card shows, for telling whether it shrank since the last fit (then larger sizes are tried).
  const all = bone.causes.flatMap((c) => [c, ...c.subs]);
  k.amount = [k.need, n, all.filter((c) => c.root).length, showVotes ? all.reduce((a, c) => a + (c.votes ? String(c.votes).length + 1 : 0), 0) : 0];
  return k;
}

// Did anything get smaller since the last fit? (A bone gone, less text, fewer causes, roots or pills.)
function shrank(before, cards) {
  if (!before) return true;
  return [...before.keys()].some((id) => {
    const k = cards.find((c) => c.bone.id === id);
    return !k || before.get(id).some((x, i) => k.amount[i] < x);
  });
}

function skeleton(board, rows, main, head, u) {
  const b = board.getBoundingClientRect();
  const used = rows.filter((r) => r.cards.length);
  const svg = svgEl("svg", { class: "fb-skeleton", width: b.width, height: b.height, "aria-hidden": "true" });
  const hr = head.getBoundingClientRect();
  const spineY = rows[0].el.getBoundingClientRect().bottom - b.top + main.__band / 2;
  const x1 = hr.left - b.left;
  svg.append(svgEl("path", { d: `M0 ${spineY - 0.8 * u} L${1.0 * u} ${spineY} L0 ${spineY + 0.8 * u} Z`, class: "fb-tail" }),
    svgEl("line", { x1: 0.4 * u, y1: spineY, x2: x1, y2: spineY, class: "fb-spine" }));
  // Each card's bone runs from its edge to the spine, leaning towards the head.
  for (const r of used) {
    for (const k of r.cards) {
      const c = k.el.getBoundingClientRect();
      const x = c.left - b.left + c.width * 0.45;
      const y = r.top ? c.bottom - b.top : c.top - b.top;
      svg.append(svgEl("line", { x1: x, y1: y, x2: x + 1.2 * u, y2: spineY, class: "fb-rib" }));
    }
  }
  return { svg, spineY };
}

// The parts that stay from push to push (kept on the board element): the head, the notes, the rows
// and the spine's band, a card per bone and an element per cause, and what the last fit found.
function parts(board) {
  if (board.__fb) return board.__fb;
  const state = { causes: new Map(), cards: new Map(), fit: null, headKey: null, mode: null };
  state.main = h("div", { class: "fb-main" });
  state.headText = h("p", { class: "fb-head-text" });
  state.head = h("div", { class: "fb-head", testid: "fb-problem" }, h("p", { class: "fb-head-kicker" }, "The problem"), state.headText);
  state.notesEl = h("div", { class: "fb-notes", testid: "fb-caption" });
  state.side = h("div", { class: "fb-side" }, state.head, state.notesEl);
  state.rows = [0, 1].map((i) => ({ top: i === 0, el: h("div", { class: `fb-row ${i === 0 ? "fb-top" : "fb-bottom"}` }), cards: [] }));
  state.band = h("div", { class: "fb-band" });
  board.replaceChildren(state.main, state.side);
  return (board.__fb = state);
}

export function drawBoard(board, view, u, { fresh = new Set(), notes = [], legend = false } = {}) {
  const state = parts(board);
  const { main, head, headText, notesEl, side } = state;
  const showVotes = !!view.results;
  const bones = tree(view, (view.causes || []).filter((c) => !c.hidden));
  const focus = bones.find((b) => b.id === view.focus) || null;
  // Switching between focus and the whole fishbone starts from fresh cards: no sizes carried over.
  if (state.mode !== (focus ? "focus" : "rows")) {
    for (const k of state.cards.values()) untrim(k);
    state.cards.clear();
    state.fit = null;
    state.mode = focus ? "focus" : "rows";
  }
  // A cause that came back from a "+N more" placeholder last time is in its place before reconciling.
  for (const k of state.cards.values()) untrim(k);
  setClass(main, `fb-main${focus ? " is-focus" : ""}`);
  const family = getComputedStyle(board).fontFamily;
  main.style.setProperty("--fb-min", `${MIN * u}px`);
  const W = board.clientWidth;
  const H = board.clientHeight;

  // The head: as wide as it must be for the problem to fit at a readable size (only measured
  // again when the problem, the notes or the board's size changed).
  const headKey = JSON.stringify([view.problem || "", notes, legend, W, H, u]);
  if (headKey !== state.headKey) {
    state.headKey = headKey;
    setClass(headText, `fb-head-text${view.problem ? "" : " is-empty"}`);
    setText(headText, view.problem || "The problem goes here");
    notesEl.replaceChildren(...notes.map((t) => h("p", null, t)),
      ...(legend ? [h("p", { class: "fb-legend" }, h("span", { class: "fb-legend-swatch" }), "Root cause")] : []));
    let hw = Math.min(Math.max(W * 0.17, 9 * u), 13 * u);
    for (const size of [1.2, 1.1, 1.0, MIN, MIN, MIN]) {
      side.style.width = `${hw}px`;
      headText.style.fontSize = `${size * u}px`;
      if (head.offsetHeight <= H - notesEl.offsetHeight - 0.5 * u) break;
      if (size === MIN) hw *= 1.2;
    }
    if (state.headWidth !== hw) state.fit = null;  // the cards' room changed: fit from the top
    state.headWidth = hw;
    main.style.right = `${hw + 1.4 * u}px`;
  }
  main.__band = BAND * u;

  const alive = new Set();
  for (const b of bones) for (const c of b.causes) { alive.add(c.id); for (const s of c.subs) alive.add(s.id); }
  for (const id of [...state.causes.keys()]) if (!alive.has(id)) state.causes.delete(id);
  for (const id of [...state.cards.keys()]) if (!bones.some((b) => b.id === id)) state.cards.delete(id);

  const rows = state.rows;
  if (focus) {
    const chips = h("div", { class: "fb-chips", style: `font-size:${MIN * u}px` }, bones.filter((b) => b !== focus).map((b) => {
      const n = b.causes.reduce((a, c) => a + 1 + c.subs.length, 0);
      return h("span", { class: "fb-chip", testid: "fb-bone", dataset: { bone: b.id } }, b.title, h("span", { class: "fb-chip-count" }, String(n)));
    }));
    const k = card(state, focus, fresh, showVotes, true, family);
    reconcile(main, [chips, k.el]);
    fitFocus(k, main, u);
    state.last = [k];
  } else {
    const nTop = Math.ceil(bones.length / 2);
    [bones.slice(0, nTop), bones.slice(nTop)].forEach((list, i) => {
      rows[i].cards = list.map((b) => card(state, b, fresh, showVotes, false, family));
      reconcile(rows[i].el, rows[i].cards.map((k) => k.el));
    });
    state.band.style.height = `${BAND * u}px`;
    reconcile(main, [rows[0].el, state.band, rows[1].el]);
    // Fit from the size the last fit settled on when the room is the same: the larger sizes did not
    // fit before, so with as much or more to show they do not fit now; if something got smaller,
    // fitRows looks upwards from there.
    const cards = rows.flatMap((r) => r.cards);
    const shape = JSON.stringify([rows.map((r) => r.cards.map((k) => k.bone.id)), showVotes, W, H, u, state.headWidth]);
    const same = state.fit && state.fit.shape === shape;
    const smaller = same && shrank(state.fit.amounts, cards);
    const size = fitRows(rows, main, u, BAND * u, same && !smaller ? state.fit.size : 0, smaller ? state.fit.size : null);
    state.fit = { shape, size, amounts: new Map(cards.map((k) => [k.bone.id, k.amount])) };
    state.last = cards;
  }

  // The head sits on the spine (or mid-board in focus), never over the notes.
  const spineGuess = focus ? H / 2 : rows[0].el.offsetHeight + BAND * u / 2;
  const top = Math.max(0, Math.min(spineGuess - head.offsetHeight / 2, H - notesEl.offsetHeight - 0.5 * u - head.offsetHeight));
  head.style.top = `${top}px`;
  board.querySelector(":scope > .fb-skeleton")?.remove();
  if (!focus) {
    const { svg, spineY } = skeleton(board, rows, main, head, u);
    board.prepend(svg);
    head.style.setProperty("--fb-neck", `${spineY - top}px`);
  } else head.style.removeProperty("--fb-neck");
}
