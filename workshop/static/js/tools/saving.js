// What every phone says about a change it sent: saved only once the server confirmed it.
import { h, truncate, button } from "../dom.js";
export const SAVE_TEXT = {
  saving: "saving…",
  retrying: "not saved yet — retrying",
  saved: "saved ✓",
};

// The newest refusal of one of `types` not shown yet (remembered in `seen`), or null.
export function freshRejection(ctx, types, seen) {
  let latest = null;
  for (const [id, r] of ctx.settled) {
    if (r.ok || seen.has(id) || !types.includes(r.entry.type)) continue;
    seen.add(id);
    latest = r;
  }
  return latest;
}

// A phone's one-line compose form (ui.form, ui.input, ui.count, ui.error): a live character
// count, a clear word when it is sent empty, and a fresh input after sending `send(text)`.
export function wireCompose(ui, max, empty, send) {
  ui.input.addEventListener("input", () => {
    ui.count.textContent = `${ui.input.value.length}/${max}`;
    ui.error.textContent = "";
  });
  ui.form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = ui.input.value.trim();
    if (!text) { ui.error.textContent = empty; ui.input.focus(); return; }
    send(text);
    ui.input.value = "";
    ui.count.textContent = `0/${max}`;
    ui.input.focus();
  });
}

// A contribution refused after its form was hidden (input closed while it was on its way) would
// show its error nowhere: this line, next to "Input is closed", keeps the words and says why.
// A refusal is the server's message, never "not saved" (that is for changes still on their way).
export function refusedLine() {
  return h("p", { class: "error", role: "alert", testid: "refused", hidden: true });
}

export function noteRefusal(line, rejected, text) {
  line.textContent = text ? `Not added: “${truncate(text, 60)}”. ${rejected.message}` : rejected.message;
}

// With the form back, the words are back in its box (and its own error says why): drop the line.
export function showRefusal(line, formShown) {
  if (formShown) line.textContent = "";
  line.hidden = !line.textContent;
}

// A live "n/max" under a text box; returns the update, to call after setting the text.
export function counter(area, out, max) {
  const update = () => { out.textContent = `${area.value.length}/${max}`; };
  area.addEventListener("input", update);
  return update;
}

// Editing one of your own texts on a phone: the box, a clear word when it is emptied, Save and
// Cancel. `save(text)` sends the edit (only when the text changed); either button closes the form
// (ui.editing = null). Test ids: `${testid}-edit-input`, `${testid}-save`.
export function ownEditForm(ui, { text, max, rows = 3, label, testid, emptyText, save }) {
  const area = h("textarea", { class: "idea-input", maxlength: max, rows, "aria-label": label, testid: `${testid}-edit-input` });
  area.value = text;
  const error = h("p", { class: "error", "aria-live": "polite" });
  const done = () => { ui.editing = null; ui.rerender(); };
  const form = h("form", { class: "edit-form", onsubmit: (ev) => {
    ev.preventDefault();
    const t = area.value.trim();
    if (!t) { error.textContent = emptyText; return; }
    if (t !== text) save(t);
    done();
  } }, area, error, h("div", { class: "actions" },
    h("button", { type: "submit", class: "btn btn-primary", testid: `${testid}-save` }, "Save"),
    button("Cancel", done, { class: "btn btn-secondary" })));
  return { form, area };
}
