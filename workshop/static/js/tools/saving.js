// What every phone says about a change it sent: saved only once the server confirmed it.
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
