// PSTB as the facilitator runs it: the time contract, the problem owner (picked from the people
// in the room, or yourself), the stages with their clocks (back and next), the statement, and
// every item with edit, hide and delete; the critical-concern decisions; names on the board.
import { h, reconcile, button, truncate } from "../dom.js";
import { DONE, MAX_TEXT, MAX_STATEMENT, MAX_RESOLUTION, MAX_WHO, MAX_WHEN, SAVE_TEXT, stageStrip, totalClock,
  currentStage, selectedIdeas, notesFor, actionsFor, ownerName, actionMeta, decisionText, tickClocks } from "./pstb_common.js";

const ORDER = ["statement", "ideas", "selection", "benefits", "critical", "actions", DONE];
const STAGE_TITLES = { done: "Finish" };

function build(el) {
  const ui = { mode: null };
  ui.contract = h("select", { class: "select", id: "pstb-contract", testid: "pstb-contract" });
  ui.contract.addEventListener("change", () => ui.ctx.send("pstb.contract", { minutes: Number(ui.contract.value) }));
  ui.owner = h("select", { class: "select", id: "pstb-owner", testid: "pstb-owner" });
  ui.owner.addEventListener("change", () => {
    const v = ui.owner.value;
    if (!v) return;
    if (v === "facilitator") ui.ctx.send("pstb.owner", { owner: "facilitator" });
    else {
      const p = (ui.ctx.state.participants || []).find((x) => String(x.id) === v);
      if (p) ui.ctx.send("pstb.owner", { owner: p.id, name: p.name || `Participant ${p.id}` });
    }
  });
  ui.names = h("input", { type: "checkbox", id: "pstb-names", testid: "pstb-names" });
  ui.names.addEventListener("change", () => ui.ctx.send("pstb.settings", { names: ui.names.checked }));

  ui.back = button("◀ Back", () => go(ui, -1), { class: "btn btn-small btn-secondary", testid: "pstb-back" });
  ui.next = button("Start", () => go(ui, 1), { class: "btn btn-primary", testid: "pstb-next" });
  ui.total = h("span", { class: "pstb-ftotal", testid: "pstb-total" });
  ui.strip = h("div", { class: "pstb-fstrip" });
  ui.what = h("p", { class: "pstb-fwhat", testid: "pstb-what" });

  ui.statement = h("input", { id: "pstb-statement", class: "input", maxlength: MAX_STATEMENT,
    placeholder: "How to …?", testid: "pstb-statement-input" });
  const statementForm = h("form", { class: "inline-form pstb-statement-form", testid: "pstb-statement-form" },
    h("label", { for: "pstb-statement" }, "Problem"), ui.statement,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "pstb-statement-set" }, "Set"));
  statementForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.statement.value.trim();
    if (text && text !== ui.view.statement) ui.ctx.send("pstb.statement", { text });
    ui.statement.blur();
  });

  ui.addIdea = h("input", { id: "pstb-add-idea", class: "input", maxlength: MAX_TEXT, placeholder: "Add an idea for the team…",
    testid: "pstb-add-idea" });
  ui.addIdeaForm = h("form", { class: "inline-form", testid: "pstb-add-idea-form" },
    h("label", { for: "pstb-add-idea", class: "visually-hidden" }, "Add an idea"), ui.addIdea,
    h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Add idea"));
  ui.addIdeaForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addIdea.value.trim();
    if (!text) return;
    ui.ctx.send("pstb.idea", { text });
    ui.addIdea.value = "";
  });

  ui.status = h("p", { class: "pstb-fstatus", testid: "pstb-status", "aria-live": "polite" });
  ui.main = h("div", { class: "pstb-fmain", testid: "pstb-console" });
  el.replaceChildren(
    h("div", { class: "tool-bar" },
      h("span", { class: "inline-form" }, h("label", { for: "pstb-contract" }, "Time contract"), ui.contract),
      h("span", { class: "inline-form" }, h("label", { for: "pstb-owner" }, "Problem owner"), ui.owner),
      h("label", { class: "check", for: "pstb-names" }, ui.names, " Names on the board")),
    h("div", { class: "pstb-fcontrols" }, ui.back, ui.next, ui.total), ui.strip, ui.what,
    statementForm, ui.status, ui.addIdeaForm, ui.main);
  return ui;
}

function go(ui, step) {
  const here = ui.view.stage ? ORDER.indexOf(ui.view.stage) : -1;
  const to = ORDER[here + step];
  if (to) ui.ctx.send("pstb.stage", { stage: to });
}

