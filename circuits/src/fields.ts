/** Curve constants shared by the hashing, encoding and export code. */

export type CurveName = "bn254" | "bls12381";

/** Scalar field moduli r (the circuit's native field). */
export const SCALAR_FIELD: Record<CurveName, bigint> = {
  bn254: 21888242871839275222246405745257275088548364400416034343698204186575808495617n,
  bls12381: 52435875175126190479447740508185965837690552500527637822603658699938581184513n,
};

/** Base field moduli q (curve point coordinates). */
export const BASE_FIELD: Record<CurveName, bigint> = {
  bn254: 21888242871839275222246405745257275088696311157297823662689037894645226208583n,
  bls12381:
    4002409555221667393417789825735904156556882819939007885332058136124031650490837864442687629129015664037894272559787n,
};

/** circom `-p` prime name and snarkjs curve name for each curve. */
export const CIRCOM_PRIME: Record<CurveName, string> = { bn254: "bn128", bls12381: "bls12381" };
export const SNARKJS_CURVE: Record<CurveName, string> = { bn254: "bn128", bls12381: "bls12381" };

/** Reduces a (possibly negative) integer into [0, p). */
export function mod(a: bigint, p: bigint): bigint {
  const r = a % p;
  return r < 0n ? r + p : r;
}

/** Encodes a signed integer as a field element (negative v -> p - |v|). */
export function toField(v: bigint, curve: CurveName = "bn254"): bigint {
  return mod(v, SCALAR_FIELD[curve]);
}

/** Decodes a field element into a signed integer in (-p/2, p/2]. */
export function fromField(v: bigint, curve: CurveName = "bn254"): bigint {
  const p = SCALAR_FIELD[curve];
  return v > p / 2n ? v - p : v;
}
