// Shared bits of radiant thinking's three screens: the map as a tree, and each branch's colour.
import { limit } from "../limits.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const MAX_TEXT = limit("radiant.text");
export const MAX_THEME = limit("radiant.theme");

// Branch colours: dark enough for white text on a branch, and for the lines and borders of
// everything that grows from it (each at least 4.5:1 against white).
export const COLOURS = ["#1d5fa8", "#a3341d", "#2f6b1f", "#6b3fa0", "#8a5a00", "#0f6f73", "#a0306b", "#4a5568"];

export function colourOf(index) {
  return COLOURS[index % COLOURS.length];
}

// The view's nodes (depth first) as a tree: [{...node, kids: [...]}] for the branches, and a
// map by id. Nodes the room may not see (a facilitator's hidden ones) go only if `all`.
export function treeOf(view, all = false) {
  const byId = new Map();
  const branches = [];
  for (const n of view.nodes || []) {
    if (!all && (n.hidden || n.shown === false)) continue;
    const node = { ...n, kids: [] };
    byId.set(n.id, node);
    const parent = n.parent == null ? null : byId.get(n.parent);
    if (n.parent == null) branches.push(node);
    else if (parent) parent.kids.push(node);
  }
  branches.forEach((b, i) => { b.colour = colourOf(i); walk(b.kids, (k) => { k.colour = b.colour; }); });
  return { branches, byId };
}

export function walk(nodes, fn, depth = 1) {
  for (const n of nodes) {
    fn(n, depth);
    walk(n.kids, fn, depth + 1);
  }
}

// How many nodes a subtree holds, itself included.
export function sizeOf(node) {
  return 1 + node.kids.reduce((a, k) => a + sizeOf(k), 0);
}

export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}
