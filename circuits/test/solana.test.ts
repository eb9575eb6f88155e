/**
 * Independent check of the Solana (groth16-solana / alt_bn128) byte layouts: the committed Solana verifying key and
 * the vectors' instruction bytes (-A || B || C || inputs, big-endian, G2 as x.c1 x.c0 y.c1 y.c0) are parsed from raw
 * bytes and the Groth16 equation is checked with @noble/curves (no snarkjs involved).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { bn254 } from "@noble/curves/bn254";

import { KEYS_DIR, VECTORS_DIR } from "../src/paths.js";
import type { SolanaVerifyingKey } from "../src/vkey.js";

const big = (b: Uint8Array): bigint => BigInt(`0x${Buffer.from(b).toString("hex") || "0"}`);
const { Fp2 } = bn254.fields;
const g1 = (b: Uint8Array) => bn254.G1.ProjectivePoint.fromAffine({ x: big(b.subarray(0, 32)), y: big(b.subarray(32, 64)) });
const g2 = (b: Uint8Array) =>
  bn254.G2.ProjectivePoint.fromAffine({
    x: Fp2.create({ c1: big(b.subarray(0, 32)), c0: big(b.subarray(32, 64)) }),
    y: Fp2.create({ c1: big(b.subarray(64, 96)), c0: big(b.subarray(96, 128)) }),
  });

function verifySolana(vk: SolanaVerifyingKey, ix: Uint8Array): boolean {
  const u8 = (a: number[]) => Uint8Array.from(a);
  const n = vk.nr_pubinputs;
  if (ix.length !== 256 + 32 * n) return false;
  const r = bn254.fields.Fr.ORDER;
  let vkX = g1(u8(vk.vk_ic[0]!));
  for (let i = 0; i < n; i++) {
    const s = big(ix.subarray(256 + 32 * i, 288 + 32 * i));
    if (s >= r) return false;
    if (s !== 0n) vkX = vkX.add(g1(u8(vk.vk_ic[i + 1]!)).multiply(s));
  }
  try {
    const pairs = [
      { g1: g1(ix.subarray(0, 64)), g2: g2(ix.subarray(64, 192)) },
      { g1: g1(u8(vk.vk_alpha_g1)), g2: g2(u8(vk.vk_beta_g2)) },
      { g1: vkX, g2: g2(u8(vk.vk_gamma_g2)) },
      { g1: g1(ix.subarray(192, 256)), g2: g2(u8(vk.vk_delta_g2)) },
    ];
    for (const p of pairs) {
      p.g1.assertValidity();
      p.g2.assertValidity();
    }
    return bn254.fields.Fp12.eql(bn254.pairingBatch(pairs), bn254.fields.Fp12.ONE);
  } catch {
    return false; // not on the curve / not canonical
  }
}

test("Solana verifying keys and instruction bytes satisfy the Groth16 equation for exactly the valid vectors", () => {
  let checked = 0;
  for (const circuit of ["result_commitment", "verifiable_inference"]) {
    const vk = JSON.parse(readFileSync(join(KEYS_DIR, `${circuit}.bn254.solana.json`), "utf8")) as SolanaVerifyingKey;
    assert.equal(vk.vk_ic.length, vk.nr_pubinputs + 1);
    const { vectors } = JSON.parse(readFileSync(join(VECTORS_DIR, `${circuit}.bn254.json`), "utf8")) as {
      vectors: { name: string; solana?: string; expected: { valid: boolean } }[];
    };
    for (const v of vectors) {
      if (v.solana === undefined) continue; // non-canonical proofs have no Solana encoding
      assert.equal(verifySolana(vk, Buffer.from(v.solana, "hex")), v.expected.valid, `${circuit}: ${v.name}`);
      checked++;
    }
  }
  assert.ok(checked >= 12);
});