function fillSelect(select, options, value) {
  const sig = JSON.stringify([options, value]);
  if (select.dataset.sig === sig) return;
  select.dataset.sig = sig;
  select.replaceChildren(...options.map(([v, label]) => h("option", { value: v, selected: v === value }, label)));
  select.value = value;
}

function pendingFor(ui, id) {
  const p = ui.ctx.pending.filter((x) => x.payload && (x.payload.item === id || x.payload.idea === id)).pop();
  return p ? h("span", { class: `save save-${p.status}`, "aria-live": "polite" }, SAVE_TEXT[p.status]) : null;
}

// Edit swaps an item for a small form until Save or Cancel; an action also edits who and when.
function editMode(ui, item, isAction) {
  const area = h("textarea", { class: "input", rows: 2, maxlength: MAX_TEXT, "aria-label": "Text", testid: "pstb-edit-input" });
  area.value = item.text;
  const who = isAction ? h("input", { class: "input", maxlength: MAX_WHO, "aria-label": "Who", placeholder: "Who", value: item.who }) : null;
  const when = isAction ? h("input", { class: "input", maxlength: MAX_WHEN, "aria-label": "When", placeholder: "When", value: item.when }) : null;
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) return;
    const payload = { item: item.id };
    if (text !== item.text) payload.text = text;
    if (isAction && who.value.trim() !== item.who) payload.who = who.value.trim();
    if (isAction && when.value.trim() !== item.when) payload.when = when.value.trim();
    if (Object.keys(payload).length > 1) ui.ctx.send("pstb.edit", payload);
    done();
  } }, area, who, when, h("div", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "pstb-edit-save" }, "Save"),
    button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  ui.mode = { id: item.id, el: h("li", { class: "pstb-fitem is-editing" }, form) };
  ui.rerender();
  area.focus();
}

// One item with its moderation: edit, hide or show, delete. `extra` holds stage-specific controls.
function itemRow(ui, item, { isAction = false, extra = null, label = null } = {}) {
  if (ui.mode && ui.mode.id === item.id) return ui.mode.el;
  const send = ui.ctx.send;
  const meta = isAction ? actionMeta(item) : null;
  return h("li", { class: `pstb-fitem${item.hidden ? " is-hidden" : ""}`, testid: "pstb-item", dataset: { item: item.id } },
    h("div", { class: "pstb-fbody" },
      h("p", { class: "pstb-ftext" }, label ? h("strong", null, label) : null, item.text),
      h("div", { class: "card-meta" },
        item.hidden ? h("span", { class: "badge badge-hidden" }, "Hidden") : null,
        meta ? h("span", null, meta) : null,
        item.author ? h("span", { class: "card-author" }, item.author) : null,
        pendingFor(ui, item.id)),
      extra ? h("div", { class: "card-actions" }, extra) : null),
    h("div", { class: "card-actions pstb-moderate" },
      button("Edit", () => editMode(ui, item, isAction), { class: "btn btn-small btn-secondary", testid: "pstb-edit" }),
      button(item.hidden ? "Show" : "Hide", () => send("pstb.hide", { item: item.id, hidden: !item.hidden }),
        { class: "btn btn-small btn-secondary", testid: item.hidden ? "pstb-unhide" : "pstb-hide" }),
      button("Delete", () => {
        if (confirm(`Delete this?\n\n${truncate(item.text, 120)}`)) send("pstb.delete", { item: item.id });
      }, { class: "btn btn-small btn-secondary", testid: "pstb-delete", "aria-label": `Delete “${truncate(item.text, 40)}”` })));
}

function decisionControls(ui, n) {
  const send = ui.ctx.send;
  const out = [button(n.critical ? "Not critical" : "Mark critical", () => send("pstb.critical", { item: n.id, critical: !n.critical }),
    { class: "btn btn-small btn-secondary", testid: "pstb-critical" })];
  if (!n.critical) return out;
  if (n.decision) {
    out.push(h("span", { class: `pstb-fdecision pstb-fdecision-${n.decision}`, testid: "pstb-decision" }, decisionText(n)),
      button("Undo decision", () => send("pstb.decide", { item: n.id, decision: null }), { class: "btn btn-small btn-secondary", testid: "pstb-undecide" }));
    return out;
  }
  const note = h("input", { class: "input pstb-overcome-input", maxlength: MAX_RESOLUTION, placeholder: "How is it overcome?",
    "aria-label": "How the concern is overcome", testid: "pstb-overcome-input" });
  const overcome = h("form", { class: "inline-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = note.value.trim();
    if (!text) { note.focus(); return; }
    send("pstb.decide", { item: n.id, decision: "overcome", text });
  } }, note, h("button", { type: "submit", class: "btn btn-small btn-primary", testid: "pstb-overcome" }, "Overcome"));
  out.push(overcome, button("Eliminates the idea", () => send("pstb.decide", { item: n.id, decision: "eliminates" }),
    { class: "btn btn-small btn-secondary", testid: "pstb-eliminate" }));
  return out;
}

