// The matrix as the facilitator runs it: axes, items, the live grid, and placing an item by hand.
import { h, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { plot, legend, agreementWords, LOW, HIGH, MID } from "./prioritisation_matrix_plot.js";
import { tableSwitches, byTableNote, byTableList } from "./tables.js";

const MAX_TEXT = limit("prioritisation_matrix.text");
const MAX_LABEL = limit("prioritisation_matrix.label");
const PRESETS = [["impact_effort", "Impact × effort"], ["importance_urgency", "Importance × urgency"], ["custom", "Custom axes"]];
const CORNERS = [["top_left", "Top left"], ["top_right", "Top right"], ["bottom_left", "Bottom left"], ["bottom_right", "Bottom right"]];

function build(el) {
  const ui = { editing: null, placing: null };
  ui.addInput = h("input", { id: "pm-add", class: "input", maxlength: MAX_TEXT, placeholder: "Type an item…", testid: "pm-add-input" });
  const addForm = h("form", { class: "inline-form" }, h("label", { for: "pm-add", class: "visually-hidden" }, "Add an item"),
    ui.addInput, h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addInput.value.trim();
    if (text) ui.ctx.send("matrix.item_add", { text });
    ui.addInput.value = "";
  });
  ui.importFrom = h("select", { class: "select", id: "pm-import", testid: "import-from" });
  ui.importTop = h("input", { type: "number", class: "input pm-top", min: 1, max: limit("import.top"), placeholder: "all", id: "pm-top", "aria-label": "How many (top)" });
  const importBtn = button("Bring", () => {
    const from = Number(ui.importFrom.value);
    const top = Number(ui.importTop.value);
    if (from) ui.ctx.send("activity.import", top >= 1 ? { from, top: Math.floor(top) } : { from });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });

  ui.preset = h("select", { class: "select", id: "pm-preset", testid: "pm-preset" }, PRESETS.map(([v, t]) => h("option", { value: v }, t)));
  ui.xLabel = h("input", { class: "input pm-label", maxlength: MAX_LABEL, placeholder: "Across (x)", "aria-label": "Across (x) axis label" });
  ui.yLabel = h("input", { class: "input pm-label", maxlength: MAX_LABEL, placeholder: "Up (y)", "aria-label": "Up (y) axis label" });
  ui.names = new Map(CORNERS.map(([k, t]) => [k, h("input", { class: "input pm-label", maxlength: MAX_LABEL, placeholder: t, "aria-label": `${t} quadrant name` })]));
  ui.custom = h("span", { class: "inline-form" }, ui.yLabel, h("span", null, "against"), ui.xLabel);
  ui.axesForm = h("form", { class: "pm-axes", testid: "pm-axes" },
    h("label", { for: "pm-preset" }, "Axes"), ui.preset, ui.custom,
    h("details", { class: "pm-names" }, h("summary", null, "Quadrant names"), h("div", { class: "pm-names-grid" }, [...ui.names.values()])),
    h("button", { type: "submit", class: "btn btn-small btn-primary" }, "Apply"));
  ui.preset.addEventListener("change", () => { ui.custom.hidden = ui.preset.value !== "custom"; });
  ui.axesForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const payload = { preset: ui.preset.value };
    if (payload.preset === "custom") Object.assign(payload, { x: ui.xLabel.value.trim(), y: ui.yLabel.value.trim() });
    const quadrants = {};
    for (const [k, input] of ui.names) if (input.value.trim()) quadrants[k] = input.value.trim();
    if (Object.keys(quadrants).length) payload.quadrants = quadrants;
    ui.ctx.send("matrix.axes", payload);
  });

  ui.summary = h("p", { class: "muted pm-summary" });
  ui.plot = h("div", { class: "pm-console-plot" });
  ui.table = h("table", { class: "table pm-table", testid: "pm-table" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, addForm,
      h("span", { class: "inline-form" }, h("label", { for: "pm-import" }, "From"), ui.importFrom, h("label", { for: "pm-top" }, "top"), ui.importTop, importBtn)),
    h("div", { class: "tool-bar" }, ui.axesForm),
    h("div", { class: "tool-bar" }, (ui.tables = tableSwitches("matrix.", "pm")).el),
    (ui.byTable = h("div", { class: "by-table-console" })),
    ui.summary, h("div", { class: "pm-console-cols" }, ui.plot, ui.table));
  return ui;
}

function fmt(v) {
  return v == null ? "–" : v.toFixed(1);
}

