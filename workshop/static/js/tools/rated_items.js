// Shared by the dotocracy and RAG rating screens: the facilitator's item list controls
// (add, edit, remove, bring in from an earlier activity), save states, and the board's fit loop.
import { h, button, truncate } from "../dom.js";
import { limit } from "../limits.js";
import { FLOOR_EM, fitVar, paginate } from "./board_fit.js";
export { SAVE_TEXT, freshRejection } from "./saving.js";

export const KEY_MESSAGES = "key_messages";  // activity.import's source for the workshop's key messages

// The newest queued intent of these types about this item (what the phone is still waiting for).
export function pendingFor(ctx, item, types) {
  return ctx.pending.filter((p) => types.includes(p.type) && p.payload && p.payload.item === item);
}

// The console's "add an item" form and "bring in from an earlier activity" controls.
export function itemTools(prefix, { noun, max, placeholder }) {
  const ui = { ctx: null };
  const input = h("input", { id: `${prefix}add`, class: "input", maxlength: max, placeholder, testid: "item-input" });
  const addForm = h("form", { class: "inline-form", testid: "item-add" },
    h("label", { for: `${prefix}add`, class: "visually-hidden" }, `Add an ${noun}`), input,
    h("button", { type: "submit", class: "btn btn-primary btn-small", testid: "item-submit" }, `Add ${noun}`));
  addForm.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) { input.focus(); return; }
    ui.ctx.send(`${prefix}item_add`, { text });
    input.value = "";
  });
  const from = h("select", { class: "select", id: `${prefix}from`, testid: "import-from" });
  const top = h("input", { type: "number", class: "input input-top", id: `${prefix}top`, min: 1, max: limit("import.top"),
    placeholder: "all", testid: "import-top", title: "How many of its cards, best first (empty: all)" });
  const bring = button("Bring in", () => {
    // A value is an activity id, "key_messages" (the workshop's), or "<id>|<group>" (e.g. a
    // response round's key messages rather than its responses).
    const [id, group] = from.value.split("|");
    const source = id === KEY_MESSAGES ? id : Number(id);
    if (!source) { from.focus(); return; }
    const payload = { from: source };
    if (group) payload.group = group;
    const k = Number(top.value);
    if (top.value && k >= 1) payload.top = Math.min(limit("import.top"), Math.round(k));
    ui.ctx.send("activity.import", payload);
  }, { class: "btn btn-small btn-secondary", testid: "import-submit" });
  const importForm = h("span", { class: "inline-form" },
    h("label", { for: `${prefix}from` }, "From"), from,
    h("label", { for: `${prefix}top` }, "top"), top, bring);
  ui.el = [addForm, importForm];
  ui.update = (activity, ctx) => {
    ui.ctx = ctx;
    const sources = (ctx.state.agenda || []).filter((a) => a.id !== activity.id);
    const sig = JSON.stringify([ctx.boot && ctx.boot.key_messages, sources.map((a) => [a.id, a.title])]);
    if (from.dataset.sig === sig) return;
    from.dataset.sig = sig;
    const keep = from.value;
    const option = (value, label) => h("option", { value, selected: String(value) === keep }, label);
    from.replaceChildren(h("option", { value: "" }, "an earlier activity…"),
      ctx.boot && ctx.boot.key_messages ? option(KEY_MESSAGES, `The review's key messages (${ctx.boot.key_messages})`) : null,
      ...sources.flatMap((a) => {
        const label = `${(ctx.state.agenda || []).indexOf(a) + 1}. ${truncate(a.title, 36)}`;
        return a.tool === "response_round"
          ? [option(`${a.id}|Key messages`, `${label}: key messages`),
            option(`${a.id}|Our view of the key messages`, `${label}: people's views`)]
          : [option(a.id, label)];
      }));
  };
  return ui;
}

