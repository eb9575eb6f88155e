/** One benchmark result row, as written to bench/results.json (format from DEVELOPERS.md). */
export interface BenchRow {
  /** Metric name exactly as the issues give it, e.g. `evm.gas.submitTask`. */
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** What the value is compared against in the same run (e.g. "snarkjs verifier", "naive sort"), or "goal". */
  readonly baseline: string;
  readonly baselineValue: number;
}

/** A benchmark module: measures in-process and returns its rows. */
export interface BenchModule {
  readonly name: string;
  run(): Promise<BenchRow[]>;
}

/** p-th percentile (0..100) of a non-empty sample, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError("percentile of an empty sample");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
