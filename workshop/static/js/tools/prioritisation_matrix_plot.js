// The matrix plot (board and console): quadrants, numbered dots where the group put each item on
// the whole, faint shading for how far ratings range, and the labels listed at the side (with
// how much people agree, in words) so 15+ items stay legible.
import { h } from "../dom.js";
import { limit } from "../limits.js";

const NS = "http://www.w3.org/2000/svg";
const W = 1000;
const H = 700;
const PAD = { l: 70, r: 20, t: 20, b: 60 };

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// The rating scale (whole numbers LOW..HIGH) and its middle, where the quadrants meet.
export const LOW = limit("prioritisation_matrix.score_min");
export const HIGH = limit("prioritisation_matrix.score_max");
export const MID = (LOW + HIGH) / 2;
const SPAN = HIGH - LOW;

const px = (x) => PAD.l + ((x - LOW) / SPAN) * (W - PAD.l - PAD.r);
const py = (y) => H - PAD.b - ((y - LOW) / SPAN) * (H - PAD.t - PAD.b);

const CORNER = {
  top_left: { x: PAD.l + 14, y: PAD.t + 40, anchor: "start" },
  top_right: { x: W - PAD.r - 14, y: PAD.t + 40, anchor: "end" },
  bottom_left: { x: PAD.l + 14, y: H - PAD.b - 16, anchor: "start" },
  bottom_right: { x: W - PAD.r - 14, y: H - PAD.b - 16, anchor: "end" },
};
let clipN = 0;
const FILL = { 0: "#dff3e6", 1: "#e3ecf8", 2: "#f4f1e4", 3: "#f8e4e4" };

// Push apart dots that would overlap (display only; the numbers in the list stay exact).
function spread(points, r) {
  for (let pass = 0; pass < 40; pass++) {
    let moved = false;
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const a = points[i];
        const b = points[j];
        let dx = b.cx - a.cx;
        let dy = b.cy - a.cy;
        let d = Math.hypot(dx, dy);
        if (d >= 2 * r) continue;
        if (d < 0.01) { dx = 1; dy = (j % 2 ? 1 : -1) * 0.5; d = Math.hypot(dx, dy); }
        const push = (2 * r - d) / 2 + 0.5;
        a.cx -= (dx / d) * push; a.cy -= (dy / d) * push;
        b.cx += (dx / d) * push; b.cy += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
}

export function plot(view, { dotR = 22, onDot = null, picked = null } = {}) {
  const axes = view.axes;
  const rank = new Map(axes.quadrants.map((q, i) => [q.key, i]));
  const placed = (view.results || []).filter((r) => r.x != null);
  const mid = { x: px(MID), y: py(MID) };
  const quads = [
    ["top_left", PAD.l, PAD.t, mid.x - PAD.l, mid.y - PAD.t],
    ["top_right", mid.x, PAD.t, W - PAD.r - mid.x, mid.y - PAD.t],
    ["bottom_left", PAD.l, mid.y, mid.x - PAD.l, H - PAD.b - mid.y],
    ["bottom_right", mid.x, mid.y, W - PAD.r - mid.x, H - PAD.b - mid.y],
  ];
  const names = new Map(axes.quadrants.map((q) => [q.key, q.name]));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "pm-plot", role: "img",
    "aria-label": `${axes.y.label} against ${axes.x.label}: ${placed.length} items placed` });
  const labels = s("g", { class: "pm-quad-names" });
  for (const [key, x, y, w, hh] of quads) {
    svg.append(s("rect", { x, y, width: w, height: hh, fill: FILL[rank.get(key)] || "#f3f4f6" }));
    const c = CORNER[key];
    labels.append(s("text", { x: c.x, y: c.y, "text-anchor": c.anchor, class: "pm-quad-name" }, names.get(key)));
  }
  for (let v = LOW; v <= HIGH; v++) {
    svg.append(s("line", { x1: px(v), x2: px(v), y1: PAD.t, y2: H - PAD.b, class: "pm-grid" }));
    svg.append(s("line", { y1: py(v), y2: py(v), x1: PAD.l, x2: W - PAD.r, class: "pm-grid" }));
    svg.append(s("text", { x: px(v), y: H - PAD.b + 24, "text-anchor": "middle", class: "pm-tick" }, v));
    svg.append(s("text", { x: PAD.l - 14, y: py(v) + 7, "text-anchor": "end", class: "pm-tick" }, v));
  }
  svg.append(s("line", { x1: mid.x, x2: mid.x, y1: PAD.t, y2: H - PAD.b, class: "pm-mid" }));
  svg.append(s("line", { y1: mid.y, y2: mid.y, x1: PAD.l, x2: W - PAD.r, class: "pm-mid" }));
  svg.append(s("text", { x: (PAD.l + W - PAD.r) / 2, y: H - 8, "text-anchor": "middle", class: "pm-axis" },
    `${axes.x.label} →`));
  // x 28: the rotated label's ascent (34 units on the board) stays inside the plot's left edge.
  svg.append(s("text", { x: 28, y: (PAD.t + H - PAD.b) / 2, "text-anchor": "middle", class: "pm-axis",
    transform: `rotate(-90 28 ${(PAD.t + H - PAD.b) / 2})` }, `${axes.y.label} →`));

  const clipId = `pm-clip-${++clipN}`;
  svg.append(s("clipPath", { id: clipId }, s("rect", { x: PAD.l, y: PAD.t, width: W - PAD.l - PAD.r, height: H - PAD.t - PAD.b })));
  const spreads = s("g", { class: "pm-spreads", "clip-path": `url(#${clipId})` });
  const dots = s("g", { class: "pm-dots" });
  svg.append(spreads, labels, dots);
  const points = placed.map((r) => ({ r, cx: px(r.x), cy: py(r.y) }));
  for (const { r, cx, cy } of points) {
    if (r.n > 1 && !r.override && (r.sd_x || r.sd_y)) {
      const rx = (r.sd_x * (W - PAD.l - PAD.r)) / SPAN;
      const ry = (r.sd_y * (H - PAD.t - PAD.b)) / SPAN;
      // How far ratings range (one standard deviation, drawn, never printed): a faint ellipse and a cross
      spreads.append(s("ellipse", { cx, cy, rx: Math.max(rx, 1), ry: Math.max(ry, 1), class: "pm-ellipse" }));
      spreads.append(s("path", { d: `M${cx - rx} ${cy}H${cx + rx}M${cx} ${cy - ry}V${cy + ry}`, class: "pm-cross" }));
    }
  }
  spread(points, dotR);
  for (const { r, cx, cy } of points) {
    const g = s("g", { class: `pm-dot${r.override ? " is-override" : ""}${picked === r.item ? " is-picked" : ""}`,
      "data-item": r.item, "data-testid": "pm-dot" },
    s("title", {}, `${r.number}`),
    s("circle", { cx, cy, r: dotR }),
    s("text", { x: cx, y: cy + dotR * 0.36, "text-anchor": "middle" }, r.number));
    if (onDot) g.addEventListener("click", () => onDot(r));
    dots.append(g);
  }
  return svg;
}

