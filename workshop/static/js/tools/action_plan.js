// Action plan: being built.
import { h } from "../dom.js";

export function board(el) {
  el.replaceChildren(h("p", { class: "muted" }, "Action plan"));
}
