// The fishbone as the facilitator runs it: the problem, the bones, every cause (hidden ones
// marked) with edit / hide / move / merge / delete, root causes, marking and cards brought in.
import { h, reconcile, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { MAX_TEXT, MAX_PROBLEM, SAVE_TEXT, tree, plural, voteBadge, rootBadge } from "./fishbone_common.js";
import { boneEditor } from "./fishbone_bones.js";
import { importChoice, importSources } from "./import_sources.js";

function options(select, items, value, sigExtra = "") {
  const sig = JSON.stringify([items, value, sigExtra]);
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  select.replaceChildren(...items.map((o) => o.group
    ? h("optgroup", { label: o.group }, o.items.map((x) => h("option", { value: x.value, selected: x.value === value }, x.label)))
    : h("option", { value: o.value, selected: o.value === value }, o.label)));
}

function build(el) {
  const ui = { mode: null, groups: new Map(), threads: new Map() };
  const send = (type, payload) => ui.ctx.send(type, payload);

  ui.problem = h("textarea", { id: "fb-problem", class: "input fb-problem-input", rows: 2, maxlength: MAX_PROBLEM,
    placeholder: "State the problem in one sentence…", testid: "problem-input" });
  const problemForm = h("form", { class: "fb-problem-form", testid: "problem-form" },
    h("label", { for: "fb-problem", class: "fb-label" }, "The problem (head of the fish)"), ui.problem,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "problem-save" }, "Set problem"));
  problemForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.problem.value.trim();
    if (text) send("fishbone.problem", { text });
  });

  ui.addText = h("input", { id: "fb-add", class: "input", maxlength: MAX_TEXT, placeholder: "Add a cause as facilitator…", testid: "fac-cause-input" });
  ui.addBone = h("select", { class: "select", "aria-label": "Bone for the new cause", testid: "fac-cause-bone" });
  const addForm = h("form", { class: "inline-form", testid: "fac-add" },
    h("label", { for: "fb-add", class: "visually-hidden" }, "Add a cause"), ui.addText, ui.addBone,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fac-cause-submit" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addText.value.trim();
    if (!text || !ui.addBone.value) return;
    send("fishbone.add", { bone: ui.addBone.value, text, parent: null });
    ui.addText.value = "";
  });

  ui.anon = h("input", { type: "checkbox", id: "fb-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => send("fishbone.settings", { anonymous: ui.anon.checked }));
  ui.bones = boneEditor((payload) => send("fishbone.bones", payload));
  const bonesBtn = button("Bones…", () => ui.bones.toggle(ui.view.bones || []),
    { class: "btn btn-small btn-secondary", testid: "bones-edit", "aria-controls": "fb-bone-editor" });

  // The board shows the whole fishbone, or enlarges one bone so all its causes are readable.
  ui.focus = h("select", { class: "select", id: "fb-focus", testid: "board-focus" });
  ui.focus.addEventListener("change", () => send("fishbone.focus", { bone: ui.focus.value || null }));

  ui.importFrom = h("select", { class: "select", id: "fb-import", testid: "import-from" });
  ui.importBone = h("select", { class: "select", "aria-label": "Onto which bone", testid: "import-bone" });
  const importBtn = button("Bring cards", () => {
    const choice = importChoice(ui.importFrom.value);
    if (choice) send("activity.import", { ...choice, bone: ui.importBone.value });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });

  // Marking root causes.
  ui.modeSel = h("select", { class: "select", id: "fb-mode", testid: "mode" },
    h("option", { value: "vote" }, "Quick vote on phones"), h("option", { value: "pick" }, "Facilitator picks"));
  ui.modeSel.addEventListener("change", () => send("fishbone.settings", { mode: ui.modeSel.value }));
  ui.budget = h("input", { type: "number", min: 1, max: limit("fishbone.budget"), id: "fb-budget", class: "input fb-num", testid: "budget" });
  ui.budget.addEventListener("change", () => {
    const n = Number(ui.budget.value);
    if (Number.isInteger(n) && n >= 1 && n <= 10) send("fishbone.settings", { budget: n });
  });
  ui.budgetWrap = h("span", { class: "inline-form" }, h("label", { for: "fb-budget" }, "Marks each"), ui.budget);
  ui.markBtn = button("", () => send("fishbone.settings", { marking: !ui.view.marking }), { class: "btn btn-small btn-primary", testid: "marking-toggle" });
  ui.markedBy = h("span", { class: "muted", testid: "marked-by" });
  ui.topN = h("input", { type: "number", min: 1, max: 20, value: 3, id: "fb-top", class: "input fb-num", testid: "top-n" });
  ui.topBtn = button("Confirm top", () => {
    // The server picks the most-marked causes and asks (console_ties.js) rather than split a tie.
    const n = Math.min(limit("fishbone.causes"), Math.max(1, Math.round(Number(ui.topN.value)) || 1));
    if ((ui.view.causes || []).some((c) => c.shown !== false && (c.votes || 0) > 0)) send("fishbone.roots", { top: n });
  }, { class: "btn btn-small btn-secondary", testid: "confirm-top" });
  ui.topWrap = h("span", { class: "inline-form" }, ui.topBtn, h("label", { for: "fb-top", class: "visually-hidden" }, "How many"), ui.topN,
    h("span", { "aria-hidden": "true" }, "as root causes"));
  ui.clearRoots = button("Clear root causes", () => {
    if (confirm("Clear every root cause?")) send("fishbone.roots", { causes: [] });
  }, { class: "btn btn-small btn-secondary", testid: "roots-clear" });

  ui.summary = h("p", { class: "muted wall-summary", testid: "cause-count" });
  ui.roots = h("ol", { class: "fb-roots-list", testid: "roots" });
  ui.rootsBox = h("section", { class: "fb-roots panel" }, h("h3", { class: "fwall-title" }, "Root causes (the outcome, in rank order)"), ui.roots);
  ui.wall = h("div", { class: "fwall fb-fwall", testid: "wall" });
  el.replaceChildren(
    h("div", { class: "tool-bar fb-bar" }, problemForm),
    h("div", { class: "tool-bar" }, addForm,
      h("label", { class: "check", for: "fb-anon" }, ui.anon, " Anonymous"), bonesBtn,
      h("span", { class: "inline-form" }, h("label", { for: "fb-focus" }, "Board shows"), ui.focus),
      h("span", { class: "inline-form" }, h("label", { for: "fb-import" }, "From"), ui.importFrom,
        h("span", null, "onto"), ui.importBone, importBtn)),
    h("div", { class: "tool-bar", testid: "marking-bar" },
      h("span", { class: "inline-form" }, h("label", { for: "fb-mode" }, "Root causes by"), ui.modeSel),
      ui.budgetWrap, ui.markBtn, ui.markedBy, ui.topWrap, ui.clearRoots),
    ui.bones.el, ui.summary, ui.rootsBox, ui.wall);
  return ui;
}

function pendingFor(ui, id) {
  return ui.ctx.pending.filter((x) => x.payload && x.payload.cause === id).pop();
}

function moveOptions(ui, c) {
  const bones = (ui.view.bones || []).map((b) => ({ value: `bone:${b.id}`, label: c.parent ? `Main cause on ${b.title}` : b.title }));
  const under = (ui.view.causes || []).filter((x) => !x.parent && x.id !== c.id && x.id !== c.parent)
    .map((x) => ({ value: `under:${x.id}`, label: truncate(x.text, 50) }));
  const canGoUnder = !(ui.subsOf.get(c.id) || []).length;
  return [{ value: "", label: "Move to…" }, { group: "Bone", items: bones },
    ...(canGoUnder && under.length ? [{ group: "Under the cause", items: under }] : [])];
}

function causeEl(ui, c, isSub) {
  if (ui.mode && ui.mode.id === c.id) return ui.mode.el;
  const ctx = ui.ctx;
  const p = pendingFor(ui, c.id);
  const move = h("select", { class: "select select-small", "aria-label": `Move “${truncate(c.text, 40)}”`, testid: "cause-move" });
  options(move, moveOptions(ui, c), "");
  move.addEventListener("change", () => {
    const [kind, id] = move.value.split(":");
    if (kind === "bone") ctx.send("fishbone.move", { cause: c.id, bone: id, parent: null });
    else if (kind === "under") ctx.send("fishbone.move", { cause: c.id, parent: id });
  });
  const source = c.source && ui.titles.get(c.source.activity);
  return h("article", { class: `card fcard fb-fcard${c.hidden ? " is-hidden" : ""}${c.root ? " is-root" : ""}${isSub ? " is-sub" : ""}`,
    testid: "cause", dataset: { cause: c.id } },
  h("p", { class: "card-text" }, c.text),
  h("div", { class: "card-meta" },
    c.hidden ? h("span", { class: "badge badge-hidden", testid: "cause-hidden" }, "Hidden") : null,
    !c.hidden && c.shown === false ? h("span", { class: "badge badge-hidden" }, "Off the board (its cause is hidden)") : null,
    c.root ? rootBadge() : null,
    c.votes ? voteBadge(c.votes, { testid: "cause-votes" }) : null,
    c.author ? h("span", { class: "card-author" }, c.author) : null,
    c.merged.length ? h("span", { class: "card-merged", title: `${c.merged.length} duplicate(s) merged in` }, `×${c.merged.length + 1}`) : null,
    source ? h("span", { class: "card-source" }, `from “${truncate(source, 30)}”`) : null,
    p ? h("span", { class: `save save-${p.status}`, "aria-live": "polite" }, SAVE_TEXT[p.status]) : null),
  h("div", { class: "card-actions" },
    button(c.root ? "★ Root cause" : "☆ Root cause", () => ctx.send("fishbone.root", { cause: c.id, root: !c.root }),
      { class: `btn btn-small ${c.root ? "btn-primary" : "btn-secondary"}`, "aria-pressed": String(!!c.root), testid: "cause-root" }),
    button("Edit", () => editMode(ui, c), { class: "btn btn-small btn-secondary", testid: "cause-edit" }),
    button(c.hidden ? "Unhide" : "Hide", () => ctx.send(c.hidden ? "fishbone.unhide" : "fishbone.hide", { cause: c.id }),
      { class: "btn btn-small btn-secondary", testid: c.hidden ? "cause-unhide" : "cause-hide" }),
    button("Merge…", () => mergeMode(ui, c), { class: "btn btn-small btn-secondary", testid: "cause-merge" }),
    move,
    button("Delete", () => {
      if (confirm(`Delete this cause?\n\n${truncate(c.text, 120)}`)) ctx.send("fishbone.delete", { cause: c.id });
    }, { class: "btn btn-small btn-danger", testid: "cause-delete" })));
}

function modeCard(ui, c, body, onSubmit) {
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => { ev.preventDefault(); if (onSubmit() !== false) done(); } },
    body, h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Save"),
      button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  ui.mode = { id: c.id, el: h("article", { class: "card fcard is-editing", testid: "cause", dataset: { cause: c.id } }, form) };
  ui.rerender();
  form.querySelector("textarea, select").focus();
}

