/**
 * Matching: walks the priority queue best first and assigns each still-Submitted task to the matcher's top
 * `redundancy` providers, counting assignments made earlier in the same pass as load.
 */
import type { KeeperContext } from "./context.js";
import type { ProviderView } from "./providers.js";
import type { TaskQueue } from "./queue.js";

export function createQueueMatcher(ctx: KeeperContext, queue: TaskQueue, providers: ProviderView): (nowS: bigint) => Promise<void> {
  const { chain, act } = ctx;
  return async function matchQueue(nowS: bigint): Promise<void> {
    if (queue.size === 0) return;
    const snap = await providers.snapshots(nowS);
    const load = new Map<string, number>();
    for (const t of queue.ordered(nowS)) {
      if (t.deadline < nowS) continue;
      const status = await chain.statusOf(t.taskId); // fresh: never assign twice
      if (status !== "Submitted") {
        queue.remove(t.taskId);
        continue;
      }
      const req = await providers.requirementsOf(t.taskId);
      const list = snap.list.map((p) => (load.has(p.id) ? { ...p, activeTasks: p.activeTasks + (load.get(p.id) ?? 0) } : p));
      const chosen = providers.candidates(list, req, t.redundancy, new Set());
      if (chosen.length < t.redundancy) continue; // not enough live eligible providers now: stays queued
      const ok = await act("assign", t.taskId.toString(), () => chain.send(() => chain.marketplace.assignProviders(t.taskId, chosen)), { providers: chosen });
      if (ok) {
        queue.remove(t.taskId);
        for (const p of chosen) load.set(p, (load.get(p) ?? 0) + 1);
      }
    }
  };
}
