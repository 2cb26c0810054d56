// RAG rating on a phone: each item with three big buttons (Red, Amber, Green), an optional short
// comment, and "Clear". Your choice shows as saved only once the server confirmed it.
import { h, reconcile } from "../dom.js";
import { limit } from "../limits.js";
import { SAVE_TEXT, freshRejection, pendingFor, plural } from "./rated_items.js";
import { RATINGS, LABEL, spreadBar, ragBadge } from "./rag_rating_common.js";

const TYPES = ["rag.rate", "rag.clear"];
const MAX_COMMENT = limit("rag_rating.comment");

function build(el) {
  const ui = { rows: new Map(), seen: new Set(), errors: new Map() };
  ui.progress = h("p", { class: "rag-progress", testid: "rag-progress", "aria-live": "polite" });
  ui.closed = h("p", { class: "waiting waiting-small", testid: "input-closed" }, "Rating is closed for this activity");
  ui.shown = h("p", { class: "dots-phone-shown", testid: "rag-shown" });
  ui.list = h("ul", { class: "rag-list", testid: "rag-list" });
  el.replaceChildren(ui.progress, ui.closed, ui.shown, ui.list);
  return ui;
}

function makeRow(ui, item, index) {
  const r = { id: item.id };
  r.text = h("p", { class: "rag-item-text", id: `rag-text-${item.id}` });
  r.buttons = RATINGS.map((rating) => {
    const b = h("button", { type: "button", class: `btn rag-choice rag-choice-${rating}`, testid: `rate-${rating}` }, LABEL[rating]);
    b.addEventListener("click", () => {
      ui.errors.delete(r.id);
      ui.ctx.send("rag.rate", { item: r.id, rating, comment: r.comment.value.trim() });
    });
    return b;
  });
  r.group = h("div", { class: "rag-choices", role: "group", "aria-labelledby": `rag-text-${item.id}` }, r.buttons);
  r.comment = h("textarea", { class: "idea-input rag-comment-input", id: `rag-c-${item.id}`, rows: 2, maxlength: MAX_COMMENT,
    testid: "rag-comment", placeholder: "Why? (optional, no names needed)" });
  r.comment.addEventListener("input", () => { r.dirty = true; });
  r.saveComment = h("button", { type: "button", class: "btn btn-small btn-secondary", testid: "rag-comment-save" }, "Save comment");
  r.saveComment.addEventListener("click", () => {
    if (!r.current) return;
    r.dirty = false;
    ui.ctx.send("rag.rate", { item: r.id, rating: r.current, comment: r.comment.value.trim() });
  });
  r.details = h("details", { class: "rag-comment" },
    h("summary", null, "Add a comment"),
    h("label", { for: `rag-c-${item.id}`, class: "visually-hidden" }, "Comment"), r.comment,
    h("div", { class: "rag-comment-foot" }, r.saveComment));
  r.status = h("span", { class: "save", "aria-live": "polite", testid: "save-status" });
  r.clear = h("button", { type: "button", class: "btn btn-small btn-secondary", testid: "rag-clear" }, "Clear");
  r.clear.addEventListener("click", () => ui.ctx.send("rag.clear", { item: r.id }));
  r.result = h("div", { class: "rag-phone-result", testid: "rag-phone-result" });
  // A refused rating says why here, in the server's words (not "not saved").
  r.error = h("p", { class: "error", role: "alert", testid: "rag-error", hidden: true });
  r.el = h("li", { class: "rag-item", testid: "rag-item", dataset: { item: item.id } },
    r.text, r.error, r.group, r.details, h("div", { class: "idea-foot" }, r.status, r.clear), r.result);
  return r;
}

function row(ui, item, index) {
  const r = ui.rows.get(item.id) || makeRow(ui, item, index);
  ui.rows.set(item.id, r);
  const mine = ui.mine[item.id];
  const pend = pendingFor(ui.ctx, item.id, TYPES);
  const last = pend[pend.length - 1];
  const current = last ? (last.type === "rag.rate" ? last.payload.rating : null) : mine ? mine.rating : null;
  r.current = current;
  r.text.textContent = `${index + 1}. ${item.text}`;
  const open = ui.open && !!ui.ctx.private;
  r.buttons.forEach((b, k) => {
    const rating = RATINGS[k];
    b.setAttribute("aria-pressed", String(current === rating));
    b.classList.toggle("is-pending", !!last && current === rating);
    b.disabled = !open;
  });
  if (!r.dirty && document.activeElement !== r.comment) r.comment.value = (mine && mine.comment) || "";
  if (mine && mine.comment && !r.details.open && !r.seenComment) { r.details.open = true; r.seenComment = true; }
  r.saveComment.disabled = !open || !current;
  r.details.hidden = !open && !(mine && mine.comment);
  r.comment.disabled = !open;
  const late = pend.find((p) => p.status === "retrying");
  r.status.textContent = pend.length ? SAVE_TEXT[late ? "retrying" : "saving"] : mine ? `${LABEL[mine.rating]} — ${SAVE_TEXT.saved}` : "Not rated yet";
  r.status.className = `save save-${pend.length ? (late ? "retrying" : "saving") : mine ? "saved" : "saving"}`;
  r.clear.hidden = !open || !current;
  r.error.textContent = ui.errors.get(item.id) || "";
  r.error.hidden = !r.error.textContent;
  r.el.dataset.rating = current || "";
  r.result.hidden = !ui.view.shown;
  if (ui.view.shown) {
    r.result.replaceChildren(h("span", { class: "rag-phone-label" }, "Everyone:"), spreadBar(item), ragBadge(item.rag, !!item.agreed));
  }
  return r.el;
}

export function phone(el, activity, ctx) {
  const ui = el.__ragPhone || (el.__ragPhone = build(el));
  const view = activity.view || {};
  const items = view.items || [];
  Object.assign(ui, { ctx, view, open: !!activity.open, mine: (ctx.private && ctx.private.ratings) || {} });
  const refused = freshRejection(ctx, TYPES, ui.seen);
  if (refused && refused.entry.activity === activity.id) ui.errors.set(refused.entry.payload.item, refused.message);
  const done = items.filter((i) => ui.mine[i.id]).length;
  ui.progress.textContent = items.length ? `You have rated ${done} of ${plural(items.length, "item", "items")}` : "";
  ui.progress.hidden = !items.length;
  ui.closed.hidden = ui.open;
  ui.shown.hidden = !view.shown;
  ui.shown.textContent = view.shown ? `Results are showing: ${plural(view.raters, "person", "people")} rated.` : "";
  const alive = new Set(items.map((i) => i.id));
  for (const id of [...ui.rows.keys()]) if (!alive.has(id)) ui.rows.delete(id);
  reconcile(ui.list, items.length ? items.map((item, i) => row(ui, item, i))
    : [h("li", { class: "muted" }, "The items to rate will appear here.")]);
}