// The facilitator's own add form for notes and actions on one idea (the team mostly uses phones).
function addForm(ui, idea, kind) {
  const key = `${kind}:${idea.id}`;
  ui.forms ||= new Map();
  let f = ui.forms.get(key);
  if (!f) {
    const text = h("input", { class: "input", maxlength: MAX_TEXT, "aria-label": kind === "action" ? "What will be done" : "A benefit or concern",
      placeholder: kind === "action" ? "What will be done…" : "A benefit or concern…", testid: `pstb-add-${kind}` });
    const sel = kind === "note" ? h("select", { class: "select", "aria-label": "Benefit or concern" },
      h("option", { value: "benefit" }, "Benefit"), h("option", { value: "concern" }, "Concern")) : null;
    const who = kind === "action" ? h("input", { class: "input pstb-short", maxlength: MAX_WHO, placeholder: "Who", "aria-label": "Who" }) : null;
    const when = kind === "action" ? h("input", { class: "input pstb-short", maxlength: MAX_WHEN, placeholder: "When", "aria-label": "When" }) : null;
    const el = h("form", { class: "inline-form pstb-add", testid: `pstb-add-${kind}-form` }, sel, text, who, when,
      h("button", { type: "submit", class: "btn btn-small btn-primary" }, "Add"));
    el.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const t = text.value.trim();
      if (!t) { text.focus(); return; }
      if (kind === "action") ui.ctx.send("pstb.action", { idea: idea.id, text: t, who: who.value.trim(), when: when.value.trim() });
      else ui.ctx.send("pstb.note", { idea: idea.id, kind: sel.value, text: t });
      text.value = "";
      if (who) { who.value = ""; when.value = ""; }
    });
    f = { el };
    ui.forms.set(key, f);
  }
  return f.el;
}

function ideaList(ui, view, canChoose) {
  const chosen = new Set(view.selected || []);
  const ideas = view.ideas || [];
  return h("section", { class: "pstb-fsection" },
    h("h3", null, `Ideas (${ideas.length})${view.stage === "selection" ? ` · ${chosen.size} of up to ${view.choose} chosen` : ""}`),
    ideas.length ? h("ul", { class: "pstb-flist", testid: "pstb-ideas" }, ideas.map((i) => itemRow(ui, i, {
      label: chosen.has(i.id) ? "✓ Chosen · " : null,
      extra: canChoose ? button(chosen.has(i.id) ? "Unchoose" : "Choose", () => ui.ctx.send("pstb.select", { idea: i.id, selected: !chosen.has(i.id) }),
        { class: "btn btn-small btn-secondary", testid: "pstb-choose" }) : null,
    }))) : h("p", { class: "muted" }, "No ideas yet."));
}

function ideaColumns(ui, view) {
  const stage = view.stage;
  const ideas = selectedIdeas(view);
  return h("div", { class: "pstb-fcols" }, ideas.map((idea) => {
    const kids = [];
    if (stage === "benefits" || stage === "critical") {
      const notes = notesFor(view, idea.id);
      kids.push(h("ul", { class: "pstb-flist" }, notes.map((n) => itemRow(ui, n, {
        label: n.kind === "benefit" ? "+ Benefit · " : "− Concern · ",
        extra: stage === "critical" && n.kind === "concern" ? decisionControls(ui, n) : null }))));
      if (!notes.length) kids.push(h("p", { class: "muted" }, "No benefits or concerns yet."));
      if (stage === "benefits" && !isOwner(view)) kids.push(addForm(ui, idea, "note"));
    } else {
      const acts = actionsFor(view, idea.id);
      kids.push(h("ul", { class: "pstb-flist" }, acts.map((a) => itemRow(ui, a, { isAction: true }))));
      if (!acts.length) kids.push(h("p", { class: "muted" }, idea.eliminated ? "Eliminated: no actions." : "No actions yet."));
      if (stage === "actions" && !idea.eliminated) kids.push(addForm(ui, idea, "action"));
    }
    return h("section", { class: `pstb-fcol${idea.eliminated ? " is-out" : ""}`, testid: "pstb-fcol" },
      h("h3", null, idea.eliminated ? "Eliminated · " : "", idea.text), kids);
  }));
}

