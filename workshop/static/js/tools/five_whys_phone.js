// Five whys on a phone: the current "Why?", one box to answer it, a vote when there is one,
// and your own answers with what became of them. Saved only when the server says so.
import { h, reconcile, button } from "../dom.js";
import { PROBLEM, MAX_TEXT, SAVE_TEXT, model, whyLabel, statusChip, freshRejection, fill } from "./five_whys_common.js";
import { wireCompose, refusedLine, noteRefusal, showRefusal, ownEditForm } from "./saving.js";

function build(el) {
  const ui = { editing: null, seen: new Set(), cardErrors: new Map() };
  ui.question = h("section", { class: "fw-pq", testid: "fw-question", "aria-live": "polite" });
  ui.vote = h("section", { class: "fw-pvote", testid: "fw-vote" });
  ui.input = h("textarea", { id: "fw-input", class: "idea-input", testid: "fw-input", rows: 3, maxlength: MAX_TEXT,
    placeholder: "Because…", "aria-describedby": "fw-count fw-error" });
  ui.count = h("span", { id: "fw-count", class: "hint counter" }, `0/${MAX_TEXT}`);
  ui.error = h("p", { id: "fw-error", class: "error", testid: "fw-error", "aria-live": "polite" });
  ui.submit = h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "fw-submit" }, "Propose answer");
  ui.formLabel = h("label", { for: "fw-input", class: "compose-label" }, "Your answer");
  ui.form = h("form", { class: "compose", testid: "fw-compose" },
    ui.formLabel, ui.input, h("div", { class: "compose-foot" }, ui.count), ui.error, ui.submit);
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" });
  ui.mineHead = h("h2", { class: "list-head" }, "Your answers");
  ui.mine = h("ul", { class: "idea-list mine", testid: "fw-mine" });
  ui.othersHead = h("h2", { class: "list-head" });
  ui.others = h("ul", { class: "idea-list others", testid: "fw-others" });
  ui.pathList = h("ol", { class: "fw-ppath" });
  ui.path = h("details", { class: "fw-pdetails", testid: "fw-path" }, h("summary", null, "How we got here"), ui.pathList);
  ui.refused = refusedLine();
  el.replaceChildren(ui.question, ui.vote, ui.form, ui.closed, ui.refused, ui.mineHead, ui.mine, ui.othersHead, ui.others, ui.path);

  wireCompose(ui, MAX_TEXT, "Type an answer first.", (text) => ui.ctx.send("whys.answer", { text, parent: ui.questionId }));
  return ui;
}

function saveLine(status) {
  return h("span", { class: `save save-${status}`, testid: "save-status", "aria-live": "polite" }, SAVE_TEXT[status] || status);
}

function renderQuestion(ui, view) {
  const q = view.question;
  if (!view.problem) {
    ui.question.replaceChildren(h("p", { class: "fw-pq-text" }, "Waiting for the facilitator to set the problem…"));
    return;
  }
  ui.question.classList.toggle("is-root", !!q.root_cause);
  ui.question.replaceChildren(
    h("p", { class: "fw-pq-label" }, q.root_cause ? "This chain reached a root cause" : whyLabel(q, view.target)),
    h("p", { class: "fw-pq-text", testid: "fw-question-text" }, q.root_cause ? null : h("strong", null, "Why? "), q.text));
}

function renderVote(ui, view, m, activity) {
  const ctx = ui.ctx;
  const vote = view.vote;
  if (!vote || (!vote.open && !vote.tally)) { ui.vote.hidden = true; return; }
  ui.vote.hidden = false;
  const pending = ctx.pending.filter((p) => p.type === "whys.vote").pop();
  // A ballot counts only for the vote it was cast in (a cleared and restarted vote starts empty).
  const saved = ctx.private && ctx.private.vote_id === vote.id ? ctx.private.vote : null;
  const chosen = pending ? pending.payload.answer : saved;
  const canVote = vote.open && activity.open;
  const err = freshRejection(ctx, ["whys.vote"], ui.seen);
  if (err) ui.voteError = err.message;
  const options = vote.options.map((id) => m.byId.get(id)).filter(Boolean);
  const count = (id) => (vote.tally ? vote.tally[id] || 0 : null);
  fill(ui.vote, 
    h("h2", { class: "list-head", id: "fw-vote-head" }, vote.open ? "Vote: which answer explains it best?" : "Vote results"),
    h("div", { class: "fw-options", role: "group", "aria-labelledby": "fw-vote-head" }, options.map((a) => button(
      [h("span", { class: "fw-opt-text" }, a.text), count(a.id) != null ? h("span", { class: "fw-opt-count" }, `${count(a.id)}`) : null],
      () => { ui.voteError = ""; ctx.send("whys.vote", { answer: a.id }); },
      { class: "btn fw-option", "aria-pressed": String(chosen === a.id), disabled: !canVote, testid: "fw-option",
        dataset: { answer: a.id } }))),
    h("div", { class: "idea-foot" },
      pending ? saveLine(pending.status)
        : h("span", { class: `save ${saved ? "save-saved" : "save-saving"}`, testid: "fw-vote-status" },
          saved ? "Your vote is saved ✓" : vote.open ? "Tap an answer to vote" : "You did not vote"),
      canVote && chosen ? button("Clear my vote", () => ctx.send("whys.vote", { answer: null }),
        { class: "btn btn-small btn-secondary", testid: "fw-vote-clear" }) : null),
    ui.voteError ? h("p", { class: "error", role: "alert" }, ui.voteError) : null,
    vote.open && !vote.tally ? h("p", { class: "hint" }, "Results stay hidden until the facilitator shows them.") : null);
}

