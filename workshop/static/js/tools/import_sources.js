// The "From" choices of a console's import: each earlier activity and, for a SWOT analysis, also
// its problems (weaknesses and threats: for root-cause tools) or what to build on (strengths and
// opportunities: for actions) on their own. A choice's value is "<id>" or "<id>|<group>,<group>".
import { truncate } from "../dom.js";

const SWOT_PARTS = [
  ["Weaknesses,Threats", "weaknesses and threats"],
  ["Strengths,Opportunities", "strengths and opportunities"],
];

export function importSources(agenda, activity, length = 40) {
  return (agenda || []).filter((a) => a.id !== activity.id).flatMap((a) => [
    { value: String(a.id), label: truncate(a.title, length) },
    ...(a.tool === "swot" ? SWOT_PARTS.map(([groups, words]) => ({
      value: `${a.id}|${groups}`, label: `${truncate(a.title, length - 12)}: ${words}` })) : []),
  ]);
}

// The activity.import fields a choice stands for ({from, group?}), or null for none.
export function importChoice(value) {
  const [id, groups] = String(value || "").split("|");
  const from = Number(id);
  if (!from) return null;
  return groups ? { from, group: groups.split(",") } : { from };
}
