// The fishbone on the board, built to be read from the back of a hall at 1280x720: each bone is
// a card of wrapped causes (sub-causes indented under theirs), half the bones above the spine and
// half below, the problem as the head on the right. Sizes are found by measuring the real layout:
// cards get width where their causes need it, the text shrinks no lower than MIN (about 18 px at
// 720p) and only then does a bone hold back its least important causes behind an honest
// "+N more". In focus (fishbone.focus) one bone fills the board and the others become title chips.
// User text only ever goes into text nodes.
import { h } from "../dom.js";
import { tree, plural } from "./fishbone_common.js";
import { MIN, fitRows, fitFocus } from "./fishbone_fit.js";

const NS = "http://www.w3.org/2000/svg";
const BAND = 1.3;             // the spine's band between the two rows, in board units

function svgEl(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function causeEl(c, fresh, showVotes, sub) {
  const line = h("div", { class: "fb-line" }, h("span", { class: "fb-text" }, c.text),
    showVotes && c.votes ? h("span", { class: "fb-pill", testid: "fb-votes", "aria-label": plural(c.votes, "vote") }, String(c.votes)) : null);
  return h("li", { class: `fb-cause${sub ? " is-sub" : ""}${c.root ? " is-root" : ""}${fresh.has(c.id) ? " fb-new" : ""}`,
    testid: "fb-cause", dataset: { cause: c.id } }, line,
  !sub && c.subs.length ? h("ul", { class: "fb-bsubs" }, c.subs.map((s) => causeEl(s, fresh, showVotes, true))) : null);
}

// A card is never narrower than its longest word (in em, so it follows the text size): a word
// is never broken while the board has room for it.
let ctx2d = null;
function longestWordEm(texts, family) {
  ctx2d ||= document.createElement("canvas").getContext("2d");
  let widest = 0;
  for (const [text, weight] of texts) {
    ctx2d.font = `${weight} 100px ${family}`;
    for (const word of text.split(/\s+/)) widest = Math.max(widest, ctx2d.measureText(word).width / 100);
  }
  return widest;
}

function card(bone, fresh, showVotes, focused, family) {
  const n = bone.causes.reduce((a, c) => a + 1 + c.subs.length, 0);
  const list = h("ul", { class: "fb-blist" }, bone.causes.map((c) => causeEl(c, fresh, showVotes, false)));
  const el = h("section", { class: `fb-card${focused ? " is-focused" : ""}`, testid: "fb-bone-card", dataset: { bone: bone.id } },
    h("h3", { class: "fb-card-title", testid: "fb-bone", dataset: { bone: bone.id } },
      h("span", { class: "fb-title-text" }, bone.title, focused ? h("span", { class: "fb-count" }, ` · ${plural(n, "cause")}`) : null)),
    list);
  // Widest words (in em) of the title and the causes: fitRows turns them into a minimum width.
  const titleEm = longestWordEm([[bone.title, 800]], family);
  const causeEm = longestWordEm(bone.causes.flatMap((c) => [[c.text, 800], ...c.subs.map((s) => [s.text, 800])]), family);
  // How much text the card holds: its share of the row's width starts from this.
  const need = (12 + bone.causes.reduce((a, c) => a + c.text.length + 14 + c.subs.reduce((b, s) => b + s.text.length + 18, 0), 0)) ** 0.8;
  return { el, list, bone, need, weight: need, title: el.firstChild, titleEm, causeEm };
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

export function drawBoard(board, view, u, { fresh = new Set(), notes = [], legend = false } = {}) {
  const showVotes = !!view.results;
  const bones = tree(view, (view.causes || []).filter((c) => !c.hidden));
  const focus = bones.find((b) => b.id === view.focus) || null;
  const main = h("div", { class: `fb-main${focus ? " is-focus" : ""}` });
  const family = getComputedStyle(board).fontFamily;
  main.style.setProperty("--fb-min", `${MIN * u}px`);
  const headText = h("p", { class: `fb-head-text${view.problem ? "" : " is-empty"}` }, view.problem || "The problem goes here");
  const head = h("div", { class: "fb-head", testid: "fb-problem" }, h("p", { class: "fb-head-kicker" }, "The problem"), headText);
  const notesEl = h("div", { class: "fb-notes", testid: "fb-caption" }, notes.map((t) => h("p", null, t)),
    legend ? h("p", { class: "fb-legend" }, h("span", { class: "fb-legend-swatch" }), "Root cause") : null);
  const side = h("div", { class: "fb-side" }, head, notesEl);
  board.replaceChildren(main, side);
  const W = board.clientWidth;
  const H = board.clientHeight;

  // The head: as wide as it must be for the problem to fit at a readable size.
  let hw = Math.min(Math.max(W * 0.17, 9 * u), 13 * u);
  for (const size of [1.2, 1.1, 1.0, MIN, MIN, MIN]) {
    side.style.width = `${hw}px`;
    headText.style.fontSize = `${size * u}px`;
    if (head.offsetHeight <= H - notesEl.offsetHeight - 0.5 * u) break;
    if (size === MIN) hw *= 1.2;
  }
  main.style.right = `${hw + 1.4 * u}px`;
  main.__band = BAND * u;

  const rows = [];
  if (focus) {
    const chips = h("div", { class: "fb-chips", style: `font-size:${MIN * u}px` }, bones.filter((b) => b !== focus).map((b) => {
      const n = b.causes.reduce((a, c) => a + 1 + c.subs.length, 0);
      return h("span", { class: "fb-chip", testid: "fb-bone", dataset: { bone: b.id } }, b.title, h("span", { class: "fb-chip-count" }, String(n)));
    }));
    const k = card(focus, fresh, showVotes, true, family);
    main.append(chips, k.el);
    fitFocus(k, main, u);
  } else {
    const nTop = Math.ceil(bones.length / 2);
    [bones.slice(0, nTop), bones.slice(nTop)].forEach((list, i) => {
      const row = { top: i === 0, el: h("div", { class: `fb-row ${i === 0 ? "fb-top" : "fb-bottom"}` }), cards: list.map((b) => card(b, fresh, showVotes, false, family)) };
      row.el.append(...row.cards.map((k) => k.el));
      if (i === 1) main.append(h("div", { class: "fb-band", style: `height:${BAND * u}px` }));
      main.append(row.el);
      rows.push(row);
    });
    fitRows(rows, main, u, BAND * u);
  }

  // The head sits on the spine (or mid-board in focus), never over the notes.
  const spineGuess = focus ? H / 2 : rows[0].el.offsetHeight + BAND * u / 2;
  const top = Math.max(0, Math.min(spineGuess - head.offsetHeight / 2, H - notesEl.offsetHeight - 0.5 * u - head.offsetHeight));
  head.style.top = `${top}px`;
  if (!focus) {
    const { svg, spineY } = skeleton(board, rows, main, head, u);
    board.prepend(svg);
    head.style.setProperty("--fb-neck", `${spineY - top}px`);
  }
}
