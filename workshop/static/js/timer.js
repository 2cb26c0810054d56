// The shared countdown. The server sends ends_at on its own clock; every screen corrects by
// the offset measured at the last state push, so board, console and phones agree.
import { pad2 } from "./dom.js";

export function remainingMs(timer, serverNow) {
  // A reset timer is {running: false, duration_ms: 0}: nothing to show.
  if (!timer || (!timer.running && !timer.duration_ms)) return null;
  const ms = timer.running ? timer.ends_at - serverNow : timer.remaining_ms;
  return Math.max(0, ms || 0);
}

export function formatMs(ms) {
  const total = Math.ceil(ms / 1000);  // ceil so it shows 00:00 only when time is really up
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}

// Renders into `el` (which gets data-testid="timer") and keeps ticking; hidden when no timer.
export function mountTimer(el, live) {
  el.dataset.testid = "timer";
  el.setAttribute("role", "timer");
  const tick = () => {
    const timer = live.state && live.state.control ? live.state.control.timer : null;
    const ms = remainingMs(timer, live.serverNow());
    el.hidden = ms === null;
    if (ms === null) return;
    const text = formatMs(ms);
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle("timer-low", ms > 0 && ms < 60000);
    el.classList.toggle("timer-done", ms === 0);
    el.classList.toggle("timer-paused", !timer.running && ms > 0);
    el.setAttribute("aria-label", ms === 0 ? "Time is up" : `Time left ${text}${timer.running ? "" : ", paused"}`);
  };
  tick();
  setInterval(tick, 250);
  live.on("state", tick);
  return { tick };
}
