/**
 * `npm run bench`: runs every benchmark module, writes bench/results.json
 * (`[{metric, value, unit, baseline, baselineValue}]`) and prints a table with the ratio to each baseline.
 * Benchmarks measure; they never assert. `--only <name>` runs a single module.
 */
import { mkdirSync, writeFileSync } from "node:fs";

import { BENCH_MODULES } from "./modules.js";
import type { BenchRow } from "./types.js";

async function main(): Promise<void> {
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  for (const mod of BENCH_MODULES) {
    if (only && mod.name !== only) continue;
    console.log(`[bench] ${mod.name}...`);
    try {
      rows.push(...(await mod.run()));
    } catch (e) {
      failures.push(`${mod.name}: ${(e as Error).message}`);
      console.error(`[bench] ${mod.name} failed: ${(e as Error).stack ?? e}`);
    }
  }
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.json", JSON.stringify(rows, null, 2) + "\n");
  console.table(
    rows.map((r) => ({
      metric: r.metric,
      value: r.value,
      unit: r.unit,
      baseline: r.baseline,
      baselineValue: r.baselineValue,
      ratio: r.baselineValue ? (r.value / r.baselineValue).toFixed(3) : "-",
    })),
  );
  console.log(`wrote bench/results.json (${rows.length} rows)`);
  if (failures.length) {
    console.error(`[bench] ${failures.length} module(s) failed:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  process.exit(0);
}

void main();
