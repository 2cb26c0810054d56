// Shared bits of the five whys screens: the tree, the question label, the read-back.
import { h } from "../dom.js";
import { limit } from "../limits.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const PROBLEM = "problem";
export const MAX_TEXT = limit("five_whys.text");
export const MAX_PROBLEM = limit("five_whys.problem");

export function model(view) {
  const answers = view.answers || [];
  const byId = new Map(answers.map((a) => [a.id, a]));
  const accepted = answers.filter((a) => a.status === "accepted");
  const childrenOf = (id) => accepted.filter((a) => a.parent === id);
  const proposalsTo = (id) => answers.filter((a) => a.parent === id && a.status === "proposed");
  const rejectedTo = (id) => answers.filter((a) => a.parent === id && a.status === "rejected");
  // The path of questions from the problem down to `id` (ids, not including the problem).
  const pathTo = (id) => {
    const path = [];
    let node = byId.get(id);
    while (node) { path.unshift(node.id); node = byId.get(node.parent); }
    return path;
  };
  return { answers, byId, accepted, childrenOf, proposalsTo, rejectedTo, pathTo };
}

// Depth-first rows of the accepted tree; `indent` grows only where the tree branches, so one
// chain reads as a straight ladder.
// Branches are named A, B… at the first fork, A1, A2… inside A, and so on; `lane` is the
// top-level branch (for its colour).
export function ladderRows(m) {
  const rows = [];
  const walk = (id, indent, label, lane) => {
    const kids = m.childrenOf(id);
    kids.forEach((kid, i) => {
      const fork = kids.length > 1;
      const mark = indent % 2 === 0 ? String.fromCharCode(65 + (i % 26)) : String(i + 1);
      const name = fork ? label + mark : label;
      const kidLane = fork && !label ? i : lane;
      rows.push({ node: kid, indent: indent + (fork ? 1 : 0), branchStart: fork, branch: name, lane: kidLane });
      walk(kid.id, indent + (fork ? 1 : 0), name, kidLane);
    });
  };
  walk(PROBLEM, 0, "", 0);
  return rows;
}

// "Why? 3 of 5", and honest about going past the guide.
export function whyLabel(question, target) {
  const n = question.why;
  return n <= target ? `Why? ${n} of ${target}` : `Why? ${n} — past the usual ${target}`;
}

export function questionText(view) {
  return view.question ? view.question.text : view.problem;
}

// Each chain read from its last answer back to the problem: "…, which is why …".
export function readbackChains(view) {
  const m = model(view);
  return (view.chains || []).map((chain) => {
    const texts = chain.path.map((id) => (m.byId.get(id) || {}).text || "");
    return { root: chain.root_cause, lines: [...texts.reverse(), view.problem], path: chain.path };
  });
}

export function statusChip(status, rootCause) {
  if (rootCause) return h("span", { class: "fw-chip fw-chip-root" }, "Root cause");
  const text = { proposed: "Proposed", accepted: "Accepted ✓", rejected: "Not taken forward",
    set_aside: "Set aside for now" }[status] || status;
  return h("span", { class: `fw-chip fw-chip-${status}` }, text);
}

// Shrink a box's type (via a CSS variable) until its lists stop overflowing.
export function fitEm(host, lists, varName, start, min) {
  const overflows = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  let em = start;
  host.style.setProperty(varName, `${em}em`);
  while (em > min && lists.some(overflows)) {
    em = Math.max(min, em * 0.92);
    host.style.setProperty(varName, `${em}em`);
  }
  return lists.filter(overflows);
}

// replaceChildren that skips the nulls of optional parts (it would print "null").
export function fill(el, ...kids) {
  el.replaceChildren(...kids.flat(Infinity).filter((k) => k != null && k !== false));
}

export function overflows(el) {
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}