function startEdit(ui, id, text) {
  ui.cardErrors.delete(id);
  const { form, area } = ownEditForm(ui, { text, max: MAX_TEXT, label: "Edit your answer", testid: "fw",
    emptyText: "An answer can't be empty.", save: (t) => ui.ctx.send("whys.edit", { answer: id, text: t }) });
  ui.editing = { id, li: h("li", { class: "idea mine-idea editing" }, form) };
  ui.rerender();
  area.focus();
}

function mineItem(ui, mine, m, view, activity) {
  if (ui.editing && ui.editing.id === mine.id) return ui.editing.li;
  const p = ui.ctx.pending.filter((x) => x.payload && x.payload.answer === mine.id && x.type !== "whys.vote").pop();
  const text = p && p.type === "whys.edit" ? p.payload.text : mine.text;
  const withdrawing = p && p.type === "whys.withdraw";
  const inVote = view.vote && view.vote.open && view.vote.options.includes(mine.id);
  const canChange = activity.open && mine.status === "proposed" && !inVote && !withdrawing;
  const asked = mine.parent === PROBLEM ? null : m.byId.get(mine.parent);
  const error = ui.cardErrors.get(mine.id);
  return h("li", { class: `idea mine-idea fw-mine-${mine.status}`, testid: "fw-my-answer", dataset: { answer: mine.id } },
    h("p", { class: "idea-text" }, text),
    mine.status === "proposed" && mine.parent !== view.question.id && asked ? h("p", { class: "idea-note" }, `Answering: why? ${asked.text}`) : null,
    error ? h("p", { class: "error", role: "alert" }, error) : null,
    h("div", { class: "idea-foot" },
      h("span", { class: "fw-foot-left" }, statusChip(mine.status, mine.root_cause), " ",
        withdrawing ? h("span", { class: "save save-saving" }, "withdrawing…") : saveLine(p ? p.status : "saved")),
      canChange ? h("span", { class: "idea-actions" },
        button("Edit", () => startEdit(ui, mine.id, text), { class: "btn btn-small btn-secondary", testid: "fw-edit" }),
        button("Withdraw", () => {
          if (confirm("Withdraw this answer?")) ui.ctx.send("whys.withdraw", { answer: mine.id });
        }, { class: "btn btn-small btn-danger", testid: "fw-withdraw" })) : null,
      inVote && mine.status === "proposed" ? h("span", { class: "hint" }, "In the vote") : null));
}

export function phone(el, activity, ctx) {
  const ui = el.__whysPhone || (el.__whysPhone = build(el));
  ui.ctx = ctx;
  ui.rerender = () => phone(el, activity, ui.ctx);
  const view = activity.view || {};
  const m = model(view);
  const q = view.question || { id: PROBLEM, why: 1, text: view.problem };
  ui.questionId = q.id;

  const rejected = freshRejection(ctx, ["whys.answer", "whys.edit", "whys.withdraw"], ui.seen);
  if (rejected && rejected.entry.type === "whys.answer") {
    ui.error.textContent = rejected.message;
    if (!ui.input.value) ui.input.value = rejected.entry.payload.text;
    noteRefusal(ui.refused, rejected, rejected.entry.payload.text);
  } else if (rejected) {
    ui.cardErrors.set(rejected.entry.payload.answer, rejected.message);
  }

  renderQuestion(ui, view);
  renderVote(ui, view, m, activity);
  const canAnswer = activity.open && !!view.problem && !q.root_cause;
  ui.form.hidden = !canAnswer;
  ui.closed.hidden = canAnswer || !view.problem;
  showRefusal(ui.refused, canAnswer);
  ui.closed.textContent = !activity.open ? "Input is closed for this activity"
    : "This chain has ended. Wait for the facilitator to pick the next question.";

  // The private part arrives with your own acks; the facilitator's steps (accept, reject, root
  // cause) reach you through the shared view, so that wins for anything it shows.
  const mine = ((ctx.private && ctx.private.mine) || []).map((a) => {
    const shown = m.byId.get(a.id);
    if (shown) return { ...a, text: shown.text, status: shown.status, parent: shown.parent, root_cause: shown.root_cause };
    return { ...a, status: a.status === "rejected" ? "rejected" : "set_aside", root_cause: false };
  });
  const items = mine.map((a) => mineItem(ui, a, m, view, activity));
  for (const p of ctx.pending.filter((x) => x.type === "whys.answer")) {
    items.push(h("li", { class: "idea mine-idea is-pending", testid: "fw-my-answer" },
      h("p", { class: "idea-text" }, p.payload.text), h("div", { class: "idea-foot" }, saveLine(p.status))));
  }
  reconcile(ui.mine, items.reverse());  // newest first: what you just sent is under your thumb
  ui.mineHead.hidden = !items.length;

  const mineIds = new Set(mine.map((a) => a.id));
  const others = m.proposalsTo(q.id).filter((a) => !mineIds.has(a.id));
  ui.othersHead.textContent = `Other answers to this why (${others.length})`;
  ui.othersHead.hidden = !others.length;
  ui.others.replaceChildren(...others.map((a) => h("li", { class: "idea", testid: "fw-other" },
    h("p", { class: "idea-text" }, a.text), a.author ? h("p", { class: "idea-author" }, a.author) : null)));

  const path = m.pathTo(q.id).map((id) => m.byId.get(id));
  ui.path.hidden = !path.length;
  ui.pathList.replaceChildren(h("li", null, h("strong", null, "Problem: "), view.problem),
    ...path.map((a) => h("li", null, h("strong", null, `Why ${a.level}: `), a.text)));
}
