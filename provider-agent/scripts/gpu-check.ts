/**
 * The provider agent's GPU path, measured on a GPU machine (issue 5): detection through nvidia-smi, the EP the
 * agent picks, and per-inference latency and output agreement of "torch-cuda" (PyTorch on CUDA through the runner
 * sidecar) against "cpu" (onnxruntime-node), on the shipped MLP and on a larger MLP where a GPU pays off.
 *
 *   node --import tsx provider-agent/scripts/gpu-check.ts [--out gpu-check.json] [--runs 300]
 *
 * On the device machine it runs from a bundle (scripts/gpu-pack.sh builds it; scripts/gpu-device-run.sh runs it).
 * Agreement is what redundant execution needs: a GPU provider and CPU providers must publish the same canonical
 * (quantized) output or the minority is slashed.
 */
import { writeFileSync } from "node:fs";

import { type ExecutionProviderName, GPU_EXECUTION_PROVIDERS, executeTask, releaseSessions, runnerProcesses } from "../src/executor.js";
import { detectHardware, specsFromHardware } from "../src/gpu.js";
import { type MlpDims, buildMlpOnnx } from "../src/onnx-model.js";

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const RUNS = Number(arg("runs", "300"));
const OUT = arg("out", "gpu-check.json");
/** The EP compared with "cpu": "torch-cuda" on a GPU machine; "numpy-cpu" for a dry run of this script anywhere. */
const GPU_EP = arg("gpu-ep", "torch-cuda") as ExecutionProviderName;
const MODELS = arg("models", "shipped,1024,2048").split(",");

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Deterministic inputs in [-2, 2) (xorshift32), not dyadic: exercises rounding. */
function inputs(width: number, n: number): number[][] {
  let s = 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  return Array.from({ length: n }, () => Array.from({ length: width }, () => next() * 4 - 2));
}

interface Row {
  model: string;
  ep: ExecutionProviderName;
  firstMs: number;
  p50Ms: number;
  p99Ms: number;
  /** The runner's own p50 (graph on the device, synchronized); the rest of p50Ms is transport. */
  engineP50Ms?: number;
}

async function measure(name: string, model: Uint8Array, width: number, runs: number) {
  const xs = inputs(width, runs);
  const rows: Row[] = [];
  const outputs = new Map<ExecutionProviderName, bigint[][]>();
  for (const ep of ["cpu", GPU_EP] as const) {
    const t0 = performance.now();
    const first = await executeTask({ model, input: xs[0] ?? [] }, { executionProviders: [ep] });
    const firstMs = performance.now() - t0;
    const ms: number[] = [];
    const engine: number[] = [];
    const outs: bigint[][] = [];
    for (const x of xs) {
      const r = await executeTask({ model, input: x }, { executionProviders: [ep] });
      if (r.ep !== ep) throw new Error(`${ep} fell back to ${r.ep}`);
      ms.push(r.runMs);
      if (r.engineMs !== undefined) engine.push(r.engineMs);
      outs.push(r.output.q.map(BigInt));
    }
    outputs.set(ep, outs);
    rows.push({ model: name, ep: first.ep, firstMs, p50Ms: pct(ms, 50), p99Ms: pct(ms, 99), ...(engine.length ? { engineP50Ms: pct(engine, 50) } : {}) });
  }
  // The same GPU path again in a fresh runner process: is it deterministic run to run?
  await releaseSessions();
  let repeatEqual = 0;
  for (const [i, x] of xs.entries()) {
    const r = await executeTask({ model, input: x }, { executionProviders: [GPU_EP] });
    if (r.output.q.every((v, j) => BigInt(v) === outputs.get(GPU_EP)?.[i]?.[j])) repeatEqual++;
  }
  const cpu = outputs.get("cpu") ?? [];
  const gpu = outputs.get(GPU_EP) ?? [];
  let equalOutputs = 0;
  let differingValues = 0;
  let maxDiff = 0n;
  cpu.forEach((c, i) => {
    const g = gpu[i] ?? [];
    let same = c.length === g.length;
    c.forEach((v, j) => {
      const d = v > (g[j] ?? 0n) ? v - (g[j] ?? 0n) : (g[j] ?? 0n) - v;
      if (d !== 0n) {
        same = false;
        differingValues++;
        if (d > maxDiff) maxDiff = d;
      }
    });
    if (same) equalOutputs++;
  });
  return { rows, agreement: { model: name, outputs: cpu.length, equalOutputs, differingValues, maxQuantumDiff: Number(maxDiff), gpuRepeatEqual: repeatEqual } };
}

async function main(): Promise<void> {
  const hardware = await detectHardware();
  const specs = specsFromHardware(hardware);
  console.log("hardware:", JSON.stringify(hardware));
  const eps: ExecutionProviderName[] = hardware.gpus.length > 0 ? [...GPU_EXECUTION_PROVIDERS] : ["cpu"];
  // What the agent would do with its default EP order, and why onnxruntime's own CUDA EP is not it.
  const sample = inputs(16, 1)[0] ?? [];
  const agentDefault = await executeTask({ model: buildMlpOnnx(), input: sample }, { executionProviders: eps, cacheSessions: false });
  const ortCuda = await executeTask({ model: buildMlpOnnx(), input: sample }, { executionProviders: ["cuda", "cpu"], cacheSessions: false });
  const runner = (await runnerProcesses()).find((p) => p.backend === "torch");
  console.log(`agent default EPs ${JSON.stringify(eps)} -> ran on ${agentDefault.ep}; runner ${JSON.stringify(runner)}`);
  console.log(`onnxruntime "cuda" EP -> ${ortCuda.ep}; ${JSON.stringify(ortCuda.fallbacks)}`);

  // The shipped model, and MLPs of width w (w -> 4w -> w; 2048 means 134 MB of float32 weights).
  const models: { name: string; dims: MlpDims }[] = MODELS.map((m) =>
    m === "shipped"
      ? { name: "mlp-16-32-16 (shipped)", dims: { input: 16, hidden: 32, output: 16 } }
      : { name: `mlp-${m}-${4 * Number(m)}-${m}`, dims: { input: Number(m), hidden: 4 * Number(m), output: Number(m) } },
  );
  const rows: Row[] = [];
  const agreement = [];
  for (const m of models) {
    const runs = m.dims.hidden > 4096 ? Math.min(RUNS, 100) : RUNS;
    const r = await measure(m.name, buildMlpOnnx(`gpu-check ${m.name}`, m.dims), m.dims.input, runs);
    rows.push(...r.rows);
    agreement.push(r.agreement);
  }
  console.table(rows.map((r) => ({ ...r, firstMs: r.firstMs.toFixed(1), p50Ms: r.p50Ms.toFixed(3), p99Ms: r.p99Ms.toFixed(3), engineP50Ms: r.engineP50Ms?.toFixed(3) ?? "" })));
  console.table(agreement);
  writeFileSync(
    OUT,
    JSON.stringify(
      { hardware, specs: { ...specs, pricePerUnit: String(specs.pricePerUnit) }, agentDefault: { eps, ran: agentDefault.ep, fallbacks: agentDefault.fallbacks }, runner, ortCuda: { ran: ortCuda.ep, fallbacks: ortCuda.fallbacks }, rows, agreement },
      null,
      2,
    ),
  );
  console.log(`wrote ${OUT}`);
  await releaseSessions();
}

await main();