// How much the raters agree about the quadrant an item sits in, in words (server: tools.agreement).
export function agreementWords(r, names) {
  if (!r.agreement) return r.n === 1 ? "Only 1 person" : "";
  if (r.agreement === "elsewhere") return `Most put it in ${names.get(r.most_in) || "another corner"}`;
  return { most: "Most agree", differ: "Views differ", split: "Split" }[r.agreement] || "";
}

// The labels at the side, grouped by quadrant in rank order; unrated items last.
export function legend(view, textOf, { compact = false, extra = () => null } = {}) {
  const results = view.results || [];
  const groups = view.axes.quadrants.map((q) => ({ ...q, rows: results.filter((r) => r.quadrant === q.key) }));
  const unplaced = results.filter((r) => r.quadrant == null);
  const names = new Map(view.axes.quadrants.map((q) => [q.key, q.name]));
  const agree = (r) => {
    const words = agreementWords(r, names);
    return words ? h("span", { class: `pm-agree pm-agree-${r.agreement || "none"}`, testid: "pm-agreement" }, words) : null;
  };
  if (unplaced.length) groups.push({ key: "none", name: "Not rated yet", rows: unplaced });
  return h("div", { class: `pm-legend${compact ? " is-compact" : ""}`, testid: "pm-legend" },
    groups.filter((g) => g.rows.length).map((g) => h("section", { class: `pm-legend-group pm-q-${g.key}` },
      h("h3", { class: "pm-legend-title" }, g.name),
      h("ol", { class: "pm-legend-list" }, g.rows.map((r) => h("li", { class: "pm-legend-item", dataset: { item: r.item } },
        h("span", { class: `pm-num${r.override ? " is-override" : ""}` }, String(r.number)),
        h("span", { class: "pm-legend-text" }, textOf(r.item), agree(r), extra(r))))))));
}
