/**
 * Event watching for the provider agent: restart reconciliation (resume every unfinished task in the journal),
 * then TaskAssigned events (and ProviderReassigned naming this agent as the replacement) followed from the journal's
 * cursor in chunks of 2000 blocks, one poll per interval.
 * Split out of agent.ts; behaviour unchanged.
 */
import { setTimeout as sleep } from "node:timers/promises";

import type { JsonRpcProvider, Log } from "ethers";

import type { ComputeMarketplace } from "../../types/ethers-contracts/index.js";
import type { Journal } from "./journal.js";
import type { Logger } from "./log.js";
import type { AgentMetrics } from "./metrics.js";
import type { TaskPipeline } from "./pipeline.js";

export interface WatcherContext {
  log: Logger;
  provider: JsonRpcProvider;
  market: ComputeMarketplace;
  marketAddr: string;
  me: string;
  metrics: AgentMetrics;
  journal: Journal;
  pipeline: TaskPipeline;
  /** First block to scan when the journal has no cursor (default: the current head). */
  startBlock?: number;
  pollIntervalMs?: number;
  isStopped: () => boolean;
}

/** Restart reconciliation: re-queues every task the journal has not finished (published, failed or skipped). */
export function resumeFromJournal(journal: Journal, pipeline: TaskPipeline, log: Logger): void {
  for (const rec of journal.tasks.values()) {
    if (rec.phase !== "published" && rec.phase !== "failed" && rec.phase !== "skipped") {
      log.info("resuming task from journal", { taskId: rec.taskId, phase: rec.phase });
      pipeline.enqueue(BigInt(rec.taskId));
    }
  }
}

/** Starts the poll loop; `loop` settles once the agent is stopped. `fromBlock`: the first block it scans. */
export async function watchAssignments(ctx: WatcherContext): Promise<{ fromBlock: number; loop: Promise<void> }> {
  const { log, provider, market, marketAddr, me, metrics, journal, pipeline, isStopped } = ctx;
  const assignedTopic = market.interface.getEvent("TaskAssigned").topicHash;
  const reassignedTopic = market.interface.getEvent("ProviderReassigned").topicHash;
  let from = journal.cursor !== undefined ? journal.cursor + 1 : (ctx.startBlock ?? (await provider.getBlockNumber()));
  const fromBlock = from;
  const onAssigned = (l: Log): void => {
    const ev = market.interface.parseLog(l);
    if (!ev) return;
    const taskId = BigInt(ev.args.taskId as bigint);
    let how: Record<string, unknown>;
    if (l.topics[0] === reassignedTopic) {
      // ProviderReassigned(taskId, noShow, replacement): this agent takes a no-show's lane
      if ((ev.args.replacement as string).toLowerCase() !== me.toLowerCase()) return;
      how = { replacing: ev.args.noShow as string };
    } else {
      const list = (ev.args.providers as string[]).map((a) => a.toLowerCase());
      if (!list.includes(me.toLowerCase())) return;
      how = { providers: list.length };
    }
    if (!journal.get(taskId)) {
      journal.update(taskId, { phase: "assigned" });
      metrics.tasksReceived.inc();
      log.info("assigned", { taskId, block: l.blockNumber, ...how });
    }
    pipeline.enqueue(taskId);
  };
  async function pollOnce(): Promise<void> {
    const head = await provider.getBlockNumber();
    while (from <= head && !isStopped()) {
      const to = Math.min(head, from + 1999);
      // one request for both events (topic 0 either); onAssigned keeps the ones naming this agent, in chain order
      const logs = await provider.getLogs({ address: marketAddr, topics: [[assignedTopic, reassignedTopic]], fromBlock: from, toBlock: to });
      for (const l of logs) onAssigned(l);
      journal.setCursor(to);
      from = to + 1;
    }
    pipeline.markCaughtUp();
  }
  const pollMs = ctx.pollIntervalMs ?? 1000;
  const loop = (async () => {
    while (!isStopped()) {
      try {
        await pollOnce();
      } catch (e) {
        log.warn("event poll failed", { error: (e as Error).message.split("\n")[0] });
      }
      await sleep(pollMs);
    }
  })();
  return { fromBlock, loop };
}
