// The response round as the facilitator runs it: the key messages, anonymity, the turn
// (previous / next / show this one), the distribution and every response (hide / unhide).
import { h, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { bars } from "./response_round.js";

function build(el) {
  const ui = { editing: false };
  ui.anon = h("input", { type: "checkbox", id: "rr-anon", testid: "anonymous-toggle" });
  ui.anon.addEventListener("change", () => ui.ctx.send("response.settings", { anonymous: ui.anon.checked }));
  ui.msgArea = h("textarea", { id: "rr-msgs", class: "input", rows: 6, testid: "messages-input",
    "aria-describedby": "rr-msgs-hint" });
  ui.msgForm = h("form", { class: "panel rr-msg-form", hidden: true, testid: "messages-editor" },
    h("label", { for: "rr-msgs", class: "compose-label" }, "Key messages"),
    h("p", { class: "hint", id: "rr-msgs-hint" }, `One message per line (up to ${limit("response_round.messages")}).`),
    ui.msgArea,
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "messages-save" }, "Save messages"),
      button("Cancel", () => { ui.msgForm.hidden = true; }, { class: "btn btn-small btn-secondary" })));
  ui.msgForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    ui.ctx.send("response.messages", { messages: ui.msgArea.value.split("\n").map((m) => m.trim()).filter(Boolean) });
    ui.msgForm.hidden = true;
  });
  const editBtn = button("Key messages…", () => {
    ui.msgForm.hidden = !ui.msgForm.hidden;
    if (!ui.msgForm.hidden) { ui.msgArea.value = (ui.view.messages || []).join("\n"); ui.msgArea.focus(); }
  }, { class: "btn btn-small btn-secondary", testid: "messages-edit", "aria-controls": "rr-msgs" });

  // "response" in the labels: the room's "Next activity" is a different button.
  ui.prev = button("◂ Previous response", () => ui.ctx.send("response.previous", {}), { class: "btn btn-secondary", testid: "response-previous" });
  ui.next = button("Next response ▸", () => ui.ctx.send("response.next", {}), { class: "btn btn-primary", testid: "response-next" });
  ui.pos = h("span", { class: "rr-step-pos", testid: "response-position", "aria-live": "polite" });
  ui.note = h("p", { class: "hint rr-note" });
  ui.messages = h("ol", { class: "rr-message-list rr-fac-messages", testid: "key-messages" });
  ui.dist = h("div", { class: "rr-fac-dist" });
  ui.list = h("ol", { class: "rr-fac-list", testid: "responses" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, editBtn, h("label", { class: "check", for: "rr-anon" }, ui.anon, " Anonymous"),
      h("span", { class: "rr-stepper" }, ui.prev, ui.pos, ui.next)),
    ui.msgForm, ui.note,
    h("div", { class: "rr-fac-grid" },
      h("section", null, h("h3", { class: "fwall-title" }, "Responses in turn"), ui.list),
      h("section", null, h("h3", { class: "fwall-title" }, "Key messages"), ui.messages, ui.dist)));
  return ui;
}

function row(ui, r, view, n) {
  const current = r.id === view.current;
  return h("li", { class: `rr-fac-item${current ? " is-current" : ""}${r.hidden ? " is-hidden" : ""}`,
    testid: "response", dataset: { response: r.id }, "aria-current": current ? "true" : null },
  h("span", { class: "rr-fac-score", title: "Surprise, 1-5" }, String(r.surprise)),
  h("span", { class: "rr-fac-text" },
    r.view || h("em", { class: "muted" }, "no view written"),
    r.author ? [" ", h("span", { class: "card-author" }, r.author)] : null,
    r.hidden ? h("span", { class: "badge badge-hidden" }, "Hidden") : null),
  h("span", { class: "rr-fac-actions" },
    !r.hidden && !current ? button("Show", () => ui.ctx.send("response.show", { response: r.id }),
      { class: "btn btn-small btn-secondary", testid: "response-show", "aria-label": `Show response ${n} on the board` }) : null,
    current ? h("span", { class: "badge badge-open" }, "On the board") : null,
    button(r.hidden ? "Unhide" : "Hide", () => ui.ctx.send(r.hidden ? "response.unhide" : "response.hide", { response: r.id }),
      { class: "btn btn-small btn-secondary", testid: r.hidden ? "response-unhide" : "response-hide" })));
}

export function facilitator(el, activity, ctx) {
  const ui = el.__rrConsole || (el.__rrConsole = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, view });
  ui.anon.checked = !!view.anonymous;
  const total = view.total || 0;
  ui.pos.textContent = total ? `${view.position} of ${total}` : "no responses";
  ui.prev.disabled = !total || view.position <= 1;
  ui.next.disabled = !total || view.position >= total;
  ui.note.textContent = activity.revealed
    ? "The board shows the response on turn and the surprise distribution."
    : `${view.count || 0} responded. The board shows only the count until you press Reveal.`;
  const messages = view.messages || [];
  ui.messages.replaceChildren(...(messages.length ? messages.map((m) => h("li", null, truncate(m, 200)))
    : [h("li", { class: "muted" }, "No key messages yet — add them with “Key messages…”.")]));
  ui.dist.replaceChildren(bars(view, { compact: true }));
  const list = view.responses || [];
  let n = 0;
  ui.list.replaceChildren(...(list.length ? list.map((r) => row(ui, r, view, r.hidden ? 0 : ++n))
    : [h("li", { class: "muted" }, "No responses yet.")]));
}
