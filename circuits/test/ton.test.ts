/**
 * Independent check of the TON encodings: the committed compressed BLS12-381 verifying key and the vectors'
 * compressed proof points are decoded with @noble/curves (ZCash format, as TVM's BLS opcodes expect) and the
 * Groth16 equation is checked there, without snarkjs.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { bls12_381 } from "@noble/curves/bls12-381";

import { KEYS_DIR, VECTORS_DIR } from "../src/paths.js";
import type { TonVerifyingKey } from "../src/vkey.js";

const G1 = (h: string) => bls12_381.G1.ProjectivePoint.fromHex(h);
const G2 = (h: string) => bls12_381.G2.ProjectivePoint.fromHex(h);

function verifyTon(vk: TonVerifyingKey, proof: { a: string; b: string; c: string }, inputs: bigint[]): boolean {
  if (inputs.length !== vk.nPublic) return false;
  let vkX = G1(vk.ic[0]!);
  inputs.forEach((s, i) => {
    if (s !== 0n) vkX = vkX.add(G1(vk.ic[i + 1]!).multiply(s));
  });
  const pairs = [
    { g1: G1(proof.a).negate(), g2: G2(proof.b) },
    { g1: G1(vk.alpha), g2: G2(vk.beta) },
    { g1: vkX, g2: G2(vk.gamma) },
    { g1: G1(proof.c), g2: G2(vk.delta) },
  ];
  return bls12_381.fields.Fp12.eql(bls12_381.pairingBatch(pairs), bls12_381.fields.Fp12.ONE);
}

test("TON compressed verifying key and proofs satisfy the Groth16 equation for exactly the valid vectors", () => {
  const vk = JSON.parse(readFileSync(join(KEYS_DIR, "result_commitment.bls12381.ton.json"), "utf8")) as TonVerifyingKey;
  assert.equal(vk.ic.length, vk.nPublic + 1);
  const { vectors } = JSON.parse(readFileSync(join(VECTORS_DIR, "result_commitment.bls12381.json"), "utf8")) as {
    vectors: { name: string; publicSignals: string[]; ton: { a: string; b: string; c: string }; expected: { valid: boolean } }[];
  };
  assert.ok(vectors.length >= 3);
  for (const v of vectors) {
    assert.equal(v.ton.a.length, 96);
    assert.equal(v.ton.b.length, 192);
    assert.equal(verifyTon(vk, v.ton, v.publicSignals.map(BigInt)), v.expected.valid, v.name);
  }
});
