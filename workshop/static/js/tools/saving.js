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
