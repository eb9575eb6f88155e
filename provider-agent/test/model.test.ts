/** The shipped ONNX model: reproduced byte for byte by the script, and onnxruntime matches the TS reference. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

import { contentId } from "../../sdk/src/blobstore/content-id.js";
import { OUTPUT_SCALE, quantize } from "../../sdk/src/result.js";
import { encodeTaskSpec } from "../../sdk/src/task-spec.js";
import { ExecutionError, executeTask, parseInputBlob, releaseSessions } from "../src/executor.js";
import { MLP_FILE, buildMlpOnnx, referenceMlp } from "../src/onnx-model.js";
import { MODEL_BYTES, sampleInput } from "./helpers/tasks.js";

const ROOT = join(import.meta.dirname, "..", "..");

describe("ONNX model and executor", () => {
  after(releaseSessions);

  it("make-model.ts reproduces the committed .onnx byte for byte", () => {
    const out = join(mkdtempSync(join(tmpdir(), "stun-model-")), "m.onnx");
    execFileSync(process.execPath, ["--import", "tsx", "provider-agent/scripts/make-model.ts", out], { cwd: ROOT });
    const committed = readFileSync(join(ROOT, "provider-agent", MLP_FILE));
    assert.deepEqual(readFileSync(out), committed);
    assert.deepEqual(Buffer.from(buildMlpOnnx()), committed);
    assert.ok(committed.length < 8192);
  });

  it("onnxruntime output matches the pure-TS reference within tolerance", async () => {
    for (let seed = 0; seed < 5; seed++) {
      const x = sampleInput(seed);
      const r = await executeTask({ model: MODEL_BYTES, input: x });
      assert.equal(r.ep, "cpu");
      assert.deepEqual(r.output.shape, [1, 16]);
      const ref = referenceMlp(x);
      const q = quantize(ref, [1, 16]).q;
      r.output.q.forEach((v, i) => assert.ok(Math.abs(v - (q[i] ?? 0)) <= 1, `q[${i}] ${v} vs ${q[i]}`));
      // Real computation: outputs vary with the input and are not all zero.
      assert.ok(r.output.q.some((v) => v !== 0));
      assert.ok(Math.abs(r.output.q[0]! / OUTPUT_SCALE - (ref[0] ?? 0)) < 1e-2);
    }
  });

  it("executes from spec bytes through a verifying fetch, and from an input blob", async () => {
    const inputBlob = new TextEncoder().encode(JSON.stringify({ input: sampleInput(1) }));
    const store = new Map<string, Uint8Array>([
      [contentId(MODEL_BYTES), MODEL_BYTES],
      [contentId(inputBlob), inputBlob],
    ]);
    const spec = encodeTaskSpec({ v: 1, model: contentId(MODEL_BYTES), input: contentId(inputBlob) });
    const a = await executeTask(spec, { fetch: async (id) => store.get(id) ?? new Uint8Array() });
    const b = await executeTask({ model: MODEL_BYTES, input: inputBlob });
    assert.deepEqual(a.output, b.output);
    await assert.rejects(executeTask(spec, {}), ExecutionError);
  });

  it("tries CUDA first when asked and records the EP that actually ran (cpu here, honestly)", async () => {
    const r = await executeTask({ model: MODEL_BYTES, input: sampleInput(2) }, { executionProviders: ["cuda", "cpu"], cacheSessions: false });
    if (r.ep === "cpu") assert.equal(r.fallbacks[0]?.ep, "cuda");
    else assert.equal(r.ep, "cuda");
    console.log(`execution provider: ${r.ep}; fallbacks: ${JSON.stringify(r.fallbacks.map((f) => f.ep))}; run ${r.runMs.toFixed(3)} ms`);
  });

  it("rejects malformed inputs and models", async () => {
    assert.throws(() => parseInputBlob(new TextEncoder().encode('{"input":[1,"x"]}')), ExecutionError);
    assert.throws(() => parseInputBlob(new TextEncoder().encode("nope")), ExecutionError);
    await assert.rejects(executeTask({ model: new Uint8Array([1, 2, 3]), input: [1] }), ExecutionError);
  });
});
