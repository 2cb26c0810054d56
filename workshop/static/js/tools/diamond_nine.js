// Diamond nine: nine statements, each person ranks them in a 1-2-3-2-1 diamond, the group agrees one.
import { h } from "../dom.js";
import { diamondShape, lettersFor, agreementBadge, hereText, fitText } from "./diamond_nine_common.js";
import { FLOOR_EM } from "./board_fit.js";
export { phone } from "./diamond_nine_phone.js";
export { facilitator } from "./diamond_nine_console.js";

function progress(view) {
  const n = view.started || 0;
  if (!n) return "Nobody has ranked yet.";
  const people = view.people_ranked ?? n;  // a table's diamond speaks for its head count
  if (people !== n) return `${people} people have started`;
  return `${n} ${n === 1 ? "person has" : "people have"} started · ${view.complete} complete`;
}

// Results by table: under a statement, the tables that put it in their own top three.
function tablesTop(view, item) {
  const tables = (view.by_table && view.tables || []).filter((t) => t.top.includes(item));
  if (!tables.length) return null;
  return h("p", { class: "by-table-chips", testid: "d9-by-table" },
    tables.map((t) => h("span", { class: "by-table-chip", dataset: { table: t.name } }, `${t.name} top 3`)));
}

function groupDiamond(view) {
  const byId = new Map(view.items.map((i) => [i.id, i]));
  const boxes = [];
  const slot = (k) => {
    const s = view.diamond[k];
    const item = byId.get(s.item) || { text: "" };
    const text = h("p", { class: "d9-text" }, item.text);
    boxes.push(text);
    const chips = tablesTop(view, s.item);
    const card = h("div", { class: `d9-card d9-board-card${s.moved ? " is-moved" : ""}`, testid: "d9-slot", dataset: { slot: String(k), item: s.item } },
      text,
      h("p", { class: "d9-meta" }, agreementBadge(s),
        h("span", { class: "d9-mean" }, hereText(s)),
        s.tied ? h("span", { class: "d9-flag", title: "Ranked level with a statement in another row" }, "= tie") : null,
        s.moved ? h("span", { class: "d9-flag", title: "Moved by the facilitator" }, "moved") : null),
      chips);
    if (chips) boxes.push(card);  // the tables' line must fit in the card too
    return card;
  };
  return { el: diamondShape(slot, { testid: "d9-group-diamond" }), boxes };
}

export function board(el, activity) {
  const view = activity.view || {};
  const items = view.items || [];
  if (!view.ready) {
    el.replaceChildren(h("div", { class: "d9-board" },
      h("p", { class: "d9-wait", testid: "d9-waiting" },
        view.candidates ? `Choosing the nine statements to rank: ${view.chosen} of 9 chosen from ${view.candidates}.`
          : "The statements to rank will appear here.")));
    return { dense: false };
  }
  if (view.diamond) {
    const { el: diamond, boxes } = groupDiamond(view);
    const head = h("p", { class: "d9-board-head" },
      h("span", { class: "d9-legend" }, "Most important at the top · ", progress(view)),
      view.locked ? h("span", { class: "d9-locked", testid: "d9-locked" }, "✓ Agreed") : view.adjusted ? h("span", { class: "d9-adjusted" }, "Adjusted by the facilitator") : null);
    const wrap = h("div", { class: "d9-board is-result" }, head, diamond);
    el.replaceChildren(wrap);
    fitText(wrap, [...boxes, diamond], 1.3, FLOOR_EM, FLOOR_EM);
    return { dense: true };
  }
  const letters = lettersFor(items);
  const boxes = [];
  const list = h("ol", { class: "d9-nine", testid: "d9-nine" }, items.map((i) => {
    const text = h("span", { class: "d9-text" }, i.text);
    boxes.push(text);
    return h("li", { class: "d9-card d9-nine-card" }, h("span", { class: "d9-letter" }, letters.get(i.id)), text);
  }));
  const wrap = h("div", { class: "d9-board" },
    h("p", { class: "d9-board-head" }, h("span", { class: "d9-legend", testid: "d9-progress" },
      activity.open ? "Build your diamond on your phone · " : "", progress(view))),
    list);
  el.replaceChildren(wrap);
  fitText(wrap, boxes, 1.5, FLOOR_EM, FLOOR_EM);
  return { dense: false };
}
