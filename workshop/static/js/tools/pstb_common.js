// Shared bits of the PSTB screens: the limits, the stage clocks (on the server's clock, from the
// `at` stamps the server put on each stage change), and the lookups every screen needs.
import { h, pad2 } from "../dom.js";
import { limit } from "../limits.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const MAX_TEXT = limit("pstb.text");
export const MAX_STATEMENT = limit("pstb.statement");
export const MAX_RESOLUTION = limit("pstb.resolution");
export const MAX_WHO = limit("pstb.who");
export const MAX_WHEN = limit("pstb.when");
export const DONE = "done";
const MINUTE = 60000;

// Time spent in a stage: its earlier visits plus, while current, now - since.
export function stageMs(stage, now) {
  return (stage.spent_ms || 0) + (stage.since != null ? Math.max(0, now - stage.since) : 0);
}

export function totalMs(view, now) {
  return (view.stages || []).reduce((sum, s) => sum + stageMs(s, now), 0);
}

export function mmss(ms) {
  const total = Math.floor(ms / 1000);
  return `${Math.floor(total / 60)}:${pad2(total % 60)}`;
}

export function currentStage(view) {
  return (view.stages || []).find((s) => s.id === view.stage) || null;
}

export function stageIndex(view) {
  return (view.stages || []).findIndex((s) => s.id === view.stage);
}

// "2:13 of 7 min" for the current stage, "took 6:40 of 7 min" for one visited, "7 min" ahead.
export function stageClock(stage, now) {
  const ms = stageMs(stage, now);
  if (stage.since != null) return { text: `${mmss(ms)} of ${stage.minutes} min`, over: ms > stage.minutes * MINUTE };
  if (ms > 0) return { text: `took ${mmss(ms)} of ${stage.minutes} min`, over: ms > stage.minutes * MINUTE };
  return { text: `${stage.minutes} min`, over: false };
}

export function totalClock(view, now) {
  const ms = totalMs(view, now);
  return { text: `${mmss(ms)} of ${view.contract} min`, over: ms > view.contract * MINUTE };
}

// The strip of stages, each with its clock; `compact` (phones) shows only the current stage's.
export function stageStrip(view, now, { testid = "pstb-stages" } = {}) {
  const here = stageIndex(view);
  const done = view.stage === DONE;
  return h("ol", { class: "pstb-strip", testid, "aria-label": "Stages of the time contract" },
    (view.stages || []).map((s, i) => {
      const clock = stageClock(s, now);
      const state = s.id === view.stage ? "is-current" : (done || (here >= 0 && i < here)) ? "is-past" : "is-ahead";
      return h("li", { class: `pstb-step ${state}${clock.over ? " is-over" : ""}`, testid: "pstb-stage", dataset: { stage: s.id },
        "aria-current": s.id === view.stage ? "step" : null },
      h("span", { class: "pstb-step-name" }, `${i + 1}. ${s.title}`),
      h("span", { class: "pstb-step-clock", dataset: { clock: s.id } }, clock.text));
    }));
}

// Keeps the clocks of `root` (elements with data-clock = a stage id, or "total") ticking on the
// server's clock between state pushes; stops when `root` leaves the page.
export function tickClocks(root, getView, live) {
  const tick = () => {
    const view = getView();
    if (!view) return;
    const now = live.serverNow();
    for (const el of root.querySelectorAll("[data-clock]")) {
      const id = el.dataset.clock;
      let clock = null;
      if (id === "total") clock = totalClock(view, now);
      else {
        const stage = (view.stages || []).find((s) => s.id === id);
        if (stage) clock = stageClock(stage, now);
      }
      if (!clock) continue;
      const text = el.dataset.prefix ? `${el.dataset.prefix}${clock.text}` : clock.text;
      if (el.textContent !== text) el.textContent = text;
      el.classList.toggle("is-over", clock.over);
      const step = el.closest(".pstb-step");
      if (step) step.classList.toggle("is-over", clock.over);
    }
  };
  tick();
  if (!root.__pstbTick) {
    root.__pstbTick = setInterval(() => {
      if (!root.isConnected) { clearInterval(root.__pstbTick); root.__pstbTick = null; return; }
      tick();
    }, 1000);
  }
}

export function ideasById(view) {
  return new Map((view.ideas || []).map((i) => [i.id, i]));
}

export function selectedIdeas(view) {
  const byId = ideasById(view);
  return (view.selected || []).map((id) => byId.get(id)).filter(Boolean);
}

export function notesFor(view, ideaId, kind) {
  return (view.notes || []).filter((n) => n.idea === ideaId && (!kind || n.kind === kind));
}

export function actionsFor(view, ideaId) {
  return (view.actions || []).filter((a) => a.idea === ideaId);
}

export function ownerName(view) {
  if (!view.owner) return null;
  return view.owner.facilitator ? "the facilitator" : view.owner.name;
}

// "Who: … · When: …" of an action, or null.
export function actionMeta(a) {
  const bits = [a.who ? `Who: ${a.who}` : null, a.when ? `When: ${a.when}` : null].filter(Boolean);
  return bits.length ? bits.join(" · ") : null;
}

export function decisionText(n) {
  if (n.decision === "overcome") return `Overcome: ${n.resolution}`;
  if (n.decision === "eliminates") return "Eliminates this idea";
  return n.critical ? "Critical: to decide" : null;
}
