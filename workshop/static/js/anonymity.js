// Whether people's names show, said where they type (phones) and as a badge (board). Staff say
// what they think in front of their leaders only when they know who will see their name.
// `activity.anonymous` comes from the server (engine.identity): true unless the facilitator chose names.
import { h } from "./dom.js";

export function namesText(activity, myName) {
  if (activity.anonymous) return "Anonymous — your name is not shown";
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
    note.classList.toggle("is-named", !activity.anonymous);
  }
}

export function namesBadge(activity) {
  return h("span", { class: `names-badge${activity.anonymous ? "" : " is-named"}`, testid: "names-badge" },
    activity.anonymous ? "Anonymous" : "Names shown");
}
