// The diamond nine as the facilitator runs it: choose the nine, watch the group's diamond live,
// adjust it (tap a statement, tap a slot: they swap), lock it.
import { h, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { ROWS, diamondShape, lettersFor, agreementBadge, hereText, rowBars } from "./diamond_nine_common.js";
import { tableSwitches, byTableNote, byTableList } from "./tables.js";

const MAX_TEXT = limit("diamond_nine.text");

function build(el) {
  const ui = { picked: null, editing: null };
  ui.addInput = h("input", { id: "d9-add", class: "input", maxlength: MAX_TEXT, placeholder: "Type a statement…", testid: "d9-add-input" });
  const addForm = h("form", { class: "inline-form", testid: "d9-add" },
    h("label", { for: "d9-add", class: "visually-hidden" }, "Add a statement"), ui.addInput,
    h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Add"));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.addInput.value.trim();
    if (text) ui.ctx.send("diamond.item_add", { text });
    ui.addInput.value = "";
  });
  ui.importFrom = h("select", { class: "select", id: "d9-import", testid: "import-from" });
  ui.importTop = h("input", { type: "number", class: "input d9-top", min: 1, max: limit("import.top"), placeholder: "all", "aria-label": "How many (top)", id: "d9-top" });
  const importBtn = button("Bring", () => {
    const from = Number(ui.importFrom.value);
    const top = Number(ui.importTop.value);
    if (from) ui.ctx.send("activity.import", top >= 1 ? { from, top: Math.floor(top) } : { from });
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });
  ui.lock = button("Lock the agreed diamond", () => ui.ctx.send(ui.view.locked ? "diamond.unlock" : "diamond.lock", {}),
    { class: "btn btn-small btn-primary", testid: "d9-lock" });
  ui.recompute = button("Back to the group's order", () => ui.ctx.send("diamond.recompute", {}),
    { class: "btn btn-small btn-secondary", testid: "d9-recompute" });
  ui.warn = h("p", { class: "d9-warn", role: "status", testid: "d9-warn" });
  ui.progress = h("p", { class: "muted d9-progress" });
  ui.diamond = h("div", { class: "d9-console-diamond" });
  ui.hint = h("p", { class: "hint" });
  ui.list = h("ol", { class: "d9-candidates", testid: "d9-candidates" });
  ui.chosen = h("h3", { class: "fwall-title" });
  el.replaceChildren(
    h("div", { class: "tool-bar" }, addForm,
      h("span", { class: "inline-form" }, h("label", { for: "d9-import" }, "From"), ui.importFrom,
        h("label", { for: "d9-top" }, "top"), ui.importTop, importBtn),
      ui.recompute, ui.lock),
    h("div", { class: "tool-bar" }, (ui.tables = tableSwitches("diamond.", "d9")).el),
    ui.warn, ui.progress, (ui.byTable = h("div", { class: "by-table-console" })),
    h("div", { class: "d9-console-cols" },
      h("section", { class: "d9-console-left" }, h("h3", { class: "fwall-title" }, "The group's diamond (live)"), ui.hint, ui.diamond),
      h("section", { class: "d9-console-right" }, ui.chosen, ui.list)));
  return ui;
}

function candidateRow(ui, item, letter, full) {
  const ctx = ui.ctx;
  const chosen = ui.view.items.filter((i) => i.selected).map((i) => i.id);
  if (ui.editing === item.id) {
    const input = h("input", { class: "input", maxlength: MAX_TEXT, "aria-label": "Statement text", value: item.text });
    const form = h("form", { class: "d9-edit", onsubmit: (ev) => {
      ev.preventDefault();
      const text = input.value.trim();
      if (text && text !== item.text) ctx.send("diamond.item_edit", { item: item.id, text });
      ui.editing = null; ui.rerender();
    } }, input, h("button", { type: "submit", class: "btn btn-small btn-primary" }, "Save"),
    button("Cancel", () => { ui.editing = null; ui.rerender(); }, { class: "btn btn-small btn-secondary" }));
    setTimeout(() => input.focus(), 0);
    return h("li", { class: "d9-cand is-editing" }, form);
  }
  const box = h("input", { type: "checkbox", id: `d9-sel-${item.id}`, checked: item.selected,
    disabled: ui.view.locked || (!item.selected && full), testid: "d9-select" });
  box.addEventListener("change", () => {
    const next = box.checked ? [...chosen, item.id] : chosen.filter((id) => id !== item.id);
    ctx.send("diamond.select", { items: next });
  });
  const source = item.source && ui.titles.get(item.source.activity);
  return h("li", { class: `d9-cand${item.selected ? " is-selected" : ""}`, dataset: { item: item.id } },
    box,
    h("label", { for: `d9-sel-${item.id}`, class: "d9-cand-text" },
      letter ? h("span", { class: "d9-letter" }, letter) : null, " ", item.text,
      source ? h("span", { class: "card-source" }, ` — from “${truncate(source, 30)}”`) : null),
    h("span", { class: "d9-cand-actions" },
      button("Edit", () => { ui.editing = item.id; ui.rerender(); }, { class: "btn btn-small btn-secondary" }),
      button("Remove", () => {
        if (confirm(`Remove this statement?\n\n${truncate(item.text, 120)}`)) ctx.send("diamond.item_remove", { item: item.id });
      }, { class: "btn btn-small btn-danger" })));
}

