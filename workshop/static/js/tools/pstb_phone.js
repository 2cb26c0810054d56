// PSTB on a phone: who you are here (the problem owner or the team), the stage and its clock,
// and only what you may do in this stage. Saved only when the server says so.
import { h, button } from "../dom.js";
import { ownEditForm } from "./saving.js";
import { DONE, MAX_TEXT, MAX_STATEMENT, MAX_RESOLUTION, MAX_WHO, MAX_WHEN, SAVE_TEXT, freshRejection, currentStage,
  selectedIdeas, notesFor, actionsFor, ownerName, actionMeta, decisionText, stageIndex, totalClock, stageClock,
  tickClocks } from "./pstb_common.js";

const MINE_TYPES = ["pstb.statement", "pstb.idea", "pstb.select", "pstb.note", "pstb.critical", "pstb.decide",
  "pstb.action", "pstb.edit", "pstb.delete"];

function build(el) {
  const ui = { seen: new Set(), drafts: new Map(), kind: "benefit", idea: null };
  ui.head = h("section", { class: "pstb-phead", testid: "pstb-phone-head" });
  ui.error = h("p", { class: "error", role: "alert", testid: "pstb-error" });
  ui.body = h("div", { class: "pstb-pbody", testid: "pstb-phone" });
  el.replaceChildren(ui.head, ui.error, ui.body);
  return ui;
}

// A text box whose words survive the re-render a state push makes (kept per purpose).
function field(ui, key, props, area = false) {
  let el = ui.drafts.get(key);
  if (!el) {
    el = h(area ? "textarea" : "input", { class: area ? "idea-input" : "input", ...props });
    ui.drafts.set(key, el);
  }
  return el;
}

function form(onsubmit, ...kids) {
  return h("form", { class: "compose", onsubmit: (ev) => { ev.preventDefault(); onsubmit(); } }, ...kids);
}

function submit(label, testid) {
  return h("button", { type: "submit", class: "btn btn-primary btn-block", testid }, label);
}

