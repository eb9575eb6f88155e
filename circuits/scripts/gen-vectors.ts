/**
 * Writes the shared byte-level test vectors circuits/vectors/*.json (committed). Each vector has the public signals,
 * the proof (snarkjs JSON, EVM calldata, and for BN254 the Solana instruction bytes / for BLS12-381 the TON
 * compressed points) and the expected verdicts:
 *   expected.valid  what every chain's verifier must answer for a well-formed query (TS/snarkjs: verify result)
 *   expected.evm    "true" | "false" | "revert:<CustomError>" for the Solidity verifiers
 * Proofs are randomized, so rerun only when the keys change:  npx tsx circuits/scripts/gen-vectors.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Groth16Proof, PublicSignals } from "snarkjs";

import { encodeProof, encodeSolanaProof, encodeTonProof } from "../src/encoding.js";
import { BASE_FIELD, type CurveName, SCALAR_FIELD } from "../src/fields.js";
import { inferenceInput, resultCommitmentInput } from "../src/inputs.js";
import type { CircuitName } from "../src/paths.js";
import { VECTORS_DIR } from "../src/paths.js";
import { Prover, verifyProof } from "../src/prover.js";

export interface Vector {
  name: string;
  circuit: CircuitName;
  curve: CurveName;
  description: string;
  publicSignals: string[];
  proof: Groth16Proof;
  /** BN254: abi.encode(uint256[2],uint256[2][2],uint256[2]) hex. */
  calldata?: string;
  /** BN254: groth16-solana bytes -A||B||C||inputs, hex. */
  solana?: string;
  /** BLS12-381: compressed points hex. */
  ton?: { a: string; b: string; c: string };
  expected: { valid: boolean; evm?: string };
}

const PROVIDER = 0x5fbdb2315678afecb367f032d93f642f64180aa3n;
const OTHER = 0x70997970c51812dc3a010c3e9c9e5e3ef7bb6f0en;
const TASK = 1001n;
const RESULT = Array.from({ length: 16 }, (_, i) => BigInt(i * 1_000_003 + 17));
const SALT = 0x1234_5678_9abc_def0n;

function mutate(proof: Groth16Proof, f: (p: Groth16Proof) => void): Groth16Proof {
  const copy = JSON.parse(JSON.stringify(proof)) as Groth16Proof;
  f(copy);
  return copy;
}

async function make(
  name: string,
  description: string,
  circuit: CircuitName,
  curve: CurveName,
  proof: Groth16Proof,
  signals: PublicSignals,
  evm?: string,
): Promise<Vector> {
  const vkeyCircuit = (await import("../src/prover.js")).loadVerificationKey(circuit, curve);
  const valid = await verifyProof(vkeyCircuit, proof, signals);
  const v: Vector = { name, circuit, curve, description, publicSignals: signals, proof, expected: { valid } };
  if (curve === "bn254") {
    v.calldata = encodeProof(proof);
    try {
      v.solana = Buffer.from(encodeSolanaProof(proof, signals)).toString("hex");
    } catch {
      // non-canonical proof: not representable as Solana instruction bytes (the encoder refuses it)
    }
    v.expected.evm = evm ?? String(valid);
  } else {
    v.ton = encodeTonProof(proof);
  }
  return v;
}

