// RAG rating on the board: while hidden, the items and how many have rated; once revealed (or
// live), each item's spread of red / amber / green and the agreed rating, in words as well as colour.
import { h } from "../dom.js";
import { fitBoard, pageToFit, columnsFor } from "./rated_items.js";
import { spreadBar, ragBadge, LABEL } from "./rag_rating_common.js";
import { byTableNote } from "./tables.js";
export { phone } from "./rag_rating_phone.js";
export { facilitator } from "./rag_rating_console.js";

function startEm(n) {
  if (n <= 3) return 1.5;
  if (n <= 6) return 1.25;
  if (n <= 10) return 1.05;
  return 1;
}

// Results by table: under an item, each table's own rating ("Table 3 Amber"), in words and colour.
function tableChips(view, item) {
  const tables = (view.tables || []).filter((t) => t.ratings[item.id]);
  if (!view.by_table || !tables.length) return null;
  return h("span", { class: "by-table-chips", testid: "rag-by-table" }, tables.map((t) => h("span", {
    class: `by-table-chip rag-chip rag-${t.ratings[item.id]}`, dataset: { table: t.name, rating: t.ratings[item.id] } },
  h("span", { class: "by-table-name" }, t.name), " ", LABEL[t.ratings[item.id]])));
}

export function board(el, activity) {
  const view = activity.view || {};
  const items = view.items || [];
  if (!items.length) {
    el.replaceChildren(h("p", { class: "wall-empty", testid: "rag-empty" }, "The items to rate will appear here."));
    return { dense: false };
  }
  const status = h("p", { class: "dots-status", testid: "rag-status" },
    h("span", null, h("span", { class: "dots-big", testid: "rag-raters" }, String(view.people_rated ?? view.raters ?? 0)),
      (view.people_rated ?? view.raters ?? 0) === 1 ? " person has rated" : " people have rated"),
    view.shown ? null : h("span", { class: "dots-hidden-note" }, "Ratings stay hidden until the facilitator reveals them"));
  const cols = columnsFor(items.length, view.shown ? [[8, 2]] : [[8, 2], [20, 3]]);
  const list = h("ol", { class: `rag-board-list board-cols${view.shown ? " is-results" : ""}`, testid: "rag-board-list",
    dataset: { cols }, style: `--cols:${cols};--rows:${Math.ceil(items.length / cols)}` },
    items.map((item, i) => h("li", { class: "rag-board-row", testid: "rag-board-row", dataset: { item: item.id } },
      h("span", { class: "dots-num", "aria-hidden": "true" }, String(i + 1)),
      h("span", { class: "rag-board-text" }, item.text, view.shown ? tableChips(view, item) : null),
      view.shown ? h("span", { class: "rag-board-result" }, spreadBar(item), ragBadge(item.rag, !!item.agreed)) : null)));
  const box = h("div", { class: "dots-board rag-board", testid: "rag-board" }, status, view.shown ? byTableNote(view) : null, list,
    view.shown ? h("p", { class: "rag-key" }, "✓ agreed by the group; otherwise the most common rating so far") : null);
  el.replaceChildren(box);
  fitBoard(box, startEm(items.length));
  pageToFit(box, list);
  return { dense: items.length > 6 };
}
