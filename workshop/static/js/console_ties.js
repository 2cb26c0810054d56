// Ties at a "top N" cut-off: the server never breaks one silently. When "Bring cards" with a top
// (activity.import) or "Confirm top N" root causes (fishbone.roots) would split items ranked level,
// it refuses with error "tie" and says which items tie; this dialog shows them and lets the IC
// take every tied item or tick the ones they want.
import { h, button } from "./dom.js";

const WORDS = {
  "activity.import": { verb: "Bring", noun: "cards", pickKey: "cards" },
  "fishbone.roots": { verb: "Confirm", noun: "root causes", pickKey: "causes" },
};

function itemRow(item, { checkbox }) {
  return h("li", { class: "tie-row" }, h("label", null, checkbox || h("span", { class: "tie-in", "aria-hidden": "true" }, "✓"),
    h("span", { class: "tie-text" }, item.text)));
}

export function mountTieChoice(live) {
  const dialog = h("dialog", { class: "tie-dialog", testid: "tie-choice", "aria-labelledby": "tie-head" });
  document.body.append(dialog);

  function show(record) {
    const { entry, tie } = record;
    const words = WORDS[entry.type];
    // A five whys takes one card as its problem: choose one, never "all of the tie".
    const one = entry.payload && entry.payload.as === "problem";
    const ticks = tie.tied.map((item) => h("input", { type: one ? "radio" : "checkbox", name: "tie-pick", value: item.id, testid: "tie-item" }));
    const send = (payload) => { live.send(entry.type, payload, entry.activity); dialog.close(); };
    const pickBtn = button("", () => {
      const { top, ties, ...rest } = entry.payload;  // the named items replace top
      const ids = [...tie.above.map((i) => i.id), ...ticks.filter((t) => t.checked).map((t) => t.value)];
      send(entry.type === "fishbone.roots" ? { causes: ids } : { ...rest, [words.pickKey]: ids });
    }, { class: "btn btn-secondary", testid: "tie-pick" });
    const countPicked = () => {
      const n = tie.above.length + ticks.filter((t) => t.checked).length;
      pickBtn.textContent = n === 0 ? `Tick the ${words.noun} you want`
        : n === tie.above.length ? `${words.verb} just the ${n} above the tie` : `${words.verb} the ${n} ticked`;
      pickBtn.disabled = n === 0;
    };
    ticks.forEach((t) => t.addEventListener("change", countPicked));
    countPicked();
    const places = tie.above.length + 1;
    dialog.replaceChildren(
      h("h2", { id: "tie-head", class: "tie-head" }, `A tie at number ${tie.top}`),
      h("p", { class: "tie-lead" }, `You asked for the top ${tie.top}, but these ${tie.tied.length} are level `,
        `for places ${places} to ${tie.through}. Nothing was ${entry.type === "fishbone.roots" ? "confirmed" : "brought in"} yet.`),
      tie.above.length ? h("div", { class: "tie-group" }, h("h3", null, `Above the tie (${tie.above.length})`),
        h("ul", { class: "tie-list" }, tie.above.map((i) => itemRow(i, {})))) : null,
      h("div", { class: "tie-group" }, h("h3", null, `Level (${tie.tied.length}): ${one ? "choose one" : "tick the ones you want"}`),
        h("ul", { class: "tie-list" }, tie.tied.map((i, n) => itemRow(i, { checkbox: ticks[n] })))),
      h("p", { class: "tie-actions" },
        one ? null : button(`${words.verb} all ${tie.through} (the whole tie)`, () => send({ ...entry.payload, ties: "include" }),
          { class: "btn btn-primary", testid: "tie-include" }),
        pickBtn,
        button("Cancel", () => dialog.close(), { class: "btn btn-secondary", testid: "tie-cancel" })));
    if (!dialog.open) dialog.showModal();
  }

  live.on("rejected", (record) => {
    if (record.error === "tie" && record.tie && WORDS[record.entry.type]) show(record);
  });
}