async function main(): Promise<void> {
  mkdirSync(VECTORS_DIR, { recursive: true });
  const bump = (s: PublicSignals, i: number, by: bigint = 1n): PublicSignals =>
    s.map((v, j) => (j === i ? (BigInt(v) + by).toString() : v));

  // result_commitment, BN254
  {
    const p = await Prover.load("result_commitment");
    const { input } = resultCommitmentInput({ taskId: TASK, provider: PROVIDER, result: RESULT, salt: SALT });
    const { proof, publicSignals: s } = await p.prove(input);
    const q = BASE_FIELD.bn254;
    const r = SCALAR_FIELD.bn254;
    const vs: Vector[] = [
      await make("valid", "honest proof", "result_commitment", "bn254", proof, s),
      await make("other_task", "same proof, taskId + 1 (replay on another task)", "result_commitment", "bn254", proof, bump(s, 0)),
      await make("other_provider", "same proof, another provider (copied proof)", "result_commitment", "bn254", proof, s.map((v, j) => (j === 2 ? OTHER.toString() : v))),
      await make("other_result", "same proof, resultHash + 1", "result_commitment", "bn254", proof, bump(s, 1)),
      await make("tampered_c", "c.x + 1 (not on the curve)", "result_commitment", "bn254", mutate(proof, (x) => (x.pi_c[0] = (BigInt(x.pi_c[0]!) + 1n).toString())), s),
      await make("swapped_a_c", "a and c swapped (valid points, wrong proof)", "result_commitment", "bn254", mutate(proof, (x) => ([x.pi_a, x.pi_c] = [x.pi_c, x.pi_a])), s),
      await make("negated_a", "a negated (valid point, wrong proof)", "result_commitment", "bn254", mutate(proof, (x) => (x.pi_a[1] = (q - BigInt(x.pi_a[1]!)).toString())), s),
      await make("task_not_in_field", "taskId + r (aliases taskId mod r)", "result_commitment", "bn254", proof, bump(s, 0, r), "revert:PublicInputNotInField"),
      await make("result_hash_not_in_field", "resultHash + r", "result_commitment", "bn254", proof, bump(s, 1, r), "revert:PublicInputNotInField"),
      await make("coordinate_not_in_field", "a.y + q (aliases a.y mod q)", "result_commitment", "bn254", mutate(proof, (x) => (x.pi_a[1] = (BigInt(x.pi_a[1]!) + q).toString())), s, "revert:ProofCoordinateNotInField"),
    ];
    writeFileSync(join(VECTORS_DIR, "result_commitment.bn254.json"), `${JSON.stringify({ input, vectors: vs }, null, 2)}\n`);
    await p.close();
  }
  // verifiable_inference, BN254
  {
    const p = await Prover.load("verifiable_inference");
    const x = Array.from({ length: 16 }, (_, i) => BigInt(((i * 1237) % 8191) - 4095));
    const { input, y } = inferenceInput(TASK, PROVIDER, x);
    const { proof, publicSignals: s } = await p.prove(input);
    const vs: Vector[] = [
      await make("valid", "honest proof", "verifiable_inference", "bn254", proof, s),
      await make("other_provider", "another provider", "verifiable_inference", "bn254", proof, s.map((v, j) => (j === 2 ? OTHER.toString() : v))),
      await make("other_input", "inputHash + 1", "verifiable_inference", "bn254", proof, bump(s, 3)),
    ];
    writeFileSync(
      join(VECTORS_DIR, "verifiable_inference.bn254.json"),
      `${JSON.stringify({ x: x.map(String), y: y.map(String), input, vectors: vs }, null, 2)}\n`,
    );
    await p.close();
  }
  // result_commitment, BLS12-381 (TON)
  {
    const p = await Prover.load("result_commitment", { curve: "bls12381" });
    const { input } = resultCommitmentInput({ taskId: TASK, provider: PROVIDER, result: RESULT, salt: SALT, curve: "bls12381" });
    const { proof, publicSignals: s } = await p.prove(input);
    const vs: Vector[] = [
      await make("valid", "honest proof", "result_commitment", "bls12381", proof, s),
      await make("other_task", "taskId + 1", "result_commitment", "bls12381", proof, bump(s, 0)),
      await make("other_provider", "another provider", "result_commitment", "bls12381", proof, s.map((v, j) => (j === 2 ? OTHER.toString() : v))),
    ];
    writeFileSync(join(VECTORS_DIR, "result_commitment.bls12381.json"), `${JSON.stringify({ input, vectors: vs }, null, 2)}\n`);
    await p.close();
  }
  console.log(`wrote vectors to ${VECTORS_DIR}`);
}

await main();
