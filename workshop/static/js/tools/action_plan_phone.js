// The action plan on a phone: propose an action, read the plan as it grows, comment on any action.
import { h, button } from "../dom.js";
import { limit } from "../limits.js";
import { groupActions, howLabels, levelName, whenText } from "./action_plan.js";
import { SAVE_TEXT, refusedLine, noteRefusal, showRefusal } from "./saving.js";

const MAX_TEXT = limit("action_plan.text");
const MAX_COMMENT = limit("action_plan.comment");
const MAX_SUCCESS = limit("action_plan.success");

function build(el) {
  const ui = { commenting: null, seen: new Set() };
  ui.input = h("textarea", { id: "ap-input", class: "idea-input", rows: 3, maxlength: MAX_TEXT, testid: "action-input",
    placeholder: "e.g. Teachers and TAs plan together for 20 minutes each week", "aria-describedby": "ap-error" });
  ui.error = h("p", { id: "ap-error", class: "error", "aria-live": "polite", testid: "action-error" });
  ui.success = h("textarea", { id: "ap-success", class: "idea-input ap-success-input", rows: 2, maxlength: MAX_SUCCESS,
    testid: "action-success-input", placeholder: "e.g. Pupils say they get help sooner" });
  ui.form = h("form", { class: "compose", testid: "compose" },
    h("label", { for: "ap-input", class: "compose-label" }, "Propose an action"),
    ui.input, ui.error,
    h("label", { for: "ap-success", class: "ap-success-label" }, "What would show it worked? (optional)"), ui.success,
    h("button", { type: "submit", class: "btn btn-primary btn-block", testid: "action-submit" }, "Propose"));
  ui.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text) { ui.error.textContent = "Type an action first."; ui.input.focus(); return; }
    const success = ui.success.value.trim();
    ui.ctx.send("action.propose", success ? { text, success } : { text });
    ui.input.value = "";
    ui.success.value = "";
  });
  ui.input.addEventListener("input", () => { ui.error.textContent = ""; });
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Input is closed for this activity");
  ui.pending = h("ul", { class: "idea-list" });
  ui.plan = h("div", { class: "ap-phone-plan", testid: "plan" });
  ui.refused = refusedLine();
  el.replaceChildren(ui.form, ui.closed, ui.refused, ui.pending, ui.plan);
  return ui;
}

function commentForm(ui, a) {
  if (ui.commenting && ui.commenting.id === a.id) return ui.commenting.el;
  return null;
}

function openComment(ui, a) {
  const area = h("textarea", { id: `ap-comment-${a.id}`, class: "idea-input", rows: 2, maxlength: MAX_COMMENT, testid: "comment-input" });
  const error = h("p", { class: "error", "aria-live": "polite" });
  const done = () => { ui.commenting = null; ui.rerender(); };
  const el = h("form", { class: "edit-form ap-comment-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) { error.textContent = "Type a comment first."; return; }
    ui.ctx.send("action.comment", { action: a.id, text });
    done();
  } }, h("label", { for: area.id, class: "compose-label" }, "Your comment"), area, error, h("div", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary", testid: "comment-submit" }, "Add comment"),
    button("Cancel", done, { class: "btn btn-secondary" })));
  ui.commenting = { id: a.id, el };
  ui.rerender();
  area.focus();
}

function item(ui, a, mine, open) {
  const how = howLabels(ui.view, a);
  const pendingComments = ui.ctx.pending.filter((p) => p.type === "action.comment" && p.payload.action === a.id);
  return h("li", { class: `idea ap-phone-action${mine.has(a.id) ? " mine-idea" : ""}`, testid: "plan-action", dataset: { action: a.id } },
    h("p", { class: "idea-text" }, a.text),
    h("p", { class: "ap-phone-meta" },
      h("span", { class: `ap-status ${a.status === "confirmed" ? "ap-confirmed" : "ap-draft"}` }, a.status === "confirmed" ? "✓ Agreed" : "Draft"),
      a.when ? h("span", null, `When: ${whenText(a.when)}`) : null,
      a.who ? h("span", null, `Who: ${a.who}`) : null),
    how.length ? h("p", { class: "ap-phone-framing", testid: "action-how" }, `How: ${how.join(", ")}`) : null,
    a.success ? h("p", { class: "ap-phone-framing", testid: "action-success" }, `Success measure: ${a.success}`) : null,
    a.author ? h("p", { class: "idea-author" }, `Proposed by ${a.author}`) : mine.has(a.id) ? h("p", { class: "idea-author" }, "Your proposal") : null,
    a.comments.length || pendingComments.length ? h("ul", { class: "ap-phone-comments" },
      a.comments.map((c) => h("li", null, c.text, c.author_name ? [" ", h("span", { class: "card-author" }, c.author_name)] : null)),
      pendingComments.map((p) => h("li", { class: "is-pending" }, p.payload.text, " ",
        h("span", { class: `save save-${p.status}` }, SAVE_TEXT[p.status])))) : null,
    commentForm(ui, a) || (open ? button("Comment", () => openComment(ui, a),
      { class: "btn btn-small btn-secondary ap-comment-btn", testid: "comment-open", "aria-label": `Comment on: ${a.text}` }) : null));
}

export function phone(el, activity, ctx) {
  const ui = el.__apPhone || (el.__apPhone = build(el));
  ui.ctx = ctx;
  ui.view = activity.view || {};
  ui.rerender = () => phone(el, activity, ui.ctx);
  const view = activity.view || {};
  const actions = view.actions || [];
  const mine = new Set((ctx.private && ctx.private.mine) || []);
  if (ui.commenting && !actions.some((a) => a.id === ui.commenting.id)) ui.commenting = null;

  for (const [id, r] of ctx.settled) {
    if (r.ok || ui.seen.has(id) || !r.entry.type.startsWith("action.")) continue;
    ui.seen.add(id);
    ui.error.textContent = r.message;
    if (r.entry.type === "action.propose" && !ui.input.value) {
      ui.input.value = r.entry.payload.text;
      ui.success.value = r.entry.payload.success || "";
    }
    noteRefusal(ui.refused, r, r.entry.payload.text);
  }
  ui.form.hidden = !activity.open;
  ui.closed.hidden = !!activity.open;
  showRefusal(ui.refused, !!activity.open);

  ui.pending.replaceChildren(...ctx.pending.filter((p) => p.type === "action.propose").map((p) =>
    h("li", { class: "idea mine-idea is-pending", testid: "my-proposal" }, h("p", { class: "idea-text" }, p.payload.text),
      h("div", { class: "idea-foot" }, h("span", { class: `save save-${p.status}`, testid: "save-status" }, SAVE_TEXT[p.status])))));
  ui.pending.hidden = !ui.pending.children.length;

  // While someone types a comment, leave the list alone so the caret stays; it catches up after.
  if (ui.commenting && ui.commenting.el.contains(document.activeElement) && ui.plan.contains(ui.commenting.el)) return;
  const groups = groupActions(view, actions);
  const sections = groups.map((g) => h("section", { class: "ap-phone-group" },
    h("h2", { class: "list-head" }, `${levelName(g)} (${g.actions.length})`),
    h("ul", { class: "idea-list" }, g.actions.map((a) => item(ui, a, mine, !!activity.open)))));
  const heading = h("p", { class: "muted ap-phone-summary" },
    actions.length ? `${view.confirmed} of ${view.count} agreed so far` : "No actions yet.");
  ui.plan.replaceChildren(heading, ...sections);
}
