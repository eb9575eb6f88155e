import { network } from "hardhat";

import { percentile, type BenchModule, type BenchRow } from "./types.js";

/**
 * Devnet baseline: the round-trip of a plain ETH transfer mined by the in-process EDR chain, p50 over 50 runs,
 * against a bare `eth_blockNumber` call (the RPC floor) measured in the same run.
 */
export const devnetBench: BenchModule = {
  name: "devnet",
  async run(): Promise<BenchRow[]> {
    const conn = await network.create("ethereum");
    const [a, b] = await conn.ethers.getSigners();
    if (!a || !b) throw new Error("the simulated chain has no accounts");
    const tx: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 50; i++) {
      let t = performance.now();
      await (await a.sendTransaction({ to: b.address, value: 1n })).wait();
      tx.push(performance.now() - t);
      t = performance.now();
      await conn.ethers.provider.getBlockNumber();
      floor.push(performance.now() - t);
    }
    await conn.close();
    return [
      {
        metric: "devnet.tx.roundtrip.p50.ms",
        value: Number(percentile(tx, 50).toFixed(3)),
        unit: "ms",
        baseline: "eth_blockNumber round-trip (same run)",
        baselineValue: Number(percentile(floor, 50).toFixed(3)),
      },
    ];
  },
};
