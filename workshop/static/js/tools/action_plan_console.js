// The action plan as the facilitator runs it: add or bring in actions, fill in when / who /
// support, confirm (the server refuses until all four are set), reopen, reorder, remove, comment.
import { h, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { groupActions, howLabels, levelName, whenText } from "./action_plan.js";
import { importChoice, importSources } from "./import_sources.js";

const WHEN_HINT = "2027-03-31 or “by Easter”";

function supportSelect(levels, value, props) {
  return h("select", { class: "select select-small", ...props },
    h("option", { value: "", selected: !value }, "Support…"),
    levels.map((l) => h("option", { value: l.id, selected: l.id === value }, `${l.id}. ${l.label}`)));
}

// What Confirm still needs, in the words of the edit form's labels.
function missingFields(a) {
  return [!a.text && "the action", !a.when && "when", !a.who && "who", !a.support && "support level"].filter(Boolean);
}

// A visible label tied to its control: placeholders vanish as soon as someone types.
function field(id, label, control) {
  control.id = id;
  return h("div", { class: "field ap-field" }, h("label", { for: id }, label), control);
}

// How it will be addressed: the programme's menu as checkboxes, grouped within school (a) and
// within or between partnerships (b), more than one may apply; anything else goes in "other".
function howFields(ui, a, id) {
  const ticked = new Set(a.how || []);
  const boxes = [];
  const groups = (ui.view.how_menu || []).map((g) => h("div", { class: "ap-how-group" },
    h("p", { class: "ap-how-title" }, g.label),
    g.ways.map((w) => {
      const box = h("input", { type: "checkbox", value: w.id, checked: ticked.has(w.id), testid: `how-${w.id}` });
      boxes.push(box);
      return h("label", { class: "check ap-how-way" }, box, ` ${w.label}`);
    })));
  const other = h("input", { class: "input", maxlength: limit("action_plan.how_other"), value: a.how_other || "", testid: "edit-how-other" });
  const set = h("fieldset", { class: "ap-how-set", testid: "edit-how" },
    h("legend", null, "How will it be addressed?"),
    h("div", { class: "ap-how-groups" }, groups),
    field(id("how-other"), "Other / outside the partnership", other));
  // In the menu's order, as the server keeps it, so an unchanged list is not sent again.
  const value = () => boxes.filter((b) => b.checked).map((b) => b.value);
  return { set, other, value };
}

function fieldsForm(ui, a, onDone) {
  const levels = ui.view.support_levels || [];
  const id = (k) => `ap-edit-${a.id}-${k}`;
  const text = h("textarea", { class: "input", rows: 2, maxlength: limit("action_plan.text"), testid: "edit-text" });
  text.value = a.text;
  const when = h("input", { class: "input", maxlength: limit("action_plan.when"), placeholder: WHEN_HINT, value: a.when, testid: "edit-when" });
  const who = h("input", { class: "input", maxlength: limit("action_plan.who"), placeholder: "a name or a role", value: a.who, testid: "edit-who" });
  const support = supportSelect(levels, a.support, { testid: "edit-support" });
  const how = howFields(ui, a, id);
  const success = h("textarea", { class: "input", rows: 2, maxlength: limit("action_plan.success"), testid: "edit-success",
    placeholder: "e.g. 8 of 10 lessons observed use the plan by March" });
  success.value = a.success || "";
  const terms = h("textarea", { class: "input", rows: 2, maxlength: limit("action_plan.terms"), testid: "edit-terms",
    placeholder: "who is involved, the protocols, how often, how it is delivered" });
  terms.value = a.terms || "";
  // Terms of engagement belong to support from the partnership (b): shown while b is chosen, or
  // while the action has terms from before, so they can still be read and cleared.
  const termsField = field(id("terms"), "Terms of engagement", terms);
  const showTerms = () => { termsField.hidden = support.value !== "b" && !terms.value.trim(); };
  support.addEventListener("change", showTerms);
  showTerms();
  const form = h("form", { class: "ap-edit", testid: "action-edit" },
    field(id("text"), "Action agreed", text),
    h("div", { class: "ap-edit-row" }, field(id("when"), "When (timings and deadlines)", when),
      field(id("who"), "Who will deliver it", who), field(id("support"), "Support level", support)),
    how.set,
    field(id("success"), "What will show it worked? (success measure)", success),
    termsField,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "edit-save" }, "Save"),
      button("Cancel", onDone, { class: "btn btn-small btn-secondary" })));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = { text: text.value.trim(), when: when.value.trim(), who: who.value.trim(), support: support.value || null,
      how_other: how.other.value.trim(), success: success.value.trim(), terms: terms.value.trim() };
    const changed = Object.fromEntries(Object.entries(next).filter(([k, v]) => v !== (a[k] ?? (k === "support" ? null : ""))));
    const ways = how.value();
    if (ways.join() !== (a.how || []).join()) changed.how = ways;
    if (Object.keys(changed).length) ui.ctx.send("action.update", { action: a.id, ...changed });
    onDone();
  });
  return form;
}

