// The people panel of the console: who joined, removing one person or many at once (everyone who
// joined after someone, everyone without a name), and stopping new joins without closing the
// workshop. Each button sends one intent; the panel follows the state pushed back.
import { h, button } from "./dom.js";

const time = (ms) => new Date(ms).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
const people = (n) => (n === 1 ? "1 person" : `${n} people`);

export function mountPeople(panel, live, after) {
  const list = h("ul", { class: "people-list", testid: "participants" });
  const head = h("summary", { class: "panel-head" });
  const joinsNote = h("p", { class: "joins-note", testid: "joins-stopped-note", role: "status" },
    "New joins stopped: newcomers are asked to see you. People already in carry on.");
  const stopJoins = button("Stop new joins", () => live.send("joins.stop"),
    { class: "btn btn-small btn-secondary", testid: "joins-stop", title: "Keep the workshop open but take no more people (e.g. strangers with the code)" });
  const openJoins = button("Let people join", () => live.send("joins.open"),
    { class: "btn btn-small btn-primary", testid: "joins-open" });
  const removeUnnamed = button("", () => {
    const n = unnamedCount();
    if (n && confirm(`Remove all ${people(n)} without a name? They are cut off at once; their cards stay.`)) {
      live.send("participant.remove_many", { unnamed: true });
    }
  }, { class: "btn btn-small btn-secondary", testid: "remove-unnamed" });
  const tools = h("div", { class: "people-tools" }, joinsNote, stopJoins, openJoins, removeUnnamed);
  panel.replaceChildren(h("details", { open: true, class: "people" }, head, tools, list), after);

  // Pushes redraw the list; the ⋯ the facilitator opened stays open through them.
  let moreOpenFor = null;

  function unnamedCount() {
    return (live.state?.participants || []).filter((p) => !p.name).length;
  }

  function removeAfter(p, name, later) {
    if (confirm(`Remove the ${people(later)} who joined after ${name} (${time(p.joined_at)})? `
      + `They are cut off at once; their cards stay. ${name} stays.`)) {
      live.send("participant.remove_many", { after: p.id });
    }
  }

  function row(p, later) {
    const name = p.name || `Anonymous #${p.id}`;
    // Removing is rare and drastic: a small quiet ✕ (with a confirm), not a red button per row;
    // removing everyone after this person sits behind ⋯ (a flood shows as a run at the bottom).
    const open = later > 0 && moreOpenFor === p.id;
    const more = later ? button("⋯", () => { moreOpenFor = open ? null : p.id; render(live.state); },
      { class: "icon-btn person-more", testid: "participant-more", "aria-expanded": String(open),
        "aria-label": `More for ${name}`, title: `More for ${name}` }) : null;
    const removeLater = open ? button(`Remove the ${people(later)} who joined after ${name}`, () => removeAfter(p, name, later),
      { class: "btn btn-small btn-secondary person-remove-after", testid: "remove-after" }) : null;
    return h("li", { class: "person", testid: "participant" },
      h("span", { class: "person-name" }, name,
        p.role ? h("span", { class: "muted person-role", testid: "participant-role" }, ` · ${p.role}`) : null,
        p.kind === "paper" ? h("span", { class: "person-kind", testid: "participant-kind",
          title: "No phone: a facilitator enters their sheet (Enter for…)" }, "paper") : null,
        p.kind === "table" ? h("span", { class: "person-table", testid: "participant-table" }, `table · ${people(p.head_count)}`) : null),
      h("span", { class: "muted person-when", testid: "participant-joined" }, `joined ${time(p.joined_at)}`),
      button("✕", () => {
        if (confirm(`Remove ${name} from the workshop? Their cards stay.`)) live.send("participant.remove", { participant: p.id });
      }, { class: "icon-btn person-remove", testid: "participant-remove", "aria-label": `Remove ${name}`, title: `Remove ${name}` }),
      more, removeLater);
  }

  function render(state) {
    const everyone = state.participants || [];
    const joinsOpen = !state.control || state.control.joins_open !== false;
    const ws = state.workshop || {};
    head.textContent = ws.table_count ? `People (${ws.people_count}, ${ws.table_count === 1 ? "1 table" : `${ws.table_count} tables`})`
      : `People (${everyone.length})`;
    joinsNote.hidden = joinsOpen;
    stopJoins.hidden = !joinsOpen || state.workshop.status !== "open";
    openJoins.hidden = joinsOpen;
    const unnamed = everyone.filter((p) => !p.name).length;
    removeUnnamed.hidden = unnamed < 2;  // one unnamed person is removed with their own ✕
    removeUnnamed.textContent = `Remove all unnamed (${unnamed})`;
    // Everyone is listed in the order they joined, so "after" is everyone below.
    list.replaceChildren(...everyone.map((p, i) => row(p, everyone.length - 1 - i)));
    if (!everyone.length) list.append(h("li", { class: "muted" }, "Nobody has joined yet."));
  }

  return { render };
}
