// The column editor: a small draft form, sent as one idea.columns intent on Save.
import { h, button } from "../dom.js";
import { limit } from "../limits.js";

const MAX_COLUMNS = limit("idea_wall.columns");
const MAX_COLUMN_TITLE = limit("idea_wall.column_title");

export function columnEditor(onSave) {
  const rows = h("ol", { class: "col-rows" });
  const addBtn = button("+ Add column", () => addRow(), { class: "btn btn-small btn-secondary", testid: "column-add" });
  const el = h("form", { class: "column-editor panel", id: "column-editor", hidden: true, testid: "column-editor" },
    h("h3", null, "Columns"),
    h("p", { class: "hint" }, `Up to ${MAX_COLUMNS}. Cards in a removed column become ungrouped.`),
    rows,
    h("div", { class: "actions" }, addBtn,
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "columns-save" }, "Save columns"),
      button("Cancel", () => { el.hidden = true; }, { class: "btn btn-small btn-secondary" })));

  function addRow(col = { id: null, title: "" }) {
    if (rows.children.length >= MAX_COLUMNS) return;
    const n = rows.children.length + 1;
    const input = h("input", { class: "input", maxlength: MAX_COLUMN_TITLE, value: col.title, "aria-label": `Column ${n} title`, testid: "column-title" });
    const li = h("li", { class: "col-row", dataset: col.id ? { id: col.id } : {} }, input,
      button("Remove", () => { li.remove(); sync(); }, { class: "btn btn-small btn-danger", "aria-label": `Remove column ${n}` }));
    rows.append(li);
    sync();
    input.focus();
  }

  function sync() {
    addBtn.disabled = rows.children.length >= MAX_COLUMNS;
  }

  el.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const columns = [...rows.children]
      .map((li) => ({ id: li.dataset.id, title: li.querySelector("input").value.trim() }))
      .filter((c) => c.title)
      .map((c) => (c.id ? c : { title: c.title }));
    onSave(columns);
    el.hidden = true;
  });

  return {
    el,
    toggle(columns) {
      if (!el.hidden) { el.hidden = true; return; }
      rows.replaceChildren();
      columns.forEach((c) => addRow(c));
      if (!columns.length) addRow();
      el.hidden = false;
      rows.querySelector("input")?.focus();
    },
  };
}
