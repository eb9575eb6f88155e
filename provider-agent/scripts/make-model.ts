/**
 * Writes provider-agent/models/mlp-16-32-16.onnx (the agent's reference workload) without Python:
 *   npx tsx provider-agent/scripts/make-model.ts [outFile]
 * Deterministic: provider-agent/test/model.test.ts checks the committed file is reproduced byte for byte.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { contentId } from "../../sdk/src/blobstore/content-id.js";
import { MLP_FILE, buildMlpOnnx } from "../src/onnx-model.js";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, "..", MLP_FILE));
const bytes = buildMlpOnnx();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(JSON.stringify({ file: out, bytes: bytes.length, contentId: contentId(bytes) }));
