// The controls bar: input, results, timer, undo, next activity; and their keyboard shortcuts.
import { h, button } from "./dom.js";
import { limit } from "./limits.js";

// One letter per control (shown on its button, announced with aria-keyshortcuts).
export const SHORTCUTS = [["O", "open or close input"], ["R", "reveal or hide results"],
  ["T", "start or pause the timer"], ["N", "next activity"]];
const MAX_MINUTES = limit("timer.max_seconds") / 60;
const keyed = (label, key, after = "") => [label, h("kbd", { class: "key-hint", "aria-hidden": "true" }, key), after];

// The current agenda item's planned minutes, or null.
function plannedMinutes(state) {
  const id = state && state.activity ? state.activity.id : null;
  return id == null ? null : (state.agenda || []).find((x) => x.id === id)?.minutes ?? null;
}

export function mountControls(bar, live, mountTimer) {
  const aid = () => (live.state && live.state.activity ? live.state.activity.id : null);
  const act = (type) => () => live.send(type, {}, aid());
  const b = {
    open: button(keyed("Open input", "O"), act("activity.open"), { class: "btn btn-primary", testid: "open-input", "aria-keyshortcuts": "O" }),
    close: button(keyed("Close input", "O"), act("activity.close"), { class: "btn btn-secondary", testid: "close-input", "aria-keyshortcuts": "O" }),
    reveal: button(keyed("Reveal", "R"), act("activity.reveal"), { class: "btn btn-secondary", testid: "reveal", title: "Show the results on the board and phones", "aria-keyshortcuts": "R" }),
    conceal: button(keyed("Conceal", "R"), act("activity.conceal"), { class: "btn btn-secondary", testid: "conceal", title: "Hide the results again", "aria-keyshortcuts": "R" }),
    start: h("button", { type: "submit", class: "btn btn-secondary", testid: "timer-start", "aria-keyshortcuts": "T" }, keyed("Start timer", "T")),
    pause: button(keyed("Pause", "T"), () => live.send("timer.pause"), { class: "btn btn-secondary", testid: "timer-pause", "aria-keyshortcuts": "T" }),
    resume: button(keyed("Resume", "T"), () => live.send("timer.resume"), { class: "btn btn-secondary", testid: "timer-resume", "aria-keyshortcuts": "T" }),
    add: button("+1 min", () => live.send("timer.add", { seconds: 60 }), { class: "btn btn-secondary", testid: "timer-add" }),
    reset: button("Reset", () => live.send("timer.reset"), { class: "btn btn-secondary", testid: "timer-reset" }),
    // Going to a planned item offers its planned time: one tap, never started for the IC.
    planned: button("", () => {
      const m = plannedMinutes(live.state);
      if (m) live.send("timer.start", { seconds: Math.min(m * 60, limit("timer.max_seconds")) });
    }, { class: "btn btn-primary", testid: "timer-planned" }),
    undo: button("↶ Undo", () => live.send("undo"), { class: "btn btn-secondary", testid: "undo" }),
    next: button("Next activity", () => {
      const agenda = live.state.agenda || [];
      const i = agenda.findIndex((a) => a.id === aid());
      if (i + 1 < agenda.length) live.send("control.goto", { activity: agenda[i + 1].id });
    }, { class: "btn btn-primary", testid: "next-activity", "aria-keyshortcuts": "N" }),
    home: button("Welcome", () => live.send("control.goto", { activity: null }), { class: "btn btn-secondary", testid: "goto-welcome", title: "Show the welcome screen with the join code on the board" }),
  };
  const clock = h("span", { class: "console-timer" });
  mountTimer(clock, live);
  const minutes = h("input", { type: "number", id: "timer-minutes", class: "input input-minutes", min: 0.5, max: MAX_MINUTES, step: 0.5, value: "5", testid: "timer-minutes" });
  const minutesLabel = h("span", { class: "muted", "aria-hidden": "true" }, "min");
  const timerForm = h("form", { class: "control-group", "aria-label": "Timer" },
    clock, h("label", { for: "timer-minutes", class: "visually-hidden" }, "Timer minutes"), minutes,
    minutesLabel, b.start, b.planned, b.pause, b.resume, b.add, b.reset);
  timerForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const m = Number(minutes.value);
    if (!(m > 0)) { minutes.focus(); return; }
    live.send("timer.start", { seconds: Math.round(Math.min(m, MAX_MINUTES) * 60) });
  });
  const activityGroup = h("div", { class: "control-group", "aria-label": "Activity" }, b.open, b.close, b.reveal, b.conceal);
  bar.replaceChildren(activityGroup, timerForm,
    h("div", { class: "control-group control-end" }, b.undo, b.home, b.next));

  // The letters work anywhere on the console except while typing (or with a modifier held).
  const shown = (...els) => els.find((el) => !el.hidden && !el.disabled && !el.closest("[hidden]"));
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat || ev.defaultPrevented) return;
    if (document.querySelector("dialog[open]")) return;  // a question on screen (e.g. a tie) comes first
    const t = ev.target;
    if (t instanceof Element && (t.isContentEditable || t.closest("input, textarea, select, [contenteditable]"))) return;
    const target = { o: () => shown(b.open, b.close), r: () => shown(b.reveal, b.conceal),
      t: () => shown(b.pause, b.resume, b.start), n: () => shown(b.next) }[ev.key.toLowerCase()]?.();
    if (!target) return;
    ev.preventDefault();
    target.click();
  });

  return {
    render() {
      const s = live.state;
      const a = s.activity;
      activityGroup.hidden = !a;
      if (a) {
        b.open.hidden = !!a.open;
        b.close.hidden = !a.open;
        b.reveal.hidden = !!a.revealed;
        b.conceal.hidden = !a.revealed;
      }
      const t = s.control && s.control.timer;
      const set = !!t && (t.running || t.remaining_ms > 0);
      b.pause.hidden = !(t && t.running);
      b.resume.hidden = !(t && !t.running && t.remaining_ms > 0);
      b.add.hidden = !set;
      b.reset.hidden = !(t && (t.running || t.duration_ms));
      // A set timer is steered with pause / +1 / reset; a new length starts after a reset.
      for (const el of [minutes, minutesLabel, b.start]) el.hidden = set;
      const planned = plannedMinutes(s);
      b.planned.hidden = set || !planned;
      if (planned) b.planned.textContent = `Start ${planned} min timer`;
      const agenda = s.agenda || [];
      const i = a ? agenda.findIndex((x) => x.id === a.id) : -1;
      b.next.hidden = i + 1 >= agenda.length;
      b.next.replaceChildren(...keyed(a ? "Next activity" : "Start first activity", "N", " ▸"));
      b.home.hidden = !a;
    },
  };
}
