// PSTB on the board: the problem statement big at the top, the stages of the time contract with
// their clocks, and the current stage's content at a size the back of the room reads.
import { h } from "../dom.js";
import { DONE, stageStrip, totalClock, currentStage, selectedIdeas, notesFor, actionsFor, ownerName, actionMeta,
  decisionText, tickClocks } from "./pstb_common.js";
import { FLOOR_EM, fitCards, fitVar, overflows, paginate, spills } from "./board_fit.js";
export { phone } from "./pstb_phone.js";
export { facilitator } from "./pstb_console.js";

export function board(el, activity, ctx) {
  const view = activity.view || {};
  const now = ctx.live.serverNow();
  const stage = currentStage(view);
  const owner = ownerName(view);
  const statement = view.statement
    ? h("p", { class: "pstb-statement", testid: "pstb-statement" }, view.statement)
    : h("p", { class: "pstb-statement is-waiting", testid: "pstb-statement" },
      owner ? `${cap(owner)} will state the problem: “How to …?”` : "The problem, as “How to …?”, will appear here.");
  const total = totalClock(view, now);
  const head = h("header", { class: "pstb-head" },
    h("p", { class: "pstb-role" }, owner ? `Problem owner: ${owner}` : "Problem owner not named yet",
      h("span", { class: "pstb-total" }, " · ",
        h("span", { dataset: { clock: "total" }, class: total.over ? "is-over" : null, testid: "pstb-total" }, total.text))),
    statement);
  const what = view.stage === DONE ? "Finished: the problem owner leaves with these actions"
    : stage ? stage.what : `A ${view.contract}-minute time contract in six stages`;
  const body = h("section", { class: "pstb-body", testid: "pstb-body" }, content(view, activity));
  const root = h("div", { class: "pstb-board", testid: "pstb-board", dataset: { stage: view.stage || "" } },
    head, stageStrip(view, now), h("div", { class: "pstb-what", testid: "pstb-what" }, h("span", null, what)), body);
  el.replaceChildren(root);
  el.__pstbView = view;
  tickClocks(el, () => el.__pstbView, ctx.live);

  // The statement takes at most about a fifth of the height; then the stage's content fits below.
  const st = head.querySelector(".pstb-statement");
  let em = 1.9;
  st.style.setProperty("--st-em", `${em}em`);
  while (em > 1.1 && st.offsetHeight > root.clientHeight * 0.22) {
    em *= 0.92;
    st.style.setProperty("--st-em", `${em}em`);
  }
  // Below the floor nothing shrinks further: what does not fit turns pages on the board's clock.
  const list = body.querySelector(".pstb-cards");
  if (list && list.children.length) {
    fitCards(body, "--pstb-em", list, list.children.length <= 6 ? 1.4 : 1.15);
    if (spills(list)) paginate([...list.children], () => spills(list), root.querySelector(".pstb-what"));
  } else {
    const cols = [...body.querySelectorAll(".pstb-col")];
    fitVar(body, "--pstb-em", [body, ...cols], 1.3, FLOOR_EM);
    for (const col of cols) {
      const items = col.querySelector("ul");
      if (items && overflows(col)) paginate([...items.children], () => overflows(col), col.querySelector(".pstb-col-pager"));
    }
  }
  return { dense: overflows(body) || !!root.querySelector("[data-testid=board-pager]") };
}

function cap(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function content(view, activity) {
  const stage = view.stage;
  if (!stage) {
    return h("ol", { class: "pstb-plan", testid: "pstb-plan" }, (view.stages || []).map((s) =>
      h("li", null, h("strong", null, `${s.title} · ${s.minutes} min`), h("span", null, ` — ${s.what}`))));
  }
  if (stage === "statement") {
    return h("p", { class: "pstb-hint" }, view.statement ? "Is this the problem? Next: the team's ideas." : "Listen as the problem owner explains it.");
  }
  if (stage === "ideas" || stage === "selection") {
    const ideas = view.ideas || [];
    if (!ideas.length) return h("p", { class: "pstb-hint" }, activity.open ? "Ideas from phones appear here. Go for many, fast." : "No ideas yet.");
    const chosen = new Set(view.selected || []);
    return h("div", { class: "pstb-cards", testid: "pstb-ideas" }, ideas.map((i) =>
      h("div", { class: `card pstb-card${chosen.has(i.id) ? " is-chosen" : ""}`, testid: "pstb-idea", dataset: { idea: i.id } },
        chosen.has(i.id) ? h("span", { class: "pstb-chosen" }, "✓ Chosen") : null,
        h("p", { class: "card-text" }, i.text),
        i.author ? h("p", { class: "card-meta" }, i.author) : null)));
  }
  const ideas = selectedIdeas(view);
  const surviving = new Set(view.surviving || []);
  const shown = stage === "actions" || stage === DONE ? ideas.filter((i) => surviving.has(i.id)) : ideas;
  return h("div", { class: "pstb-cols", style: `--cols:${Math.max(1, shown.length)}`, testid: "pstb-cols" },
    shown.map((idea) => column(view, idea, stage)));
}

function column(view, idea, stage) {
  const head = h("h3", { class: `pstb-idea-head${idea.eliminated ? " is-out" : ""}` },
    idea.eliminated ? [h("span", { class: "pstb-out" }, "Eliminated"), " · "] : null, idea.text);
  let list;
  if (stage === "benefits") {
    const notes = notesFor(view, idea.id);
    list = notes.length ? h("ul", { class: "pstb-notes" }, notes.map((n) => noteLine(n, false)))
      : h("p", { class: "pstb-none" }, "Benefits and concerns appear here");
  } else if (stage === "critical") {
    const concerns = notesFor(view, idea.id, "concern");
    list = concerns.length ? h("ul", { class: "pstb-notes" }, concerns.map((n) => noteLine(n, true)))
      : h("p", { class: "pstb-none" }, "No concerns");
  } else {
    const actions = actionsFor(view, idea.id);
    list = actions.length ? h("ul", { class: "pstb-actions" }, actions.map((a) =>
      h("li", { class: "pstb-action", testid: "pstb-action" }, h("span", { class: "pstb-what-text" }, a.text),
        actionMeta(a) ? h("span", { class: "pstb-meta" }, actionMeta(a)) : null)))
      : h("p", { class: "pstb-none" }, "Actions appear here: what, who, when");
  }
  return h("section", { class: "pstb-col", testid: "pstb-col", dataset: { idea: idea.id } },
    h("div", { class: "pstb-col-pager" }), head, list);
}

function noteLine(n, critical) {
  const decided = decisionText(n);
  return h("li", { class: `pstb-note pstb-${n.kind}${n.critical ? " is-critical" : ""}`, testid: "pstb-note" },
    h("span", { class: "pstb-kind" }, n.kind === "benefit" ? "+ " : "− "),
    h("span", null, n.text),
    critical && decided ? h("span", { class: `pstb-decision${n.decision ? ` is-${n.decision}` : ""}` }, decided) : null,
    n.author ? h("span", { class: "pstb-meta" }, n.author) : null);
}
