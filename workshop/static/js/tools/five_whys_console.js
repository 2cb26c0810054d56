// Five whys as the facilitator runs it: the problem, the question being asked now with its
// proposed answers (accept, branch, edit, reject, vote), the whole tree, root causes, read-back.
import { h, reconcile, button, truncate } from "../dom.js";
import { PROBLEM, MAX_TEXT, MAX_PROBLEM, SAVE_TEXT, model, ladderRows, whyLabel, fill } from "./five_whys_common.js";
import { importChoice, importSources } from "./import_sources.js";

function build(el) {
  const ui = { mode: null };
  ui.problem = h("input", { id: "fw-problem", class: "input fw-problem-input", maxlength: MAX_PROBLEM,
    placeholder: "The problem, in one sentence…", testid: "fw-problem-input" });
  const problemForm = h("form", { class: "inline-form fw-problem-form", testid: "fw-problem-form" },
    h("label", { for: "fw-problem" }, "Problem"), ui.problem,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fw-problem-set" }, "Set"));
  problemForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.problem.value.trim();
    if (text && text !== ui.view.problem) ui.ctx.send("whys.problem", { text });
    ui.problem.blur();
  });

  ui.anon = h("input", { type: "checkbox", id: "fw-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("whys.settings", { anonymous: ui.anon.checked }));
  ui.target = h("select", { class: "select", id: "fw-target", testid: "fw-target" },
    [3, 4, 5, 6, 7, 8].map((n) => h("option", { value: n }, String(n))));
  ui.target.addEventListener("change", () => ui.ctx.send("whys.settings", { target: Number(ui.target.value) }));
  ui.readback = button("Read back", () => ui.ctx.send("whys.readback", { on: !ui.view.readback }),
    { class: "btn btn-small btn-secondary", testid: "fw-readback-toggle" });

  ui.importFrom = h("select", { class: "select", id: "fw-import", testid: "import-from" });
  ui.importAs = h("select", { class: "select", "aria-label": "Bring them in as", testid: "import-as" },
    h("option", { value: "answers" }, "as answers"), h("option", { value: "problem" }, "as the problem"));
  const importBtn = button("Bring cards", () => {
    const choice = importChoice(ui.importFrom.value);
    if (!choice) return;
    const as = ui.importAs.value;
    ui.ctx.send("activity.import", as === "problem" ? { ...choice, top: 1, as } : choice);
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });

  ui.add = h("input", { id: "fw-add", class: "input", maxlength: MAX_TEXT, placeholder: "Add an answer as facilitator…", testid: "fw-add-input" });
  ui.addForm = h("form", { class: "inline-form fw-add-form", testid: "fw-add" },
    h("label", { for: "fw-add", class: "visually-hidden" }, "Add an answer to the current question"), ui.add,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fw-add-submit" }, "Add answer"));
  ui.addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.add.value.trim();
    if (!text) return;
    ui.ctx.send("whys.answer", { text, parent: ui.view.current });
    ui.add.value = "";
  });

  ui.now = h("section", { class: "fw-now", testid: "fw-now" });
  ui.props = h("div", { class: "fw-fprops", testid: "fw-proposals" });
  ui.rejected = h("details", { class: "fw-rejected", testid: "fw-rejected" });
  ui.tree = h("ol", { class: "fw-tree", testid: "fw-tree" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, problemForm,
      h("label", { class: "check", for: "fw-anon" }, ui.anon, " Anonymous"),
      h("span", { class: "inline-form" }, h("label", { for: "fw-target" }, "Depth guide"), ui.target),
      ui.readback,
      h("span", { class: "inline-form" }, h("label", { for: "fw-import" }, "From"), ui.importFrom, ui.importAs, importBtn)),
    h("div", { class: "fw-console" },
      h("div", { class: "fw-col" }, ui.now, ui.addForm, ui.props, ui.rejected),
      h("div", { class: "fw-col" }, h("h3", { class: "fw-h" }, "The chain"), ui.tree)));
  return ui;
}

function pendingFor(ui, id) {
  const p = ui.ctx.pending.filter((x) => x.payload && x.payload.answer === id).pop();
  return p ? h("span", { class: `save save-${p.status}`, "aria-live": "polite" }, SAVE_TEXT[p.status]) : null;
}

function editMode(ui, a) {
  const area = h("textarea", { class: "input", rows: 2, maxlength: MAX_TEXT, "aria-label": "Answer text", testid: "fw-edit-input" });
  area.value = a.text;
  const done = () => { ui.mode = null; ui.rerender(); };
  const form = h("form", { class: "card-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) return;
    if (text !== a.text) ui.ctx.send("whys.edit", { answer: a.id, text });
    done();
  } }, area, h("div", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "fw-edit-save" }, "Save"),
    button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  ui.mode = { id: a.id, el: h("article", { class: "card fcard is-editing", dataset: { answer: a.id } }, form) };
  ui.rerender();
  area.focus();
}

