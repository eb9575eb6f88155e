import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { OutputError, decodeOutput, encodeOutput, quantize, resultElements, resultHashOf, taskSalt } from "../src/result.js";

const MARKET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("result encoding", () => {
  it("quantizes at scale 256, symmetric rounding, no negative zero", () => {
    assert.deepEqual(quantize([0.5, -0.5, 1 / 1024, -1 / 1024, 0.001953125], [5]).q, [128, -128, 0, 0, 1]);
  });
  it("makes small float differences agree and real differences disagree", () => {
    const a = resultHashOf(quantize([1.0, 2.0, -3.25], [3]), 31337, MARKET, 1n);
    assert.equal(resultHashOf(quantize([1.0000001, 1.9999999, -3.2500001], [3]), 31337, MARKET, 1n), a);
    assert.notEqual(resultHashOf(quantize([1.0, 2.0, -3.0], [3]), 31337, MARKET, 1n), a);
    assert.notEqual(resultHashOf(quantize([1.0, 2.0, -3.25], [3]), 31337, MARKET, 2n), a, "bound to the task");
    assert.notEqual(resultHashOf(quantize([1.0, 2.0, -3.25], [3]), 8453, MARKET, 1n), a, "bound to the chain");
  });
  it("commits long outputs through their sha256", () => {
    const big = quantize(Array.from({ length: 1000 }, (_, i) => i / 7), [10, 100]);
    assert.equal(resultElements(big).length, 16);
    assert.ok(resultElements(big).slice(2).every((e) => e === 0n));
  });
  it("round-trips the canonical output and refuses malformed ones", () => {
    const o = quantize([1, 2, 3, 4], [2, 2]);
    assert.deepEqual(decodeOutput(encodeOutput(o)), o);
    for (const bad of ["x", "{}", '{"shape":[1],"q":[1.5]}']) {
      assert.throws(() => decodeOutput(new TextEncoder().encode(bad)), OutputError);
    }
    assert.throws(() => quantize([1, 2], [3]), OutputError);
    assert.throws(() => quantize([Number.NaN], [1]), OutputError);
    assert.throws(() => quantize([2 ** 30], [1]), OutputError);
  });
  it("derives a salt inside the field that depends on every input", () => {
    const s = taskSalt(31337, MARKET, 1n);
    assert.ok(s > 0n && s < 21888242871839275222246405745857852743157000808658171839120591364806164480001n);
    assert.notEqual(taskSalt(31337, MARKET, 2n), s);
  });
});
