// Pieces every live surface shares: the per-activity tool area and the tool context.
import { h } from "./dom.js";
import { tools } from "./tools/index.js";
import { noteWhereYouType } from "./anonymity.js";

// A fresh container per activity lets tool modules keep per-activity DOM (a half-typed idea)
// across state pushes, and start clean when the facilitator moves on.
export function toolArea(holder, activity) {
  const key = activity ? `${activity.id}:${activity.tool}` : "";
  let el = holder.firstElementChild;
  if (!el || el.dataset.key !== key) {
    el = h("div", { class: "tool-area", dataset: { key } });
    holder.replaceChildren(el);
  }
  return el;
}

export function toolContext(live, activity) {
  const priv = live.private && activity && live.private.activity === activity.id ? live.private : null;
  return {
    live,
    boot: live.boot,
    state: live.state,
    private: priv,
    send: (type, payload) => live.send(type, payload, activity ? activity.id : null),
    pending: activity ? live.pending(activity.id) : [],
    settled: live.settled,
  };
}

export function renderTool(holder, activity, surface, live) {
  const el = toolArea(holder, activity);
  if (!activity) return null;
  // A closed workshop takes no input whatever the activity says: no board or phone invites people to add.
  const ws = live.state && live.state.workshop;
  if (surface !== "facilitator" && ws && ws.status !== "open" && activity.open) activity = { ...activity, open: false };
  const tool = tools[activity.tool];
  if (!tool || !tool[surface]) {
    el.replaceChildren(h("p", { class: "muted" }, `This tool (${activity.tool}) has no screen here yet.`));
    return null;
  }
  // A tool may answer hints for the surface, e.g. {dense: true} when its results need the room.
  const hints = tool[surface](el, activity, toolContext(live, activity)) || null;
  if (surface === "phone") noteWhereYouType(el, activity, live.boot.participant && live.boot.participant.name);
  return hints;
}

export function joinHost(live) {
  const url = (live.state && live.state.workshop.join_url) || live.boot.join_url;
  try { return new URL(url).host; } catch { return location.host; }
}

// A join code as people read and type it: groups of four (K7M2-QX4P), like workshop.join_codes.
export function formatCode(code) {
  return (code || "").match(/.{1,4}/g)?.join("-") || "";
}

// The QR encodes the join code; a reopened workshop has a new code, so refetch the image then.
export function qrSrc(boot, code) {
  if (!boot.qr_url) return null;
  return boot.qr_url + (boot.qr_url.includes("?") ? "&" : "?") + "c=" + encodeURIComponent(code || "");
}

export const STATUS_TEXT = {
  draft: "This workshop is not open yet.",
  closed: "This workshop is closed.",
  archived: "This workshop has finished.",
};