function proposalCard(ui, a, vote) {
  if (ui.mode && ui.mode.id === a.id) return ui.mode.el;
  const send = ui.ctx.send;
  const count = vote && vote.tally && vote.options.includes(a.id) ? vote.tally[a.id] || 0 : null;
  const source = a.source && ui.titles.get(a.source.activity);
  return h("article", { class: "card fcard fw-fcard", testid: "fw-proposal", dataset: { answer: a.id } },
    h("p", { class: "card-text" }, a.text),
    h("div", { class: "card-meta" },
      count != null ? h("span", { class: "card-merged", title: "votes" }, `${count} ${count === 1 ? "vote" : "votes"}`) : null,
      a.author ? h("span", { class: "card-author" }, a.author) : null,
      source ? h("span", { class: "card-source" }, `from “${truncate(source, 30)}”`) : null,
      pendingFor(ui, a.id)),
    h("div", { class: "card-actions" },
      button("Accept", () => send("whys.accept", { answer: a.id }), { class: "btn btn-small btn-primary", testid: "fw-accept",
        title: "Accept and ask why about it next" }),
      button("+ Branch", () => send("whys.accept", { answer: a.id, follow: false }), { class: "btn btn-small btn-secondary",
        testid: "fw-branch", title: "Accept it too, as another branch, and stay on this question" }),
      button("Edit", () => editMode(ui, a), { class: "btn btn-small btn-secondary", testid: "fw-edit" }),
      button("Reject", () => send("whys.reject", { answer: a.id }), { class: "btn btn-small btn-danger", testid: "fw-reject" })));
}

function renderNow(ui, view, m) {
  const q = view.question;
  const send = ui.ctx.send;
  const node = m.byId.get(q.id);
  const leaf = node && !m.childrenOf(node.id).length;
  const vote = view.vote;
  const proposals = m.proposalsTo(q.id);
  const voteBits = [];
  if (vote) {
    const where = vote.parent === q.id ? "" : " (on another question)";
    voteBits.push(h("span", { class: "fw-vote-state", testid: "fw-vote-state" },
      `${vote.open ? "Vote open" : "Vote closed"}${where} · ${vote.voters} ${vote.voters === 1 ? "vote" : "votes"}`
      + (ui.revealed ? " · results on the board" : " · results hidden from the room")));
    if (vote.open) voteBits.push(button("Close voting", () => send("whys.vote_end"), { class: "btn btn-small btn-secondary", testid: "fw-vote-end" }));
    voteBits.push(ui.revealed
      ? button("Hide results", () => send("activity.conceal"), { class: "btn btn-small btn-secondary", testid: "fw-conceal" })
      : button("Show results", () => send("activity.reveal"), { class: "btn btn-small btn-secondary", testid: "fw-reveal" }));
    voteBits.push(button("Clear vote", () => send("whys.vote_clear"), { class: "btn btn-small btn-secondary", testid: "fw-vote-clear" }));
  } else if (!q.root_cause && view.problem) {
    voteBits.push(button(`Vote on these ${proposals.length}`, () => send("whys.vote_start"),
      { class: "btn btn-small btn-secondary", testid: "fw-vote-start", disabled: proposals.length < 2,
        title: proposals.length < 2 ? "A vote needs two or more proposed answers" : "Phones vote; results stay hidden until you show them" }));
  }
  ui.now.classList.toggle("is-root", !!q.root_cause);
  fill(ui.now, 
    h("p", { class: "fw-now-label" }, view.problem ? `Now asking · ${whyLabel(q, view.target)}` : "Set the problem to start"),
    h("p", { class: "fw-now-text", testid: "fw-now-text" }, view.problem ? [h("strong", null, "Why? "), q.text] : "—"),
    q.root_cause ? h("p", { class: "fw-chip fw-chip-root" }, "Root cause — this chain ends here") : null,
    h("div", { class: "actions fw-now-actions" },
      button("↑ Up a level", () => send("whys.up"), { class: "btn btn-small btn-secondary", testid: "fw-up",
        disabled: q.id === PROBLEM, title: "Ask the question above again; keep this answer" }),
      leaf ? button("Un-accept & go up", () => send("whys.unaccept", { answer: node.id }),
        { class: "btn btn-small btn-secondary", testid: "fw-unaccept", title: "Put this answer back among the proposals" }) : null,
      leaf ? button(node.root_cause ? "Unmark root cause" : "Mark as root cause", () => send("whys.root", { answer: node.id, root: !node.root_cause }),
        { class: `btn btn-small ${node.root_cause ? "btn-secondary" : "btn-primary"}`, testid: "fw-root" }) : null),
    h("div", { class: "actions fw-vote-actions" }, voteBits));
}

