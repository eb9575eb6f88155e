/** Builders for circuit inputs (the provider agent's side of the circuits' public/private interface). */
import type { CircuitSignals } from "snarkjs";

import { type CurveName, SCALAR_FIELD } from "./fields.js";
import { RESULT_LEN, computeResultHash } from "./hash.js";
import { commitInference } from "./model.js";

export interface ResultCommitmentInput {
  taskId: bigint;
  /** EVM address (0x...) or a 160-bit integer. */
  provider: string | bigint;
  result: readonly bigint[];
  salt: bigint;
  curve?: CurveName;
  /**
   * `computeResultHash(result, salt, curve)` when the caller already has it (it is not computed again). A wrong value
   * makes no valid proof: the circuit checks it (the witness calculation fails).
   */
  resultHash?: bigint;
}

export function providerToField(provider: string | bigint): bigint {
  const v = typeof provider === "bigint" ? provider : BigInt(provider);
  if (v < 0n || v >= 1n << 160n) throw new RangeError("provider must be a 160-bit value");
  return v;
}

/** Input for result_commitment.circom; also returns the public signals in circuit order. */
export function resultCommitmentInput(i: ResultCommitmentInput): { input: CircuitSignals; publicSignals: bigint[] } {
  const curve = i.curve ?? "bn254";
  if (i.taskId < 0n || i.taskId >= SCALAR_FIELD[curve]) throw new RangeError("taskId outside the scalar field");
  if (i.result.length !== RESULT_LEN) throw new RangeError(`result must have ${RESULT_LEN} elements`);
  const resultHash = i.resultHash ?? computeResultHash(i.result, i.salt, curve);
  const provider = providerToField(i.provider);
  return {
    input: {
      taskId: i.taskId.toString(),
      resultHash: resultHash.toString(),
      provider: provider.toString(),
      result: i.result.map(String),
      salt: i.salt.toString(),
    },
    publicSignals: [i.taskId, resultHash, provider],
  };
}

/** Input for verifiable_inference.circom from signed fixed-point inputs x (scale 2^8, in [-4096, 4096)). */
export function inferenceInput(
  taskId: bigint,
  provider: string | bigint,
  x: readonly bigint[],
): { input: CircuitSignals; publicSignals: bigint[]; y: bigint[] } {
  const c = commitInference(x);
  const p = providerToField(provider);
  return {
    input: {
      taskId: taskId.toString(),
      resultHash: c.resultHash.toString(),
      provider: p.toString(),
      inputHash: c.inputHash.toString(),
      x: c.x.map(String),
    },
    publicSignals: [taskId, c.resultHash, p, c.inputHash],
    y: c.y,
  };
}
