// The tool registry: adding a tool means one module and one line here.
import * as ideaWall from "./idea_wall.js";

export const tools = { idea_wall: ideaWall };
