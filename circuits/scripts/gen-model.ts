/**
 * Regenerates the reference model from its seed:
 *   circuits/model/reference_model.json  (weights for the JS reference / provider agent)
 *   circuits/lib/reference_model.circom  (the same weights as circom constants)
 * Usage: npx tsx circuits/scripts/gen-model.ts   (deterministic; outputs are committed)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { generateReferenceModel, modelToCircom } from "../src/model.js";
import { MODEL_CIRCOM, MODEL_JSON } from "../src/paths.js";

const model = generateReferenceModel();
mkdirSync(dirname(MODEL_JSON), { recursive: true });
writeFileSync(MODEL_JSON, `${JSON.stringify(model)}\n`);
writeFileSync(MODEL_CIRCOM, modelToCircom(model));
console.log(`wrote ${MODEL_JSON} and ${MODEL_CIRCOM}`);
