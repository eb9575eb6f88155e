import type { ProviderSnapshot } from "./matcher.js";

/** Small seeded PRNG (mulberry32) so tests and benchmarks see the same fleet on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ["eu-west", "us-east", "us-west", "ap-south"] as const;
const GPUS = [
  { mem: 24, cc: 89, model: "RTX 4090" },
  { mem: 48, cc: 89, model: "L40S" },
  { mem: 80, cc: 90, model: "H100" },
  { mem: 16, cc: 75, model: "T4" },
  { mem: 40, cc: 80, model: "A100 40GB" },
] as const;

/** A synthetic fleet of `n` providers; `nowMs` anchors heartbeats (about 5% are stale by 10 minutes). */
export function randomFleet(n: number, seed: number, nowMs: number): ProviderSnapshot[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const gpu = pick(GPUS);
    const capacity = 1 + Math.floor(r() * 4);
    return {
      id: `0x${i.toString(16).padStart(40, "0")}`,
      gpuMemoryGiB: gpu.mem,
      computeCapability: gpu.cc,
      gpuCount: 1 + Math.floor(r() * 4),
      region: pick(REGIONS),
      tee: r() < 0.3,
      pricePerUnit: 1 + Math.floor(r() * 100),
      reputationBps: Math.floor(r() * 10_001),
      completed: Math.floor(r() * 500),
      failed: Math.floor(r() * 20),
      avgLatencyMs: 50 + Math.floor(r() * 2000),
      activeTasks: Math.floor(r() * capacity),
      capacity,
      eligible: r() < 0.95,
      lastHeartbeatMs: nowMs - (r() < 0.05 ? 600_000 : Math.floor(r() * 20_000)),
      numericsClass: gpu.model,
    };
  });
}
