// Five whys on the board: the chain(s) as a ladder, the current "Why?" big, the proposed
// answers beside it; or, when the facilitator asks for it, each chain read back from its root cause.
import { h } from "../dom.js";
import { PROBLEM, model, ladderRows, whyLabel, readbackChains, overflows } from "./five_whys_common.js";
import { FLOOR_EM, fitCards, fitVar, spills } from "./board_fit.js";
export { phone } from "./five_whys_phone.js";
export { facilitator } from "./five_whys_console.js";

export function board(el, activity) {
  const view = activity.view || {};
  if (!view.problem) {
    el.replaceChildren(h("p", { class: "fw-empty", testid: "fw-empty" }, "The facilitator will set the problem in a moment."));
    return { dense: false };
  }
  if (view.readback) return readback(el, view);
  const m = model(view);
  const q = view.question;
  const rows = ladderRows(m);
  const root = h("div", { class: `fw-board${rows.length ? "" : " fw-board-single"}`, testid: "fw-board" });
  let ladder = null;
  if (rows.length) {
    ladder = h("ol", { class: "fw-ladder", testid: "fw-ladder", "aria-label": "The chain so far" },
      h("li", { class: `fw-rung fw-rung-problem${q.id === PROBLEM ? " is-current" : ""}` },
        h("span", { class: "fw-rung-label" }, "Problem"), h("span", { class: "fw-rung-text" }, view.problem)),
      rows.map((r) => h("li", {
        class: `fw-rung${r.node.id === q.id ? " is-current" : ""}${r.node.root_cause ? " is-root" : ""}${r.branchStart ? " is-branch" : ""}`,
        style: `--indent:${r.indent}`, dataset: { node: r.node.id, lane: r.lane % 5 }, testid: "fw-rung",
      },
      h("span", { class: "fw-rung-label" }, [`Why ${r.node.level}`, r.branch ? ` · branch ${r.branch}` : "",
        r.node.root_cause ? " · root cause" : ""].join("")),
      h("span", { class: "fw-rung-text" }, r.node.text))));
    root.append(ladder);
  }
  const vote = view.vote && view.vote.parent === q.id ? view.vote : null;
  const question = h("div", { class: `fw-question${q.root_cause ? " is-root" : ""}`, testid: "fw-question" },
    h("p", { class: "fw-why", testid: "fw-why" }, q.root_cause ? "Root cause found" : whyLabel(q, view.target)),
    h("p", { class: "fw-qtext" }, q.root_cause ? null : h("span", { class: "fw-qword" }, "Why? "), q.text),
    vote ? voteLine(vote, activity.open) : null);
  const proposals = m.proposalsTo(q.id);
  const tally = vote && vote.tally;
  const ordered = tally ? [...proposals].sort((a, b) => (tally[b.id] || 0) - (tally[a.id] || 0)) : proposals;
  const top = tally ? Math.max(0, ...Object.values(tally)) : 0;
  const list = h("div", { class: "fw-proposals", testid: "fw-proposals" },
    ordered.length ? ordered.map((a) => answerCard(a, vote, tally, top))
      : h("p", { class: "fw-hint" }, q.root_cause ? "This chain ends here."
        : "Answers from phones appear here. Why does this happen?"));
  root.append(h("section", { class: "fw-main" }, question, list));
  el.replaceChildren(root);

  // Fit: the question takes at most ~40% of the height; then the ladder and the cards shrink.
  const main = question.parentNode;
  const n = proposals.length;
  const share = n > 8 ? 0.34 : 0.42;  // many answers: the question gives up some room
  let qem = 2.3;
  question.style.setProperty("--q-em", `${qem}em`);
  while (qem > 1.1 && question.offsetHeight > main.clientHeight * share) {
    qem *= 0.92;
    question.style.setProperty("--q-em", `${qem}em`);
  }
  if (ladder) {
    fitVar(ladder, "--ladder-em", [ladder], rows.length > 6 ? 1 : 1.15);
    if (overflows(ladder)) trimLadder(ladder, q.id, m);
  }
  // Below the floor a card can't be read from the back: fold the rest into "+N more" instead.
  if (n) fitCards(list, "--card-em", list, n <= 3 ? 1.45 : n <= 8 ? 1.25 : 1.05);
  if (n && spills(list)) trimCards(list);
  return { dense: n > 12 || rows.length > 7 };
}