function build(el) {
  const ui = { editing: null };
  ui.addText = h("input", { id: "ap-add", class: "input", maxlength: limit("action_plan.text"), placeholder: "Add an action…", testid: "fac-action-input" });
  ui.addWhen = h("input", { class: "input ap-add-when", maxlength: limit("action_plan.when"), placeholder: "When", "aria-label": "Timings and deadlines", testid: "fac-action-when" });
  ui.addWho = h("input", { class: "input ap-add-who", maxlength: limit("action_plan.who"), placeholder: "Who", "aria-label": "Who will deliver it?", testid: "fac-action-who" });
  ui.addSupport = h("select", { class: "select", "aria-label": "Support level", testid: "fac-action-support" });
  const addForm = h("form", { class: "inline-form ap-add-form", testid: "fac-add" },
    h("label", { for: "ap-add", class: "visually-hidden" }, "Add an action"), ui.addText, ui.addWhen, ui.addWho, ui.addSupport,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fac-action-submit" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addText.value.trim();
    if (!text) { ui.addText.focus(); return; }
    const payload = { text };
    if (ui.addWhen.value.trim()) payload.when = ui.addWhen.value.trim();
    if (ui.addWho.value.trim()) payload.who = ui.addWho.value.trim();
    if (ui.addSupport.value) payload.support = ui.addSupport.value;
    ui.ctx.send("action.add", payload);
    for (const f of [ui.addText, ui.addWhen, ui.addWho]) f.value = "";
    ui.addText.focus();
  });
  ui.anon = h("input", { type: "checkbox", id: "ap-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("action.settings", { anonymous: ui.anon.checked }));
  ui.importFrom = h("select", { class: "select", id: "ap-import", testid: "import-from" });
  ui.importTop = h("input", { type: "number", min: 1, max: limit("import.top"), class: "input ap-import-top", placeholder: "all", "aria-label": "How many (the top ones)", testid: "import-top" });
  const importBtn = button("Bring cards", () => {
    const payload = importChoice(ui.importFrom.value);
    if (!payload) { ui.importFrom.focus(); return; }
    const top = Number(ui.importTop.value);
    if (top > 0) payload.top = Math.floor(top);
    ui.ctx.send("activity.import", payload);
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });
  ui.summary = h("p", { class: "muted wall-summary", testid: "plan-summary" });
  ui.table = h("div", { class: "ap-fac", testid: "plan" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, addForm),
    h("div", { class: "tool-bar" },
      h("span", { class: "inline-form" }, h("label", { for: "ap-import" }, "Bring in from"), ui.importFrom,
        h("label", { class: "muted" }, "top"), ui.importTop, importBtn),
      h("label", { class: "check", for: "ap-anon" }, ui.anon, " Anonymous")),
    ui.summary, ui.table);
  return ui;
}

function moveTargets(groups, a) {
  const g = groups.find((x) => x.actions.includes(a));
  const i = g.actions.indexOf(a);
  return { up: g.actions[i - 1] || null, down: g.actions[i + 1] || null };
}

function row(ui, a, groups, index) {
  const ctx = ui.ctx;
  if (ui.editing && ui.editing.id === a.id) {
    ui.editing.moved ||= h("p", { class: "ap-needs", role: "status", testid: "edit-moved" });
    ui.editing.el ||= h("li", { class: "ap-fac-row is-editing", testid: "action", dataset: { action: a.id } },
      ui.editing.moved, fieldsForm(ui, a, () => { ui.editing = null; ui.rerender(); }));
    // Changed elsewhere meanwhile: say where it will go, rather than move it under the cursor.
    const level = (ui.view.support_levels || []).find((l) => l.id === a.support);
    ui.editing.moved.textContent = (a.support || null) === ui.editing.support ? ""
      : `Its support level was just set to ${level ? `${level.id}. ${level.label}` : "none"}; it moves there when you close this form.`;
    return ui.editing.el;
  }
  const levels = ui.view.support_levels || [];
  const missing = missingFields(a);
  const needsId = `ap-needs-${a.id}`;
  const { up, down } = moveTargets(groups, a);
  const support = supportSelect(levels, a.support, { "aria-label": `Support level for: ${truncate(a.text, 40)}`, testid: "action-support" });
  support.addEventListener("change", () => ctx.send("action.update", { action: a.id, support: support.value || null }));
  const source = a.source && ui.titles.get(a.source.activity);
  const comment = h("input", { class: "input ap-comment-input", maxlength: limit("action_plan.comment"), placeholder: "Add a comment…", "aria-label": `Comment on: ${truncate(a.text, 40)}`, testid: "fac-comment-input" });
  const commentForm = h("form", { class: "ap-comment-add" }, comment,
    h("button", { type: "submit", class: "btn btn-small btn-secondary" }, "Comment"));
  commentForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (comment.value.trim()) ctx.send("action.comment", { action: a.id, text: comment.value.trim() });
    comment.value = "";
  });
  const confirmed = a.status === "confirmed";
  return h("li", { class: `ap-fac-row ${confirmed ? "is-confirmed" : "is-draft"}`, testid: "action", dataset: { action: a.id } },
    h("div", { class: "ap-fac-main" },
      h("p", { class: "ap-fac-text" }, a.text),
      h("p", { class: "ap-fac-fields" },
        h("span", null, h("b", null, "When: "), whenText(a.when) || h("span", { class: "ap-missing" }, "not set")),
        h("span", null, h("b", null, "Who: "), a.who || h("span", { class: "ap-missing" }, "not set")),
        a.author ? h("span", { class: "muted" }, `proposed by ${a.author}`) : null,
        source ? h("span", { class: "card-source" }, `from “${truncate(source, 30)}”`) : null),
      framing(ui.view, a),
      a.comments.length ? h("ul", { class: "ap-fac-comments" }, a.comments.map((c) =>
        h("li", null, c.text, c.author_name ? [" ", h("span", { class: "card-author" }, c.author_name)] : null))) : null,
      commentForm),
    h("div", { class: "ap-fac-side" },
      confirmed ? h("span", { class: "ap-status ap-confirmed", testid: "action-status" }, "✓ Agreed")
        : h("span", { class: "ap-status ap-draft", testid: "action-status" }, missing.length ? "Draft" : "Draft — ready"),
      // Said before Confirm is pressed (and read with it), not only in the refusal after.
      !confirmed && missing.length ? h("p", { class: "ap-needs", id: needsId, testid: "confirm-needs" }, `Needs: ${missing.join(", ")}`) : null,
      support,
      h("div", { class: "card-actions" },
        confirmed ? button("Reopen", () => ctx.send("action.reopen", { action: a.id }), { class: "btn btn-small btn-secondary", testid: "action-reopen" })
          : button("Confirm", () => ctx.send("action.confirm", { action: a.id }), { class: "btn btn-small btn-primary", testid: "action-confirm",
            "aria-describedby": missing.length ? needsId : null }),
        button("Edit", () => { ui.editing = { id: a.id, support: a.support || null }; ui.rerender(); ui.table.querySelector("[data-testid=edit-text]")?.focus(); },
          { class: "btn btn-small btn-secondary", testid: "action-edit" }),
        button("↑", () => ctx.send("action.move", { action: a.id, position: index.get(up.id) }),
          { class: "btn btn-small btn-secondary", disabled: !up, "aria-label": "Move up", testid: "action-up" }),
        button("↓", () => ctx.send("action.move", { action: a.id, position: index.get(down.id) }),
          { class: "btn btn-small btn-secondary", disabled: !down, "aria-label": "Move down", testid: "action-down" }),
        button("Remove", () => {
          if (confirm(`Remove this action?\n\n${truncate(a.text, 120)}`)) ctx.send("action.remove", { action: a.id });
        }, { class: "btn btn-small btn-danger", testid: "action-remove" }))));
}