function treeRow(ui, view, row, m) {
  const a = row.node;
  const send = ui.ctx.send;
  const waiting = m.proposalsTo(a.id).length;
  const leaf = !m.childrenOf(a.id).length;
  const current = view.current === a.id;
  const body = ui.mode && ui.mode.id === a.id ? ui.mode.el : h("div", { class: "fw-node" },
    h("p", { class: "fw-node-text" }, h("span", { class: "fw-node-why" }, `Why ${a.level}${row.branch ? ` · branch ${row.branch}` : ""}`), " ", a.text),
    h("div", { class: "card-actions" },
      current ? h("span", { class: "fw-chip fw-chip-current" }, "Asking now")
        : button(waiting ? `Ask this (${waiting} waiting)` : "Ask this", () => send("whys.current", { node: a.id }),
          { class: "btn btn-small btn-secondary", testid: "fw-ask" }),
      a.root_cause ? h("span", { class: "fw-chip fw-chip-root" }, "Root cause") : null,
      button("Edit", () => editMode(ui, a), { class: "btn btn-small btn-secondary", testid: "fw-edit" }),
      leaf ? button(a.root_cause ? "Unmark" : "Root cause", () => send("whys.root", { answer: a.id, root: !a.root_cause }),
        { class: "btn btn-small btn-secondary", testid: "fw-tree-root" }) : null,
      leaf ? button("Un-accept", () => send("whys.unaccept", { answer: a.id }), { class: "btn btn-small btn-secondary", testid: "fw-tree-unaccept" }) : null,
      pendingFor(ui, a.id)));
  return h("li", { class: `fw-tnode${current ? " is-current" : ""}${a.root_cause ? " is-root" : ""}${row.branchStart ? " is-branch" : ""}`,
    style: `--indent:${row.indent}`, testid: "fw-tree-node", dataset: { node: a.id, lane: row.lane % 5 } }, body);
}

export function facilitator(el, activity, ctx) {
  const ui = el.__whysConsole || (el.__whysConsole = build(el));
  const view = activity.view || {};
  const m = model(view);
  Object.assign(ui, { ctx, view, revealed: !!activity.revealed, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  if (ui.mode && !m.byId.has(ui.mode.id)) ui.mode = null;

  if (document.activeElement !== ui.problem) ui.problem.value = view.problem || "";
  ui.anon.checked = !!view.anonymous;
  if (!ui.target.querySelector(`option[value="${view.target}"]`)) ui.target.append(h("option", { value: view.target }, String(view.target)));
  ui.target.value = String(view.target);
  ui.readback.setAttribute("aria-pressed", String(!!view.readback));
  ui.readback.textContent = view.readback ? "Read-back on the board ✓" : "Show read-back";
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const sig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...importSources(sources, activity).map((o) => h("option", { value: o.value }, o.label)));
  }

  renderNow(ui, view, m);
  const q = view.question;
  ui.addForm.hidden = !view.problem || q.root_cause;
  const proposals = m.proposalsTo(q.id);
  reconcile(ui.props, proposals.length ? proposals.map((a) => proposalCard(ui, a, view.vote))
    : [h("p", { class: "muted" }, view.problem ? "No proposed answers to this question yet." : "")]);
  const rejected = m.rejectedTo(q.id);
  ui.rejected.hidden = !rejected.length;
  ui.rejected.replaceChildren(h("summary", null, `Rejected (${rejected.length})`),
    ...rejected.map((a) => h("div", { class: "fw-rej", testid: "fw-rejected-answer" }, h("span", null, a.text),
      button("Restore", () => ctx.send("whys.restore", { answer: a.id }), { class: "btn btn-small btn-secondary", testid: "fw-restore" }))));

  const problemRow = h("li", { class: `fw-tnode fw-tproblem${view.current === PROBLEM ? " is-current" : ""}`, style: "--indent:0" },
    h("div", { class: "fw-node" }, h("p", { class: "fw-node-text" }, h("span", { class: "fw-node-why" }, "Problem"), " ", view.problem || "not set yet"),
      view.current === PROBLEM || !view.problem ? null : h("div", { class: "card-actions" },
        button(m.proposalsTo(PROBLEM).length ? `Ask this (${m.proposalsTo(PROBLEM).length} waiting)` : "Ask this",
          () => ctx.send("whys.current", { node: PROBLEM }), { class: "btn btn-small btn-secondary", testid: "fw-ask" }))));
  reconcile(ui.tree, [problemRow, ...ladderRows(m).map((r) => treeRow(ui, view, r, m))]);
}
