/**
 * Batch handler: decodes one chain's protocol events and writes them, once per batch, into the shared tables.
 * Every id is prefixed with the chain id; every row has `chainId`.
 * The batch context is in batch.ts, loading and writing in batch-store.ts, the events of each contract in
 * events-marketplace.ts, events-registry.ts (registry, reputation, models) and events-governor.ts.
 */
import { performance } from "node:perf_hooks";

import * as market from "./abi/ComputeMarketplace.js";
import { BatchContext, type TxScope } from "./batch.js";
import { flushBatch, loadBatch } from "./batch-store.js";
import type { ChainConfig } from "./config.js";
import { handleGovernorLog } from "./events-governor.js";
import { handleExpireTask, handleMarketLog } from "./events-marketplace.js";
import { handleModelLog, handleRegistryLog, handleReputationLog } from "./events-registry.js";
import { type Payout, type Slash, type Task, type TaskEvent, TaskStatus } from "./model/index.js";
import type { Ctx, Log, Transaction } from "./processor.js";

export { CHAIN_TASK_STATUS } from "./events-marketplace.js";

export function makeHandler(c: ChainConfig) {
  const chainId = c.chainId;
  const A = {
    market: c.contracts.computeMarketplace.toLowerCase(),
    registry: c.contracts.providerRegistry.toLowerCase(),
    reputation: c.contracts.reputationRegistry.toLowerCase(),
    models: c.contracts.modelRegistry.toLowerCase(),
    governor: c.contracts.governor?.toLowerCase() ?? "",
  };

  const debug = process.env.STUN_INDEXER_DEBUG === "1";
  return async (ctx: Ctx): Promise<void> => {
    const tStart = performance.now();
    const bc = new BatchContext(chainId, A);

    // ---- pre-scan: load every task, provider and proposal this batch touches, in one query each
    await loadBatch(ctx, bc);

    for (const block of ctx.blocks) {
      const h = block.header;
      const ts = new Date(h.timestamp);
      // transactions in order: the logs of each, then the expireTask calls among them
      const byTx = new Map<number, { logs: Log[]; tx?: Transaction }>();
      for (const log of block.logs) {
        let g = byTx.get(log.transactionIndex);
        if (!g) byTx.set(log.transactionIndex, (g = { logs: [] }));
        g.logs.push(log);
      }
      for (const tx of block.transactions) {
        let g = byTx.get(tx.transactionIndex);
        if (!g) byTx.set(tx.transactionIndex, (g = { logs: [] }));
        g.tx = tx;
      }
      for (const idx of [...byTx.keys()].sort((x, y) => x - y)) {
        const g = byTx.get(idx)!;
        const touched = new Map<string, Task>();
        const txSlashes: Slash[] = [];
        const txEvents: TaskEvent[] = [];
        const pendingPayouts: Payout[] = [];
        const tx: TxScope = { h, ts, touched, txSlashes, txEvents, pendingPayouts };
        for (const log of g.logs) {
          if (log.address === A.market) handleMarketLog(bc, tx, log);
          else if (log.address === A.registry) handleRegistryLog(bc, tx, log);
          else if (log.address === A.reputation) handleReputationLog(bc, tx, log);
          else if (log.address === A.models) handleModelLog(bc, tx, log);
          else if (log.address === A.governor) handleGovernorLog(bc, tx, log);
        }

        // ---- end of transaction
        // expireTask past the deadline with a majority in runs verification without a marketplace event: ask the chain.
        if (g.tx && g.tx.sighash === market.functions.expireTask.sighash) await handleExpireTask(ctx, bc, tx, g.tx, idx);
        for (const t of touched.values()) {
          if (t.status === TaskStatus.VERIFYING) t.status = TaskStatus.CHALLENGEABLE; // no audit drawn
        }
        for (const e of txEvents) if (e.status === TaskStatus.VERIFYING) e.status = e.task.status;
        if (touched.size === 1) {
          const [only] = touched.values();
          for (const s of txSlashes) s.task = only!;
        }
      }
    }

    // ---- flush: parents first (foreign keys)
    const tFlush = performance.now();
    await flushBatch(ctx, bc);
    if (debug) {
      const n = ctx.blocks.reduce((k, x) => k + x.logs.length, 0);
      ctx.log.info(`batch ${ctx.blocks[0]?.header.height}-${ctx.blocks.at(-1)?.header.height} logs ${n} handler ${(performance.now() - tStart).toFixed(1)} ms flush ${(performance.now() - tFlush).toFixed(1)} ms uptime ${process.uptime().toFixed(3)} s`);
    }
  };
}