function editMode(ui, c) {
  const area = h("textarea", { class: "input", rows: 3, maxlength: MAX_TEXT, "aria-label": "Cause text", testid: "cause-edit-input" });
  area.value = c.text;
  modeCard(ui, c, area, () => {
    const text = area.value.trim();
    if (!text) return false;
    if (text !== c.text) ui.ctx.send("fishbone.edit", { cause: c.id, text });
  });
}

function mergeMode(ui, c) {
  const others = (ui.view.causes || []).filter((x) => x.id !== c.id && x.parent !== c.id);
  const select = h("select", { class: "select", "aria-label": "Merge into which cause?", testid: "merge-into" },
    others.map((x) => h("option", { value: x.id }, `${x.parent ? "  ↳ " : ""}${truncate(x.text, 60)}`)));
  modeCard(ui, c, [h("p", { class: "card-text" }, `Merge the duplicate “${truncate(c.text, 60)}” into:`), select], () => {
    if (select.value) ui.ctx.send("fishbone.merge", { cause: c.id, into: select.value });
  });
}

function renderBar(ui, view, activity) {
  if (document.activeElement !== ui.problem && ui.problem.dataset.last !== view.problem) {
    ui.problem.value = view.problem || "";
    ui.problem.dataset.last = view.problem || "";
  }
  ui.anon.checked = !!view.anonymous;
  const bones = (view.bones || []).map((b) => ({ value: b.id, label: b.title }));
  options(ui.addBone, bones, ui.addBone.value || (bones[0] && bones[0].value));
  options(ui.importBone, bones, ui.importBone.value || (bones[0] && bones[0].value));
  options(ui.focus, [{ value: "", label: "The whole fishbone" }, ...bones.map((b) => ({ value: b.value, label: `Focus: ${b.label}` }))],
    view.focus || "");
  const sources = importSources(ui.ctx.state.agenda, activity);
  options(ui.importFrom, [{ value: "", label: "an earlier activity…" }, ...sources], ui.importFrom.value);

  const vote = view.mode === "vote";
  ui.modeSel.value = view.mode;
  if (document.activeElement !== ui.budget) ui.budget.value = view.budget;
  ui.budgetWrap.hidden = !vote;
  ui.markBtn.hidden = !vote;
  ui.markBtn.textContent = view.marking ? "Stop marking" : "Start marking";
  ui.markBtn.className = `btn btn-small ${view.marking ? "btn-danger" : "btn-primary"}`;
  ui.markBtn.title = activity.open ? "" : "Phones can mark only while input is open";
  ui.markedBy.hidden = !vote;
  ui.markedBy.textContent = `${plural(view.marked_by || 0, "person has", "people have")} marked` +
    (view.results ? " · votes shown" : " · votes hidden from the room");
  ui.topWrap.hidden = !vote;
  ui.clearRoots.hidden = !(view.roots || []).length;
}