function pendingLine(ctx, types) {
  const p = ctx.pending.filter((x) => types.includes(x.type)).pop();
  return p ? h("p", { class: `save save-${p.status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[p.status]) : null;
}

function head(ui, view, me) {
  const now = ui.ctx.live.serverNow();
  const stage = currentStage(view);
  const owner = ownerName(view);
  const role = me ? "You're the problem owner" : view.owner && view.owner.facilitator ? "You're in the team · the facilitator owns the problem"
    : owner ? `You're in the team · ${owner} owns the problem` : "You're in the team";
  const n = stageIndex(view);
  const clock = stage ? stageClock(stage, now) : null;
  const total = totalClock(view, now);
  ui.head.replaceChildren(
    h("p", { class: `pstb-prole${me ? " is-owner" : ""}`, testid: "pstb-role" }, role),
    stage ? h("p", { class: "pstb-pstage", testid: "pstb-stage" }, h("strong", null, `Stage ${n + 1} of 6 · ${stage.title}`),
      h("span", { class: "pstb-pclock" }, h("span", { dataset: { clock: stage.id }, class: clock.over ? "is-over" : null }, clock.text),
        " · total ", h("span", { dataset: { clock: "total" }, class: total.over ? "is-over" : null }, total.text)))
      : h("p", { class: "pstb-pstage", testid: "pstb-stage" }, view.stage === DONE ? h("strong", null, "Finished") : `${view.contract}-minute time contract · not started`),
    view.statement ? h("p", { class: "pstb-pstatement", testid: "pstb-statement" }, view.statement) : null);
}

export function phone(el, activity, ctx) {
  const ui = el.__pstbPhone || (el.__pstbPhone = build(el));
  const view = activity.view || {};
  ui.ctx = ctx;
  ui.rerender = () => phone(el, activity, ui.ctx);
  ui.open = !!activity.open;
  const me = !!(ctx.private && ctx.private.owner);
  const mine = new Set((ctx.private && ctx.private.mine) || []);
  const rejected = freshRejection(ctx, MINE_TYPES, ui.seen);
  if (rejected) ui.error.textContent = rejected.message;
  else if (!ctx.pending.length && ui.error.textContent && ui.lastStage !== view.stage) ui.error.textContent = "";
  if (ui.lastStage !== view.stage) ui.editing = null;  // an edit belongs to the stage it began in
  ui.lastStage = view.stage;
  head(ui, view, me);
  const open = !!activity.open;
  const focused = document.activeElement;
  ui.body.replaceChildren(...[...stageBody(ui, view, activity, me, mine, open)].filter(Boolean));
  if (focused && focused !== document.activeElement && el.contains(focused)) focused.focus();
  el.__pstbView = view;
  tickClocks(el, () => el.__pstbView, ctx.live);
}

function closedLine(open) {
  return open ? null : h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
}

function* stageBody(ui, view, activity, me, mine, open) {
  const send = ui.ctx.send;
  const owner = ownerName(view) || "the problem owner";
  switch (view.stage) {
    case null: case undefined:
      yield h("p", { class: "waiting", testid: "pstb-waiting" }, me ? "You'll start by stating your problem as “How to …?”."
        : "PSTB starts soon. Listen as the problem owner explains their problem.");
      return;
    case "statement": {
      if (!me) {
        yield h("p", { class: "waiting waiting-small", testid: "pstb-waiting" }, view.statement ? "Listen, and ask questions to understand the problem."
          : `Waiting for ${owner} to state the problem…`);
        return;
      }
      yield closedLine(open);
      if (!open) return;
      const input = field(ui, "statement", { id: "pstb-pstatement", maxlength: MAX_STATEMENT, rows: 3, testid: "pstb-statement-input",
        placeholder: "How to …?" }, true);
      if (!input.value && view.statement && document.activeElement !== input) input.value = view.statement;
      yield form(() => {
        const text = input.value.trim();
        if (!text) { ui.error.textContent = "Write the problem first."; input.focus(); return; }
        ui.error.textContent = "";
        send("pstb.statement", { text });
      }, h("label", { for: "pstb-pstatement", class: "compose-label" }, "Your problem, as “How to …?”"), input,
      h("p", { class: "hint" }, "We'll add “How to” and the question mark if they're missing."),
      submit(view.statement ? "Update the problem" : "State the problem", "pstb-statement-submit"), pendingLine(ui.ctx, ["pstb.statement"]));
      return;
    }
    case "ideas": {
      if (me) yield h("p", { class: "pstb-listening", testid: "pstb-listening" }, "You're listening", h("span", null, "The team suggests ideas. Take them in; you'll choose soon."));
      else {
        yield closedLine(open);
        if (open) {
          const input = field(ui, "idea", { id: "pstb-pidea", maxlength: MAX_TEXT, rows: 2, testid: "pstb-idea-input", placeholder: "An idea…" }, true);
          yield form(() => {
            const text = input.value.trim();
            if (!text) { ui.error.textContent = "Type an idea first."; input.focus(); return; }
            ui.error.textContent = "";
            send("pstb.idea", { text });
            input.value = "";
            input.focus();
          }, h("label", { for: "pstb-pidea", class: "compose-label" }, "Your idea — many, fast"), input,
          submit("Add idea", "pstb-idea-submit"), pendingLine(ui.ctx, ["pstb.idea"]));
        }
      }
      yield ideaList(ui, view, mine, { heading: `Ideas so far (${(view.ideas || []).length})` });
      return;
    }
    case "selection": {
      const chosen = new Set(view.selected || []);
      if (me) {
        yield h("p", { class: "compose-label", testid: "pstb-choose-hint" }, `Choose 1 to ${view.choose} ideas to work on · ${chosen.size} chosen`);
        yield closedLine(open);
        yield h("ul", { class: "idea-list", testid: "pstb-choices" }, (view.ideas || []).map((i) => h("li", { class: "idea" },
          open ? button([chosen.has(i.id) ? "✓ " : "", i.text], () => send("pstb.select", { idea: i.id, selected: !chosen.has(i.id) }),
            { class: `btn pstb-choice${chosen.has(i.id) ? " is-chosen" : ""}`, "aria-pressed": String(chosen.has(i.id)), testid: "pstb-choice" })
            : h("p", { class: "idea-text" }, chosen.has(i.id) ? "✓ " : "", i.text))));
        yield pendingLine(ui.ctx, ["pstb.select"]);
      } else {
        yield h("p", { class: "waiting waiting-small", testid: "pstb-waiting" }, `${cap(owner)} is choosing 1 to ${view.choose} ideas.`);
        yield ideaList(ui, view, mine, { heading: "The ideas", chosen });
      }
      return;
    }
    case "benefits": {
      const ideas = selectedIdeas(view);
      if (me) yield h("p", { class: "pstb-listening", testid: "pstb-listening" }, "You're listening", h("span", null, "The team gives benefits and concerns for your chosen ideas."));
      else {
        yield closedLine(open);
        if (open && ideas.length) yield noteForm(ui, ideas);
      }
      for (const idea of ideas) yield ideaNotes(ui, view, idea, mine, false);
      return;
    }
    case "critical": {
      yield h("p", { class: "hint" }, me ? "Is a concern critical? Mark it, then overcome it with a note, or let it eliminate the idea."
        : "Is a concern critical? Mark it. The problem owner decides what happens to it.");
      yield closedLine(open);
      for (const idea of selectedIdeas(view)) yield ideaNotes(ui, view, idea, mine, open, me);
      yield pendingLine(ui.ctx, ["pstb.critical", "pstb.decide"]);
      return;
    }
    case "actions": {
      const standing = selectedIdeas(view).filter((i) => (view.surviving || []).includes(i.id));
      yield closedLine(open);
      if (open && standing.length) yield actionForm(ui, standing);
      for (const idea of standing) yield ideaActions(view, idea, mine, ui);
      return;
    }
    default: {
      yield h("p", { class: "waiting waiting-small" }, me ? "Your action plan:" : "The problem owner's action plan:");
      for (const idea of selectedIdeas(view).filter((i) => (view.surviving || []).includes(i.id))) yield ideaActions(view, idea, mine);
    }
  }
}

// Your own idea, benefit, concern or action while input is open: change its words or take it back.
function yours(ui, item, noun) {
  if (!ui.open) return h("p", { class: "idea-author" }, "yours");
  return h("div", { class: "idea-foot" }, h("p", { class: "idea-author" }, "yours"), h("span", { class: "idea-actions" },
    button("Edit", () => {
      const { form, area } = ownEditForm(ui, { text: item.text, max: MAX_TEXT, rows: 2, label: `Edit your ${noun}`, testid: "pstb",
        emptyText: `The ${noun} can't be empty.`, save: (t) => ui.ctx.send("pstb.edit", { item: item.id, text: t }) });
      ui.editing = { id: item.id, form };
      ui.rerender();
      area.focus();
    }, { class: "btn btn-small btn-secondary", testid: "pstb-edit" }),
    button("Delete", () => { if (confirm(`Delete your ${noun}?`)) ui.ctx.send("pstb.delete", { item: item.id }); },
      { class: "btn btn-small btn-secondary", testid: "pstb-delete" })));
}

// An item's line of who wrote it: yours (with Edit/Delete), or its author's name when names are on.
function byline(ui, item, mine, noun) {
  if (mine.has(item.id)) return yours(ui, item, noun);
  return item.author ? h("p", { class: "idea-author" }, item.author) : null;
}

// The edit form in place of the item being edited (ui.editing), else the item.
function orEditing(ui, item, li) {
  return ui.editing && ui.editing.id === item.id ? h("li", { class: "idea mine-idea editing" }, ui.editing.form) : li;
}

function cap(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function ideaList(ui, view, mine, { heading, chosen = new Set() }) {
  const ideas = view.ideas || [];
  if (!ideas.length) return h("p", { class: "muted" }, "No ideas yet.");
  return h("section", null, h("h2", { class: "list-head" }, heading),
    h("ul", { class: "idea-list", testid: "pstb-ideas" }, ideas.map((i) => orEditing(ui, i, h("li", { class: `idea${mine.has(i.id) ? " mine-idea" : ""}`, testid: "pstb-idea" },
      h("p", { class: "idea-text" }, chosen.has(i.id) ? "✓ " : "", i.text),
      view.stage === "ideas" ? byline(ui, i, mine, "idea")
        : mine.has(i.id) || i.author ? h("p", { class: "idea-author" }, mine.has(i.id) ? "yours" : i.author) : null)))));
}

// Which idea (a choice when there are 2-3), benefit or concern, and the words.
function noteForm(ui, ideas) {
  if (!ideas.some((i) => i.id === ui.idea)) ui.idea = ideas[0].id;
  const input = field(ui, "note", { id: "pstb-pnote", maxlength: MAX_TEXT, rows: 2, testid: "pstb-note-input" }, true);
  input.placeholder = ui.kind === "benefit" ? "A benefit…" : "A concern…";
  const pick = (label, value, current, set, testid) => button(label, () => { set(value); redraw(); },
    { class: `btn pstb-pick${current === value ? " is-on" : ""}`, "aria-pressed": String(current === value), testid });
  const wrap = h("div");
  const redraw = () => wrap.replaceChildren(...draw());
  const draw = () => [
    ideas.length > 1 ? h("div", { class: "pstb-picks", role: "group", "aria-label": "Which idea" },
      ideas.map((i) => pick(i.text, i.id, ui.idea, (v) => { ui.idea = v; }, "pstb-note-idea"))) : null,
    h("div", { class: "pstb-picks pstb-picks-2", role: "group", "aria-label": "Benefit or concern" },
      pick("+ Benefit", "benefit", ui.kind, (v) => { ui.kind = v; }, "pstb-kind-benefit"),
      pick("− Concern", "concern", ui.kind, (v) => { ui.kind = v; }, "pstb-kind-concern")),
  ].filter(Boolean);
  redraw();
  return form(() => {
    const text = input.value.trim();
    if (!text) { ui.error.textContent = `Type a ${ui.kind} first.`; input.focus(); return; }
    ui.error.textContent = "";
    ui.ctx.send("pstb.note", { idea: ui.idea, kind: ui.kind, text });
    input.value = "";
    input.focus();
  }, h("p", { class: "compose-label" }, ideas.length > 1 ? "About which idea?" : `About: ${ideas[0].text}`), wrap,
  h("label", { for: "pstb-pnote", class: "visually-hidden" }, "Your benefit or concern"), input,
  submit("Add", "pstb-note-submit"), pendingLine(ui.ctx, ["pstb.note"]));
}

function ideaNotes(ui, view, idea, mine, canMark, me = false) {
  const notes = view.stage === "critical" ? notesFor(view, idea.id, "concern") : notesFor(view, idea.id);
  const send = ui.ctx.send;
  return h("section", { class: `pstb-pidea${idea.eliminated ? " is-out" : ""}`, testid: "pstb-pidea" },
    h("h2", { class: "list-head" }, idea.eliminated ? "Eliminated · " : "", idea.text),
    notes.length ? h("ul", { class: "idea-list" }, notes.map((n) => orEditing(ui, n, h("li", { class: `idea pstb-pnote pstb-${n.kind}${n.critical ? " is-critical" : ""}`, testid: "pstb-note" },
      h("p", { class: "idea-text" }, h("strong", null, n.kind === "benefit" ? "+ " : "− "), n.text),
      decisionText(n) ? h("p", { class: "pstb-pdecision" }, decisionText(n)) : null,
      view.stage === "benefits" ? byline(ui, n, mine, n.kind)
        : mine.has(n.id) ? h("p", { class: "idea-author" }, "yours") : n.author ? h("p", { class: "idea-author" }, n.author) : null,
      view.stage === "critical" && canMark ? criticalControls(ui, n, me, send) : null))))
      : h("p", { class: "muted" }, view.stage === "critical" ? "No concerns about this idea." : "Nothing yet."));
}

function criticalControls(ui, n, me, send) {
  const bits = [];
  if (!n.decision || me) {
    bits.push(button(n.critical ? "Not critical" : "Critical?", () => send("pstb.critical", { item: n.id, critical: !n.critical }),
      { class: "btn btn-small btn-secondary", testid: "pstb-critical" }));
  }
  if (me && n.critical && !n.decision) {
    const note = field(ui, `overcome:${n.id}`, { maxlength: MAX_RESOLUTION, placeholder: "How it's overcome…", "aria-label": "How the concern is overcome",
      testid: "pstb-overcome-input" });
    bits.push(h("form", { class: "pstb-overcome", onsubmit: (ev) => {
      ev.preventDefault();
      const text = note.value.trim();
      if (!text) { note.focus(); return; }
      send("pstb.decide", { item: n.id, decision: "overcome", text });
    } }, h("p", { class: "compose-label" }, "How is it overcome?"), note,
    h("button", { type: "submit", class: "btn btn-small btn-primary", testid: "pstb-overcome" }, "Overcome")),
    button("It eliminates the idea", () => send("pstb.decide", { item: n.id, decision: "eliminates" }),
      { class: "btn btn-small btn-secondary", testid: "pstb-eliminate" }));
  }
  if (me && n.decision) bits.push(button("Undo decision", () => send("pstb.decide", { item: n.id, decision: null }), { class: "btn btn-small btn-secondary" }));
  return h("div", { class: "pstb-pcontrols" }, bits);
}

function actionForm(ui, ideas) {
  if (!ideas.some((i) => i.id === ui.actionIdea)) ui.actionIdea = ideas[0].id;
  const what = field(ui, "what", { id: "pstb-pwhat", maxlength: MAX_TEXT, rows: 2, testid: "pstb-action-input", placeholder: "What will be done…" }, true);
  const who = field(ui, "who", { id: "pstb-pwho", maxlength: MAX_WHO, testid: "pstb-action-who", placeholder: "e.g. Head of Year 8" });
  const when = field(ui, "when", { id: "pstb-pwhen", maxlength: MAX_WHEN, testid: "pstb-action-when", placeholder: "e.g. by half term" });
  const which = ideas.length > 1 ? h("select", { class: "select", id: "pstb-pwhich", testid: "pstb-action-idea",
    onchange: (ev) => { ui.actionIdea = ev.target.value; } },
  ideas.map((i) => h("option", { value: i.id, selected: i.id === ui.actionIdea }, i.text))) : null;
  return form(() => {
    const text = what.value.trim();
    if (!text) { ui.error.textContent = "Say what will be done first."; what.focus(); return; }
    ui.error.textContent = "";
    ui.ctx.send("pstb.action", { idea: ui.actionIdea, text, who: who.value.trim(), when: when.value.trim() });
    what.value = ""; who.value = ""; when.value = "";
    what.focus();
  }, which ? h("label", { for: "pstb-pwhich", class: "compose-label" }, "For which idea?") : h("p", { class: "compose-label" }, `For: ${ideas[0].text}`), which,
  h("label", { for: "pstb-pwhat", class: "compose-label" }, "What"), what,
  h("div", { class: "pstb-pwho-when" },
    h("label", { for: "pstb-pwho", class: "compose-label" }, "Who", who),
    h("label", { for: "pstb-pwhen", class: "compose-label" }, "When", when)),
  submit("Add action", "pstb-action-submit"), pendingLine(ui.ctx, ["pstb.action"]));
}

function ideaActions(view, idea, mine, ui = null) {
  const acts = actionsFor(view, idea.id);
  return h("section", { class: "pstb-pidea", testid: "pstb-pidea" }, h("h2", { class: "list-head" }, idea.text),
    acts.length ? h("ul", { class: "idea-list", testid: "pstb-actions" }, acts.map((a) => {
      const li = h("li", { class: "idea", testid: "pstb-action" },
        h("p", { class: "idea-text" }, a.text),
        actionMeta(a) ? h("p", { class: "pstb-pmeta" }, actionMeta(a)) : null,
        ui ? byline(ui, a, mine, "action")
          : mine.has(a.id) ? h("p", { class: "idea-author" }, "yours") : a.author ? h("p", { class: "idea-author" }, a.author) : null);
      return ui ? orEditing(ui, a, li) : li;
    }))
      : h("p", { class: "muted" }, "No actions yet."));
}
