/**
 * Event watching for the provider agent: restart reconciliation (resume every unfinished task in the journal),
 * then TaskAssigned events (and ProviderReassigned naming this agent as the replacement) followed from the journal's
 * cursor in chunks of 2000 blocks, one poll per interval.
 * Split out of agent.ts; behaviour unchanged.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { type EventFragment, type Interface, type JsonRpcProvider, toQuantity } from "ethers";

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

/** A log as eth_getLogs returns it (hex strings), without ethers' formatting (a checksum per address). */
export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
}

/** eth_getLogs for one address and topic filter, unformatted. */
export function getRawLogs(provider: JsonRpcProvider, address: string, topics: (string | string[])[], fromBlock: number, toBlock: number | "latest"): Promise<RawLog[]> {
  const range = { fromBlock: toQuantity(fromBlock), toBlock: toBlock === "latest" ? toBlock : toQuantity(toBlock) };
  return provider.send("eth_getLogs", [{ address, topics, ...range }]) as Promise<RawLog[]>;
}

/** Decodes a raw log as `event` (the fragment looked up once; parseLog would search the ABI per log). */
export function decodeRawLog(iface: Interface, event: EventFragment, l: RawLog): ReturnType<Interface["decodeEventLog"]> {
  return iface.decodeEventLog(event, l.data, l.topics);
}

/** Starts the poll loop; `loop` settles once the agent is stopped. `fromBlock`: the first block it scans. */
export async function watchAssignments(ctx: WatcherContext): Promise<{ fromBlock: number; loop: Promise<void> }> {
  const { log, provider, market, marketAddr, me, metrics, journal, pipeline, isStopped } = ctx;
  const iface = market.interface;
  const assignedEvent = iface.getEvent("TaskAssigned");
  const reassignedEvent = iface.getEvent("ProviderReassigned");
  const assignedTopic = assignedEvent.topicHash;
  const reassignedTopic = reassignedEvent.topicHash;
  const meLower = me.toLowerCase();
  /** This address as it appears in a log (a 32-byte word, in a topic or in the data), lower-case hex. */
  const meHex = meLower.slice(2);
  let from = journal.cursor !== undefined ? journal.cursor + 1 : (ctx.startBlock ?? (await provider.getBlockNumber()));
  const fromBlock = from;
  const onAssigned = (l: RawLog): void => {
    // Every agent sees every assignment: skip the ones whose words cannot name this address before decoding
    // (a chance match inside another word only costs the decode below, which decides).
    if (!l.data.toLowerCase().includes(meHex) && !l.topics.some((t) => t.toLowerCase().includes(meHex))) return;
    const reassigned = l.topics[0]?.toLowerCase() === reassignedTopic;
    let args;
    try {
      args = decodeRawLog(iface, reassigned ? reassignedEvent : assignedEvent, l);
    } catch {
      return; // unparsable
    }
    const taskId = BigInt(args.taskId as bigint);
    let how: Record<string, unknown>;
    if (reassigned) {
      // ProviderReassigned(taskId, noShow, replacement): this agent takes a no-show's lane
      if ((args.replacement as string).toLowerCase() !== meLower) return;
      how = { replacing: args.noShow as string };
    } else {
      const list = (args.providers as string[]).map((a) => a.toLowerCase());
      if (!list.includes(meLower)) return;
      how = { providers: list.length };
    }
    if (!journal.get(taskId)) {
      journal.update(taskId, { phase: "assigned" });
      metrics.tasksReceived.inc();
      log.info("assigned", { taskId, block: Number(l.blockNumber), ...how });
    }
    pipeline.enqueue(taskId);
  };
  async function pollOnce(): Promise<void> {
    const head = await provider.getBlockNumber();
    pipeline.noteHead(head);
    while (from <= head && !isStopped()) {
      const to = Math.min(head, from + 1999);
      // one request for both events (topic 0 either); onAssigned keeps the ones naming this agent, in chain order
      const logs = await getRawLogs(provider, marketAddr, [[assignedTopic, reassignedTopic]], from, to);
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
