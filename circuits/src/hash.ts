/**
 * Poseidon hashing exactly as circomlib's `Poseidon(n)` template computes it, over either curve's scalar field.
 *
 * circomlib's circuit uses the "optimized" Poseidon (sparse partial-round matrices) with constants generated for
 * BN254. Compiled with `-p bls12381` the very same integers are read in the BLS12-381 scalar field, so the hash
 * differs from circomlibjs (which hard-codes BN254). This module runs circomlibjs's optimized algorithm and
 * constants with a generic modulus, so it reproduces the circuit on both curves; on BN254 it is checked against
 * circomlibjs `buildPoseidon` in circuits/test/hash.test.ts.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { type CurveName, SCALAR_FIELD, mod } from "./fields.js";

interface OptConstants {
  C: bigint[][];
  S: bigint[][];
  M: bigint[][][];
  P: bigint[][][];
}

const N_ROUNDS_F = 8;
const N_ROUNDS_P = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

let constantsCache: OptConstants | undefined;
function constants(): OptConstants {
  if (constantsCache === undefined) {
    // circomlibjs's package "exports" hides src/, so locate the constants file next to its CJS build.
    const main = createRequire(import.meta.url).resolve("circomlibjs");
    const file = join(dirname(main), "..", "src", "poseidon_constants_opt.json");
    const raw = JSON.parse(readFileSync(file, "utf8")) as { C: string[][]; S: string[][]; M: string[][][]; P: string[][][] };
    constantsCache = {
      C: raw.C.map((a) => a.map((s) => BigInt(s))),
      S: raw.S.map((a) => a.map((s) => BigInt(s))),
      M: raw.M.map((m) => m.map((row) => row.map((s) => BigInt(s)))),
      P: raw.P.map((m) => m.map((row) => row.map((s) => BigInt(s)))),
    };
  }
  return constantsCache;
}

/** The width-t constants reduced into the curve's scalar field, computed once per (curve, t). */
interface Reduced {
  C: bigint[];
  S: bigint[];
  M: bigint[][];
  P: bigint[][];
}
const reducedCache = new Map<string, Reduced>();
function reducedConstants(curve: CurveName, t: number): Reduced {
  const key = `${curve}:${t}`;
  let r = reducedCache.get(key);
  if (r === undefined) {
    const p = SCALAR_FIELD[curve];
    const k = constants();
    r = {
      C: k.C[t - 2]!.map((c) => c % p),
      S: k.S[t - 2]!.map((c) => c % p),
      M: k.M[t - 2]!.map((row) => row.map((c) => c % p)),
      P: k.P[t - 2]!.map((row) => row.map((c) => c % p)),
    };
    reducedCache.set(key, r);
  }
  return r;
}

/**
 * circomlib Poseidon(inputs.length) over the scalar field of `curve` (1..16 inputs).
 * Hot path of the provider agent (two Poseidon(16) and one Poseidon(2) per result hash), written to take few
 * BigInt remainders: plain loops; a dot product reduces mod p once; round constants are added without reducing
 * (below 2p); in the partial rounds the lanes 1..t-1 grow unreduced (under 2^520) and are reduced once after them.
 * Every step is congruent mod p and the output is reduced, so the result is the same integer as before.
 */
