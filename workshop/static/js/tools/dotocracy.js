// Dotocracy (dot voting) on the board: while results are hidden, the options and how many people
// have voted; once revealed (or live), the options ranked with bars and counts, ties marked "=".
import { h } from "../dom.js";
import { fitBoard, trimToFit, pageToFit, columnsFor, plural, rankLabel, rankedItems } from "./rated_items.js";
import { byTableNote } from "./tables.js";
export { phone } from "./dotocracy_phone.js";
export { facilitator } from "./dotocracy_console.js";

function startEm(n) {
  if (n <= 4) return 1.6;
  if (n <= 8) return 1.3;
  if (n <= 12) return 1.1;
  return 1.05;
}

// A list laid out in columns that read down (ranks 1..k in the first column, and so on).
function columnsList(cls, testid, n, steps, children) {
  const cols = columnsFor(n, steps);
  return h("ol", { class: `${cls} board-cols`, testid, dataset: { cols },
    style: `--cols:${cols};--rows:${Math.ceil(n / cols)}` }, children);
}

function statusLine(view, activity) {
  const voters = view.people_voted ?? view.voters ?? 0;  // a table counts its head count
  const bits = [h("span", { class: "dots-big", testid: "dots-voters" }, String(voters)),
    voters === 1 ? " person has voted" : " people have voted",
    h("span", { class: "dots-sep", "aria-hidden": "true" }, " · "),
    plural(view.dots_placed || 0, "dot", "dots"), " placed"];
  const note = view.shown ? null
    : h("span", { class: "dots-hidden-note" }, activity.open
      ? `${plural(view.dots_per_person, "dot", "dots")} each · results stay hidden until the facilitator reveals them`
      : "Results stay hidden until the facilitator reveals them");
  return h("p", { class: "dots-status", testid: "dots-status" }, h("span", null, bits), note);
}

function hiddenBoard(view, activity) {
  const items = view.items || [];
  return h("div", { class: "dots-board", testid: "dots-board" },
    statusLine(view, activity),
    columnsList("dots-options", "dots-options", items.length, [[6, 2], [20, 3]],
      items.map((item, i) => h("li", { class: "dots-option", testid: "dots-option" },
        h("span", { class: "dots-num", "aria-hidden": "true" }, String(i + 1)),
        h("span", { class: "dots-text" }, item.text)))));
}

// Results by table: under an option, each table's own dots on it ("Table 3 ●●").
function tableChips(view, item) {
  const tables = (view.tables || []).filter((t) => t.votes[item.id]);
  if (!view.by_table || !tables.length) return null;
  return h("span", { class: "by-table-chips", testid: "dots-by-table" }, tables.map((t) => h("span", {
    class: "by-table-chip", dataset: { table: t.name, votes: t.votes[item.id] },
    "aria-label": `${t.name}: ${plural(t.votes[item.id], "dot", "dots")}` },
  h("span", { class: "by-table-name" }, t.name), " ", "●".repeat(t.votes[item.id]))));
}

function resultsBoard(view, activity) {
  const ranked = rankedItems(view.items || []);
  const top = Math.max(1, ...ranked.map((i) => i.votes));
  return h("div", { class: "dots-board is-results", testid: "dots-board" },
    statusLine(view, activity), byTableNote(view),
    columnsList("dots-results", "dots-results", ranked.length, [[8, 2]],
      ranked.map((item) => h("li", {
        class: `dots-row${item.tied ? " is-tied" : ""}${item.rank === 1 && item.votes > 0 ? " is-top" : ""}`,
        testid: "dots-result", dataset: { item: item.id, votes: item.votes, rank: item.rank },
      },
      h("span", { class: "dots-rank", "aria-label": item.tied ? `joint ${item.rank}` : `rank ${item.rank}` }, rankLabel(item)),
      h("span", { class: "dots-text" }, item.text, tableChips(view, item)),
      h("span", { class: "dots-bar-wrap" },
        h("span", { class: "dots-bar", style: `width:${(100 * item.votes) / top}%` }),
        h("span", { class: "dots-count", testid: "dots-count" }, String(item.votes)))))));
}

export function board(el, activity) {
  const view = activity.view || {};
  const items = view.items || [];
  if (!items.length) {
    el.replaceChildren(h("p", { class: "wall-empty", testid: "dots-empty" }, "The options will appear here."));
    return { dense: false };
  }
  const box = view.shown ? resultsBoard(view, activity) : hiddenBoard(view, activity);
  el.replaceChildren(box);
  fitBoard(box, startEm(items.length));
  const list = box.querySelector("ol");
  if (view.shown) {
    // Fold the tail into "+N more", but never between options with the same number of dots.
    const ranked = rankedItems(items);
    trimToFit(box, list, (k) => `+${k} more with fewer dots`, (k) => k >= ranked.length || ranked[k - 1].votes !== ranked[k].votes);
  } else {
    pageToFit(box, list);
  }
  return { dense: items.length > 8 };
}
