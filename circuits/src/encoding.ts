/** Proof encodings: EVM calldata (IResultVerifier), Solana instruction bytes, TON compressed points. */
import type { Groth16Proof, PublicSignals } from "snarkjs";

import { BASE_FIELD, mod } from "./fields.js";
import { blsG1Compressed, blsG2Compressed, bn254G1Bytes, bn254G2Bytes, g1, g2, hex, toBytesBE } from "./vkey.js";

/** The 8 proof words in EVM order: a.x, a.y, b.x.c1, b.x.c0, b.y.c1, b.y.c0, c.x, c.y. */
export function proofWords(proof: Groth16Proof): bigint[] {
  const a = proof.pi_a;
  const b = proof.pi_b;
  const c = proof.pi_c;
  return [a[0], a[1], b[0]![1], b[0]![0], b[1]![1], b[1]![0], c[0], c[1]].map((v) => BigInt(v as string));
}

/**
 * abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c) as a 0x-prefixed hex string (256 bytes), G2 limbs in
 * precompile order, word for word what snarkjs exportSolidityCallData prints. This is the `proof` argument of
 * IResultVerifier.verifyResult.
 */
export function encodeProof(proof: Groth16Proof): `0x${string}` {
  return `0x${proofWords(proof).map((w) => w.toString(16).padStart(64, "0")).join("")}`;
}

/** Inverse of encodeProof (for vectors and tests). */
export function decodeProof(calldata: string): Groth16Proof {
  const h = calldata.startsWith("0x") ? calldata.slice(2) : calldata;
  if (h.length !== 512) throw new RangeError("proof calldata must be 256 bytes");
  const w = Array.from({ length: 8 }, (_, i) => BigInt(`0x${h.slice(64 * i, 64 * i + 64)}`).toString());
  return {
    pi_a: [w[0]!, w[1]!, "1"],
    pi_b: [
      [w[3]!, w[2]!],
      [w[5]!, w[4]!],
      ["1", "0"],
    ],
    pi_c: [w[6]!, w[7]!, "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}

/** Public signals as 0x-prefixed 32-byte words (the uint256 / bytes32 arguments). */
export const signalWords = (signals: PublicSignals): `0x${string}`[] =>
  signals.map((s) => `0x${BigInt(s).toString(16).padStart(64, "0")}` as const);

/**
 * groth16-solana instruction data: -A (64) || B (128) || C (64) || inputs (32 each), all big-endian.
 * groth16-solana expects proof_a already negated.
 */
export function encodeSolanaProof(proof: Groth16Proof, signals: PublicSignals): Uint8Array {
  const a = g1(proof.pi_a as string[]);
  const q = BASE_FIELD.bn254;
  // Negating A would silently canonicalize a coordinate >= q, turning a malformed proof into a valid one.
  if (!proofWords(proof).every((w) => w >= 0n && w < q)) throw new RangeError("proof coordinate outside the base field");
  const negA = { x: a.x, y: mod(-a.y, q) };
  const parts = [bn254G1Bytes(negA), bn254G2Bytes(g2(proof.pi_b as string[][])), bn254G1Bytes(g1(proof.pi_c as string[]))];
  for (const s of signals) parts.push(toBytesBE(BigInt(s), 32));
  return Buffer.concat(parts);
}

/** TON: compressed BLS12-381 proof points (hex, no 0x): a 48 B, b 96 B, c 48 B. */
export function encodeTonProof(proof: Groth16Proof): { a: string; b: string; c: string } {
  return {
    a: hex(blsG1Compressed(g1(proof.pi_a as string[]))),
    b: hex(blsG2Compressed(g2(proof.pi_b as string[][]))),
    c: hex(blsG1Compressed(g1(proof.pi_c as string[]))),
  };
}
