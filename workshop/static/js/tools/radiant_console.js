// Radiant thinking as the facilitator runs it: the theme, the map as an indented tree with every
// idea (hidden ones marked), and per idea rename, hide or show, move to… (with what grows from it),
// merge into… (what grows from it moves to the other idea) and delete. Only moves and merges that
// keep the map within its depth, and never under itself, are offered; the server checks them too.
import { h, reconcile, button, truncate } from "../dom.js";
import { MAX_TEXT, MAX_THEME, SAVE_TEXT, plural, treeOf, walk } from "./radiant_common.js";
import { importChoice, importSources } from "./import_sources.js";

const CENTRE = "centre";

function build(el) {
  const ui = { mode: null };
  ui.themeInput = h("input", { id: "rt-theme", class: "input rt-theme-input", maxlength: MAX_THEME, testid: "theme-input",
    placeholder: "The theme in the centre…" });
  const themeForm = h("form", { class: "inline-form rt-theme-form", testid: "theme-form" },
    h("label", { for: "rt-theme" }, "Theme"), ui.themeInput,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "theme-save" }, "Set theme"));
  themeForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.themeInput.value.trim();
    if (!text) { ui.themeInput.focus(); return; }
    ui.ctx.send("radiant.theme", { text });
    ui.themeDirty = false;
  });
  ui.themeInput.addEventListener("input", () => { ui.themeDirty = true; });

  ui.addInput = h("input", { id: "rt-fac-add", class: "input", maxlength: MAX_TEXT, placeholder: "Add an idea as facilitator…",
    testid: "fac-node-input" });
  ui.addUnder = h("select", { class: "select rt-select", "aria-label": "Add it under", testid: "fac-node-parent" });
  const addForm = h("form", { class: "inline-form", testid: "fac-add" },
    h("label", { for: "rt-fac-add", class: "visually-hidden" }, "Add an idea"), ui.addInput, h("span", null, "under"), ui.addUnder,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fac-node-submit" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addInput.value.trim();
    if (!text) { ui.addInput.focus(); return; }
    ui.ctx.send("radiant.add", { text, parent: ui.addUnder.value === CENTRE ? null : ui.addUnder.value });
    ui.addInput.value = "";
  });

  ui.anon = h("input", { type: "checkbox", id: "rt-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("radiant.settings", { anonymous: ui.anon.checked }));

  ui.importFrom = h("select", { class: "select rt-select", id: "rt-import", testid: "import-from" });
  ui.importUnder = h("select", { class: "select rt-select", "aria-label": "Bring them in under", testid: "import-parent" });
  const importBtn = button("Bring cards", () => {
    const value = ui.importFrom.value;
    const choice = value === "key_messages" ? { from: "key_messages" } : importChoice(value);
    if (!choice) { ui.importFrom.focus(); return; }
    const parent = ui.importUnder.value === CENTRE ? null : ui.importUnder.value;
    ui.ctx.send("activity.import", { ...choice, ...(parent ? { parent } : {}) });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });

  ui.summary = h("p", { class: "muted wall-summary", testid: "node-count" });
  ui.tree = h("ul", { class: "rt-ftree", testid: "radiant-tree" });
  ui.empty = h("p", { class: "muted" }, "No ideas on the map yet.");
  el.replaceChildren(
    h("div", { class: "tool-bar" }, themeForm, addForm,
      h("label", { class: "check", for: "rt-anon" }, ui.anon, " Anonymous"),
      h("span", { class: "inline-form" }, h("label", { for: "rt-import" }, "From"), ui.importFrom,
        h("span", null, "under"), ui.importUnder, importBtn)),
    ui.summary, ui.empty, ui.tree);
  return ui;
}

// Every idea with its depth and how many levels grow from it (itself included).
function measure(branches) {
  const rows = [];
  const heightOf = (n) => 1 + Math.max(0, ...n.kids.map(heightOf));
  walk(branches, (n, depth) => rows.push({ n, depth, height: heightOf(n) }));
  return rows;
}

function within(n, id) {
  if (n.id === id) return true;
  return n.kids.some((k) => within(k, id));
}

function optionLabel(row) {
  return `${"– ".repeat(row.depth - 1)}${truncate(row.n.text, 44)}`;
}

function fillSelect(select, rows, keep, maxDepth, first) {
  const sig = JSON.stringify([rows.map((r) => [r.n.id, r.n.text, r.depth]), maxDepth]);
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  const value = select.value;
  select.replaceChildren(h("option", { value: CENTRE }, first),
    ...rows.filter((r) => r.depth < maxDepth).map((r) => h("option", { value: r.n.id }, optionLabel(r))));
  if ([...select.options].some((o) => o.value === value)) select.value = keep ? value : CENTRE;
}

function row(ui, r, rows) {
  if (ui.mode && ui.mode.id === r.n.id) return ui.mode.el;
  const { n, depth, height } = r;
  const ctx = ui.ctx;
  const max = ui.maxDepth;
  const p = ctx.pending.filter((x) => x.payload && x.payload.node === n.id).pop();
  const source = n.source && ui.titles.get(n.source.activity);
  // Where it may go: the centre, or an idea outside its own subtree with room for its levels.
  const moveTo = rows.filter((o) => !within(n, o.n.id) && o.depth + height <= max && o.n.id !== n.parent);
  const move = h("select", { class: "select select-small rt-select", "aria-label": `Move “${truncate(n.text, 40)}” to`, testid: "node-move" },
    h("option", { value: "" }, "Move to…"),
    n.parent != null && height <= max ? h("option", { value: CENTRE }, "the centre") : null,
    moveTo.map((o) => h("option", { value: o.n.id }, optionLabel(o))));
  move.addEventListener("change", () => {
    if (!move.value) return;
    ctx.send("radiant.move", { node: n.id, parent: move.value === CENTRE ? null : move.value });
  });
  const mergeInto = rows.filter((o) => !within(n, o.n.id) && o.depth + height - 1 <= max);
  const merge = h("select", { class: "select select-small rt-select", "aria-label": `Merge “${truncate(n.text, 40)}” into`, testid: "node-merge" },
    h("option", { value: "" }, "Merge into…"), mergeInto.map((o) => h("option", { value: o.n.id }, optionLabel(o))));
  merge.addEventListener("change", () => {
    if (!merge.value) return;
    const into = rows.find((o) => o.n.id === merge.value);
    if (confirm(`Merge “${truncate(n.text, 60)}” into “${truncate(into ? into.n.text : "", 60)}”?`
      + (n.kids.length ? `\n\nIts ${plural(n.kids.length, "idea")} will move there too.` : ""))) {
      ctx.send("radiant.merge", { node: n.id, into: merge.value });
    } else {
      merge.value = "";
    }
  });
  return h("li", { class: `rt-frow rt-depth-${depth}${n.hidden ? " is-hidden" : ""}${n.shown === false && !n.hidden ? " is-under-hidden" : ""}`,
    style: `--depth:${depth - 1};--c:${n.colour}`, testid: "node", dataset: { node: n.id, depth: String(depth) } },
  h("div", { class: "rt-frow-main" },
    h("p", { class: "rt-ftext" }, n.text),
    h("span", { class: "card-meta" },
      n.hidden ? h("span", { class: "badge badge-hidden", testid: "node-hidden" }, "Hidden") : null,
      n.shown === false && !n.hidden ? h("span", { class: "badge badge-hidden" }, "Under a hidden idea") : null,
      n.merged && n.merged.length ? h("span", { class: "badge", title: "Ideas merged into this one" }, `×${n.merged.length + 1}`) : null,
      n.author ? h("span", { class: "card-author" }, n.author) : null,
      source ? h("span", { class: "card-source", title: "Brought from an earlier activity" }, `from “${truncate(source, 30)}”`) : null,
      p ? h("span", { class: `save save-${p.status}`, "aria-live": "polite" }, SAVE_TEXT[p.status]) : null)),
  h("div", { class: "rt-factions" },
    button("Rename", () => renameMode(ui, n), { class: "btn btn-small btn-secondary", testid: "node-rename" }),
    button(n.hidden ? "Show" : "Hide", () => ctx.send(`radiant.${n.hidden ? "unhide" : "hide"}`, { node: n.id }),
      { class: "btn btn-small btn-secondary", testid: n.hidden ? "node-unhide" : "node-hide" }),
    move, merge,
    button("Delete", () => {
      if (confirm(`Delete this idea?\n\n${truncate(n.text, 120)}`)) ctx.send("radiant.delete", { node: n.id });
    }, { class: "btn btn-small btn-danger", testid: "node-delete" })));
}

function renameMode(ui, n) {
  const input = h("input", { class: "input", maxlength: MAX_TEXT, "aria-label": "The idea's words", testid: "node-rename-input" });
  input.value = n.text;
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "inline-form rt-rename", onsubmit: (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (text !== n.text) ui.ctx.send("radiant.edit", { node: n.id, text });
    done();
  } }, input,
  h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "node-rename-save" }, "Save"),
  button("Cancel", done, { class: "btn btn-small btn-secondary" }));
  ui.mode = { id: n.id, el: h("li", { class: "rt-frow is-editing", style: `--depth:${n.depth - 1}`, testid: "node", dataset: { node: n.id } }, form) };
  ui.rerender();
  input.focus();
  input.select();
}

