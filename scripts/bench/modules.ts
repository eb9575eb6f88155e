import type { BenchModule } from "./types.js";
import { devnetBench } from "./devnet-bench.js";

/** Every benchmark module, in the order `npm run bench` runs them. */
export const BENCH_MODULES: readonly BenchModule[] = [devnetBench];
