import { runZkBench } from "../../circuits/bench/zk-bench.js";
import { runIndexerBench } from "../../indexer/bench/indexer-bench.js";
import { runMatcherBench } from "../../keeper/bench/matcher-bench.js";
import { runSolanaBench } from "../../solana/bench/solana-bench.js";
import { runE2eBench } from "../../test/bench/e2e-bench.js";
import { runTonBench } from "../../ton/bench/ton-bench.js";
import { devnetBench } from "./devnet-bench.js";
import { evmGasBench } from "./evm-gas-bench.js";
import type { BenchModule } from "./types.js";

/** Every benchmark module, in the order `npm run bench` runs them. */
export const BENCH_MODULES: readonly BenchModule[] = [
  devnetBench,
  evmGasBench,
  { name: "matcher", run: async () => runMatcherBench() },
  { name: "zk", run: () => runZkBench() },
  { name: "solana", run: () => runSolanaBench() },
  { name: "ton", run: () => runTonBench() },
  { name: "indexer", run: () => runIndexerBench() },
  { name: "e2e", run: () => runE2eBench() },
];
