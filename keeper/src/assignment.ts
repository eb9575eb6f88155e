/**
 * Matching: walks the priority queue best first and picks, for each still-Submitted task, the matcher's top
 * `redundancy` providers, counting the picks made earlier in the same pass as load; then sends all the pass's
 * assignProviders transactions as one batch (batch.ts: estimated in parallel, broadcast back to back).
 */
import { type BatchCall, sendBatch } from "./batch.js";
import type { KeeperContext } from "./context.js";
import type { ProviderView } from "./providers.js";
import type { TaskQueue } from "./queue.js";
import type { TaskTracker } from "./tracker.js";

/**
 * `tracker`: the keeper's view of task states, refreshed from the pass's logs; a task it does not show as
 * Submitted is dropped from the queue (the contract refuses a second assignment anyway, at estimation, free).
 */
export function createQueueMatcher(ctx: KeeperContext, queue: TaskQueue, providers: ProviderView, tracker: TaskTracker): (nowS: bigint) => Promise<void> {
  const { chain } = ctx;
  return async function matchQueue(nowS: bigint): Promise<void> {
    if (queue.size === 0) return;
    const snap = await providers.snapshots(nowS);
    const load = new Map<string, number>();
    const calls: (BatchCall & { taskId: bigint })[] = [];
    for (const t of queue.ordered(nowS)) {
      if (t.deadline < nowS) continue;
      if (tracker.views.get(t.taskId)?.status !== "Submitted") {
        queue.remove(t.taskId);
        continue;
      }
      const req = await providers.requirementsOf(t.taskId);
      const list = snap.list.map((p) => (load.has(p.id) ? { ...p, activeTasks: p.activeTasks + (load.get(p.id) ?? 0) } : p));
      const chosen = providers.candidates(list, req, t.redundancy, new Set());
      if (chosen.length < t.redundancy) continue; // not enough live eligible providers now: stays queued
      for (const p of chosen) load.set(p, (load.get(p) ?? 0) + 1);
      calls.push({
        action: "assign",
        id: t.taskId.toString(),
        taskId: t.taskId,
        populate: () => chain.marketplace.assignProviders.populateTransaction(t.taskId, chosen),
        detail: { providers: chosen },
      });
    }
    const ok = await sendBatch(ctx, calls);
    calls.forEach((c, k) => {
      if (ok[k]) queue.remove(c.taskId);
    });
  };
}
