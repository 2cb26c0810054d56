// The fishbone on a phone: type a cause, pick its bone, add it; answer "and why is that?"
// under any cause; edit or delete your own; mark likely root causes when the facilitator asks.
// A change shows as saved only once the server confirmed it.
import { h, reconcile, button } from "../dom.js";
import { MAX_TEXT, SAVE_TEXT, tree, plural, freshRejection, voteBadge, rootBadge } from "./fishbone_common.js";
import { refusedLine, noteRefusal, showRefusal, counter, ownEditForm } from "./saving.js";

const TYPES = ["fishbone.add", "fishbone.edit", "fishbone.delete", "fishbone.mark", "fishbone.unmark"];

function build(el) {
  const ui = { bone: null, bonesSig: null, items: new Map(), sections: new Map(), seen: new Set(),
    errors: new Map(), editing: null, sub: null };
  ui.problem = h("p", { class: "fb-problem-text", testid: "fb-phone-problem" });
  ui.problemCard = h("div", { class: "fb-problem-card" }, h("p", { class: "fb-kicker" }, "The problem"), ui.problem);
  ui.markInfo = h("p", { class: "fb-mark-left", testid: "marks-left", "aria-live": "polite" });
  ui.marking = h("div", { class: "fb-marking", testid: "marking" },
    h("h2", { class: "fb-marking-title" }, "Mark the likely root causes"), ui.markInfo);

  ui.input = h("textarea", { id: "fb-input", class: "idea-input", testid: "cause-input", rows: 3, maxlength: MAX_TEXT,
    placeholder: "What is causing the problem?", "aria-describedby": "fb-count fb-error" });
  ui.count = h("span", { id: "fb-count", class: "hint counter" }, `0/${MAX_TEXT}`);
  const resetCount = counter(ui.input, ui.count, MAX_TEXT);
  ui.input.addEventListener("input", () => { ui.error.textContent = ""; });
  ui.picker = h("div", { class: "picker fb-picker", role: "group", "aria-labelledby": "fb-picker-label", testid: "bone-picker" });
  ui.error = h("p", { id: "fb-error", class: "error", testid: "cause-error", "aria-live": "polite" });
  ui.form = h("form", { class: "compose", testid: "compose" },
    h("label", { for: "fb-input", class: "compose-label" }, "Your cause"),
    ui.input, h("div", { class: "compose-foot" }, ui.count),
    h("p", { class: "compose-label", id: "fb-picker-label" }, "Which bone does it belong on?"), ui.picker,
    ui.error, h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "cause-submit" }, "Add cause"));
  ui.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text) { ui.error.textContent = "Type a cause first."; ui.input.focus(); return; }
    if (!ui.bone) { ui.error.textContent = "Pick the bone it belongs on."; ui.picker.querySelector("button")?.focus(); return; }
    ui.ctx.send("fishbone.add", { bone: ui.bone, text, parent: null });
    ui.input.value = "";
    resetCount();
    ui.input.focus();
  });
  ui.compose = h("details", { class: "fb-compose-more", testid: "compose-more" },
    h("summary", { class: "btn btn-secondary btn-block" }, "Add another cause"));
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.listHead = h("h2", { class: "list-head", testid: "fishbone-count" });
  ui.list = h("div", { class: "fb-list", testid: "fishbone-list" });
  ui.empty = h("p", { class: "muted fb-empty" }, "No causes yet. Add the first one!");
  ui.refused = refusedLine();
  el.replaceChildren(ui.problemCard, ui.marking, ui.form, ui.compose, ui.closed, ui.refused, ui.listHead, ui.empty, ui.list);
  return ui;
}

function renderPicker(ui, bones) {
  const sig = JSON.stringify([bones, ui.bone]);
  if (sig === ui.bonesSig) return;
  ui.bonesSig = sig;
  if (ui.bone && !bones.some((b) => b.id === ui.bone)) ui.bone = null;
  ui.picker.replaceChildren(...bones.map((b) => button(b.title, () => {
    ui.bone = b.id;
    ui.error.textContent = "";
    renderPicker(ui, bones);
  }, { class: "btn pick", "aria-pressed": String(ui.bone === b.id), testid: "bone-choice", dataset: { bone: b.id } })));
}