export function facilitator(el, activity, ctx) {
  const ui = el.__fishboneConsole || (el.__fishboneConsole = build(el));
  const view = activity.view || {};
  const causes = view.causes || [];
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  ui.subsOf = new Map();
  for (const c of causes) if (c.parent) ui.subsOf.set(c.parent, [...(ui.subsOf.get(c.parent) || []), c]);
  if (ui.mode && !causes.some((c) => c.id === ui.mode.id)) ui.mode = null;
  renderBar(ui, view, activity);

  const hidden = causes.filter((c) => c.hidden).length;
  ui.summary.textContent = `${plural(causes.length, "cause")}` + (hidden ? ` · ${hidden} hidden` : "") +
    ` · ${plural((view.roots || []).length, "root cause")}`;

  const byId = new Map(causes.map((c) => [c.id, c]));
  ui.roots.replaceChildren(...(view.roots || []).map((id) => byId.get(id)).filter(Boolean).map((c) =>
    h("li", { class: "fb-root-item", testid: "root-item" }, c.text,
      h("span", { class: "muted" }, ` — ${(view.bones || []).find((b) => b.id === c.bone)?.title || ""}`),
      c.votes ? h("span", null, " ", voteBadge(c.votes)) : null)));
  ui.rootsBox.hidden = !(view.roots || []).length;

  const sections = tree(view).map((bone) => {
    let sec = ui.groups.get(bone.id);
    if (!sec) {
      sec = { title: h("h3", { class: "fwall-title" }), list: h("div", { class: "fb-fcauses" }) };
      sec.el = h("section", { class: "fwall-group", testid: "bone-group", dataset: { bone: bone.id } }, sec.title, sec.list);
      ui.groups.set(bone.id, sec);
    }
    const n = bone.causes.reduce((a, c) => a + 1 + c.subs.length, 0);
    sec.title.textContent = `${bone.title} (${n})`;
    // Threads are reused, so a cause being edited keeps its place (and the caret) across pushes.
    const nodes = bone.causes.map((c) => {
      let t = ui.threads.get(c.id);
      if (!t) ui.threads.set(c.id, t = { el: h("div", { class: "fb-fthread" }), subs: h("div", { class: "fb-fsubs" }) });
      reconcile(t.subs, c.subs.map((sub) => causeEl(ui, sub, true)));
      reconcile(t.el, [causeEl(ui, c, false), ...(c.subs.length ? [t.subs] : [])]);
      return t.el;
    });
    reconcile(sec.list, nodes.length ? nodes : [h("p", { class: "muted fb-none" }, "No causes on this bone yet.")]);
    return sec.el;
  });
  reconcile(ui.wall, sections);
}
