import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";

import * as snarkjs from "snarkjs";

import { MANIFEST, REPO_ROOT, VECTORS_DIR, artifactPaths } from "../src/paths.js";
import { loadVerificationKey, terminateCurves, verifyProof } from "../src/prover.js";
import type { Groth16Proof } from "snarkjs";

after(async () => terminateCurves());

interface Manifest {
  files: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as Manifest;
const sha256 = (f: string) => createHash("sha256").update(readFileSync(join(REPO_ROOT, f))).digest("hex");

test("setup is reproducible: every built and committed file matches circuits/keys/manifest.json", () => {
  const files = Object.keys(manifest.files);
  for (const kind of ["ptau", "r1cs", "wasm", "zkey", "vkey.json", ".sol", "solana.json", "ton.json"]) {
    assert.ok(files.some((f) => f.endsWith(kind)), `manifest pins a ${kind} file`);
  }
  for (const [file, hash] of Object.entries(manifest.files)) assert.equal(sha256(file), hash, file);
});

test("committed verification keys are the ones in the zkeys", async () => {
  for (const [circuit, curve] of [
    ["result_commitment", "bn254"],
    ["verifiable_inference", "bn254"],
    ["result_commitment", "bls12381"],
  ] as const) {
    const fromZkey = await snarkjs.zKey.exportVerificationKey(artifactPaths(circuit, curve).zkey);
    assert.deepEqual(fromZkey, loadVerificationKey(circuit, curve), `${circuit} ${curve}`);
  }
});

test("TS verifier reproduces the expected verdict of every shared vector", async () => {
  let n = 0;
  for (const file of ["result_commitment.bn254.json", "verifiable_inference.bn254.json", "result_commitment.bls12381.json"]) {
    const { vectors } = JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8")) as {
      vectors: { name: string; circuit: "result_commitment"; curve: "bn254"; proof: Groth16Proof; publicSignals: string[]; expected: { valid: boolean } }[];
    };
    for (const v of vectors) {
      const vk = loadVerificationKey(v.circuit, v.curve);
      assert.equal(await verifyProof(vk, v.proof, v.publicSignals), v.expected.valid, `${file}: ${v.name}`);
      n++;
    }
  }
  assert.ok(n >= 15);
});