export function facilitator(el, activity, ctx) {
  const ui = el.__radiantConsole || (el.__radiantConsole = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx), maxDepth: view.max_depth || 1 });
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  const { branches, byId } = treeOf(view, true);
  if (ui.mode && !byId.has(ui.mode.id)) ui.mode = null;
  ui.anon.checked = !!view.anonymous;
  if (!ui.themeDirty && document.activeElement !== ui.themeInput) ui.themeInput.value = view.theme || "";

  const rows = measure(branches);
  fillSelect(ui.addUnder, rows, true, ui.maxDepth, "the centre");
  fillSelect(ui.importUnder, rows, true, ui.maxDepth, "the centre");
  const sources = importSources(ctx.state.agenda, activity);
  const keyMessages = ctx.boot && ctx.boot.key_messages;
  const sig = JSON.stringify([keyMessages, sources]);
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      keyMessages ? h("option", { value: "key_messages" }, `The review's key messages (${keyMessages})`) : null,
      ...sources.map((s) => h("option", { value: s.value }, s.label)));
  }

  const hidden = rows.filter((r) => r.n.hidden).length;
  ui.summary.textContent = `${plural(rows.length, "idea")} in ${plural(branches.length, "branch", "branches")}` + (hidden ? ` · ${hidden} hidden` : "");
  ui.empty.hidden = rows.length > 0;
  reconcile(ui.tree, rows.map((r) => row(ui, r, rows)));
}
