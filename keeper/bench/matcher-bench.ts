import { matchProviders, matchProvidersNaive, type MatchOptions, type TaskRequirements } from "../src/matcher.js";
import { randomFleet } from "../src/random-providers.js";
import { percentile, type BenchRow } from "../../scripts/bench/types.js";

const NOW = 1_800_000_000_000;
const OPTS: MatchOptions = { nowMs: NOW, heartbeatTtlMs: 60_000, k: 3 };
const TASK: TaskRequirements = { gpuMemoryGiB: 24, computeCapability: 80, gpuCount: 1, region: "eu-west", privacy: "none", maxPrice: 90 };

function p99Micros(fn: () => unknown, runs: number): number {
  for (let i = 0; i < Math.min(20, runs); i++) fn(); // warm the JIT
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return Number(percentile(xs, 99).toFixed(1));
}

/** `matcher.top3.{10k,100k}.p99.us`: our heap-based top-3 against a naive score-and-sort, same fleet, same run. */
export function runMatcherBench(): BenchRow[] {
  return [
    { n: 10_000, label: "10k", runs: 300 },
    { n: 100_000, label: "100k", runs: 60 },
  ].map(({ n, label, runs }) => {
    const fleet = randomFleet(n, 42, NOW);
    return {
      metric: `matcher.top3.${label}.p99.us`,
      value: p99Micros(() => matchProviders(fleet, TASK, OPTS), runs),
      unit: "us",
      baseline: "naive full sort (same fleet, same run)",
      baselineValue: p99Micros(() => matchProvidersNaive(fleet, TASK, OPTS), runs),
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(runMatcherBench());
