// Prioritisation matrix: everyone rates each item on two axes; the grid shows where they sit.
import { h } from "../dom.js";
import { plot, legend, LOW, HIGH } from "./prioritisation_matrix_plot.js";
import { fitSize, overflows, paginate } from "./board_fit.js";
export { phone } from "./prioritisation_matrix_phone.js";
export { facilitator } from "./prioritisation_matrix_console.js";

// The labels' type shrinks to fit beside the plot, never below the board's floor.
function fit(root, box, start) {
  fitSize((em) => root.style.setProperty("--pm-em", `${em.toFixed(3)}em`), () => box.scrollHeight > box.clientHeight + 1, start);
}

// Results by table: under an item, where each table's own rating puts it ("Table 3: Quick wins").
function tableChips(view, names) {
  return (r) => {
    const tables = (view.by_table && view.tables || []).filter((t) => t.quadrants[r.item]);
    if (!tables.length) return null;
    return h("span", { class: "by-table-chips", testid: "pm-by-table" }, tables.map((t) => h("span", {
      class: "by-table-chip", dataset: { table: t.name, quadrant: t.quadrants[r.item] } },
    `${t.name}: ${names.get(t.quadrants[r.item])}`)));
  };
}

function progress(view) {
  const people = view.people_rated ?? view.raters ?? 0;  // a table speaks for its head count
  if (people !== (view.raters || 0)) return `${people} people have rated`;
  const n = view.raters || 0;
  return n ? `${n} ${n === 1 ? "person has" : "people have"} rated · ${view.ratings} ratings` : "Nobody has rated yet.";
}

export function board(el, activity) {
  const view = activity.view || {};
  const items = view.items || [];
  const axes = view.axes;
  if (!items.length) {
    el.replaceChildren(h("p", { class: "pm-wait", testid: "pm-waiting" }, "The items to rate will appear here."));
    return { dense: false };
  }
  const text = new Map(items.map((i) => [i.id, i.text]));
  if (view.results) {
    const names = new Map(axes.quadrants.map((q) => [q.key, q.name]));
    const side = legend(view, (id) => text.get(id), { extra: tableChips(view, names) });
    const wrap = h("div", { class: "pm-board is-result" },
      h("div", { class: "pm-board-plot" }, plot(view, { dotR: 28 }),
        h("p", { class: "pm-board-note" }, `Each dot is where the group put it on the whole; shading shows how far views range · ${progress(view)}`)),
      h("div", { class: "pm-board-side" }, side));
    el.replaceChildren(wrap);
    fit(wrap, side, 1.1);
    // Too many labels for the side at a readable size: they page (a quadrant with none on this
    // page hides its title).
    const groups = [...side.querySelectorAll(".pm-legend-group")];
    paginate([...side.querySelectorAll(".pm-legend-item")], () => {
      for (const g of groups) g.hidden = ![...g.querySelectorAll(".pm-legend-item")].some((li) => !li.hidden);
      return overflows(side);
    }, side.parentNode);
    return { dense: true };
  }
  const list = h("ol", { class: "pm-board-items", testid: "pm-items" }, items.map((i) => h("li", { class: "pm-board-item" },
    h("span", { class: "pm-num" }, String(i.number)), h("span", null, i.text))));
  const wrap = h("div", { class: "pm-board" },
    h("p", { class: "pm-board-head", testid: "pm-progress" },
      activity.open ? `Rate each on your phone: ${axes.y.label} and ${axes.x.label}, ${LOW} to ${HIGH} · ` : "", progress(view)),
    list);
  el.replaceChildren(wrap);
  fit(wrap, list, 1.4);
  return { dense: false };
}
