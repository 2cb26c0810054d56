// Radiant thinking on a phone: the map as an indented list, the theme on top. Add a branch off the
// centre, or "+ add under this" on any idea (while the map goes deeper there); your own ideas are
// marked, with edit and delete. A change shows as saved only once the server confirmed it.
import { h, reconcile, button } from "../dom.js";
import { MAX_TEXT, SAVE_TEXT, freshRejection, plural, treeOf, walk } from "./radiant_common.js";
import { refusedLine, noteRefusal, showRefusal, counter, ownEditForm } from "./saving.js";

const TYPES = ["radiant.add", "radiant.edit", "radiant.delete"];

function build(el) {
  const ui = { seen: new Set(), errors: new Map(), editing: null, sub: null, items: new Map() };
  ui.theme = h("p", { class: "rt-phone-theme-text", testid: "rt-phone-theme" });
  ui.themeCard = h("div", { class: "rt-phone-theme" }, h("p", { class: "rt-kicker" }, "The theme"), ui.theme);
  ui.input = h("textarea", { id: "rt-input", class: "idea-input", testid: "branch-input", rows: 2, maxlength: MAX_TEXT,
    placeholder: "Something connected to the theme", "aria-describedby": "rt-count rt-error" });
  ui.count = h("span", { id: "rt-count", class: "hint counter" }, `0/${MAX_TEXT}`);
  const resetCount = counter(ui.input, ui.count, MAX_TEXT);
  ui.input.addEventListener("input", () => { ui.error.textContent = ""; });
  ui.error = h("p", { id: "rt-error", class: "error", testid: "branch-error", "aria-live": "polite" });
  ui.form = h("form", { class: "compose", testid: "compose" },
    h("label", { for: "rt-input", class: "compose-label" }, "A new branch off the theme"),
    ui.input, h("div", { class: "compose-foot" }, ui.count), ui.error,
    h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "branch-submit" }, "Add branch"));
  ui.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text) { ui.error.textContent = "Type an idea first."; ui.input.focus(); return; }
    ui.ctx.send("radiant.add", { text, parent: null });
    ui.input.value = "";
    resetCount();
    ui.input.focus();
  });
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.refused = refusedLine();
  ui.listHead = h("h2", { class: "list-head", testid: "radiant-count" });
  ui.list = h("ul", { class: "rt-list", testid: "radiant-list" });
  ui.empty = h("p", { class: "muted rt-phone-empty" }, "No branches yet. Add the first one!");
  el.replaceChildren(ui.themeCard, ui.form, ui.closed, ui.refused, ui.listHead, ui.empty, ui.list);
  return ui;
}

