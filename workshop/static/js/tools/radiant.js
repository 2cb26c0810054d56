// Radiant thinking: one theme in the centre, branches around it, sub-branches fanned outside their
// branch, coloured per branch. The board is drawn to be read from the back at 1280x720: every idea
// is a box of wrapped words placed on an ellipse that fills the 16:9 area, its angle shared out by
// how much grows from it; the boxes are then nudged apart until none overlaps. The type shrinks
// no lower than the board's floor (about 18 px); only past what fits there do the deepest ideas
// fold into an honest "+N" on the idea they grow from. User text only ever goes into text nodes.
import { h } from "../dom.js";
import { FLOOR_EM } from "./board_fit.js";
import { plural, treeOf, walk } from "./radiant_common.js";
export { phone } from "./radiant_phone.js";
export { facilitator } from "./radiant_console.js";

const NS = "http://www.w3.org/2000/svg";
const DENSE = 12;
const SIZES = [1.6, 1.4, 1.25, 1.1, 1.0, FLOOR_EM];
const WIDTHS = [30, 10, 7];  // one line, or wrapped  // an idea's widest box, in its own em: the fit tries each

function svgEl(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

function startSize(count) {
  if (count <= 6) return 1.6;
  if (count <= 12) return 1.4;
  if (count <= 24) return 1.25;
  if (count <= 36) return 1.1;
  return 1.0;
}

export function board(el, activity) {
  const view = activity.view || {};
  let ui = el.__radiantBoard;
  if (!ui) {
    ui = el.__radiantBoard = {};
    ui.canvas = h("div", { class: "rt-board", testid: "radiant-map" });
    el.replaceChildren(ui.canvas);
    // The heading above may settle after the map is drawn (a late image, the dense heading):
    // a map placed for another size would spill, so a new size draws it again.
    if (window.ResizeObserver) {
      new ResizeObserver(() => { if (ui.activity && ui.canvas.isConnected) board(el, ui.activity); }).observe(ui.canvas);
    }
  }
  ui.activity = activity;
  const { branches } = treeOf(view);
  let count = 0;
  walk(branches, () => { count += 1; });
  const W = ui.canvas.clientWidth;
  const H = ui.canvas.clientHeight;
  const sig = JSON.stringify([view.theme, activity.title, view.nodes, W, H, activity.open]);
  if (W > 50 && H > 50 && sig !== ui.sig) {
    ui.sig = sig;
    // No theme set yet: the activity's own title stands in the centre.
    draw(ui.canvas, { ...view, theme: view.theme || activity.title || "" }, branches, count, W, H, activity.open);
  }
  return { dense: count > DENSE };
}

function draw(canvas, view, branches, count, W, H, open) {
  const theme = h("div", { class: "rt-theme", testid: "rt-theme" }, view.theme);
  const nodes = [];
  walk(branches, (n, depth) => {
    const more = h("span", { class: "rt-more", testid: "rt-more", hidden: true });
    const box = h("div", { class: `rt-node rt-d${depth}`, testid: "rt-node", dataset: { node: n.id, depth: String(depth) },
      style: `--c:${n.colour}` }, h("span", { class: "rt-text" }, n.text), more);
    nodes.push({ n, depth, el: box, more });
  });
  const lines = svgEl("svg", { class: "rt-lines", "aria-hidden": "true", width: W, height: H });
  const empty = count ? null : h("p", { class: "rt-empty", testid: "rt-empty" },
    open ? "Add the first branch on your phone" : "No branches yet");
  const note = count ? h("p", { class: "rt-count visually-hidden" }, plural(count, "idea")) : null;
  canvas.replaceChildren(lines, theme, ...nodes.map((x) => x.el), empty || note);
  if (!count) {
    fitAlone(canvas, theme);
    return;
  }
  const result = fit(canvas, theme, nodes, branches, W, H);
  place(canvas, lines, theme, nodes, result, W, H);
}

// With nothing on the map the theme alone sits in the middle, large.
function fitAlone(canvas, theme) {
  canvas.style.setProperty("--rt-f", "1.6em");
  theme.style.left = `${(canvas.clientWidth - theme.offsetWidth) / 2}px`;
  theme.style.top = `${(canvas.clientHeight - theme.offsetHeight) / 2}px`;
}

// The largest type at which the map lays out with no two boxes overlapping; at the floor, the
// deepest ideas fold into their parent's "+N" until it does. Each box is measured at a few widths
// (one long line, or its words wrapped into two or three): the layout takes whichever fits best
// where the box goes.
function fit(canvas, theme, nodes, branches, W, H) {
  const start = startSize(nodes.length);
  let last = null;
  for (const fold of [0, 3, 2]) {
    nodes.forEach((x) => { x.folded = fold && x.depth >= fold; x.el.hidden = x.folded; });
    for (const x of nodes) {
      const hiddenKids = fold ? countFolded(x, fold) : 0;
      x.more.hidden = !hiddenKids;
      x.more.textContent = hiddenKids ? `+${hiddenKids}` : "";
    }
    const shown = nodes.filter((x) => !x.folded);
    for (const em of SIZES.filter((size) => size <= start)) {
      canvas.style.setProperty("--rt-f", `${em}em`);
      for (const x of shown) { x.el.style.removeProperty("--rt-w"); x.sizes = []; }
      for (const width of WIDTHS) {
        canvas.style.setProperty("--rt-w", `${width}em`);
        for (const x of shown) {
          const size = { width, w: x.el.offsetWidth, h: x.el.offsetHeight };
          if (!x.sizes.some((o) => o.w === size.w && o.h === size.h)) x.sizes.push(size);
        }
      }
      const t = { w: theme.offsetWidth, h: theme.offsetHeight };
      const gap = parseFloat(getComputedStyle(canvas).fontSize) * em * 0.16;
      const result = layout(shown, t, branches, W, H, gap);
      last = { ...result, em, shown, theme: t };
      if (result.ok) return last;
    }
  }
  return last;
}

function countFolded(x, fold) {
  let n = 0;
  if (x.depth >= fold) return 0;
  walk(x.n.kids, (k, d) => { if (x.depth + d >= fold) n += 1; });
  return n;
}

// Where each shown box goes. Its angle is the middle of the share of the ellipse that its leaves
// take (a branch's share is split among its sub-branches the same way); its ideal spot is on a
// ring of an ellipse as wide and as tall as the board, moved as its parent was. Boxes are placed
// branches first, then level by level, each at the free spot nearest its ideal one (nearness
// measured on the ellipse, so a box moves sideways before it moves up or down).
function layout(shown, theme, branches, W, H, gap) {
  const byId = new Map(shown.map((x) => [x.n.id, x]));
  const leaves = (n) => {
    const kids = n.kids.filter((k) => byId.has(k.id));
    return kids.length ? kids.reduce((a, k) => a + leaves(k), 0) : 1;
  };
  const deepest = Math.max(...shown.map((x) => x.depth));
  const total = branches.reduce((a, b) => a + leaves(b), 0);
  const cx = W / 2;
  const cy = H / 2;
  const inner = Math.min(0.6, Math.max(theme.w / W, theme.h / H));
  const share = (list, from, span, depth) => {
    const kids = list.filter((k) => byId.has(k.id));
    const sum = kids.reduce((s, k) => s + leaves(k), 0);
    let a = from;
    for (const n of kids) {
      const x = byId.get(n.id);
      const part = (span * leaves(n)) / sum;
      const angle = a + part / 2;
      // Rings evenly spaced from the theme's edge to the board's.
      const ring = deepest === 1 ? 0.75 : inner + ((1 - inner) * (depth - 0.35)) / (deepest - 0.35);
      const first = x.sizes[0];
      const rx = Math.max(0, W / 2 - first.w / 2 - gap);
      const ry = Math.max(0, H / 2 - first.h / 2 - gap);
      x.tx = cx + rx * ring * Math.cos(angle);
      x.ty = cy + ry * ring * Math.sin(angle);
      x.angle = angle;
      share(n.kids, a, part, depth + 1);
      a += part;
    }
  };
  share(branches, -Math.PI / 2 - (Math.PI * leaves(branches[0])) / total, Math.PI * 2, 1);
  const fixed = { x: cx, y: cy, w: theme.w, h: theme.h, fixed: true };
  const placed = [fixed];
  const free = (x, y, b) => {
    if (x - b.w / 2 < 1 || x + b.w / 2 > W - 1 || y - b.h / 2 < 1 || y + b.h / 2 > H - 1) return false;
    for (const p of placed) {
      if (Math.abs(p.x - x) < (p.w + b.w) / 2 + gap && Math.abs(p.y - y) < (p.h + b.h) / 2 + gap) return false;
    }
    return true;
  };
  const steps = offsets(W, H);
  const order = [...shown].sort((a, b) => a.depth - b.depth || a.angle - b.angle);
  let missing = 0;
  for (const b of order) {
    const parent = b.n.parent == null ? null : byId.get(b.n.parent);
    // Follow the parent where it had to move, so a family stays together.
    const gx = b.tx + (parent && parent.placed ? (parent.x - parent.tx) * 0.7 : 0);
    const gy = b.ty + (parent && parent.placed ? (parent.y - parent.ty) * 0.7 : 0);
    b.placed = false;
    if (missing) {  // this size already failed: the rest wait at their ideal spots
      Object.assign(b, { x: gx, y: gy, w: b.sizes[0].w, h: b.sizes[0].h, width: b.sizes[0].width });
      continue;
    }
    // The widest shape that fits near its spot; a narrower one (more lines) only if it sits much nearer.
    let best = null;
    for (const size of b.sizes) {
      for (const [dx, dy, d] of steps) {
        if (best && d >= best.d * 0.4) break;
        if (free(gx + dx, gy + dy, size)) {
          best = { d, x: gx + dx, y: gy + dy, size };
          break;
        }
      }
    }
    if (best) {
      Object.assign(b, { x: best.x, y: best.y, w: best.size.w, h: best.size.h, width: best.size.width, placed: true });
      placed.push(b);
    }
    if (!b.placed) {
      missing += 1;
      // This size does not fit: the caller tries the next (the rest wait at their ideal spots).
      Object.assign(b, { x: gx, y: gy, w: b.sizes[0].w, h: b.sizes[0].h, width: b.sizes[0].width });
    }
  }
  return { ok: missing === 0, fixed };
}

// Every move from an ideal spot within the board, nearest first on the board's own ellipse.
let cachedSteps = null;
function offsets(W, H) {
  const key = `${Math.round(W)}x${Math.round(H)}`;
  if (cachedSteps && cachedSteps.key === key) return cachedSteps.steps;
  const step = 4;
  const list = [];
  const squash = H / W;
  for (let dx = -W; dx <= W; dx += step) {
    for (let dy = -H; dy <= H; dy += step) list.push([dx, dy, (dx * squash) ** 2 + dy ** 2]);
  }
  list.sort((a, b) => a[2] - b[2]);
  cachedSteps = { key, steps: list };
  return list;
}

function place(canvas, lines, theme, nodes, result, W, H) {
  canvas.style.setProperty("--rt-f", `${result.em}em`);
  theme.style.left = `${result.fixed.x - result.fixed.w / 2}px`;
  theme.style.top = `${result.fixed.y - result.fixed.h / 2}px`;
  const at = new Map();
  for (const x of result.shown) {
    if (x.width) x.el.style.setProperty("--rt-w", `${x.width}em`);
    x.el.style.left = `${x.x - x.w / 2}px`;
    x.el.style.top = `${x.y - x.h / 2}px`;
    at.set(x.n.id, x);
  }
  const centre = { x: W / 2, y: H / 2 };
  const paths = [];
  for (const x of result.shown) {
    const from = x.n.parent == null ? centre : at.get(x.n.parent);
    if (!from) continue;
    // A gentle curve, bending from the parent's direction towards the child.
    const mx = (from.x + x.x) / 2;
    const d = `M${from.x.toFixed(1)},${from.y.toFixed(1)} Q${mx.toFixed(1)},${from.y.toFixed(1)} ${x.x.toFixed(1)},${x.y.toFixed(1)}`;
    paths.push(svgEl("path", { d, class: `rt-line rt-line-${x.depth}`, stroke: x.n.colour }));
  }
  lines.replaceChildren(...paths);
  canvas.classList.toggle("is-folded", nodes.some((x) => x.folded));
}
