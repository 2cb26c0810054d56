// "✓ Added · you've added 3": said in the phone's sticky header (in view wherever the page
// is scrolled, never over the compose box) and read out by screen readers, once the server has
// the contribution. Its count comes from the phone's private view (`mine`), sent with the ack.
import { h } from "./dom.js";

const NOUNS = {
  "idea.add": ["idea", "ideas"],
  "swot.add": ["card", "cards"],
  "radiant.add": ["idea", "ideas"],
  "fishbone.add": ["cause", "causes"],
  "whys.answer": ["answer", "answers"],
  "action.propose": ["action", "actions"],
  "report.add": ["answer", "answers"],
};
const OTHER = { "response.submit": "Your response is in", "action.comment": "Comment added" };
const SHOW_MS = 8000;

export function addedText(type, mine) {
  if (OTHER[type]) return [`✓ ${OTHER[type]}`, `${OTHER[type]}.`];
  const noun = NOUNS[type];
  if (!noun) return null;
  if (!Array.isArray(mine)) return ["✓ Added", "Added."];
  // Short enough for one line at 320 px; the noun goes in the screen-reader text only.
  const n = mine.length;
  return [`✓ Added · you've added ${n}`, `Added. You've added ${n} ${n === 1 ? noun[0] : noun[1]}.`];
}

export function watchAdds(live, el) {
  let timer = null;
  live.on("ack", (record) => {
    // An ack older than the private view we hold carries no `after`: count from what we hold.
    const priv = record.after || (live.private && live.private.activity === record.entry.activity ? live.private : null);
    const text = addedText(record.entry.type, priv ? priv.mine : null);
    if (!text) return;
    el.replaceChildren(h("span", { "aria-hidden": "true" }, text[0]), h("span", { class: "visually-hidden" }, text[1]));
    clearTimeout(timer);
    timer = setTimeout(() => el.replaceChildren(), SHOW_MS);
  });
  // A new activity: the last one's news is no longer about what is on screen.
  let activity = null;
  live.on("state", (state) => {
    const now = state.activity ? state.activity.id : null;
    if (now !== activity && activity !== null) el.replaceChildren();
    activity = now;
  });
}
