// Shared bits of the fishbone's three screens.
import { h } from "../dom.js";
import { limit } from "../limits.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const MAX_TEXT = limit("fishbone.text");
export const MAX_PROBLEM = limit("fishbone.problem");
export const MAX_BONES = limit("fishbone.bones");
export const MAX_BONE_TITLE = limit("fishbone.bone_title");

// Causes per bone, each main cause with its sub-causes, in the order they were added.
// Causes on a bone the view doesn't know (never expected) go on the first bone, not nowhere.
export function tree(view, causes = view.causes || []) {
  const bones = view.bones || [];
  const known = new Set(bones.map((b) => b.id));
  const ids = new Set(causes.map((c) => c.id));
  const subs = new Map();
  for (const c of causes) {
    if (c.parent && ids.has(c.parent)) {
      if (!subs.has(c.parent)) subs.set(c.parent, []);
      subs.get(c.parent).push(c);
    }
  }
  const mains = causes.filter((c) => !c.parent || !ids.has(c.parent));
  return bones.map((b, n) => ({
    ...b,
    causes: mains.filter((c) => c.bone === b.id || (n === 0 && !known.has(c.bone)))
      .map((c) => ({ ...c, subs: subs.get(c.id) || [] })),
  }));
}

export function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}

export function voteBadge(n, props = {}) {
  return h("span", { class: "fb-votes", ...props }, plural(n, "vote"));
}

export function rootBadge() {
  return h("span", { class: "fb-root-badge" }, "Root cause");
}
