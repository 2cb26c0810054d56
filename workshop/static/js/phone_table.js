// A phone joined as a table ("Table 3 · 6 people"): its header says so, and the table can
// correct how many people sit at it (participant.table). The server checks the number and says
// the range if it refuses it; votes already cast keep the count they were cast with.
import { h } from "./dom.js";

function people(n) {
  return `${n} ${n === 1 ? "person" : "people"}`;
}

export function mountTable(who, live, participant) {
  let count = participant.head_count;
  const label = h("span", { class: "phone-table-label", testid: "table-label" });
  const change = h("button", { type: "button", class: "phone-table-change", testid: "table-change",
    "aria-expanded": "false" }, "Change");
  const input = h("input", { type: "number", inputmode: "numeric", class: "phone-table-input", id: "table-heads",
    testid: "table-heads-input", "aria-label": "How many people sit at the table" });
  const save = h("button", { type: "submit", class: "btn btn-primary phone-table-save", testid: "table-heads-save" }, "Save");
  const error = h("p", { class: "phone-table-error", role: "alert", testid: "table-heads-error" });
  const form = h("form", { class: "phone-table-form", hidden: true, testid: "table-heads-form" },
    h("label", { for: "table-heads" }, "People at this table"), input, save, error);
  let waitingFor = null;
  let asked = null;

  function show() {
    label.textContent = `${participant.name} · ${people(count)}`;
  }
  change.addEventListener("click", () => {
    form.hidden = !form.hidden;
    change.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) { input.value = String(count); error.textContent = ""; input.focus(); }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    asked = Number(input.value);
    waitingFor = live.send("participant.table", { head_count: Number.isInteger(asked) ? asked : input.value });
    save.disabled = true;
  });
  for (const ev of ["ack", "rejected"]) {
    live.on(ev, (record) => {
      if (!record || record.entry.intent_id !== waitingFor) return;
      waitingFor = null;
      save.disabled = false;
      if (record.ok) {
        count = asked;
        form.hidden = true;
        change.setAttribute("aria-expanded", "false");
        show();
      } else {
        error.textContent = record.message;
      }
    });
  }
  show();
  who.replaceChildren(label, " ", change);
  who.classList.add("is-table");
  who.after(form);
}
