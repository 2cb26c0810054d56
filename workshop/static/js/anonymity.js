// Whether people's names show, said where they type (phones) and as a badge (board). Staff say
// what they think in front of their leaders only when they know who will see their name.
// `activity.anonymous` comes from the server (engine.identity): true unless the facilitator chose names.
// A named activity may still keep names off the board and phones (a PSTB names its problem owner,
// not the team's authors, until the facilitator turns names on): its view says `names: false`.
import { h } from "./dom.js";

const namesHidden = (activity) => !activity.anonymous && !!activity.view && activity.view.names === false;

export function namesText(activity, myName) {
  if (activity.anonymous) return "Anonymous — your name is not shown";
  if (namesHidden(activity)) return "Your name is not shown on the board; the facilitator sees it";
  return myName ? "Your name will show on the board" : "Names show here, but you joined without one";
}

// Every form where someone adds new words (not the forms that edit what they already added,
// whose name was settled when they added it) says it just above the box they type in.
export function noteWhereYouType(el, activity, myName) {
  for (const form of el.querySelectorAll("form:not(.edit-form):not(.card-form)")) {
    const field = form.querySelector("textarea, input[type=text]");
    if (!field) continue;
    let note = form.querySelector(":scope .anon-note");
    if (!note) {
      note = h("p", { class: "anon-note", testid: "anonymity-note" });
      note.id = `${field.id || "field"}-names`;
      field.before(note);
      field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
    }
    note.textContent = namesText(activity, myName);
    note.classList.toggle("is-named", !activity.anonymous && !namesHidden(activity));
  }
}

export function namesBadge(activity) {
  const hidden = activity.anonymous || namesHidden(activity);
  return h("span", { class: `names-badge${hidden ? "" : " is-named"}`, testid: "names-badge" },
    activity.anonymous ? "Anonymous" : hidden ? "No names shown" : "Names shown");
}
