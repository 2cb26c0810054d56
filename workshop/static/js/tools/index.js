// The tool registry: adding a tool means one module and one line here.
import * as ideaWall from "./idea_wall.js";
import * as fishbone from "./fishbone.js";
import * as fiveWhys from "./five_whys.js";
import * as dotocracy from "./dotocracy.js";
import * as ragRating from "./rag_rating.js";
import * as diamondNine from "./diamond_nine.js";
import * as prioritisationMatrix from "./prioritisation_matrix.js";

export const tools = {
  idea_wall: ideaWall,
  fishbone: fishbone,
  five_whys: fiveWhys,
  dotocracy: dotocracy,
  rag_rating: ragRating,
  diamond_nine: diamondNine,
  prioritisation_matrix: prioritisationMatrix,
};