export function poseidon(inputs: readonly bigint[], curve: CurveName = "bn254"): bigint {
  const n = inputs.length;
  if (n < 1 || n > N_ROUNDS_P.length) throw new RangeError(`poseidon: 1..16 inputs, got ${n}`);
  const p = SCALAR_FIELD[curve];
  const t = n + 1;
  const nRoundsP = N_ROUNDS_P[t - 2]!;
  const { C, S, M, P } = reducedConstants(curve, t);
  const pow5 = (a: bigint): bigint => {
    const a2 = (a * a) % p;
    return (((a2 * a2) % p) * a) % p;
  };
  const state: bigint[] = new Array<bigint>(t);
  const next: bigint[] = new Array<bigint>(t);
  /** state <- state x m (reduced). */
  const mix = (m: bigint[][]): void => {
    for (let i = 0; i < t; i++) {
      let acc = 0n;
      for (let j = 0; j < t; j++) acc += m[j]![i]! * state[j]!;
      next[i] = acc % p;
    }
    for (let i = 0; i < t; i++) state[i] = next[i]!;
  };
  /** A full round's S-boxes plus the round constants at `c0` (values below 2p). */
  const sbox = (c0: number): void => {
    for (let i = 0; i < t; i++) state[i] = pow5(state[i]!) + C[c0 + i]!;
  };

  state[0] = C[0]!;
  for (let i = 1; i < t; i++) state[i] = mod(inputs[i - 1]!, p) + C[i]!;
  for (let r = 0; r < N_ROUNDS_F / 2 - 1; r++) {
    sbox((r + 1) * t);
    mix(M);
  }
  sbox((N_ROUNDS_F / 2) * t);
  mix(P);
  const cp = (N_ROUNDS_F / 2 + 1) * t;
  for (let r = 0; r < nRoundsP; r++) {
    const s: bigint = pow5(state[0]!) + C[cp + r]!;
    const base = (t * 2 - 1) * r;
    let s0: bigint = S[base]! * s;
    for (let j = 1; j < t; j++) s0 += S[base + j]! * state[j]!;
    for (let j = 1; j < t; j++) state[j] = state[j]! + s * S[base + t + j - 1]!; // reduced after the partial rounds
    state[0] = s0 % p;
  }
  for (let j = 1; j < t; j++) state[j] = state[j]! % p;
  for (let r = 0; r < N_ROUNDS_F / 2 - 1; r++) {
    sbox(cp + nRoundsP + r * t);
    mix(M);
  }
  for (let i = 0; i < t; i++) state[i] = pow5(state[i]!);
  mix(M);
  return state[0]!;
}

/** Mirror of the HashChain(L) circom template (circuits/lib/hashchain.circom). */
export function hashChain(values: readonly bigint[], curve: CurveName = "bn254"): bigint {
  const L = values.length;
  if (L === 0) throw new RangeError("hashChain: empty input");
  let acc = BigInt(L);
  for (let k = 0; k * 15 < L; k++) {
    const chunk: bigint[] = [acc];
    for (let j = 0; j < 15; j++) chunk.push(values[15 * k + j] ?? 0n);
    acc = poseidon(chunk, curve);
  }
  return acc;
}

/** Number of result field elements committed by result_commitment.circom. */
export const RESULT_LEN = 16;

/** resultHash = Poseidon(HashChain(result), salt) exactly as result_commitment.circom checks it. */
export function computeResultHash(result: readonly bigint[], salt: bigint, curve: CurveName = "bn254"): bigint {
  if (result.length !== RESULT_LEN) throw new RangeError(`result must have ${RESULT_LEN} elements`);
  const p = SCALAR_FIELD[curve];
  for (const v of [...result, salt]) {
    if (v < 0n || v >= p) throw new RangeError(`value ${v} is outside the ${curve} scalar field`);
  }
  return poseidon([hashChain(result, curve), salt], curve);
}

/**
 * Packs arbitrary result bytes into RESULT_LEN field elements, 31 bytes (big-endian) per element, zero padded.
 * At most 31 * 16 = 496 bytes; longer results should be hashed first (e.g. commit their sha256 split in two).
 */
export function packBytes(bytes: Uint8Array): bigint[] {
  if (bytes.length > 31 * RESULT_LEN) throw new RangeError(`at most ${31 * RESULT_LEN} bytes`);
  const out: bigint[] = [];
  for (let i = 0; i < RESULT_LEN; i++) {
    let v = 0n;
    for (const b of bytes.subarray(31 * i, 31 * i + 31)) v = (v << 8n) | BigInt(b);
    out.push(v);
  }
  return out;
}
