/** Groth16 on-chain (alt_bn128 syscalls) against the ZK issue's BN254 result_commitment key and proof vectors. */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { Env, ROOT, expectErr, expectOk } from "./harness.js";

interface Vector { name: string; solana?: string; publicSignals: string[]; expected: { valid: boolean } }
const fixture = path.join(ROOT, "tests/fixtures/result_commitment.bn254.json");
const upstream = path.join(ROOT, "../circuits/vectors/result_commitment.bn254.json");
const load = (f: string) => (JSON.parse(fs.readFileSync(f, "utf8")) as { vectors: Vector[] }).vectors;
const vectors = load(fixture);
/** The committed fixture, plus the circuits workspace's current file when it exists (so drift shows up here). */
const vectorSets: [string, Vector[]][] = [["fixture", vectors], ...(fs.existsSync(upstream) ? [["circuits/vectors", load(upstream)] as [string, Vector[]]] : [])];
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const EXPECTED: Record<string, string | null> = {
  valid: null,
  other_task: "InvalidProof",
  other_provider: "InvalidProof",
  other_result: "InvalidProof",
  tampered_c: "InvalidProof",
  swapped_a_c: "InvalidProof",
  negated_a: "InvalidProof",
  task_not_in_field: "PublicInputNotInField",
  result_hash_not_in_field: "PublicInputNotInField",
  // the Solana encoder refuses a non-canonical coordinate, so this vector has no Solana bytes (older files had
  // the reduced, i.e. valid, encoding); the aliased coordinate is built by hand below.
  coordinate_not_in_field: null,
};

async function verify(env: Env, bytes: Buffer) {
  const proof = [...bytes.subarray(0, 256)];
  const inputs = [0, 1, 2].map((i) => [...bytes.subarray(256 + 32 * i, 288 + 32 * i)]);
  return env.send([await env.ix("verifyResultProof", [proof, inputs], {})]);
}

describe("groth16 verify_result_proof", () => {
  test("the verifying key is the circuits' committed Solana export", async () => {
    const { execFileSync } = await import("node:child_process");
    execFileSync(process.execPath, [path.join(ROOT, "scripts/gen-vk.mjs"), "--check"]);
  });

  test("every vector gives the expected verdict", async () => {
    const env = await Env.create({ init: false });
    for (const [, vs] of vectorSets) for (const v of vs) {
      assert.ok(v.name in EXPECTED, `new vector ${v.name}: add its expected Solana verdict`);
      if (!v.solana) continue;
      const r = await verify(env, Buffer.from(v.solana, "hex"));
      const want = EXPECTED[v.name];
      if (want === null) {
        expectOk(r);
        console.log(`  ${v.name}: ok, ${Env.programCu(r)} CU`);
      } else expectErr(r, want);
    }
  });

  test("a proof coordinate aliased by +q is rejected (ProofCoordinateNotInField)", async () => {
    const env = await Env.create({ init: false });
    const b = Buffer.from(vectors.find((v) => v.name === "valid")!.solana!, "hex");
    const y = BigInt(`0x${b.subarray(32, 64).toString("hex")}`) + Q;
    Buffer.from(y.toString(16).padStart(64, "0"), "hex").copy(b, 32);
    expectErr(await verify(env, b), "ProofCoordinateNotInField");
  });

  test("CU of a verification stays under the 150k goal", async () => {
    const env = await Env.create({ init: false });
    const r = await verify(env, Buffer.from(vectors[0].solana!, "hex"));
    expectOk(r);
    assert.ok(Env.programCu(r) <= 150_000, `${Env.programCu(r)} CU`);
  });
});
