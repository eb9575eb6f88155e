import { readFileSync } from "node:fs";
import { join } from "node:path";

import { BlobClient } from "../../../sdk/src/blobstore/client.js";
import { encodeTaskSpec, taskHashOf } from "../../../sdk/src/task-spec.js";
import { MLP_FILE } from "../../src/onnx-model.js";

export const MODEL_BYTES = new Uint8Array(readFileSync(join(import.meta.dirname, "..", "..", MLP_FILE)));

export const sampleInput = (seed: number): number[] => Array.from({ length: 16 }, (_, i) => Math.round(Math.sin(seed * 7 + i) * 1000) / 500);

/** Puts the model, an input and the spec into the blob store; returns the taskHash and modelId. */
export async function publishTask(blobUrl: string, seed: number): Promise<{ taskHash: string; modelId: string; input: number[] }> {
  const blobs = new BlobClient(blobUrl);
  const model = await blobs.put(MODEL_BYTES);
  const input = sampleInput(seed);
  const inputId = await blobs.put(new TextEncoder().encode(JSON.stringify({ input })));
  const spec = { v: 1 as const, model, input: inputId };
  const taskHash = await blobs.put(encodeTaskSpec(spec));
  if (taskHash !== taskHashOf(spec)) throw new Error("taskHash mismatch");
  return { taskHash, modelId: model, input };
}