function statusLine(status) {
  return h("span", { class: `save save-${status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[status] || status);
}

function body(ui, n, depth) {
  const ctx = ui.ctx;
  const p = ctx.pending.filter((x) => x.payload && x.payload.node === n.id).pop();
  const mine = ui.mine.has(n.id);
  const text = p && p.type === "radiant.edit" ? p.payload.text : n.text;
  const deleting = p && p.type === "radiant.delete";
  const actions = [];
  if (ui.open && depth < ui.maxDepth && !deleting) {
    actions.push(button("+ add under this", () => openSub(ui, n), { class: "btn btn-small btn-secondary rt-add-under",
      testid: "add-under", "aria-label": `+ add under this: ${n.text}` }));
  }
  if (mine && ui.open && !deleting) {
    actions.push(button("Edit", () => startEdit(ui, n.id, text), { class: "btn btn-small btn-secondary", testid: "node-edit" }),
      button("Delete", () => { if (confirm("Delete this idea?")) ctx.send("radiant.delete", { node: n.id }); },
        { class: "btn btn-small btn-danger", testid: "node-delete" }));
  }
  const error = ui.errors.get(n.id);
  return h("div", { class: "rt-item-body", style: `--c:${n.colour}` },
    h("p", { class: "idea-text" }, text),
    (n.author || mine) ? h("p", { class: "rt-item-meta" },
      n.author ? h("span", { class: "idea-author" }, n.author) : null,
      mine ? h("span", { class: "rt-yours", testid: "yours" }, "yours") : null) : null,
    error ? h("p", { class: "error", role: "alert" }, error) : null,
    (mine || actions.length) ? h("div", { class: "idea-foot" },
      mine ? (deleting ? h("span", { class: "save save-saving" }, "deleting…") : statusLine(p ? p.status : "saved")) : h("span"),
      actions.length ? h("span", { class: "idea-actions" }, actions) : null) : null);
}

function startEdit(ui, id, text) {
  ui.errors.delete(id);
  const { form, area } = ownEditForm(ui, { text, max: MAX_TEXT, rows: 2, label: "Edit your idea", testid: "node",
    emptyText: "An idea can't be empty.", save: (t) => ui.ctx.send("radiant.edit", { node: id, text: t }) });
  ui.editing = { id, form };
  ui.rerender();
  area.focus();
}

function openSub(ui, n) {
  const area = h("textarea", { class: "idea-input", maxlength: MAX_TEXT, rows: 2, id: `rt-under-${n.id}`, testid: "under-input" });
  const error = h("p", { class: "error", "aria-live": "polite" });
  const done = () => { ui.sub = null; ui.rerender(); };
  const form = h("form", { class: "rt-under", testid: "under-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) { error.textContent = "Type an idea first."; area.focus(); return; }
    ui.ctx.send("radiant.add", { text, parent: n.id });
    done();
  } },
  h("label", { for: `rt-under-${n.id}`, class: "compose-label" }, `Under “${n.text}”`), area, error,
  h("div", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary", testid: "under-submit" }, "Add"),
    button("Cancel", done, { class: "btn btn-secondary" })));
  ui.sub = { id: n.id, form: h("li", { class: "rt-item rt-sub-form", style: `--depth:${n.depth}` }, form) };
  ui.rerender();
  area.focus();
}

function pendingItem(p, depth) {
  return h("li", { class: `rt-item is-mine is-pending rt-depth-${depth}`, style: `--depth:${depth - 1}`, testid: "pending-node" },
    h("div", { class: "rt-item-body" }, h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, statusLine(p.status))));
}

export function phone(el, activity, ctx) {
  const ui = el.__radiantPhone || (el.__radiantPhone = build(el));
  const view = activity.view || {};
  const { branches, byId } = treeOf(view);
  Object.assign(ui, { ctx, open: !!activity.open, rerender: () => phone(el, activity, ui.ctx),
    mine: new Set((ctx.private && ctx.private.mine) || []), maxDepth: view.max_depth || 1 });
  if (ui.editing && !byId.has(ui.editing.id)) ui.editing = null;
  if (ui.sub && !byId.has(ui.sub.id)) ui.sub = null;

  const rejected = freshRejection(ctx, TYPES, ui.seen);
  if (rejected && rejected.entry.type === "radiant.add" && !rejected.entry.payload.parent) {
    ui.error.textContent = rejected.message;
    if (!ui.input.value) ui.input.value = rejected.entry.payload.text;
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected && rejected.entry.type === "radiant.add") {
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected) {
    ui.errors.set(rejected.entry.payload.node, rejected.message);
  }

  ui.theme.textContent = view.theme || "";
  ui.themeCard.hidden = !view.theme;
  ui.form.hidden = !ui.open;
  ui.closed.hidden = ui.open;
  showRefusal(ui.refused, ui.open || !!rejected);

  const pendingAdds = ctx.pending.filter((p) => p.type === "radiant.add" && p.payload);
  const items = [];
  let count = 0;
  walk(branches, (n, depth) => {
    count += 1;
    let li = ui.items.get(n.id);
    if (!li) { li = h("li"); ui.items.set(n.id, li); }
    li.className = `rt-item rt-depth-${depth}${ui.mine.has(n.id) ? " is-mine" : ""}`;
    li.dataset.testid = "node";
    li.dataset.node = n.id;
    li.style.setProperty("--depth", String(depth - 1));
    reconcile(li, [ui.editing && ui.editing.id === n.id ? ui.editing.form : body(ui, n, depth)]);
    items.push(li);
    // What is added under it (saving, or the open form) goes right after its last descendant:
    // placed here, before its children, they would read as its first child anyway.
    if (!n.kids.length) closeAfter(ui, n, items, pendingAdds, byId);
  });
  for (const p of pendingAdds.filter((x) => !x.payload.parent)) items.push(pendingItem(p, 1));
  reconcile(ui.list, items);
  ui.listHead.textContent = `The map so far (${plural(count, "idea")})`;
  ui.empty.hidden = count > 0;
}

// After a leaf: the pending adds and open form of it and of each ancestor whose last child it ends.
function closeAfter(ui, leaf, items, pendingAdds, byId) {
  let n = leaf;
  while (n) {
    for (const p of pendingAdds.filter((x) => x.payload.parent === n.id)) items.push(pendingItem(p, n.depth + 1));
    if (ui.sub && ui.sub.id === n.id && ui.open) items.push(ui.sub.form);
    const parent = n.parent == null ? null : byId.get(n.parent);
    if (!parent || parent.kids[parent.kids.length - 1] !== n) break;
    n = parent;
  }
}
