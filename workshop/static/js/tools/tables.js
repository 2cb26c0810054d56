// Tables in the voting tools (issue 12; the server's tools/tables.py): the console's two
// per-activity switches, and the board's "by table" pieces. A table is one phone for the people
// at it; the facilitator chooses whether its vote counts for each of them or once, and whether
// the board shows each table's own result. Results by table show tables only (people's votes
// are only in the room's total), and a table of fewer than 3 people is folded into the total.
import { h } from "../dom.js";

const people = (n) => (n === 1 ? "1 person" : `${n} people`);

// The console's switches; `prefix` is the tool's ("dots.", "rag."). Shown always, greyed out
// while no table has joined (a table may join late, and then the facilitator finds them ready).
export function tableSwitches(prefix, id) {
  const votes = h("select", { class: "select select-small", id: `${id}-table-counts`, testid: "table-counts" },
    h("option", { value: "per_person" }, "per person at it"),
    h("option", { value: "once" }, "once"));
  const byTable = h("input", { type: "checkbox", id: `${id}-by-table`, testid: "by-table" });
  let ctx = null;
  let seen = null;  // the server's last settings: a click in flight is not undone by a render before its ack
  votes.addEventListener("change", () => ctx.send(`${prefix}settings`, { table_counts: votes.value }));
  byTable.addEventListener("change", () => ctx.send(`${prefix}settings`, { by_table: byTable.checked }));
  const el = h("span", { class: "table-switches", testid: "table-switches" },
    h("label", { for: `${id}-table-counts` }, "A table's vote counts "), votes,
    h("label", { class: "check", for: `${id}-by-table`,
      title: "Show each table's own result beside the room's (tables of fewer than 3 stay in the room total)" },
    byTable, " Results by table"));
  return {
    el,
    update(view, context) {
      ctx = context;
      const now = `${view.table_counts || "per_person"}|${!!view.by_table}`;
      if (now !== seen) {
        seen = now;
        votes.value = view.table_counts || "per_person";
        byTable.checked = !!view.by_table;
      }
      const tables = (context.state && context.state.workshop && context.state.workshop.table_count) || 0;
      el.classList.toggle("is-idle", !tables);
      el.title = tables ? "" : "No table has joined yet: these apply when one does.";
    },
  };
}

// "By table: 3 tables · 1 small table only in the room total", or null when not by table.
export function byTableNote(view, tag = "p") {
  if (!view.by_table || !view.tables) return null;
  const n = view.tables.length;
  const bits = [n ? `By table: ${n === 1 ? "1 table" : `${n} tables`}` : "By table: no table of 3 or more has voted yet"];
  if (view.tables_folded) {
    bits.push(`${view.tables_folded === 1 ? "1 small table" : `${view.tables_folded} small tables`} only in the room's total`);
  }
  if (view.table_counts === "once") bits.push("each table counts once");
  return h(tag, { class: "by-table-note", testid: "by-table-note" }, bits.join(" · "));
}

// The console's list of each table's own result (diamond nine, matrix): "Table 3: …" lines.
export function byTableList(view, line) {
  if (!view.by_table || !view.tables || !view.tables.length) return null;
  return h("ul", { class: "by-table-list", testid: "by-table-list" },
    view.tables.map((t) => h("li", { dataset: { table: t.name } }, h("strong", null, t.name), ` (${people(t.people)}): `, line(t))));
}

// How many people the ballots speak for (a table: its head count).
export function peopleLine(n, verb) {
  return [h("span", { class: "dots-big", testid: `${verb}-people` }, String(n)), ` ${n === 1 ? "person has" : "people have"} ${verb}`];
}

export { people };
