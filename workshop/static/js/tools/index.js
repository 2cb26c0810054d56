// The tool registry: adding a tool means one module and one line here.
import * as ideaWall from "./idea_wall.js";
import * as responseRound from "./response_round.js";
import * as actionPlan from "./action_plan.js";
import * as reportBack from "./report_back.js";
import * as fishbone from "./fishbone.js";
import * as fiveWhys from "./five_whys.js";
import * as dotocracy from "./dotocracy.js";
import * as ragRating from "./rag_rating.js";
import * as diamondNine from "./diamond_nine.js";
import * as prioritisationMatrix from "./prioritisation_matrix.js";

export const tools = {
  idea_wall: ideaWall,
  response_round: responseRound,
  action_plan: actionPlan,
  report_back: reportBack,
  fishbone: fishbone,
  five_whys: fiveWhys,
  dotocracy: dotocracy,
  rag_rating: ragRating,
  diamond_nine: diamondNine,
  prioritisation_matrix: prioritisationMatrix,
};
