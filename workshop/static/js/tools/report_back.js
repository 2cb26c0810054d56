// Reporting back and reviewing the experience: one question at a time (the section the
// facilitator makes current), short answers from phones, the board shows that question big.
import { h, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { SAVE_TEXT, refusedLine, noteRefusal, showRefusal } from "./saving.js";
import { fitCards, paginate, spills } from "./board_fit.js";

const MAX = limit("report_back.text");

function sectionOf(view, id) {
  return (view.sections || []).find((s) => s.id === id) || { id, title: id, question: id };
}

// ---------- board ----------

export function board(el, activity) {
  const view = activity.view || {};
  const current = sectionOf(view, view.current);
  const answers = (view.answers || []).filter((a) => a.section === view.current);
  const tabs = h("ol", { class: "rb-tabs", "aria-label": "Questions" }, (view.sections || []).map((s) => {
    const n = (view.answers || []).filter((a) => a.section === s.id).length;
    return h("li", { class: `rb-tab${s.id === view.current ? " is-current" : ""}`, "aria-current": s.id === view.current ? "step" : null },
      s.title, n ? h("span", { class: "rb-tab-n" }, String(n)) : null);
  }));
  const list = h("div", { class: "rb-answers", testid: "answers" }, answers.map((a) =>
    h("div", { class: "card", testid: "card", dataset: { card: a.id } }, h("p", { class: "card-text" }, a.text),
      a.author ? h("p", { class: "card-meta" }, h("span", { class: "card-author" }, a.author)) : null)));
  const empty = h("p", { class: "wall-empty rb-empty" }, activity.open ? "No answers yet. Add yours on your phone." : "No answers here.");
  el.replaceChildren(h("div", { class: "rb-board" }, tabs,
    h("h2", { class: "rb-question", testid: "current-question" }, current.question),
    answers.length ? list : empty));
  if (answers.length) fit(list, answers.length);
  return { dense: answers.length > 10 };
}

// The answers' type shrinks to fit, never below the board's floor; a long list then pages.
function fit(list, n) {
  fitCards(list, "--rb-em", list, n <= 4 ? 1.6 : n <= 8 ? 1.35 : n <= 16 ? 1.1 : 1);
  paginate([...list.children], () => spills(list), list.parentNode);
}

// ---------- phone ----------

function buildPhone(el) {
  const ui = { seen: new Set() };
  ui.question = h("p", { class: "rb-phone-q", id: "rb-q", testid: "current-question" });
  ui.input = h("textarea", { id: "rb-input", class: "idea-input", rows: 3, maxlength: MAX, testid: "answer-input",
    "aria-labelledby": "rb-q", "aria-describedby": "rb-error", placeholder: "Your answer…" });
  ui.error = h("p", { id: "rb-error", class: "error", "aria-live": "polite", testid: "answer-error" });
  ui.form = h("form", { class: "compose", testid: "compose" }, ui.question, ui.input, ui.error,
    h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "answer-submit" }, "Add"));
  ui.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text) { ui.error.textContent = "Type an answer first."; ui.input.focus(); return; }
    ui.ctx.send("report.add", { section: ui.section, text });
    ui.input.value = "";
    ui.input.focus();
  });
  ui.input.addEventListener("input", () => { ui.error.textContent = ""; });
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.mine = h("ul", { class: "idea-list mine", testid: "my-answers" });
  ui.mineHead = h("h2", { class: "list-head" }, "Your answers");
  ui.others = h("ul", { class: "idea-list others", testid: "other-answers" });
  ui.othersHead = h("h2", { class: "list-head" });
  ui.refused = refusedLine();
  el.replaceChildren(ui.form, ui.closed, ui.refused, ui.mineHead, ui.mine, ui.othersHead, ui.others);
  return ui;
}

