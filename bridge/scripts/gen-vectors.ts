/** Regenerates bridge/vectors/bridge-message.json. The sdk tests fail if the committed file differs. */
import { writeFileSync } from "node:fs";

import { buildVectors } from "../../sdk/src/bridge/vectors.js";

writeFileSync(new URL("../vectors/bridge-message.json", import.meta.url), JSON.stringify(buildVectors(), null, 2) + "\n");
console.log("wrote bridge/vectors/bridge-message.json");
