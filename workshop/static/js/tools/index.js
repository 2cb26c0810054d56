// The tool registry: adding a tool means one module and one name here.
// Each module loads on its own, so a tool that fails to load leaves the others (and the
// surface around them) working; its activity then says it has no screen here.
const NAMES = [
  "idea_wall", "swot", "radiant", "response_round", "fishbone", "five_whys", "pstb", "dotocracy", "rag_rating",
  "diamond_nine", "prioritisation_matrix", "action_plan", "report_back",
];

export const tools = {};

await Promise.all(NAMES.map(async (name) => {
  try {
    tools[name] = await import(`./${name}.js`);
  } catch (error) {
    console.error(`The ${name} tool failed to load`, error);
  }
}));
