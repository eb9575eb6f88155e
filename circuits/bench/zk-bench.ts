/**
 * ZK benchmarks. Exported for the root bench runner; standalone: `npx tsx circuits/bench/zk-bench.ts`.
 * Needs `npm run setup -w circuits`.
 *
 *   zk.prove.resultCommitment.ms  p50 of Prover.prove (warm wasm witness calculator; the native arkworks sidecar
 *                                 when built, else snarkjs on the in-memory zkey) vs snarkjs groth16.fullProve
 *                                 (file paths), same process, interleaved runs
 *   zk.prove.inference.ms         same for verifiable_inference
 *   zk.prove.*.snarkjsWarm.ms     our Prover forced onto the snarkjs backend (informational)
 *   evm.gas.verifyProof           execution gas of one ResultVerifier.verifyResult (3 public inputs, warm call,
 *                                 no 21k base, no calldata) vs the stock snarkjs verifier measured the same way
 */
import { pathToFileURL } from "node:url";

import * as snarkjs from "snarkjs";
import type { CircuitSignals } from "snarkjs";

import { inferenceInput, resultCommitmentInput } from "../src/inputs.js";
import { type CircuitName, artifactPaths } from "../src/paths.js";
import type { BenchRow as BaseBenchRow } from "../../scripts/bench/types.js";
import { Prover, terminateCurves } from "../src/prover.js";
import { deployVerifiers, measureVerifyGas } from "./gas.js";

/** A bench row plus which prover produced `value` (prove rows only). */
export interface BenchRow extends BaseBenchRow {
  readonly backend?: string;
}

export interface ZkBenchOptions {
  /** Timed runs per prover (default 10, env ZK_BENCH_RUNS). */
  runs?: number;
  /** Untimed warm-up runs per prover (default 2). */
  warmup?: number;
}

const p50 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (v: number): number => Math.round(v * 10) / 10;

const PROVIDER = 0x5fbdb2315678afecb367f032d93f642f64180aa3n;

function benchInput(circuit: CircuitName, i: number): CircuitSignals {
  if (circuit === "result_commitment") {
    const result = Array.from({ length: 16 }, (_, k) => BigInt(k * 7 + i));
    return resultCommitmentInput({ taskId: BigInt(i + 1), provider: PROVIDER, result, salt: BigInt(1000 + i) }).input;
  }
  const x = Array.from({ length: 16 }, (_, k) => BigInt(((k * 977 + i * 131) % 8191) - 4095));
  return inferenceInput(BigInt(i + 1), PROVIDER, x).input;
}

async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

/** p50 prove time of our Prover vs snarkjs fullProve for one circuit (BN254). */
export async function benchProve(
  circuit: CircuitName,
  opts: ZkBenchOptions = {},
): Promise<{ ours: number; snarkjs: number; backend: string; snarkjsWarm: number }> {
  const runs = opts.runs ?? Number(process.env.ZK_BENCH_RUNS ?? 10);
  const warmup = opts.warmup ?? 2;
  const a = artifactPaths(circuit, "bn254");
  const prover = await Prover.load(circuit);
  // Our Prover forced onto snarkjs (warm witness calculator + in-memory zkey), to show where the gain comes from.
  const warm = prover.backend === "snarkjs" ? prover : await Prover.load(circuit, { backend: "snarkjs" });
  const ours: number[] = [];
  const base: number[] = [];
  const warmTimes: number[] = [];
  try {
    for (let i = 0; i < warmup + runs; i++) {
      const input = benchInput(circuit, i);
      const tb = await time(() => snarkjs.groth16.fullProve(input, a.wasm, a.zkey));
      const to = await time(() => prover.prove(input));
      const tw = warm === prover ? to : await time(() => warm.prove(input));
      if (i >= warmup) {
        base.push(tb);
        ours.push(to);
        warmTimes.push(tw);
      }
    }
  } finally {
    await prover.close();
    if (warm !== prover) await warm.close();
  }
  return { ours: p50(ours), snarkjs: p50(base), backend: prover.backend, snarkjsWarm: p50(warmTimes) };
}

/** Verification gas, ours vs snarkjs, on a fresh result_commitment proof (3 public inputs). */
export async function benchVerifyGas(): Promise<{ ours: number; snarkjs: number }> {
  const { zkHardhat } = await import("../src/hardhat.js");
  const hre = await zkHardhat();
  await hre.tasks.getTask("build").run({ quiet: true });
  const { ethers } = await hre.network.create();
  const v = await deployVerifiers(ethers);
  const prover = await Prover.load("result_commitment");
  try {
    const { proof, publicSignals } = await prover.prove(benchInput("result_commitment", 0));
    const g = await measureVerifyGas(v, proof, publicSignals);
    if (!g.oursOk || !g.snarkjsOk) throw new Error("a verifier rejected the benchmark proof");
    return { ours: Number(g.ours), snarkjs: Number(g.snarkjs) };
  } finally {
    await prover.close();
  }
}

export async function runZkBench(opts: ZkBenchOptions = {}): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  try {
    const rc = await benchProve("result_commitment", opts);
    rows.push({
      metric: "zk.prove.resultCommitment.ms",
      value: round(rc.ours),
      unit: "ms",
      baseline: "snarkjs 0.7.6 groth16.fullProve",
      baselineValue: round(rc.snarkjs),
      backend: rc.backend,
    });
    rows.push({
      metric: "zk.prove.resultCommitment.snarkjsWarm.ms",
      value: round(rc.snarkjsWarm),
      unit: "ms",
      baseline: "snarkjs 0.7.6 groth16.fullProve",
      baselineValue: round(rc.snarkjs),
      backend: "snarkjs",
    });
    const inf = await benchProve("verifiable_inference", opts);
    rows.push({
      metric: "zk.prove.inference.ms",
      value: round(inf.ours),
      unit: "ms",
      baseline: "snarkjs 0.7.6 groth16.fullProve",
      baselineValue: round(inf.snarkjs),
      backend: inf.backend,
    });
    rows.push({
      metric: "zk.prove.inference.snarkjsWarm.ms",
      value: round(inf.snarkjsWarm),
      unit: "ms",
      baseline: "snarkjs 0.7.6 groth16.fullProve",
      baselineValue: round(inf.snarkjs),
      backend: "snarkjs",
    });
    const gas = await benchVerifyGas();
    rows.push({
      metric: "evm.gas.verifyProof",
      value: gas.ours,
      unit: "gas",
      baseline: "snarkjs 0.7.6 Groth16Verifier.verifyProof",
      baselineValue: gas.snarkjs,
    });
  } finally {
    await terminateCurves();
  }
  return rows;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runZkBench();
  console.table(rows);
  console.log(JSON.stringify(rows));
  process.exit(0);
}
