import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { SCALAR_FIELD, toField } from "../src/fields.js";
import {
  X_BITS,
  commitInference,
  generateReferenceModel,
  modelToCircom,
  referenceInference,
  referenceModel,
} from "../src/model.js";
import { MODEL_CIRCOM, MODEL_JSON } from "../src/paths.js";
import { symbols, witness } from "./helpers.js";

test("committed reference model files are what the seed generates", () => {
  const model = generateReferenceModel();
  assert.deepEqual(JSON.parse(readFileSync(MODEL_JSON, "utf8")), model);
  assert.equal(readFileSync(MODEL_CIRCOM, "utf8"), modelToCircom(model));
  assert.notDeepEqual(generateReferenceModel("another seed").weights, model.weights);
});

/** Deterministic pseudo-random inputs in the circuit's range. */
function inputs(seed: number): bigint[] {
  let s = seed >>> 0;
  const lim = 1 << (X_BITS - 1);
  return Array.from({ length: 16 }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return BigInt((s % (2 * lim)) - lim);
  });
}

function circuitInput(x: readonly bigint[], resultHash?: bigint) {
  const c = commitInference(x);
  return {
    c,
    input: {
      taskId: "9",
      resultHash: (resultHash ?? c.resultHash).toString(),
      provider: "1234",
      inputHash: c.inputHash.toString(),
      x: c.x.map(String),
    },
  };
}

test("JS reference inference == circuit (outputs read from the witness)", async () => {
  const sym = symbols("verifiable_inference");
  const yIdx = Array.from({ length: 16 }, (_, i) => sym.get(`main.y[${i}]`)!);
  assert.ok(yIdx.every((i) => i > 0), "y signals present in the witness");
  const lim = 1n << BigInt(X_BITS - 1);
  const cases = [
    ...Array.from({ length: 6 }, (_, k) => inputs(k + 1)),
    Array<bigint>(16).fill(lim - 1n),
    Array<bigint>(16).fill(-lim),
    Array<bigint>(16).fill(0n),
  ];
  let positives = 0;
  for (const x of cases) {
    const { c, input } = circuitInput(x);
    const w = await witness("verifiable_inference", input);
    assert.deepEqual(yIdx.map((i) => w[i]), c.y);
    positives += c.y.filter((v) => v > 0n).length;
  }
  assert.ok(positives > 20, "ReLU is exercised on both sides");
});

test("reference uses floor rescaling and ReLU exactly", () => {
  const model = { ...referenceModel(), weights: referenceModel().weights.map((r) => r.map(() => 0)) };
  model.weights[0]![0] = 3;
  model.bias = Array<number>(16).fill(0);
  model.bias[1] = -1;
  const x = Array<bigint>(16).fill(0n);
  x[0] = 85n; // z0 = 255 -> floor(255/256) = 0 ; x0 = 86 -> 258 -> 1
  assert.equal(referenceInference(x, model)[0], 0n);
  x[0] = 86n;
  assert.equal(referenceInference(x, model)[0], 1n);
  assert.equal(referenceInference(x, model)[1], 0n); // negative pre-activation
});

test("circuit rejects a wrong output, an out-of-range input and a wrong input hash", async () => {
  const x = inputs(99);
  const { c, input } = circuitInput(x, undefined);
  await assert.rejects(witness("verifiable_inference", { ...input, resultHash: (c.resultHash + 1n).toString() }), /Assert Failed/);
  await assert.rejects(witness("verifiable_inference", { ...input, inputHash: (c.inputHash + 1n).toString() }), /Assert Failed/);
  const big = [...x];
  big[3] = 1n << BigInt(X_BITS - 1); // one past the range
  const bad = commitInference.bind(null);
  assert.throws(() => bad(big), RangeError);
  const xf = big.map((v) => toField(v));
  await assert.rejects(
    witness("verifiable_inference", { ...input, x: xf.map(String) }),
    /Assert Failed/,
  );
  assert.ok(xf.every((v) => v < SCALAR_FIELD.bn254));
});