function consoleDiamond(ui, letters, byId) {
  const view = ui.view;
  const slot = (k) => {
    const s = view.diamond[k];
    const picked = ui.picked === s.item;
    return h("button", {
      type: "button", class: `d9-card d9-fac-card${picked ? " is-picked" : ""}${s.moved ? " is-moved" : ""}`,
      disabled: view.locked, "aria-pressed": String(picked), testid: "d9-agreed-slot", dataset: { slot: String(k), item: s.item },
      onclick: () => {
        if (ui.picked && ui.picked !== s.item) ui.ctx.send("diamond.adjust", { item: ui.picked, slot: k });
        ui.picked = ui.picked && ui.picked !== s.item ? null : picked ? null : s.item;
        ui.rerender();
      },
    }, h("span", { class: "visually-hidden" }, `Row ${ROWS[k]}: `),
    h("span", { class: "d9-fac-text" }, h("span", { class: "d9-letter" }, letters.get(s.item)), " ", truncate(byId.get(s.item).text, 90)),
    h("span", { class: "d9-meta" }, agreementBadge(s), " ", hereText(s),
      s.tied ? " · = tie (level with one in another row)" : "", s.moved ? " · moved" : ""),
    rowBars(s.per_row));
  };
  return diamondShape(slot, { testid: "d9-console-diamond" });
}

export function facilitator(el, activity, ctx) {
  const ui = el.__d9Console || (el.__d9Console = build(el));
  const view = activity.view || {};
  Object.assign(ui, { ctx, view, rerender: () => facilitator(el, activity, ui.ctx) });
  ui.tables.update(view, ctx);
  const text = new Map((view.items || []).map((i) => [i.id, i.text]));
  ui.byTable.replaceChildren(...[byTableNote(view),
    byTableList(view, (t) => t.top.map((id) => truncate(text.get(id) || "", 40)).join(" · ") || "nothing placed yet")].filter(Boolean));
  ui.titles = new Map((ctx.state.agenda || []).map((a) => [a.id, a.title]));
  const items = view.items || [];
  const byId = new Map(items.map((i) => [i.id, i]));
  const letters = lettersFor(items);
  if (ui.picked && !byId.has(ui.picked)) ui.picked = null;

  const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
  const sig = JSON.stringify(sources.map((a) => [a.id, a.title]));
  if (ui.importFrom.dataset.sig !== sig) {
    ui.importFrom.dataset.sig = sig;
    ui.importFrom.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ...sources.map((a) => h("option", { value: a.id }, truncate(a.title, 40))));
  }

  ui.warn.textContent = view.ready ? "" : items.length
    ? `Choose exactly nine statements (${view.chosen} chosen). Phones can't rank until nine are in play.`
    : "Bring in statements from an earlier activity (e.g. the top nine of a dot vote) or type them.";
  ui.warn.hidden = !!view.ready;
  ui.progress.textContent = `${view.started || 0} started · ${view.complete || 0} complete diamonds`
    + (view.locked ? " · Locked: the agreed diamond is fixed" : view.adjusted ? " · Adjusted by you" : "");
  ui.lock.textContent = view.locked ? "Unlock" : "Lock the agreed diamond";
  ui.lock.hidden = !view.ready;
  ui.recompute.hidden = !view.adjusted || view.locked;

  ui.chosen.textContent = `Statements — ${view.chosen} of 9 in play` + (view.candidates > view.chosen ? ` (${view.candidates} candidates)` : "");
  const full = view.chosen >= 9;
  ui.list.replaceChildren(...items.map((i) => candidateRow(ui, i, i.selected ? letters.get(i.id) : "", full)));

  if (view.diamond) {
    ui.hint.textContent = view.locked ? "Locked. Unlock to adjust." : ui.picked
      ? "Now click the slot to swap it with." : "Click a statement, then another slot, to swap them.";
    ui.diamond.replaceChildren(consoleDiamond(ui, letters, byId));
  } else {
    ui.hint.textContent = "";
    ui.diamond.replaceChildren(h("p", { class: "muted" }, "The diamond appears once nine statements are in play."));
  }
}
