// The response round on a phone: the key messages, a 1-5 surprise scale, a short view,
// and your response with its honest save state (saved only once the server said so).
import { h, button } from "../dom.js";
import { limit } from "../limits.js";
import { SCALE, scaleLabel } from "./response_round.js";
import { SAVE_TEXT, refusedLine, noteRefusal, showRefusal } from "./saving.js";

const MAX_VIEW = limit("response_round.view");
const TYPES = ["response.submit", "response.withdraw"];

function build(el) {
  const ui = { surprise: null, dirty: false, seen: new Set() };
  ui.messagesHead = h("summary", null, "The key messages");
  ui.messages = h("details", { class: "rr-phone-messages", testid: "key-messages" },
    ui.messagesHead, h("ol", { class: "rr-message-list" }));
  ui.scale = h("div", { class: "rr-scale", role: "radiogroup", "aria-labelledby": "rr-q1" });
  ui.scaleEnds = h("div", { class: "rr-scale-ends", "aria-hidden": "true" }, h("span"), h("span"));
  ui.input = h("textarea", { id: "rr-view", class: "idea-input", rows: 3, maxlength: MAX_VIEW, testid: "view-input",
    placeholder: "Our view in a sentence or two…", "aria-describedby": "rr-count rr-error" });
  ui.count = h("span", { id: "rr-count", class: "hint counter" }, `0/${MAX_VIEW}`);
  ui.error = h("p", { id: "rr-error", class: "error", "aria-live": "polite", testid: "response-error" });
  ui.submit = h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "response-submit" }, "Send my response");
  ui.q1 = h("p", { class: "compose-label", id: "rr-q1" });
  ui.q2 = h("label", { class: "compose-label", for: "rr-view" });
  ui.form = h("form", { class: "compose rr-compose", testid: "compose" },
    ui.q1, ui.scale, ui.scaleEnds, ui.q2, ui.input, h("div", { class: "compose-foot" }, ui.count), ui.error, ui.submit);
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.mine = h("section", { class: "rr-mine", testid: "my-response", "aria-live": "polite" });
  ui.onBoard = h("section", { class: "rr-phone-turn", testid: "phone-turn" });
  ui.refused = refusedLine();
  el.replaceChildren(ui.messages, ui.form, ui.closed, ui.refused, ui.mine, ui.onBoard);

  ui.input.addEventListener("input", () => {
    ui.dirty = true;
    ui.count.textContent = `${ui.input.value.length}/${MAX_VIEW}`;
    ui.error.textContent = "";
  });
  ui.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!ui.surprise) { ui.error.textContent = "Choose a number from 1 to 5 first."; ui.scale.querySelector("button")?.focus(); return; }
    ui.ctx.send("response.submit", { surprise: ui.surprise, view: ui.input.value.trim() });
    ui.dirty = false;
  });
  return ui;
}

function renderScale(ui, view) {
  if (!ui.scale.children.length) {
    ui.scale.replaceChildren(...SCALE.map((n) => button(String(n), () => {
      ui.surprise = n;
      ui.dirty = true;
      ui.error.textContent = "";
      renderScale(ui, view);
    }, { class: "btn rr-pick", role: "radio", dataset: { n: String(n) }, testid: "surprise-choice" })));
  }
  for (const b of ui.scale.children) {
    const n = Number(b.dataset.n);
    b.setAttribute("aria-checked", String(ui.surprise === n));
    b.setAttribute("aria-label", `${n}${scaleLabel(view, n) ? ` – ${scaleLabel(view, n)}` : ""}`);
  }
  const [lo, hi] = ui.scaleEnds.children;
  lo.textContent = `1 = ${scaleLabel(view, 1)}`;
  hi.textContent = `5 = ${scaleLabel(view, 5)}`;
}

export function phone(el, activity, ctx) {
  const ui = el.__rrPhone || (el.__rrPhone = build(el));
  ui.ctx = ctx;
  const view = activity.view || {};
  const questions = view.questions || {};
  const mine = ctx.private ? ctx.private.mine : null;
  const pending = ctx.pending.filter((p) => TYPES.includes(p.type)).pop();

  const list = ui.messages.querySelector("ol");
  list.replaceChildren(...(view.messages || []).map((m) => h("li", null, m)));
  ui.messages.hidden = !(view.messages || []).length;
  ui.messagesHead.textContent = `The key messages (${(view.messages || []).length}) — tap to read`;

  // A refusal puts the words back for another try.
  for (const [id, r] of ctx.settled) {
    if (r.ok || ui.seen.has(id) || !TYPES.includes(r.entry.type)) continue;
    ui.seen.add(id);
    ui.error.textContent = r.message;
    noteRefusal(ui.refused, r, null);
    if (r.entry.type === "response.submit") {
      ui.surprise = r.entry.payload.surprise;
      if (!ui.input.value) ui.input.value = r.entry.payload.view || "";
      ui.dirty = true;
    }
  }
  if (!ui.dirty && !pending) {  // follow the server when not in the middle of a change
    ui.surprise = mine ? mine.surprise : ui.surprise;
    if (mine && document.activeElement !== ui.input) ui.input.value = mine.view;
    ui.count.textContent = `${ui.input.value.length}/${MAX_VIEW}`;
  }

  ui.q1.textContent = questions.surprise || "How much of this is a surprise to us?";
  ui.q2.textContent = questions.view || "What's our view of these messages?";
  renderScale(ui, view);
  ui.form.hidden = !activity.open;
  ui.closed.hidden = !!activity.open;
  showRefusal(ui.refused, !!activity.open);
  ui.submit.textContent = mine ? "Update my response" : "Send my response";

  const shown = pending && pending.type === "response.submit" ? pending.payload : mine;
  const status = pending ? pending.status : "saved";
  ui.mine.replaceChildren(...(shown && !(pending && pending.type === "response.withdraw") ? [
    h("h2", { class: "list-head" }, "Your response"),
    h("div", { class: `idea mine-idea${pending ? " is-pending" : ""}` },
      h("p", { class: "idea-text" }, h("strong", null, `${shown.surprise} of 5`), shown.view ? ` — ${shown.view}` : ""),
      h("div", { class: "idea-foot" },
        h("span", { class: `save save-${status}`, testid: "save-status" }, SAVE_TEXT[status]),
        activity.open && mine && !pending ? button("Withdraw", () => {
          if (confirm("Withdraw your response?")) { ui.ctx.send("response.withdraw", {}); ui.input.value = ""; ui.surprise = null; }
        }, { class: "btn btn-small btn-danger", testid: "response-withdraw" }) : null)),
  ] : pending ? [h("p", { class: "save save-saving" }, "withdrawing…")] : []));

  // Once the board takes responses in turn, the phone follows it (handy at the back of the room).
  const current = activity.revealed && (view.responses || []).find((r) => r.id === view.current);
  ui.onBoard.replaceChildren(...(current ? [
    h("h2", { class: "list-head" }, `On the board: ${view.position} of ${view.total}`),
    h("div", { class: "idea" }, h("p", { class: "idea-text" }, h("strong", null, `${current.surprise} of 5`),
      current.view ? ` — ${current.view}` : ""), current.author ? h("p", { class: "idea-author" }, current.author) : null),
  ] : activity.open ? [] : [h("p", { class: "muted rr-count-line" }, `${view.count || 0} ${view.count === 1 ? "response" : "responses"} so far`)]));
}
