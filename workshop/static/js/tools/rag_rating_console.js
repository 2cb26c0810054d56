// RAG rating as the facilitator runs it: the items (typed or brought in), each item's spread and
// comments, and the agreed rating (left on "most common" or set by the group).
import { h, button, reconcile } from "../dom.js";
import { limit } from "../limits.js";
import { itemTools, itemActions, editForm, sourceNote, plural, KEY_MESSAGES } from "./rated_items.js";
import { RATINGS, LABEL, spreadBar, ragBadge } from "./rag_rating_common.js";
import { tableSwitches } from "./tables.js";

const MAX_TEXT = limit("rag_rating.text");

function build(el) {
  const ui = { noun: "item", editing: null, peek: true, selects: new Map() };
  ui.tools = itemTools("rag.", { noun: "item", max: MAX_TEXT, placeholder: "Add an item to rate (a finding, a question, an action)…" });
  ui.live = h("input", { type: "checkbox", id: "rag-live", testid: "rag-live" });
  ui.live.addEventListener("change", () => ui.ctx.send("rag.settings", { live: ui.live.checked }));
  ui.peekBox = h("input", { type: "checkbox", id: "rag-peek", checked: true, testid: "rag-peek" });
  ui.peekBox.addEventListener("change", () => { ui.peek = ui.peekBox.checked; ui.rerender(); });
  ui.summary = h("p", { class: "dots-console-summary", testid: "rag-summary", "aria-live": "polite" });
  ui.list = h("ol", { class: "rag-console-list", testid: "rag-console-list" });
  ui.tables = tableSwitches("rag.", "rag");
  el.replaceChildren(
    h("div", { class: "tool-bar" }, ...ui.tools.el,
      h("label", { class: "check", for: "rag-live", title: "Show the ratings on the board and phones as they come in" }, ui.live, " Results live"),
      h("label", { class: "check", for: "rag-peek", title: "Untick if this screen is on the projector" }, ui.peekBox, " Ratings on this screen"),
      ui.tables.el),
    ui.summary, ui.list);
  return ui;
}

// The agreed rating: "most common" (null) or one the group settled on.
function agreeSelect(ui, item, index) {
  const id = `rag-agree-${item.id}`;
  let select = ui.selects.get(item.id);
  if (!select) {
    select = h("select", { class: "select select-small rag-agree", id, testid: "rag-agree" });
    select.addEventListener("change", () => ui.ctx.send("rag.agree", { item: item.id, rating: select.value || null }));
    ui.selects.set(item.id, select);
  }
  const auto = item.suggested ? `Most common (${LABEL[item.suggested]})` : "Most common (none yet)";
  const sig = JSON.stringify([auto, item.agreed]);
  if (select.dataset.sig !== sig) {
    select.dataset.sig = sig;
    select.replaceChildren(h("option", { value: "" }, auto),
      ...RATINGS.map((r) => h("option", { value: r, selected: item.agreed === r }, `Agreed: ${LABEL[r]}`)));
    select.value = item.agreed || "";
  }
  return h("span", { class: "rag-agree-wrap" },
    h("label", { for: id, class: "visually-hidden" }, `Agreed rating for item ${index + 1}`), select);
}

function row(ui, item, index) {
  if (ui.editing === item.id) {
    ui.editEl ||= h("li", { class: "rag-console-row is-editing" }, editForm(ui, item, "rag.", MAX_TEXT));
    return ui.editEl;
  }
  const show = ui.peek;
  const comments = item.comments || [];
  return h("li", { class: "rag-console-row", testid: "rag-console-row", dataset: { item: item.id } },
    h("div", { class: "rag-console-main" },
      h("span", { class: "dots-num", "aria-hidden": "true" }, String(index + 1)),
      h("span", { class: "dots-console-text" }, item.text, sourceNote(ui.ctx, item)),
      show ? spreadBar(item) : h("span", { class: "muted" }, plural(item.responses || 0, "rating", "ratings")),
      show ? ragBadge(item.rag, !!item.agreed) : null,
      agreeSelect(ui, item, index),
      itemActions(ui, item, "rag.", { max: MAX_TEXT, canRemove: !item.responses, removeTitle: "It has ratings, so it stays" })),
    show && comments.length ? h("details", { class: "rag-console-comments" },
      h("summary", null, plural(comments.length, "comment", "comments")),
      h("ul", null, comments.map((c) => h("li", { class: `rag-comment-line rag-line-${c.rating}` },
        h("span", { class: `rag-badge rag-${c.rating} rag-badge-small` }, LABEL[c.rating]), " ", c.text)))) : null);
}

// Nothing to rate yet: the review's key messages are one click away (no retyping).
function emptyRow(ui, ctx) {
  const n = (ctx.boot && ctx.boot.key_messages) || 0;
  ui.empty ||= h("li", { class: "rag-empty" },
    h("p", { class: "muted" }, "No items yet: type them above, or bring in the cards of an earlier activity."),
    n ? button(`Rate the review's ${plural(n, "key message", "key messages")}`, () => ui.ctx.send("activity.import", { from: KEY_MESSAGES }),
      { class: "btn btn-primary btn-small", testid: "rag-key-messages" }) : null);
  return ui.empty;
}

export function facilitator(el, activity, ctx) {
  const ui = el.__ragConsole || (el.__ragConsole = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.tools.update(activity, ctx);
  ui.live.checked = !!view.live;
  ui.tables.update(view, ctx);
  const items = view.items || [];
  if (ui.editing && !items.some((i) => i.id === ui.editing)) { ui.editing = null; ui.editEl = null; }
  for (const id of [...ui.selects.keys()]) if (!items.some((i) => i.id === id)) ui.selects.delete(id);
  const room = view.shown ? "The room sees the ratings." : "The room sees only how many have rated — press Reveal to show the ratings.";
  ui.summary.textContent = `${plural(items.length, "item", "items")} · ${plural(view.people_rated ?? view.raters ?? 0, "person", "people")} rated. ${room}`;
  reconcile(ui.list, items.length ? items.map((item, i) => row(ui, item, i)) : [emptyRow(ui, ctx)]);
}
