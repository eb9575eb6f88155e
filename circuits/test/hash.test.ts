import assert from "node:assert/strict";
import { test } from "node:test";

import { buildPoseidon } from "circomlibjs";

import { SCALAR_FIELD } from "../src/fields.js";
import { RESULT_LEN, computeResultHash, hashChain, packBytes, poseidon } from "../src/hash.js";
import { witness } from "./helpers.js";

test("generic Poseidon equals circomlibjs on BN254 for 1..16 inputs", async () => {
  const ref = await buildPoseidon();
  for (let n = 1; n <= 16; n++) {
    const inputs = Array.from({ length: n }, (_, i) => BigInt(i * 7919 + n) ** 5n % SCALAR_FIELD.bn254);
    const want = ref.F.toObject(ref(inputs)) as bigint;
    assert.equal(poseidon(inputs), want, `n=${n}`);
  }
});

test("hashChain is length prefixed and chunked by 15", () => {
  const a = Array.from({ length: 16 }, (_, i) => BigInt(i));
  const h1 = poseidon([16n, ...a.slice(0, 15)]);
  assert.equal(hashChain(a), poseidon([h1, 15n, ...Array<bigint>(14).fill(0n)]));
  assert.notEqual(hashChain([1n, 2n]), hashChain([1n, 2n, 0n]));
});

test("computeResultHash matches the circuit on BN254 and BLS12-381 (circomlib constants read mod r_bls)", async () => {
  const result = Array.from({ length: RESULT_LEN }, (_, i) => BigInt(i) * 123456789n);
  const salt = 42n;
  for (const curve of ["bn254", "bls12381"] as const) {
    const resultHash = computeResultHash(result, salt, curve);
    const input = { taskId: 1, resultHash: resultHash.toString(), provider: 2, result: result.map(String), salt: "42" };
    await witness("result_commitment", input, curve); // throws unless the circuit agrees
  }
  assert.notEqual(computeResultHash(result, salt, "bn254"), computeResultHash(result, salt, "bls12381"));
});

test("packBytes packs 31 bytes per element and rejects oversize input", () => {
  const bytes = new Uint8Array(40).map((_, i) => i + 1);
  const packed = packBytes(bytes);
  assert.equal(packed.length, RESULT_LEN);
  assert.equal(packed[1], BigInt(`0x${Buffer.from(bytes.subarray(31)).toString("hex")}`));
  assert.ok(packed.every((v) => v < SCALAR_FIELD.bn254));
  assert.throws(() => packBytes(new Uint8Array(31 * 16 + 1)), RangeError);
});