// Edit / Remove for one item in the console; edit swaps the row's text for a small form.
export function itemActions(ui, item, prefix, { max, canRemove, removeTitle }) {
  const ctx = ui.ctx;
  return h("span", { class: "item-actions" },
    button("Edit", () => { ui.editing = item.id; ui.editEl = null; ui.rerender(); }, { class: "btn btn-small btn-secondary", testid: "item-edit", "aria-label": `Edit: ${truncate(item.text, 60)}` }),
    button("Remove", () => {
      if (confirm(`Remove this ${ui.noun}?\n\n${truncate(item.text, 140)}`)) ctx.send(`${prefix}item_remove`, { item: item.id });
    }, { class: "btn btn-small btn-danger", testid: "item-remove", disabled: !canRemove, title: canRemove ? null : removeTitle,
      "aria-label": `Remove: ${truncate(item.text, 60)}` }));
}

export function editForm(ui, item, prefix, max) {
  const area = h("textarea", { class: "input", rows: 2, maxlength: max, "aria-label": `Text of the ${ui.noun}`, testid: "item-edit-input" });
  area.value = item.text;
  const done = () => { ui.editing = null; ui.editEl = null; ui.rerender(); };
  const form = h("form", { class: "item-edit-form", onsubmit: (ev) => {
    ev.preventDefault();
    const text = area.value.trim();
    if (!text) { area.focus(); return; }
    if (text !== item.text) ui.ctx.send(`${prefix}item_edit`, { item: item.id, text });
    done();
  } }, area, h("span", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary btn-small" }, "Save"),
    button("Cancel", done, { class: "btn btn-small btn-secondary" })));
  // Texts are one line on the server: Enter saves, Escape cancels.
  area.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
    if (ev.key === "Escape") done();
  });
  setTimeout(() => area.focus(), 0);
  return form;
}

export function sourceNote(ctx, item) {
  if (!item.source) return null;
  const agenda = ctx.state.agenda || [];
  const from = agenda.find((a) => a.id === item.source.activity);
  return from ? h("span", { class: "item-source", title: "Brought from an earlier activity" }, `from “${truncate(from.title, 30)}”`) : null;
}

const overflows = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;

// Board: the largest type (a CSS variable on `box`) at which nothing overflows, never below the
// floor the back of the room can read.
export function fitBoard(box, start, floor = FLOOR_EM) {
  return fitVar(box, "--fit-em", [box], start, floor);
}

// Still too much at the smallest type: show the first rows and "+N more" (the rest are below).
// `cutOk(k)` says whether the list may end after its first k rows (a cut must not split a tie);
// when no cut is allowed, the rows are paged instead.
export function trimToFit(box, list, moreText, cutOk = () => true) {
  if (!overflows(box)) return 0;
  const rows = [...list.children];
  const more = h("li", { class: "board-more", testid: "more-items" });
  list.append(more);
  const cols = Number(list.dataset.cols || 1);
  const show = (k) => {
    rows.forEach((r, i) => { r.hidden = i >= k; });
    more.textContent = moreText(rows.length - k);
    list.style.setProperty("--rows", String(Math.max(1, Math.ceil((k + 1) / cols))));
  };
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    show(mid);
    if (overflows(box)) hi = mid - 1; else lo = mid;
  }
  while (lo > 0 && !cutOk(lo)) lo -= 1;
  if (lo === 0) {
    more.remove();
    rows.forEach((r) => { r.hidden = false; });
    pageToFit(box, list);
    return 0;
  }
  show(lo);
  return rows.length - lo;
}

// Every row matters (options to vote on, items to rate): page them rather than fold any away.
export function pageToFit(box, list) {
  const rows = [...list.children];
  const cols = Number(list.dataset.cols || 1);
  const over = () => {
    const shown = rows.filter((r) => !r.hidden).length;
    list.style.setProperty("--rows", String(Math.max(1, Math.ceil(shown / cols))));
    return overflows(box);
  };
  return paginate(rows, over, box);
}

export function columnsFor(n, steps) {
  let cols = 1;
  for (const [over, c] of steps) if (n > over) cols = c;
  return cols;
}

// "=2" for a shared rank, "2" otherwise: the same shape on every screen.
export function rankLabel(item) {
  return `${item.tied ? "=" : ""}${item.rank}`;
}

// Ranked order: by rank, then the order the options were added (the view's order).
export function rankedItems(items) {
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.rank - b.item.rank || a.i - b.i).map((x) => x.item);
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}
