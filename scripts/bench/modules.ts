import { runMatcherBench } from "../../keeper/bench/matcher-bench.js";
import { devnetBench } from "./devnet-bench.js";
import type { BenchModule } from "./types.js";

/** Every benchmark module, in the order `npm run bench` runs them. */
export const BENCH_MODULES: readonly BenchModule[] = [
  devnetBench,
  { name: "matcher", run: async () => runMatcherBench() },
];
