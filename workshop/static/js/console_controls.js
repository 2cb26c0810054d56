// The controls bar: input, results, timer, undo, next.
import { h, button } from "./dom.js";

export function mountControls(bar, live, mountTimer) {
  const aid = () => (live.state && live.state.activity ? live.state.activity.id : null);
  const act = (type) => () => live.send(type, {}, aid());
  const b = {
    open: button("Open input", act("activity.open"), { class: "btn btn-primary", testid: "open-input" }),
    close: button("Close input", act("activity.close"), { class: "btn btn-secondary", testid: "close-input" }),
    reveal: button("Reveal", act("activity.reveal"), { class: "btn btn-secondary", testid: "reveal", title: "Show the results on the board and phones" }),
    conceal: button("Conceal", act("activity.conceal"), { class: "btn btn-secondary", testid: "conceal", title: "Hide the results again" }),
    start: h("button", { type: "submit", class: "btn btn-secondary", testid: "timer-start" }, "Start timer"),
    pause: button("Pause", () => live.send("timer.pause"), { class: "btn btn-secondary", testid: "timer-pause" }),
    resume: button("Resume", () => live.send("timer.resume"), { class: "btn btn-secondary", testid: "timer-resume" }),
    add: button("+1 min", () => live.send("timer.add", { seconds: 60 }), { class: "btn btn-secondary", testid: "timer-add" }),
    reset: button("Reset", () => live.send("timer.reset"), { class: "btn btn-secondary", testid: "timer-reset" }),
    undo: button("↶ Undo", () => live.send("undo"), { class: "btn btn-secondary", testid: "undo" }),
    next: button("Next ▸", () => {
      const agenda = live.state.agenda || [];
      const i = agenda.findIndex((a) => a.id === aid());
      if (i + 1 < agenda.length) live.send("control.goto", { activity: agenda[i + 1].id });
    }, { class: "btn btn-primary", testid: "next-activity" }),
    home: button("Welcome", () => live.send("control.goto", { activity: null }), { class: "btn btn-secondary", testid: "goto-welcome", title: "Show the welcome screen with the join code on the board" }),
  };
  const clock = h("span", { class: "console-timer" });
  mountTimer(clock, live);
  const minutes = h("input", { type: "number", id: "timer-minutes", class: "input input-minutes", min: 0.5, max: 120, step: 0.5, value: "5", testid: "timer-minutes" });
  const minutesLabel = h("span", { class: "muted", "aria-hidden": "true" }, "min");
  const timerForm = h("form", { class: "control-group", "aria-label": "Timer" },
    clock, h("label", { for: "timer-minutes", class: "visually-hidden" }, "Timer minutes"), minutes,
    minutesLabel, b.start, b.pause, b.resume, b.add, b.reset);
  timerForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const m = Number(minutes.value);
    if (!(m > 0)) { minutes.focus(); return; }
    live.send("timer.start", { seconds: Math.round(Math.min(m, 120) * 60) });
  });
  const activityGroup = h("div", { class: "control-group", "aria-label": "Activity" }, b.open, b.close, b.reveal, b.conceal);
  bar.replaceChildren(activityGroup, timerForm,
    h("div", { class: "control-group control-end" }, b.undo, b.home, b.next));

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
      const agenda = s.agenda || [];
      const i = a ? agenda.findIndex((x) => x.id === a.id) : -1;
      b.next.hidden = i + 1 >= agenda.length;
      b.next.textContent = a ? "Next ▸" : "Start first activity ▸";
      b.home.hidden = !a;
    },
  };
}