function statusLine(status) {
  return h("span", { class: `save save-${status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[status] || status);
}

function item(ui, id, tag = "li") {
  let it = ui.items.get(id);
  if (!it) {
    it = { li: h(tag, { class: "fb-item", dataset: { cause: id } }), subs: h("ul", { class: "fb-subs" }) };
    ui.items.set(id, it);
  }
  return it;
}

function body(ui, c, isSub) {
  const ctx = ui.ctx;
  const p = ctx.pending.filter((x) => x.payload && x.payload.cause === c.id).pop();
  const mine = ui.mine.has(c.id);
  const text = p && p.type === "fishbone.edit" ? p.payload.text : c.text;
  const deleting = p && p.type === "fishbone.delete";
  const marked = ui.marks.has(c.id);
  const marking = p && (p.type === "fishbone.mark" || p.type === "fishbone.unmark");
  const actions = [];
  if (ui.canMark) {
    const label = marking ? (p.type === "fishbone.mark" ? "Marking…" : "Unmarking…") : marked ? "Marked ✓" : "Mark";
    actions.push(button(label, () => ctx.send(marked ? "fishbone.unmark" : "fishbone.mark", { cause: c.id }), {
      class: `btn btn-small fb-mark${marked ? " is-marked" : ""}`, "aria-pressed": String(marked), testid: "mark",
      disabled: marking || (!marked && ui.left <= 0), "aria-label": `${marked ? "Unmark" : "Mark"}: ${c.text}` }));
  }
  if (ui.open && !isSub && !deleting) {
    actions.push(button("Why is that? +", () => openSub(ui, c), { class: "btn btn-small btn-secondary", testid: "add-why",
      "aria-label": `Why is that? + Add a reason why: ${c.text}` }));
  }
  if (mine && ui.open && !deleting) {
    actions.push(button("Edit", () => startEdit(ui, c.id, text), { class: "btn btn-small btn-secondary", testid: "cause-edit" }),
      button("Delete", () => { if (confirm("Delete this cause?")) ctx.send("fishbone.delete", { cause: c.id }); },
        { class: "btn btn-small btn-danger", testid: "cause-delete" }));
  }
  const error = ui.errors.get(c.id);
  return h("div", { class: "fb-item-body" },
    h("p", { class: "idea-text" }, text),
    h("p", { class: "fb-item-meta" },
      c.root ? rootBadge() : null,
      ui.results && c.votes ? voteBadge(c.votes) : null,
      c.author ? h("span", { class: "idea-author" }, c.author) : null,
      mine ? h("span", { class: "fb-yours" }, "yours") : null),
    error ? h("p", { class: "error", role: "alert" }, error) : null,
    (mine || actions.length) ? h("div", { class: "idea-foot" },
      mine ? (deleting ? h("span", { class: "save save-saving" }, "deleting…") : statusLine(p && !marking ? p.status : "saved")) : h("span"),
      actions.length ? h("span", { class: "idea-actions" }, actions) : null) : null);
}

function editForm(ui, id, text) {
  return ownEditForm(ui, { text, max: MAX_TEXT, rows: 3, label: "Edit your cause", testid: "cause",
    emptyText: "A cause can't be empty.", save: (t) => ui.ctx.send("fishbone.edit", { cause: id, text: t }) });
}

function startEdit(ui, id, text) {
  ui.errors.delete(id);
  const { form, area } = editForm(ui, id, text);
  ui.editing = { id, form };
  ui.rerender();
  area.focus();
}

function openSub(ui, c) {
  const area = h("textarea", { class: "idea-input", maxlength: MAX_TEXT, rows: 2, id: `fb-why-${c.id}`, testid: "why-input" });
  const error = h("p", { class: "error", "aria-live": "polite" });
  const done = () => { ui.sub = null; ui.rerender(); };
  const form = h("form", { class: "fb-why", testid: "why-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) { error.textContent = "Type a reason first."; area.focus(); return; }
    ui.ctx.send("fishbone.add", { bone: c.bone, text, parent: c.id });
    done();
  } },
  h("label", { for: `fb-why-${c.id}`, class: "compose-label" }, "And why is that?"), area, error,
  h("div", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary", testid: "why-submit" }, "Add reason"),
    button("Cancel", done, { class: "btn btn-secondary" })));
  ui.sub = { id: c.id, form };
  ui.rerender();
  area.focus();
}

function pendingItem(p) {
  return h("li", { class: "fb-item is-mine is-pending", testid: "pending-cause" },
    h("div", { class: "fb-item-body" }, h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, statusLine(p.status))));
}

function renderCause(ui, c, pendingAdds) {
  const it = item(ui, c.id);
  it.li.className = `fb-item${ui.mine.has(c.id) ? " is-mine" : ""}${c.root ? " is-root" : ""}`;
  it.li.dataset.testid = "cause";
  const subs = c.subs.map((sub) => {
    const si = item(ui, sub.id);
    si.li.className = `fb-item fb-subitem${ui.mine.has(sub.id) ? " is-mine" : ""}${sub.root ? " is-root" : ""}`;
    si.li.dataset.testid = "cause";
    reconcile(si.li, [ui.editing && ui.editing.id === sub.id ? ui.editing.form : body(ui, sub, true)]);
    return si.li;
  });
  for (const p of pendingAdds.filter((x) => x.payload.parent === c.id)) subs.push(pendingItem(p));
  reconcile(it.subs, subs);
  reconcile(it.li, [ui.editing && ui.editing.id === c.id ? ui.editing.form : body(ui, c, false),
    subs.length ? it.subs : null, ui.sub && ui.sub.id === c.id && ui.open ? ui.sub.form : null].filter(Boolean));
  return it.li;
}

export function phone(el, activity, ctx) {
  const ui = el.__fishbonePhone || (el.__fishbonePhone = build(el));
  const view = activity.view || {};
  const priv = ctx.private || {};
  const causes = (view.causes || []).filter((c) => !c.hidden);
  const visible = new Set(causes.map((c) => c.id));
  Object.assign(ui, {
    ctx, open: !!activity.open, results: !!view.results, rerender: () => phone(el, activity, ui.ctx),
    mine: new Set(priv.mine || []),
    marks: new Set((priv.marks || []).filter((id) => visible.has(id))),
  });
  const budget = view.budget || priv.budget || 0;
  ui.left = Math.max(0, budget - ui.marks.size);
  ui.canMark = view.mode === "vote" && !!view.marking && ui.open && !!ctx.private;
  if (ui.editing && !visible.has(ui.editing.id)) ui.editing = null;
  if (ui.sub && !visible.has(ui.sub.id)) ui.sub = null;

  const rejected = freshRejection(ctx, TYPES, ui.seen);
  if (rejected && rejected.entry.type === "fishbone.add" && !rejected.entry.payload.parent) {
    ui.error.textContent = rejected.message;
    if (!ui.input.value) ui.input.value = rejected.entry.payload.text;
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected) {
    ui.errors.set(rejected.entry.payload.parent || rejected.entry.payload.cause, rejected.message);
  }

  ui.problem.textContent = view.problem || "";
  ui.problemCard.hidden = !view.problem;
  ui.marking.hidden = !ui.canMark;
  ui.markInfo.textContent = `Tap “Mark” on up to ${plural(budget, "cause")}. ${ui.left} left.`;
  // While marking, the form to add a cause folds away under a button.
  if (ui.canMark) {
    if (ui.form.parentNode !== ui.compose) ui.compose.append(ui.form);
  } else if (ui.form.parentNode === ui.compose) {
    ui.compose.after(ui.form);
  }
  ui.compose.hidden = !(ui.canMark && ui.open);
  ui.form.hidden = !ui.open;
  ui.closed.hidden = ui.open;
  showRefusal(ui.refused, ui.open);
  if (ui.open) renderPicker(ui, view.bones || []);

  const pendingAdds = ctx.pending.filter((p) => p.type === "fishbone.add" && p.payload);
  const sections = tree(view, causes).map((bone) => {
    let sec = ui.sections.get(bone.id);
    if (!sec) {
      sec = { title: h("h3", { class: "fb-bone-title" }), list: h("ul", { class: "fb-causes" }) };
      sec.el = h("section", { class: "fb-bone-section", testid: "bone-section", dataset: { bone: bone.id } }, sec.title, sec.list);
      ui.sections.set(bone.id, sec);
    }
    const n = bone.causes.reduce((a, c) => a + 1 + c.subs.length, 0);
    sec.title.textContent = `${bone.title} (${n})`;
    const lis = bone.causes.map((c) => renderCause(ui, c, pendingAdds));
    for (const p of pendingAdds.filter((x) => !x.payload.parent && x.payload.bone === bone.id)) lis.push(pendingItem(p));
    reconcile(sec.list, lis);
    return lis.length ? sec.el : null;
  }).filter(Boolean);
  reconcile(ui.list, sections);
  ui.listHead.textContent = `The fishbone so far (${causes.length})`;
  ui.empty.hidden = sections.length > 0;
}