function row(ui, item, r, names) {
  const ctx = ui.ctx;
  const axes = ui.view.axes;
  if (ui.editing === item.id) {
    const input = h("input", { class: "input", maxlength: MAX_TEXT, value: item.text, "aria-label": "Item text" });
    const done = () => { ui.editing = null; ui.rerender(); };
    setTimeout(() => input.focus(), 0);
    return h("tr", null, h("td", null, String(item.number)), h("td", { colspan: 5 },
      h("form", { class: "inline-form", onsubmit: (ev) => {
        ev.preventDefault();
        const text = input.value.trim();
        if (text && text !== item.text) ctx.send("matrix.item_edit", { item: item.id, text });
        done();
      } }, input, h("button", { type: "submit", class: "btn btn-small btn-primary" }, "Save"),
      button("Cancel", done, { class: "btn btn-small btn-secondary" }))));
  }
  let place = null;
  if (ui.placing === item.id) {
    const x = h("input", { type: "number", class: "input pm-num-input", min: LOW, max: HIGH, step: 0.5, value: r && r.x != null ? r.x : MID, "aria-label": axes.x.label });
    const y = h("input", { type: "number", class: "input pm-num-input", min: LOW, max: HIGH, step: 0.5, value: r && r.y != null ? r.y : MID, "aria-label": axes.y.label });
    place = h("form", { class: "inline-form pm-place", onsubmit: (ev) => {
      ev.preventDefault();
      ctx.send("matrix.place", { item: item.id, x: Number(x.value), y: Number(y.value) });
      ui.placing = null; ui.rerender();
    } }, h("span", null, axes.y.label), y, h("span", null, axes.x.label), x,
    h("button", { type: "submit", class: "btn btn-small btn-primary" }, "Place"),
    button("Cancel", () => { ui.placing = null; ui.rerender(); }, { class: "btn btn-small btn-secondary" }));
  }
  return h("tr", { dataset: { item: item.id }, class: r && r.override ? "is-override" : "" },
    h("td", null, h("span", { class: `pm-num${r && r.override ? " is-override" : ""}` }, String(item.number))),
    h("td", { class: "pm-td-text" }, truncate(item.text, 90), place),
    h("td", null, r ? String(r.n) : "0"),
    h("td", null, r && r.n ? `${fmt(r.mean_y)} / ${fmt(r.mean_x)}` : "–", h("br"),
      r ? h("span", { class: "muted" }, agreementWords(r, names)) : null),
    h("td", null, r && r.quadrant ? names.get(r.quadrant) : "–", r && r.override ? h("span", { class: "pm-override-tag" }, " placed by you") : null),
    h("td", { class: "pm-td-actions" },
      button("Place…", () => { ui.placing = item.id; ui.rerender(); }, { class: "btn btn-small btn-secondary", testid: "pm-place" }),
      r && r.override ? button("Use the group's", () => ctx.send("matrix.unplace", { item: item.id }), { class: "btn btn-small btn-secondary", testid: "pm-unplace" }) : null,
      button("Edit", () => { ui.editing = item.id; ui.rerender(); }, { class: "btn btn-small btn-secondary" }),
      button("Remove", () => {
        if (confirm(`Remove this item and its ratings?\n\n${truncate(item.text, 120)}`)) ctx.send("matrix.item_remove", { item: item.id });
      }, { class: "btn btn-small btn-danger" })));
}

export function facilitator(el, activity, ctx) {
  const ui = el.__pmConsole || (el.__pmConsole = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  const items = view.items || [];
  const axes = view.axes;
  ui.tables.update(view, ctx);
  const quadrantNames = new Map((axes.quadrants || []).map((q) => [q.key, q.name]));
  const numbers = new Map(items.map((i) => [i.id, i.number]));
  ui.byTable.replaceChildren(...[byTableNote(view), byTableList(view, (t) => Object.entries(t.quadrants)
    .map(([id, q]) => `${numbers.get(id) ?? "?"} ${quadrantNames.get(q) || q}`).join(" · ") || "nothing rated yet")].filter(Boolean));
  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const sig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...sources.map((a) => h("option", { value: a.id }, truncate(a.title, 40))));
  }
  const axesSig = JSON.stringify(axes);
  if (ui.axesSig !== axesSig && !ui.axesForm.contains(document.activeElement)) {
    ui.axesSig = axesSig;
    ui.preset.value = axes.preset;
    ui.xLabel.value = axes.preset === "custom" ? axes.x.label : "";
    ui.yLabel.value = axes.preset === "custom" ? axes.y.label : "";
    const byKey = new Map(axes.quadrants.map((q) => [q.key, q.name]));
    for (const [k, input] of ui.names) input.value = byKey.get(k) || "";
    ui.custom.hidden = axes.preset !== "custom";
  }
  ui.summary.textContent = `${items.length} items · ${view.raters} ${view.raters === 1 ? "person has" : "people have"} rated · ${view.ratings} ratings`
    + (view.raters ? " · axes are fixed now (quadrant names can change)" : "");
  const text = new Map(items.map((i) => [i.id, i.text]));
  const names = new Map(axes.quadrants.map((q) => [q.key, q.name]));
  const byItem = new Map((view.results || []).map((r) => [r.item, r]));
  ui.plot.replaceChildren(plot(view, { dotR: 20, onDot: (r) => { ui.placing = r.item; ui.rerender(); } }),
    legend(view, (id) => truncate(text.get(id) || "", 70), { compact: true }));
  ui.table.replaceChildren(
    h("thead", null, h("tr", null, h("th", null, "#"), h("th", null, "Item"), h("th", null, "Rated by"),
      h("th", null, `${axes.y.label} / ${axes.x.label}, on the whole`), h("th", null, "Quadrant"), h("th", null, ""))),
    h("tbody", null, items.length ? items.map((i) => row(ui, i, byItem.get(i.id), names))
      : h("tr", null, h("td", { colspan: 6, class: "muted" }, "No items yet: bring them from an earlier activity or type them."))));
}
