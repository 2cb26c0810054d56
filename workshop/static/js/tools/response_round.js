// Response round (Part 1): everyone answers two questions about the key messages on their
// phone; once revealed, the board takes the responses in turn, one at a time, with the
// surprise distribution beside them. A response, not a debate.
import { h } from "../dom.js";
import { fitSize } from "./board_fit.js";
export { phone } from "./response_round_phone.js";
export { facilitator } from "./response_round_console.js";

export const SCALE = [1, 2, 3, 4, 5];

export function scaleLabel(view, n) {
  const labels = (view.scale && view.scale.labels) || {};
  return labels[String(n)] || "";
}

export function bars(view, { compact = false } = {}) {
  const dist = view.distribution || [0, 0, 0, 0, 0];
  const max = Math.max(1, ...dist);
  return h("figure", { class: `rr-dist${compact ? " rr-dist-compact" : ""}`, testid: "surprise-distribution" },
    h("figcaption", { class: "rr-dist-title" }, (view.questions && view.questions.surprise) || "How much of a surprise?"),
    h("ol", { class: "rr-bars" }, SCALE.map((n, i) => h("li", {
      class: "rr-bar", dataset: { n: String(n) },
      "aria-label": `${n}${scaleLabel(view, n) ? ` (${scaleLabel(view, n)})` : ""}: ${dist[i]}`,
    },
    h("span", { class: "rr-bar-count" }, String(dist[i])),
    h("span", { class: "rr-bar-track" }, h("span", { class: "rr-bar-fill", style: `height:${(dist[i] / max) * 100}%` })),
    h("span", { class: "rr-bar-n" }, String(n)),
    h("span", { class: "rr-bar-label" }, scaleLabel(view, n))))),
    mostSaid(dist));
}

// In words, not statistics: the answer (or answers, when level) most people gave.
function mostSaid(dist) {
  const top = Math.max(...dist);
  if (!top) return null;
  const modes = SCALE.filter((n, i) => dist[i] === top);
  return h("p", { class: "rr-median", testid: "rr-most-said" }, `Most said ${modes.join(" and ")} of 5`);
}

function messagesBlock(view) {
  const messages = view.messages || [];
  if (!messages.length) return null;
  return h("section", { class: "rr-messages", testid: "key-messages" },
    h("h2", { class: "rr-messages-title" }, "The key messages"),
    h("ol", { class: "rr-message-list" }, messages.map((m) => h("li", null, m))));
}

function waitingBoard(view) {
  const n = view.count || 0;
  return h("div", { class: "rr-board rr-board-waiting" },
    messagesBlock(view),
    h("aside", { class: "rr-tally", testid: "response-count" },
      h("span", { class: "rr-tally-n" }, String(n)),
      h("span", { class: "rr-tally-label" }, n === 1 ? "response in" : "responses in"),
      h("p", { class: "rr-tally-q" }, (view.questions || {}).surprise || ""),
      h("p", { class: "rr-tally-scale" }, `1 = ${scaleLabel(view, 1).toLowerCase()} · 5 = ${scaleLabel(view, 5).toLowerCase()}`),
      h("p", { class: "rr-tally-q" }, (view.questions || {}).view || "")));
}

export function board(el, activity) {
  const view = activity.view || {};
  if (!activity.revealed) {
    const screen = waitingBoard(view);
    el.replaceChildren(screen);
    const list = screen.querySelector(".rr-message-list");
    if (list) fit(screen.firstChild, list);
    return { dense: (view.messages || []).length > 5 };
  }
  const current = (view.responses || []).find((r) => r.id === view.current);
  const turn = current
    ? h("article", { class: "rr-turn", testid: "current-response", dataset: { response: current.id } },
      h("p", { class: "rr-turn-pos", testid: "response-position" }, `${view.position} of ${view.total}`),
      h("p", { class: "rr-turn-surprise" },
        h("span", { class: "rr-turn-score" }, String(current.surprise)),
        h("span", { class: "rr-turn-of" }, " of 5 surprise"),
        scaleLabel(view, current.surprise) ? h("span", { class: "rr-turn-label" }, ` — ${scaleLabel(view, current.surprise).toLowerCase()}`) : null),
      current.view ? h("blockquote", { class: `rr-turn-view${current.view.length > 160 ? " is-long" : ""}` }, current.view)
        : h("p", { class: "rr-turn-none" }, "No view written."),
      current.author ? h("p", { class: "rr-turn-author" }, `— ${current.author}`) : null)
    : h("p", { class: "rr-turn rr-turn-empty", testid: "current-response" }, "No responses to show.");
  el.replaceChildren(h("div", { class: "rr-board rr-board-revealed" }, turn, bars(view)));
  const quote = turn.querySelector(".rr-turn-view");
  if (quote) fitQuote(turn, quote);
  return { dense: !!(current && current.view.length > 160) };
}

// Many or long key messages: shrink their type until the list fits beside the tally (never
// below the board's floor).
function fit(box, list) {
  fitSize((em) => { list.style.fontSize = `${em}em`; }, () => box.scrollHeight > box.clientHeight + 1, 1.35);
}

// A long view shrinks until the whole response fits its box (the justify-content centring
// would otherwise push its first line off the top).
function fitQuote(box, quote) {
  fitSize((em) => { quote.style.fontSize = `${em}em`; }, () => box.scrollHeight > box.clientHeight + 1,
    quote.classList.contains("is-long") ? 1.65 : 2.2);
}