export function phone(el, activity, ctx) {
  const ui = el.__rbPhone || (el.__rbPhone = buildPhone(el));
  ui.ctx = ctx;
  const view = activity.view || {};
  const current = sectionOf(view, view.current);
  ui.section = view.current;
  ui.question.textContent = current.question;
  for (const [id, r] of ctx.settled) {
    if (r.ok || ui.seen.has(id) || !r.entry.type.startsWith("report.")) continue;
    ui.seen.add(id);
    ui.error.textContent = r.message;
    if (r.entry.type === "report.add" && !ui.input.value) ui.input.value = r.entry.payload.text;
    noteRefusal(ui.refused, r, r.entry.payload.text);
  }
  ui.form.hidden = !activity.open;
  ui.closed.hidden = !!activity.open;
  showRefusal(ui.refused, !!activity.open);
  const mine = new Set((ctx.private && ctx.private.mine) || []);
  const here = (view.answers || []).filter((a) => a.section === view.current);
  const deleting = new Set(ctx.pending.filter((p) => p.type === "report.delete").map((p) => p.payload.answer));
  const items = here.filter((a) => mine.has(a.id)).map((a) => h("li", { class: "idea mine-idea", testid: "my-answer", dataset: { answer: a.id } },
    h("p", { class: "idea-text" }, a.text),
    h("div", { class: "idea-foot" },
      h("span", { class: `save ${deleting.has(a.id) ? "save-saving" : "save-saved"}`, testid: "save-status" }, deleting.has(a.id) ? "deleting…" : SAVE_TEXT.saved),
      activity.open && !deleting.has(a.id) ? button("Delete", () => {
        if (confirm("Delete this answer?")) ui.ctx.send("report.delete", { answer: a.id });
      }, { class: "btn btn-small btn-danger", testid: "answer-delete" }) : null)));
  for (const p of ctx.pending.filter((x) => x.type === "report.add")) {
    items.push(h("li", { class: "idea mine-idea is-pending", testid: "my-answer" }, h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, h("span", { class: `save save-${p.status}`, testid: "save-status" }, SAVE_TEXT[p.status]))));
  }
  ui.mine.replaceChildren(...items);
  ui.mineHead.hidden = !items.length;
  const others = here.filter((a) => !mine.has(a.id));
  ui.othersHead.textContent = `Other answers (${others.length})`;
  ui.othersHead.hidden = !others.length;
  ui.others.replaceChildren(...others.map((a) => h("li", { class: "idea", testid: "answer" }, h("p", { class: "idea-text" }, a.text),
    a.author ? h("p", { class: "idea-author" }, a.author) : null)));
}

// ---------- console ----------