function voteLine(vote, inputOpen) {
  const who = `${vote.voters} ${vote.voters === 1 ? "vote" : "votes"}`;
  const text = vote.open && inputOpen
    ? `Vote on your phone · ${who} in${vote.tally ? "" : " · results hidden"}`
    : vote.tally ? `Vote closed · ${who}` : `Vote closed · ${who} · results hidden`;
  return h("p", { class: `fw-vote-line${vote.open ? " is-open" : ""}`, testid: "fw-vote-line" }, text);
}

function answerCard(a, vote, tally, top) {
  const inVote = vote && vote.options.includes(a.id);
  const count = tally && inVote ? tally[a.id] || 0 : null;
  return h("div", { class: `card fw-card${count != null && count === top && top > 0 ? " is-top" : ""}`,
    testid: "fw-card", dataset: { answer: a.id } },
  count != null ? h("span", { class: "fw-count", "aria-label": `${count} votes` }, String(count)) : null,
  h("p", { class: "card-text" }, a.text),
  a.author ? h("p", { class: "card-meta" }, h("span", { class: "card-author" }, a.author)) : null);
}

// Past the smallest type, keep the path to the current question and fold the rest.
function trimLadder(ladder, current, m) {
  const keep = new Set(m.pathTo(current));
  let hidden = 0;
  for (const li of ladder.querySelectorAll(".fw-rung[data-node]")) {
    if (overflows(ladder) && !keep.has(li.dataset.node)) { li.hidden = true; hidden += 1; }
  }
  if (hidden) ladder.append(h("li", { class: "fw-rung fw-rung-more" }, `+${hidden} more in other branches`));
}

function trimCards(list) {
  const cards = [...list.querySelectorAll(":scope > .card")];
  const more = h("div", { class: "card card-more", testid: "more-cards" });
  list.append(more);
  const show = (k) => {
    cards.forEach((c, i) => { c.hidden = i >= k; });
    more.textContent = `+${cards.length - k} more`;
  };
  let lo = 0;
  let hi = cards.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    show(mid);
    if (spills(list)) hi = mid - 1; else lo = mid;
  }
  show(lo);
}

function readback(el, view) {
  const chains = readbackChains(view);
  if (!chains.length) {
    el.replaceChildren(h("p", { class: "fw-empty", testid: "fw-readback" }, "No chain to read back yet."));
    return { dense: false };
  }
  // Finished chains (ending at a root cause) first: they are what the group takes away.
  const ordered = [...chains.filter((c) => c.root), ...chains.filter((c) => !c.root)];
  const wrap = h("div", { class: "fw-readback", testid: "fw-readback", style: `--n:${Math.min(ordered.length, 3)}` },
    ordered.map((c, i) => h("article", { class: `fw-chain${c.root ? " is-root" : ""}`, testid: "fw-chain" },
      h("p", { class: "fw-chain-head" }, ordered.length > 1 ? `Chain ${i + 1}` : "Read back",
        c.root ? null : h("span", { class: "fw-chain-open" }, " · not finished")),
      h("ol", { class: "fw-rb" }, c.lines.map((text, k) => h("li", {
        class: `fw-rb-line${k === 0 ? " is-first" : ""}${k === c.lines.length - 1 ? " is-problem" : ""}`,
      }, k === 0 ? h("span", { class: "fw-rb-tag" }, c.root ? "Root cause" : "So far") : h("span", { class: "fw-rb-join" }, "…which is why"),
      h("span", { class: "fw-rb-text" }, text)))))));
  el.replaceChildren(wrap);
  const articles = [...wrap.children];
  const start = ordered.length === 1 ? 1.7 : ordered.length <= 3 ? 1.25 : 1;
  fitVar(wrap, "--rb-em", [wrap, ...articles], start, FLOOR_EM);
  return { dense: ordered.length > 3 };
}