// How it will be addressed, the success measure and (partnership support) the terms, when given.
function framing(view, a) {
  const how = howLabels(view, a);
  const lines = [
    how.length && h("span", { testid: "action-how" }, h("b", null, "How: "), how.join(", ")),
    a.success && h("span", { testid: "action-success" }, h("b", null, "Success measure: "), a.success),
    a.terms && a.support === "b" && h("span", { testid: "action-terms" }, h("b", null, "Terms: "), a.terms),
  ].filter(Boolean);
  return lines.length ? h("p", { class: "ap-fac-framing" }, lines) : null;
}

export function facilitator(el, activity, ctx) {
  const ui = el.__apConsole || (el.__apConsole = build(el));
  const view = activity.view || {};
  const actions = view.actions || [];
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  if (ui.editing && !actions.some((a) => a.id === ui.editing.id)) ui.editing = null;
  ui.anon.checked = !!view.anonymous;
  const levels = view.support_levels || [];
  if (!ui.addSupport.children.length) {
    ui.addSupport.replaceChildren(h("option", { value: "" }, "Support…"), ...levels.map((l) => h("option", { value: l.id }, `${l.id}. ${l.label}`)));
  }
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const sig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...importSources(sources, activity).map((o) => h("option", { value: o.value }, o.label)));
  }
  ui.summary.textContent = `${view.confirmed || 0} of ${view.count || 0} ${view.count === 1 ? "action" : "actions"} agreed. Confirm needs the action, when, who and a support level.`;
  // Don't rebuild under someone typing in the plan (an edit form or a comment box).
  if (ui.table.contains(document.activeElement) && document.activeElement.matches("input, textarea")) return;
  const index = new Map(actions.map((a, i) => [a.id, i]));
  // The action being edited stays in the group it was in when Edit was pressed (a change of its
  // support level from elsewhere moves it once the form closes), so it doesn't jump away.
  const placed = ui.editing ? actions.map((a) => (a.id === ui.editing.id ? { ...a, support: ui.editing.support } : a)) : actions;
  const groups = groupActions(view, placed).map((g) => ({ ...g, actions: g.actions.map((a) => actions[index.get(a.id)]) }));
  ui.table.replaceChildren(...(groups.length ? groups.map((g) => h("section", { class: `ap-fac-group ap-level-${g.id || "none"}`, testid: "support-group" },
    h("h3", { class: "fwall-title" }, `${levelName(g)} (${g.actions.length})`),
    h("ol", { class: "ap-fac-list" }, g.actions.map((a) => row(ui, a, groups, index)))))
    : [h("p", { class: "muted" }, "No actions yet. Add one above, bring in the prioritised ideas, or let phones propose.")]));
}