function buildConsole(el) {
  const ui = { editing: null };
  ui.tabs = h("div", { class: "rb-fac-tabs", role: "group", "aria-label": "Current question", testid: "section-tabs" });
  ui.addText = h("input", { id: "rb-add", class: "input", maxlength: MAX, placeholder: "Add an answer as facilitator…", testid: "fac-answer-input" });
  ui.addSection = h("select", { class: "select", "aria-label": "Section for the new answer", testid: "fac-answer-section" });
  const addForm = h("form", { class: "inline-form", testid: "fac-add" },
    h("label", { for: "rb-add", class: "visually-hidden" }, "Add an answer"), ui.addText, ui.addSection,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fac-answer-submit" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addText.value.trim();
    if (!text) { ui.addText.focus(); return; }
    ui.ctx.send("report.add", { text, section: ui.addSection.value || ui.view.current });
    ui.addText.value = "";
  });
  ui.anon = h("input", { type: "checkbox", id: "rb-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("report.settings", { anonymous: ui.anon.checked }));
  ui.importFrom = h("select", { class: "select", id: "rb-import", testid: "import-from" });
  const importBtn = button("Bring cards", () => {
    const from = Number(ui.importFrom.value);
    if (from) ui.ctx.send("activity.import", { from, section: ui.addSection.value || ui.view.current });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit", title: "Into the section chosen beside “Add”" });
  ui.list = h("div", { class: "rb-fac", testid: "answers" });
  el.replaceChildren(ui.tabs,
    h("div", { class: "tool-bar" }, addForm, h("label", { class: "check", for: "rb-anon" }, ui.anon, " Anonymous"),
      h("span", { class: "inline-form" }, h("label", { for: "rb-import" }, "From"), ui.importFrom, importBtn)),
    ui.list);
  return ui;
}

function answerEl(ui, a, sections) {
  const ctx = ui.ctx;
  if (ui.editing && ui.editing.id === a.id) return ui.editing.el;
  const move = h("select", { class: "select select-small", "aria-label": "Move to section", testid: "answer-move" },
    sections.map((s) => h("option", { value: s.id, selected: s.id === a.section }, s.title)));
  move.addEventListener("change", () => ctx.send("report.move", { answer: a.id, section: move.value }));
  const source = a.source && ui.titles.get(a.source.activity);
  return h("article", { class: `card fcard${a.hidden ? " is-hidden" : ""}`, testid: "answer", dataset: { answer: a.id } },
    h("p", { class: "card-text" }, a.text),
    h("div", { class: "card-meta" },
      a.hidden ? h("span", { class: "badge badge-hidden" }, "Hidden") : null,
      a.author ? h("span", { class: "card-author" }, a.author) : null,
      source ? h("span", { class: "card-source" }, `from “${truncate(source, 30)}”`) : null),
    h("div", { class: "card-actions" },
      button("Edit", () => editAnswer(ui, a), { class: "btn btn-small btn-secondary", testid: "answer-edit" }),
      button(a.hidden ? "Unhide" : "Hide", () => ctx.send(a.hidden ? "report.unhide" : "report.hide", { answer: a.id }),
        { class: "btn btn-small btn-secondary", testid: a.hidden ? "answer-unhide" : "answer-hide" }),
      move,
      button("Delete", () => {
        if (confirm(`Delete this answer?\n\n${truncate(a.text, 120)}`)) ctx.send("report.delete", { answer: a.id });
      }, { class: "btn btn-small btn-danger", testid: "answer-delete" })));
}

function editAnswer(ui, a) {
  const area = h("textarea", { class: "input", rows: 3, maxlength: MAX, "aria-label": "Answer text" });
  area.value = a.text;
  const done = () => { ui.editing = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) return;
    if (text !== a.text) ui.ctx.send("report.edit", { answer: a.id, text });
    done();
  } }, area, h("div", { class: "actions" }, h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Save"),
    button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  ui.editing = { id: a.id, el: h("article", { class: "card fcard is-editing", testid: "answer" }, form) };
  ui.rerender();
  area.focus();
}

export function facilitator(el, activity, ctx) {
  const ui = el.__rbConsole || (el.__rbConsole = buildConsole(el));
  const view = activity.view || {};
  const sections = view.sections || [];
  const answers = view.answers || [];
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  if (ui.editing && !answers.some((a) => a.id === ui.editing.id)) ui.editing = null;
  ui.anon.checked = !!view.anonymous;
  ui.tabs.replaceChildren(h("span", { class: "rb-fac-tabs-label" }, "On the board:"), ...sections.map((s) => {
    const n = answers.filter((a) => a.section === s.id).length;
    return button(`${s.title} (${n})`, () => ctx.send("report.section", { section: s.id }),
      { class: `btn btn-small ${s.id === view.current ? "btn-primary" : "btn-secondary"}`, "aria-pressed": String(s.id === view.current),
        testid: "section-tab", dataset: { section: s.id }, title: s.question });
  }));
  const sig = JSON.stringify([sections, view.current]);
  if (ui.addSection.dataset.sig !== sig) {
    ui.addSection.dataset.sig = sig;
    ui.addSection.replaceChildren(...sections.map((s) => h("option", { value: s.id, selected: s.id === view.current }, s.title)));
  }
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const ssig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== ssig) {
    ui.importFrom.dataset.sig = ssig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...sources.map((a) => h("option", { value: a.id }, truncate(a.title, 40))));
  }
  if (ui.editing && ui.editing.el.contains(document.activeElement)) return;  // keep the caret
  ui.list.replaceChildren(...sections.map((s) => {
    const mine = answers.filter((a) => a.section === s.id);
    return h("section", { class: `fwall-group rb-fac-section${s.id === view.current ? " is-current" : ""}`, dataset: { section: s.id } },
      h("h3", { class: "fwall-title" }, `${s.question} (${mine.length})`),
      mine.length ? h("div", { class: "fwall-cards" }, mine.map((a) => answerEl(ui, a, sections)))
        : h("p", { class: "muted" }, "No answers yet."));
  }));
}
