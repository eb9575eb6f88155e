import { readFileSync } from "node:fs";

import { network } from "hardhat";

import { measureGas, measureGasWithProofs, type GasReport, type GasReportWithProofs } from "../../evm/scripts/gas-report.js";
import type { BenchModule, BenchRow } from "./types.js";

type Snapshot = GasReport & { withProofs: GasReportWithProofs };

/**
 * EVM gas of one 3-provider task (receipt gasUsed, incl. the 21k base per tx), on an in-process chain:
 * with the mock verifier (the marketplace's own cost) and with the real Groth16 verifier and real proofs.
 * Each row's baseline is the committed evm/gas-snapshot.json (so a regression shows as a ratio > 1), except the
 * lifecycle, whose baseline is the goal of 1.1M gas.
 */
export const evmGasBench: BenchModule = {
  name: "evm-gas",
  async run(): Promise<BenchRow[]> {
    const snap = JSON.parse(readFileSync("evm/gas-snapshot.json", "utf8")) as Snapshot;
    const a = await network.create("ethereum");
    const mock = await measureGas(a.ethers);
    await a.close();
    const b = await network.create("ethereum");
    const real = await measureGasWithProofs(b.ethers);
    await b.close();
    const row = (metric: string, value: number, baselineValue: number, baseline = "evm/gas-snapshot.json (committed)"): BenchRow => ({
      metric,
      value,
      unit: "gas",
      baseline,
      baselineValue,
    });
    return [
      row("evm.gas.submitTask", mock.submitTask, snap.submitTask),
      row("evm.gas.assign", mock.assign, snap.assign),
      row("evm.gas.submitResult", real.fresh.submitResult, snap.withProofs.fresh.submitResult),
      row("evm.gas.submitResult.mockVerifier", mock.submitResult, snap.submitResult),
      row("evm.gas.finalize.r3", mock.finalizeR3, snap.finalizeR3),
      row("evm.gas.lifecycle.r3", real.fresh.lifecycleR3, 1_100_000, "goal (issue 3): <= 1.1M with 3 proof verifications"),
      row("evm.gas.lifecycle.r3.steady", real.steady.lifecycleR3, 1_100_000, "goal (issue 3): <= 1.1M with 3 proof verifications"),
      row("evm.gas.lifecycle.r3.mockVerifier", mock.lifecycleR3, snap.lifecycleR3),
    ];
  },
};
