// The fishbone diagram on the board, drawn in SVG: tail, spine, the problem as the head,
// slanted bones with their category names, causes as labelled ribs and sub-causes beneath.
// Text is wrapped with measured widths and shrinks to fit; a bone that still overflows at the
// smallest readable size shows its most important causes and "+N more".
// User text only ever goes into text nodes.
import { tree } from "./fishbone_common.js";

const NS = "http://www.w3.org/2000/svg";
const SLOPE = 0.3;          // horizontal lean of a bone per unit of height
const F_MAX = 1.0;          // cause text size, in board units (1u = the board's font size)
const F_MIN = 0.62;
const MAIN_LINES = 3;
const SUB_LINES = 2;
const LINE = 1.18;
const INK = "#000";
const BONE = "#1f2f4d";
const NAVY = "#0b2545";
const ROOT_FILL = "#ffd84d";

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null && v !== false) el.setAttribute(k, String(v));
  for (const c of children.flat()) {
    if (c != null && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let canvas = null;
function measurer(family) {
  canvas ||= document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  const cache = new Map();
  return (text, size, weight) => {
    const key = `${weight}|${size}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${weight} ${size}px ${family}`;
      w = ctx.measureText(text).width;
      cache.set(key, w);
    }
    return w;
  };
}

// Greedy word wrap; overlong words are broken; past maxLines the last line ends in "…".
export function wrap(measure, text, width, size, weight, maxLines) {
  const fits = (t) => measure(t, size, weight) <= width;
  const lines = [];
  let line = "";
  for (let word of text.split(/\s+/).filter(Boolean)) {
    const parts = [];
    while (word.length > 1 && !fits(word)) {
      let k = word.length - 1;
      while (k > 1 && !fits(word.slice(0, k))) k--;
      parts.push(word.slice(0, k));
      word = word.slice(k);
    }
    parts.push(word);
    for (const part of parts) {
      const next = line ? `${line} ${part}` : part;
      if (!line || fits(next)) line = next;
      else { lines.push(line); line = part; }
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return { lines, clipped: false };
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last.length > 1 && !fits(last + "…")) last = last.slice(0, -1).trimEnd();
  kept[maxLines - 1] = last + "…";
  return { lines: kept, clipped: true };
}

// --- measuring causes ----------------------------------------------------------------

// A block between two leaning bones gets narrower the taller it is: settle both together.
function measureBlock(m, cause, f, room, showVotes) {
  let tall = 2.6 * f;
  let block;
  for (let i = 0; i < 3; i++) {
    block = measureAt(m, cause, f, room - SLOPE * tall, showVotes);
    if (block.height <= tall + 1) break;
    tall = block.height;
  }
  return block;
}

function measureAt(m, cause, f, width, showVotes) {
  const pill = showVotes && cause.votes ? m(String(cause.votes), 0.8 * f, 800) + 0.9 * f : 0;
  const main = wrap(m, cause.text, Math.max(2 * f, width - pill), f, 650, MAIN_LINES);
  const fs = 0.9 * f;
  const indent = 1.1 * f;
  const subs = cause.subs.map((sub) => {
    const subPill = showVotes && sub.votes ? m(String(sub.votes), 0.72 * f, 800) + 0.8 * f : 0;
    return { cause: sub, pill: subPill, ...wrap(m, sub.text, Math.max(2 * f, width - indent - subPill), fs, 600, SUB_LINES) };
  });
  let height = main.lines.length * LINE * f + 0.3 * f;
  for (const sub of subs) height += sub.lines.length * LINE * fs + 0.18 * f;
  const clipped = main.clipped || subs.some((x) => x.clipped);
  return { cause, f, fs, indent, width, pill, main, subs, height, clipped };
}

// Which entries to drop first when a bone overflows: plain sub-causes, then plain causes,
// fewest votes and latest first; root causes last of all.
function dropOrder(causes) {
  const order = [];
  causes.forEach((c, i) => {
    c.subs.forEach((sub, j) => order.push({ main: i, sub: j, rank: [sub.root ? 2 : 0, sub.votes || 0, -(i * 100 + j)] }));
    const keepsRoot = c.root || c.subs.some((x) => x.root);
    order.push({ main: i, sub: -1, rank: [keepsRoot ? 3 : 1, c.votes || 0, -i * 100] });
  });
  const cmp = (a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2];
  return order.sort(cmp);
}

function fitBone(m, causes, f, width, area, showVotes, trim) {
  const gapMin = 0.45 * f;
  const total = (blocks, extra) => blocks.reduce((a, b) => a + b.height, 0) + gapMin * Math.max(0, blocks.length - 1) + extra;
  let blocks = causes.map((c) => measureBlock(m, c, f, width, showVotes));
  // Above the smallest size a cut-short text counts as not fitting: shrink rather than clip.
  const fits = total(blocks, 0) <= area && !blocks.some((b) => b.clipped);
  if (fits || !trim) return { blocks, more: 0, fits };
  if (total(blocks, 0) <= area) return { blocks, more: 0, fits: true };
  // Trim: drop entries until the rest plus a "+N more" line fits.
  const keep = causes.map((c) => ({ ...c, subs: [...c.subs], dropped: false }));
  const moreH = 1.5 * f + gapMin;
  let more = 0;
  for (const d of dropOrder(causes)) {
    const kept = keep.filter((c) => !c.dropped);
    blocks = kept.map((c) => measureBlock(m, c, f, width, showVotes));
    if (total(blocks, moreH) <= area) break;
    const c = keep[d.main];
    if (c.dropped) continue;
    if (d.sub >= 0) {
      c.subs = c.subs.filter((x) => x.id !== causes[d.main].subs[d.sub].id);
      more += 1;
    } else {
      c.dropped = true;
      more += 1 + c.subs.length;
    }
  }
  blocks = keep.filter((c) => !c.dropped).map((c) => measureBlock(m, c, f, width, showVotes));
  return { blocks, more, fits: true };
}

// --- geometry ----------------------------------------------------------------------------

function halves(bones) {
  const nTop = Math.ceil(bones.length / 2);
  return { top: bones.slice(0, nTop), bottom: bones.slice(nTop) };
}

function labelBlock(m, title, width, fl) {
  return wrap(m, title, width - 0.9 * fl, fl, 800, 2);
}

function needed(m, causes, f, width, showVotes) {
  const blocks = causes.map((c) => measureBlock(m, c, f, width, showVotes));
  return blocks.reduce((a, b) => a + b.height, 0) + 0.45 * f * Math.max(0, blocks.length - 1);
}

export function drawFishbone(view, W, H, u, family, { fresh = new Set(), notes = [], legend = false } = {}) {
  const m = measurer(family);
  const showVotes = !!view.results;
  const bones = tree(view, (view.causes || []).filter((c) => !c.hidden));
  const { top, bottom } = halves(bones);
  const pad = 0.25 * u;

  // The head (the problem) and the notes under it have the right-hand column to themselves.
  const hw = Math.min(Math.max(W * 0.16, 8 * u), 14 * u);
  const headX = W - pad - hw;
  const x0 = pad;
  const fl = 0.8 * u;
  const gaps = (P) => P - 0.75 * u;

  function half(list, up, spineY) {
    if (!list.length) return null;
    const tail = 0.9 * u;
    const xEnd = headX - 1.4 * u;
    // The lean depends on the label height, which depends on the pitch: settle it in two rounds.
    let labels = list.map((b) => labelBlock(m, b.title, ((xEnd - x0 - tail) / list.length) * 0.8, fl));
    let geo;
    for (let round = 0; round < 2; round++) {
      const labelH = Math.max(...labels.map((l) => l.lines.length)) * 1.12 * fl + 0.55 * fl;
      const edge = up ? pad + labelH : H - pad - labelH;     // where the bones meet their labels
      const hh = Math.abs(spineY - edge);
      const dx = hh * SLOPE;
      const xStart = x0 + tail + dx;
      const P = (xEnd - xStart) / list.length;
      const area = up ? [edge + 0.3 * u, spineY - 0.4 * u] : [spineY + 0.4 * u, edge - 0.3 * u];
      geo = { list, up, labels, labelH, edge, hh, dx, xStart, P, area };
      const room = list.map((b, i) => {
        const xe = xStart + P * (i + 1) - dx;
        return Math.min(P * 0.94, 2 * (headX - 0.5 * u - xe));
      });
      labels = list.map((b, i) => ({ ...labelBlock(m, b.title, room[i], fl), room: room[i] }));
      if (round === 0 && Math.max(...labels.map((l) => l.lines.length)) === Math.max(...geo.labels.map((l) => l.lines.length))) {
        geo.labels = labels;
        break;
      }
      geo.labels = labels;
    }
    return geo;
  }
  const geometry = (y) => [half(top, true, y), half(bottom, false, y)].filter(Boolean);

  // The spine sits where the busier half gets the room it needs.
  let spineY = bottom.length ? H / 2 : H * 0.8;
  if (bottom.length) {
    const fMid = 0.8 * u;
    const need = geometry(spineY).map((g) => Math.max(1, ...g.list.map((b) => needed(m, b.causes, fMid, gaps(g.P), showVotes))));
    const [gt, gb] = geometry(spineY);
    const free = gb.edge - gt.edge - 1.4 * u;
    const share = Math.min(0.64, Math.max(0.36, need[0] / (need[0] + need[1])));
    spineY = Math.min(0.64 * H, Math.max(0.36 * H, gt.edge + 0.7 * u + share * free));
  }
  const halvesGeo = geometry(spineY);

  // One text size for the whole diagram: the largest at which every bone fits.
  let f = F_MAX * u;
  let fitted;
  for (;;) {
    const atMin = f <= F_MIN * u + 0.01;
    fitted = halvesGeo.map((g) => g.list.map((b) => {
      return fitBone(m, b.causes, f, gaps(g.P), g.area[1] - g.area[0], showVotes, atMin);
    }));
    if (atMin || fitted.every((hf) => hf.every((b) => b.fits))) break;
    f = Math.max(F_MIN * u, f * 0.92);
  }

  const svg = s("svg", { class: "fb-svg", width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
    "font-family": family, "data-testid": "fishbone",
    "aria-label": `Fishbone diagram. Problem: ${view.problem || "not set yet"}` });
  const layerBones = s("g", { class: "fb-bones" });
  const layerCauses = s("g", { class: "fb-causes" });
  svg.append(layerBones, layerCauses);

  // Tail and spine.
  const spineEnd = headX - 0.9 * u;
  layerBones.append(
    s("path", { d: `M${x0} ${spineY - 0.9 * u} L${x0 + 1.1 * u} ${spineY} L${x0} ${spineY + 0.9 * u} Z`, fill: NAVY }),
    s("line", { x1: x0 + 0.5 * u, y1: spineY, x2: spineEnd, y2: spineY, stroke: BONE, "stroke-width": 0.24 * u, "stroke-linecap": "round" }));

  halvesGeo.forEach((g, gi) => {
    g.list.forEach((bone, i) => {
      const xs = g.xStart + g.P * (i + 1);
      const xe = xs - g.dx;
      const boneX = (y) => xs - g.dx * (Math.abs(spineY - y) / g.hh);
      layerBones.append(s("line", { x1: xs, y1: spineY, x2: xe, y2: g.edge, stroke: BONE, "stroke-width": 0.13 * u, "stroke-linecap": "round" }));
      // The category label at the bone's outer end.
      const lab = g.labels[i];
      const lw = Math.min(lab.room, Math.max(...lab.lines.map((t) => m(t, fl, 800))) + 1.1 * fl);
      const ly = g.up ? pad : g.edge;
      const lx = Math.max(pad, Math.min(xe - lw / 2, headX - 0.4 * u - lw));
      const labelG = s("g", { class: "fb-bone", "data-testid": "fb-bone", "data-bone": bone.id },
        s("rect", { x: lx, y: ly, width: lw, height: g.labelH, rx: 0.3 * u, fill: NAVY }));
      const textTop = ly + (g.labelH - lab.lines.length * 1.12 * fl) / 2;
      lab.lines.forEach((t, n) => labelG.append(s("text", { x: lx + lw / 2, y: textTop + n * 1.12 * fl + 0.86 * fl,
        "text-anchor": "middle", "font-size": fl, "font-weight": 800, fill: "#fff" }, t)));
      layerBones.append(labelG);

      // Causes, stacked from the top of the area to the bottom, spread out when there is room.
      const { blocks, more } = fitted[gi][i];
      const [a0, a1] = g.area;
      const used = blocks.reduce((a, b) => a + b.height, 0) + (more ? 1.5 * f : 0);
      const count = blocks.length + (more ? 1 : 0);
      const gap = count ? Math.min(Math.max(0.45 * f, (a1 - a0 - used) / count), 2.4 * f) : 0;
      let y = a0 + (g.up ? gap / 2 : gap / 2);
      for (const b of blocks) {
        layerCauses.append(drawCause(b, y, boneX, g, u, showVotes, fresh));
        y += b.height + gap;
      }
      if (more) {
        const text = `+${more} more`;
        const mw = m(text, 0.9 * f, 800) + 1.0 * f;
        const right = boneX(g.up ? y : y + 1.3 * f) - 0.35 * u;
        layerCauses.append(s("g", { class: "fb-more", "data-testid": "fb-more", "data-bone": bone.id, "data-count": more },
          s("rect", { x: right - mw, y, width: mw, height: 1.3 * f, rx: 0.65 * f, fill: INK }),
          s("text", { x: right - mw / 2, y: y + 0.95 * f, "text-anchor": "middle", "font-size": 0.9 * f, "font-weight": 800, fill: "#fff" }, text)));
      }
    });
  });

  const notesG = drawNotes(m, notes, legend, headX, hw, H, pad, u);
  svg.append(drawHead(m, view.problem, headX, hw, spineY, u, pad, H - pad - notesG.height - 0.5 * u), notesG.g);
  return { svg, f: f / u };
}

function drawCause(b, yTop, boneX, g, u, showVotes, fresh) {
  const { cause, f, fs, indent, main } = b;
  const lh = LINE * f;
  const yBot = yTop + b.height;
  // The block is a rectangle between this bone and the one before it, both leaning left.
  const left = boneX(g.up ? yBot : yTop) - g.P + 0.45 * u;
  const right = Math.min(left + b.width, boneX(g.up ? yTop : yBot) - 0.3 * u);
  const ribY = yTop + main.lines.length * lh + 0.12 * f;
  const grp = s("g", { class: `fb-cause${cause.root ? " is-root" : ""}${fresh.has(cause.id) ? " fb-new" : ""}`,
    "data-testid": "fb-cause", "data-cause": cause.id });
  grp.append(s("title", {}, cause.root ? `Root cause: ${cause.text}` : cause.text));
  if (cause.root) {
    grp.append(s("rect", { x: left - 0.25 * f, y: yTop - 0.08 * f, width: right - left + 0.3 * f, height: main.lines.length * lh + 0.2 * f,
      rx: 0.25 * f, fill: ROOT_FILL, stroke: INK, "stroke-width": Math.max(1.5, 0.06 * f) }));
  }
  const text = s("text", { class: "fb-cause-text", "font-size": f, "font-weight": cause.root ? 800 : 650, fill: INK });
  main.lines.forEach((t, n) => text.append(s("tspan", { x: left, y: yTop + n * lh + 0.9 * f }, t)));
  grp.append(text);
  grp.append(s("line", { x1: left - 0.1 * f, y1: ribY, x2: boneX(ribY), y2: ribY, stroke: BONE,
    "stroke-width": cause.root ? 0.12 * u : Math.max(1.5, 0.05 * u) }));
  if (showVotes && cause.votes) grp.append(pill(cause.votes, right, yTop + (lh - 1.05 * f) / 2, 0.8 * f, 1.05 * f, b.pill));
  // Sub-causes under the rib, hanging from a short stem.
  let y = ribY + 0.18 * f;
  const stemX = left + 0.35 * f;
  let lastMid = null;
  for (const sub of b.subs) {
    const sg = s("g", { class: `fb-sub${sub.cause.root ? " is-root" : ""}${fresh.has(sub.cause.id) ? " fb-new" : ""}`,
      "data-testid": "fb-cause", "data-cause": sub.cause.id, "data-parent": cause.id });
    sg.append(s("title", {}, sub.cause.root ? `Root cause: ${sub.cause.text}` : sub.cause.text));
    const sh = sub.lines.length * LINE * fs;
    if (sub.cause.root) {
      sg.append(s("rect", { x: left + indent - 0.2 * fs, y: y - 0.05 * fs, width: right - left - indent + 0.25 * fs, height: sh + 0.1 * fs,
        rx: 0.2 * fs, fill: ROOT_FILL, stroke: INK, "stroke-width": 1.5 }));
    }
    const t = s("text", { class: "fb-sub-text", "font-size": fs, "font-weight": sub.cause.root ? 800 : 600, fill: "#1a1a1a" });
    sub.lines.forEach((line, n) => t.append(s("tspan", { x: left + indent, y: y + n * LINE * fs + 0.9 * fs }, line)));
    const mid = y + 0.62 * fs;
    sg.append(s("line", { x1: stemX, y1: mid, x2: left + indent - 0.25 * fs, y2: mid, stroke: BONE, "stroke-width": 1.5 }), t);
    if (showVotes && sub.cause.votes) sg.append(pill(sub.cause.votes, right, y + 0.05 * fs, 0.72 * f, 0.95 * fs, sub.pill));
    grp.append(sg);
    lastMid = mid;
    y += sh + 0.18 * f;
  }
  if (lastMid != null) grp.insertBefore(s("line", { x1: stemX, y1: ribY, x2: stemX, y2: lastMid, stroke: BONE, "stroke-width": 1.5 }), grp.children[1]);
  return grp;
}

function pill(n, right, y, size, height, width) {
  const w = width - 0.2 * size;
  return s("g", { class: "fb-pill", "data-testid": "fb-votes", "aria-label": `${n} votes` },
    s("rect", { x: right - w, y, width: w, height, rx: height / 2, fill: n ? INK : "#5a6270" }),
    s("text", { x: right - w / 2, y: y + height * 0.74, "text-anchor": "middle", "font-size": size, "font-weight": 800, fill: "#fff" }, String(n)));
}

// What the room needs to know, under the head: counts, marking, and the legend.
function drawNotes(m, notes, legend, x, width, H, pad, u) {
  const fn = 0.75 * u;
  const lines = notes.flatMap((t) => wrap(m, t, width, fn, 700, 3).lines);
  const height = (lines.length + (legend ? 1.3 : 0)) * 1.25 * fn;
  const y0 = H - pad - height;
  const g = s("g", { class: "fb-notes", "data-testid": "fb-caption" });
  lines.forEach((t, n) => g.append(s("text", { x, y: y0 + n * 1.25 * fn + 0.95 * fn, "font-size": fn, "font-weight": 700, fill: BONE }, t)));
  if (legend) {
    const y = y0 + lines.length * 1.25 * fn + 0.3 * fn;
    g.append(s("rect", { x, y, width: 1.4 * fn, height: 1.05 * fn, rx: 0.2 * fn, fill: ROOT_FILL, stroke: INK, "stroke-width": 1.5 }),
      s("text", { x: x + 1.8 * fn, y: y + 0.9 * fn, "font-size": fn, "font-weight": 800, fill: INK }, "Root cause"));
  }
  return { g, height };
}

function drawHead(m, problem, headX, hw, spineY, u, topLimit, botLimit) {
  const maxH = botLimit - topLimit;
  const text = problem || "The problem goes here";
  const padX = 0.6 * u;
  let fp = 1.15 * u;
  let lines;
  for (;;) {
    const maxLines = Math.max(1, Math.floor((maxH - 2.2 * u) / (1.18 * fp)));
    const got = wrap(m, text, hw - 2 * padX, fp, 750, maxLines);
    lines = got.lines;
    if (!got.clipped || fp <= 0.62 * u) break;
    fp *= 0.92;
  }
  const kicker = 0.62 * u;
  const boxH = Math.min(maxH, lines.length * 1.18 * fp + kicker * 1.4 + 1.0 * u);
  const neck = Math.min(boxH / 2, 1.6 * u);
  // Centred on the spine where it can be; always touching it.
  const y = Math.max(topLimit, Math.min(spineY - boxH / 2, botLimit - boxH));
  const g = s("g", { class: "fb-head", "data-testid": "fb-problem" },
    s("path", { d: `M${headX - 0.95 * u} ${spineY} L${headX + 2} ${spineY - neck} L${headX + 2} ${spineY + neck} Z`, fill: NAVY }),
    s("rect", { x: headX, y, width: hw, height: boxH, rx: 0.9 * u, fill: NAVY }),
    s("text", { x: headX + padX, y: y + 0.5 * u + kicker * 0.9, "font-size": kicker, "font-weight": 800, fill: "#c8d3e6",
      "letter-spacing": "0.08em" }, "THE PROBLEM"));
  const t = s("text", { class: "fb-head-text", "font-size": fp, "font-weight": 750, fill: problem ? "#fff" : "#c8d3e6",
    "font-style": problem ? null : "italic" });
  lines.forEach((line, n) => t.append(s("tspan", { x: headX + padX, y: y + 0.5 * u + kicker * 1.4 + n * 1.18 * fp + 0.9 * fp }, line)));
  g.append(t);
  return g;
}