function isOwner(view) {
  return !!(view.owner && view.owner.facilitator);
}

// What the facilitator waits for before Next makes sense.
function status(view) {
  const owner = ownerName(view);
  switch (view.stage) {
    case null: case undefined: return view.owner ? `Ready: ${owner} owns the problem. Open the activity, then Start.`
      : "Choose the problem owner, then Start.";
    case "statement": return view.statement ? "Stated. Next: the team's ideas." : `Waiting for ${owner} to state the problem.`;
    case "ideas": return `${(view.ideas || []).length} ideas. ${cap(owner)} listens.`;
    case "selection": return `${(view.selected || []).length} of up to ${view.choose} ideas chosen by ${owner}.`;
    case "benefits": return `${(view.notes || []).length} benefits and concerns.`;
    case "critical": {
      const open = (view.notes || []).filter((n) => n.critical && !n.decision).length;
      return open ? `${open} critical ${open === 1 ? "concern" : "concerns"} to decide.` : "No critical concern waits for a decision.";
    }
    case "actions": return `${(view.actions || []).length} actions planned.`;
    default: return "Finished. The actions can go into a Group action planning activity (Bring cards there).";
  }
}

function cap(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : "";
}

export function facilitator(el, activity, ctx) {
  const ui = el.__pstbConsole || (el.__pstbConsole = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  const ids = new Set([...(view.ideas || []), ...(view.notes || []), ...(view.actions || [])].map((i) => i.id));
  if (ui.mode && !ids.has(ui.mode.id)) ui.mode = null;
  const now = ctx.live.serverNow();
  const started = view.started_at != null;

  fillSelect(ui.contract, (view.contracts || []).map((m) => [String(m), `${m} minutes`]), String(view.contract));
  ui.contract.disabled = started;
  ui.contract.title = started ? "The contract is fixed once PSTB has started" : "";
  const people = (ctx.state.participants || []).map((p) => [String(p.id), p.name || `Participant ${p.id} (no name)`]);
  const ownerId = view.owner_id == null ? "" : String(view.owner_id);
  fillSelect(ui.owner, [["", "Choose…"], ["facilitator", "Me (facilitator)"], ...people], ownerId);
  ui.names.checked = !!view.names;

  const here = view.stage ? ORDER.indexOf(view.stage) : -1;
  const nextId = ORDER[here + 1];
  const nextStage = (view.stages || []).find((s) => s.id === nextId);
  ui.next.hidden = !nextId;
  ui.next.textContent = here < 0 ? "Start" : nextStage ? `Next: ${nextStage.title} ▶` : `${STAGE_TITLES.done} ✓`;
  ui.back.hidden = here <= 0;
  const total = totalClock(view, now);
  ui.total.replaceChildren(h("span", null, "Total "), h("span", { dataset: { clock: "total" }, class: total.over ? "is-over" : null }, total.text));
  ui.strip.replaceChildren(stageStrip(view, now));
  const stage = currentStage(view);
  ui.what.textContent = stage ? stage.what : view.stage === DONE ? "Finished." : `${view.contract}-minute contract, six stages.`;
  if (document.activeElement !== ui.statement) ui.statement.value = view.statement || "";
  ui.status.textContent = status(view);
  ui.addIdeaForm.hidden = view.stage !== "ideas" || isOwner(view);

  const parts = [];
  if (["ideas", "selection"].includes(view.stage)) parts.push(ideaList(ui, view, view.stage === "selection" && isOwner(view)));
  if (["benefits", "critical", "actions", DONE].includes(view.stage)) {
    parts.push(ideaColumns(ui, view));
    parts.push(h("details", { class: "pstb-fother" }, h("summary", null, `All ideas (${(view.ideas || []).length})`), ideaList(ui, view, false)));
  }
  // A state push rebuilds the lists around the (kept) forms: keep the caret where it was.
  const focused = document.activeElement;
  reconcile(ui.main, parts);
  if (focused && focused !== document.activeElement && el.contains(focused)) focused.focus();
  el.__pstbView = view;
  tickClocks(el, () => el.__pstbView, ctx.live);
}
