// The time plan in words: planned against actual per agenda item, and when the workshop should end.
// The server sends what the log says (protocol §3: minutes, spent_ms, since, plan); the clock is
// the server's, corrected by live.serverNow(), so every console agrees.
import { pad2 } from "./dom.js";

const MINUTE = 60000;

export function actualMs(item, now) {
  return (item.spent_ms || 0) + (item.since != null ? Math.max(0, now - item.since) : 0);
}

// max(ends_at, now + after_current_ms): once the current item overruns, the end moves with the clock.
export function expectedEnd(plan, now) {
  if (!plan) return null;
  const atPace = now + plan.after_current_ms;
  return plan.ends_at == null ? atPace : Math.max(plan.ends_at, atPace);
}

const mins = (ms) => Math.round(ms / MINUTE);

// A row's line: "15 min" before it starts, "7 of 15 min" while current, "took 12 of 15 min" after.
// `over` is true when the actual time has passed the plan by a minute or more.
export function rowTime(item, now) {
  const visited = item.since != null || (item.spent_ms || 0) > 0;
  const planned = item.minutes;
  if (!visited) return { text: planned ? `${planned} min` : "", over: false };
  const actual = mins(actualMs(item, now));
  const over = planned ? actual - planned : 0;
  const took = item.since != null ? "" : "took ";
  const text = planned ? `${took}${actual} of ${planned} min${over > 0 ? ` (${over} over)` : ""}` : `${took}${actual} min`;
  return { text, over: over > 0 };
}

// How far the items already started are from their plan, in minutes (+ behind, - ahead).
// The current item counts only once it runs over: until then it may still finish on time.
export function driftMinutes(agenda, now) {
  let drift = 0;
  for (const item of agenda) {
    if (!item.minutes) continue;
    const actual = actualMs(item, now);
    if (item.since != null) drift += Math.max(0, actual - item.minutes * MINUTE);
    else if ((item.spent_ms || 0) > 0) drift += actual - item.minutes * MINUTE;
  }
  return mins(drift);
}

export function clockTime(ms) {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

// The head line an IC reads at a glance: "Ends about 10:37 · 7 min behind plan".
export function summary(state, now) {
  const agenda = state.agenda || [];
  if (!state.plan || !agenda.some((a) => a.minutes)) return "";
  const end = `Ends about ${clockTime(expectedEnd(state.plan, now))}`;
  const drift = driftMinutes(agenda, now);
  const pace = drift > 0 ? `${drift} min behind plan` : drift < 0 ? `${-drift} min ahead of plan` : "on plan";
  return agenda.some((a) => a.since != null || a.spent_ms > 0) ? `${end} · ${pace}` : end;
}
