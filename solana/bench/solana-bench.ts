/**
 * Compute units of the STUN Solana program on LiteSVM (program deployed through loader v3, real Groth16 proof).
 * `runSolanaBench()` is wired into the root bench runner; `npm run bench -w solana` prints the rows.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { BenchRow } from "../../scripts/bench/types.js";
import { BN, Env, ROOT, SO_PATH, expectOk } from "../tests/harness.js";
import { assign, drawAudit, finalize, proofFor, providerField, reassign, submitResult, submitTask, world } from "../tests/world.js";

/** The proof-verification goal of the issue, and Solana's default per-instruction compute budget. */
const PROOF_GOAL = 150_000;
const DEFAULT_BUDGET = 200_000;

export async function runSolanaBench(): Promise<BenchRow[]> {
  if (!fs.existsSync(SO_PATH)) execFileSync("bash", [path.join(ROOT, "scripts/build-sbf.sh")], { stdio: "inherit" });
  const w = await world();
  const { env } = w;
  const { id, r: submit } = await submitTask(w);
  expectOk(submit);
  expectOk(await assign(w, id, [0]));
  drawAudit(env, id, false);
  const result = await submitResult(w, id, 0, 1);
  expectOk(result);
  env.warp(86400);
  const fin = await finalize(w, id, [0]);
  expectOk(fin);
  // r = 3 with one dissenter: consensus on the last result, two payouts and a slash at finalize
  const { id: id3 } = await submitTask(w, { redundancy: 3 });
  expectOk(await assign(w, id3, [0, 1, 2]));
  drawAudit(env, id3, false);
  expectOk(await submitResult(w, id3, 0, 1));
  expectOk(await submitResult(w, id3, 1, 1));
  const last = await submitResult(w, id3, 2, 2);
  expectOk(last);
  env.warp(86400);
  const fin3 = await finalize(w, id3, [0, 1, 2]);
  expectOk(fin3);
  // a no-show past its accept window replaced by the matcher: slash + reputation for the no-show
  const { id: idR } = await submitTask(w);
  expectOk(await assign(w, idR, [0]));
  env.warp(3601);
  const reassigned = await reassign(w, idR, 0, 1);
  expectOk(reassigned);
  const f = proofFor(0, id, 1);
  const tid = Buffer.alloc(32);
  tid.writeBigUInt64BE(id, 24);
  const pf = Buffer.from(providerField(w.providers[0]!.publicKey).toString(16).padStart(64, "0"), "hex");
  const verify = env.send([await env.ix("verifyResultProof", [f.proof, [[...tid], f.resultHash, [...pf]]], {})]);
  expectOk(verify);
  const cu = (r: Parameters<typeof Env.programCu>[0]) => Env.programCu(r);
  return [
    { metric: "solana.cu.submitTask", value: cu(submit), unit: "CU", baseline: "Solana default per-instruction budget", baselineValue: DEFAULT_BUDGET },
    { metric: "solana.cu.submitResult", value: cu(result), unit: "CU", baseline: "goal: proof verification <= 150k CU", baselineValue: PROOF_GOAL },
    { metric: "solana.cu.finalize", value: cu(fin), unit: "CU", baseline: "Solana default per-instruction budget", baselineValue: DEFAULT_BUDGET },
    { metric: "solana.cu.verifyProof", value: cu(verify), unit: "CU", baseline: "goal: proof verification <= 150k CU", baselineValue: PROOF_GOAL },
    { metric: "solana.cu.submitResult.r3Consensus", value: cu(last), unit: "CU", baseline: "Solana default per-instruction budget", baselineValue: DEFAULT_BUDGET },
    { metric: "solana.cu.finalize.r3", value: cu(fin3), unit: "CU", baseline: "Solana default per-instruction budget", baselineValue: DEFAULT_BUDGET },
    { metric: "solana.cu.reassign", value: cu(reassigned), unit: "CU", baseline: "Solana default per-instruction budget", baselineValue: DEFAULT_BUDGET },
  ];
}

export { BN };

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const r of await runSolanaBench()) console.log(`${r.metric.padEnd(36)} ${String(r.value).padStart(8)} ${r.unit}  (${r.baseline}: ${r.baselineValue})`);
}
