// The bone editor: rename, add, remove and reorder the categories, sent as one fishbone.bones
// intent on Save. Causes on a removed bone are never dropped: the editor asks where they go.
import { h, button } from "../dom.js";
import { MAX_BONES, MAX_BONE_TITLE, plural } from "./fishbone_common.js";

export function boneEditor(onSave) {
  const rows = h("ol", { class: "col-rows fb-bone-rows" });
  const addBtn = button("+ Add bone", () => addRow(), { class: "btn btn-small btn-secondary", testid: "bone-add" });
  const moveTo = h("select", { class: "select", id: "fb-move-to", testid: "bones-move-to" });
  const moveRow = h("p", { class: "inline-form fb-move-row" },
    h("label", { for: "fb-move-to" }, "Causes on removed bones move to"), moveTo);
  const note = h("p", { class: "error", "aria-live": "polite" });
  let current = [];
  const el = h("form", { class: "column-editor panel", id: "fb-bone-editor", hidden: true, testid: "bone-editor" },
    h("h3", null, "Bones (cause categories)"),
    h("p", { class: "hint" }, `1 to ${MAX_BONES}, in the order they appear along the spine (top row first).`),
    rows, moveRow, note,
    h("div", { class: "actions" }, addBtn,
      h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "bones-save" }, "Save bones"),
      button("Cancel", () => { el.hidden = true; }, { class: "btn btn-small btn-secondary" })));

  function addRow(bone = { id: null, title: "" }) {
    if (rows.children.length >= MAX_BONES) return;
    const input = h("input", { class: "input", maxlength: MAX_BONE_TITLE, value: bone.title, testid: "bone-title" });
    const li = h("li", { class: "col-row", dataset: bone.id ? { id: bone.id } : {} }, input,
      button("↑", () => { if (li.previousElementSibling) li.previousElementSibling.before(li); sync(); },
        { class: "icon-btn", testid: "bone-up" }),
      button("↓", () => { if (li.nextElementSibling) li.nextElementSibling.after(li); sync(); },
        { class: "icon-btn", testid: "bone-down" }),
      button("Remove", () => { li.remove(); sync(); }, { class: "btn btn-small btn-danger", testid: "bone-remove" }));
    rows.append(li);
    sync();
    input.focus();
  }

  // Labels follow the rows' positions; the "move to" choice appears only when it matters.
  function sync() {
    [...rows.children].forEach((li, n) => {
      const [input, up, down, remove] = li.children;
      input.setAttribute("aria-label", `Bone ${n + 1} title`);
      up.setAttribute("aria-label", `Move bone ${n + 1} up`);
      down.setAttribute("aria-label", `Move bone ${n + 1} down`);
      remove.setAttribute("aria-label", `Remove bone ${n + 1}`);
      up.disabled = n === 0;
      down.disabled = n === rows.children.length - 1;
      remove.disabled = rows.children.length <= 1;
    });
    addBtn.disabled = rows.children.length >= MAX_BONES;
    const kept = new Set([...rows.children].map((li) => li.dataset.id).filter(Boolean));
    const stranded = current.filter((b) => !kept.has(b.id) && b.count > 0);
    const keptBones = current.filter((b) => kept.has(b.id));
    const chosen = moveTo.value;
    moveTo.replaceChildren(...keptBones.map((b) => h("option", { value: b.id, selected: b.id === chosen }, b.title)));
    moveRow.hidden = !stranded.length;
    note.textContent = stranded.length && !keptBones.length
      ? "Keep at least one of the existing bones, so their causes have somewhere to go." : "";
    if (stranded.length) {
      moveRow.firstChild.textContent = `${plural(stranded.reduce((a, b) => a + b.count, 0), "cause")} on ` +
        `${stranded.map((b) => `“${b.title}”`).join(", ")} will move to`;
    }
  }

  el.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const bones = [...rows.children]
      .map((li) => ({ id: li.dataset.id, title: li.querySelector("input").value.trim() }))
      .filter((b) => b.title)
      .map((b) => (b.id ? b : { title: b.title }));
    if (!bones.length) { note.textContent = "A fishbone needs at least one bone."; return; }
    const payload = { bones };
    if (!moveRow.hidden) {
      if (!moveTo.value) return;
      payload.move_to = moveTo.value;
    }
    onSave(payload);
    el.hidden = true;
  });

  return {
    el,
    toggle(bones) {
      if (!el.hidden) { el.hidden = true; return; }
      current = bones;
      rows.replaceChildren();
      bones.forEach((b) => addRow(b));
      el.hidden = false;
      rows.querySelector("input")?.focus();
    },
  };
}
