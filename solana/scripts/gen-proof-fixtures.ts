/**
 * Generates tests/fixtures/proofs.json: real Groth16 proofs (result_commitment, BN254, the committed development
 * key) for the deterministic test providers, bound to Solana task ids 1..MAX_TASK and two result values each.
 * Needs the circuits build (circuits/build/bn254: `npm run setup -w circuits`); the output is committed so the
 * Solana tests run without it. Also copies the circuits' vector file for the verifier tests.
 *   node --import tsx solana/scripts/gen-proof-fixtures.ts
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import web3 from "@solana/web3.js";
import * as snarkjs from "snarkjs";

import { encodeSolanaProof } from "../../circuits/src/encoding.js";
import { resultCommitmentInput } from "../../circuits/src/inputs.js";
import { artifactPaths, VECTORS_DIR } from "../../circuits/src/paths.js";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const MAX_TASK = 8;
const PROVIDERS = 3;
const RESULTS = [1n, 2n];

export const providerKeypair = (i: number) =>
  web3.Keypair.fromSeed(createHash("sha256").update(`stun-solana-test-provider-${i}`).digest());
/** The circuit's provider input for a Solana key: the low 160 bits of sha256(pubkey). */
export const providerField = (pk: web3.PublicKey) =>
  BigInt(`0x${createHash("sha256").update(pk.toBuffer()).digest().subarray(12).toString("hex")}`);

async function main() {
  const { wasm, zkey } = artifactPaths("result_commitment", "bn254");
  const out: Record<string, { resultHash: string; proof: string }> = {};
  for (let p = 0; p < PROVIDERS; p++) {
    const kp = providerKeypair(p);
    for (let task = 1; task <= MAX_TASK; task++) {
      for (const r of RESULTS) {
        const result = Array.from({ length: 16 }, (_, i) => r * 1000n + BigInt(i));
        const { input, publicSignals } = resultCommitmentInput({ taskId: BigInt(task), provider: providerField(kp.publicKey), result, salt: 42n });
        const { proof, publicSignals: ps } = await snarkjs.groth16.fullProve(input, wasm, zkey);
        if (ps.map(String).join() !== publicSignals.map(String).join()) throw new Error("signal mismatch");
        const bytes = Buffer.from(encodeSolanaProof(proof, ps));
        out[`${p}:${task}:${r}`] = { resultHash: bytes.subarray(256 + 32, 256 + 64).toString("hex"), proof: bytes.subarray(0, 256).toString("hex") };
      }
    }
    console.log(`provider ${p} ${kp.publicKey.toBase58()} done`);
  }
  fs.writeFileSync(path.join(ROOT, "tests/fixtures/proofs.json"), `${JSON.stringify(out, null, 1)}\n`);
  fs.copyFileSync(path.join(VECTORS_DIR, "result_commitment.bn254.json"), path.join(ROOT, "tests/fixtures/result_commitment.bn254.json"));
  // snarkjs keeps worker threads alive
  process.exit(0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
