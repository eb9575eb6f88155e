/**
 * How a task's output becomes the on-chain `resultHash` (docs/protocol.md, "Proof binding"), shared by provider
 * agents (which prove it), auditors (which re-execute and compare) and requesters (who check a fetched output
 * against the chain).
 *
 * - The output tensor is quantized to integers at scale 2^8 (round half away from zero), so providers on
 *   different hardware (CPU, GPU) agree on the bytes; `canonicalOutput` is the JSON `{"shape":[..],"q":[..]}`.
 * - Those bytes are packed into 16 field elements (31 bytes each); an output over 496 bytes is committed
 *   through its sha256 instead (packed the same way).
 * - The salt is derived from (chainId, marketplace, taskId), so honest providers produce the same resultHash and
 *   consensus can compare them; the proof still binds the provider (public input) and the task.
 */
import { createHash } from "node:crypto";

import { AbiCoder, keccak256 } from "ethers";

import { SCALAR_FIELD, computeResultHash, packBytes } from "../../circuits/src/index.js";

export const OUTPUT_SCALE = 256;
export const SALT_TAG = "STUN/salt/v1";

export interface CanonicalOutput {
  readonly shape: readonly number[];
  readonly q: readonly number[];
}

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutputError";
  }
}

export function quantize(values: ArrayLike<number>, shape: readonly number[]): CanonicalOutput {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== values.length) throw new OutputError(`shape ${JSON.stringify(shape)} does not hold ${values.length} values`);
  const q = Array.from(values, (v) => {
    if (!Number.isFinite(v)) throw new OutputError(`output value ${v} is not finite`);
    const s = Math.sign(v) * Math.round(Math.abs(v) * OUTPUT_SCALE);
    if (Math.abs(s) > 2 ** 31) throw new OutputError(`output value ${v} overflows the fixed-point range`);
    return s === 0 ? 0 : s; // no -0
  });
  return { shape: [...shape], q };
}

export const encodeOutput = (o: CanonicalOutput): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ shape: o.shape, q: o.q }));

export function decodeOutput(bytes: Uint8Array): CanonicalOutput {
  let o: Partial<CanonicalOutput>;
  try {
    o = JSON.parse(new TextDecoder().decode(bytes)) as Partial<CanonicalOutput>;
  } catch {
    throw new OutputError("output is not JSON");
  }
  if (!Array.isArray(o.shape) || !Array.isArray(o.q) || !o.q.every(Number.isInteger) || !o.shape.every(Number.isInteger)) {
    throw new OutputError("output must be {shape: int[], q: int[]}");
  }
  return { shape: o.shape, q: o.q };
}

/** The 16 field elements the result circuit commits to. */
export function resultElements(o: CanonicalOutput): bigint[] {
  const bytes = encodeOutput(o);
  return packBytes(bytes.length <= 496 ? bytes : new Uint8Array(createHash("sha256").update(bytes).digest()));
}

export function taskSalt(chainId: bigint | number, marketplace: string, taskId: bigint): bigint {
  const h = keccak256(
    AbiCoder.defaultAbiCoder().encode(["string", "uint256", "address", "uint256"], [SALT_TAG, chainId, marketplace, taskId]),
  );
  return BigInt(h) % SCALAR_FIELD.bn254;
}

/** What the result commitment of an output binds, each computed once (a provider proves over all of them). */
export interface ResultCommitment {
  /** `resultElements(o)`. */
  elements: bigint[];
  /** `taskSalt(chainId, marketplace, taskId)`. */
  salt: bigint;
  /** Poseidon(HashChain(elements), salt), as the circuit computes it. */
  hash: bigint;
  /** `hash` as the bytes32 the chain stores (what `resultHashOf` returns). */
  resultHash: string;
}

export function resultCommitmentOf(o: CanonicalOutput, chainId: bigint | number, marketplace: string, taskId: bigint): ResultCommitment {
  const elements = resultElements(o);
  const salt = taskSalt(chainId, marketplace, taskId);
  const hash = computeResultHash(elements, salt);
  return { elements, salt, hash, resultHash: `0x${hash.toString(16).padStart(64, "0")}` };
}

/** The bytes32 resultHash for an output of task `taskId` on (chainId, marketplace). */
export function resultHashOf(o: CanonicalOutput, chainId: bigint | number, marketplace: string, taskId: bigint): string {
  return resultCommitmentOf(o, chainId, marketplace, taskId).resultHash;
}

/** Name of the blob-store ref where a provider publishes its output for a task. */
export const outputRef = (chainId: bigint | number, taskId: bigint, provider: string): string =>
  `out-${chainId}-${taskId}-${provider.toLowerCase()}`;
