/**
 * Per-task transitions driven by time: queue Submitted tasks for matching, expire past the deadline or on a no-show
 * (expire-and-report, see service.ts), finalize after the challenge window, resolveStale past the audit timeout, and
 * hand live Audited / Disputed tasks to the auditor.
 */
import type { TaskView } from "../../sdk/src/chain/adapter.js";
import type { BatchCall } from "./batch.js";
import type { KeeperContext } from "./context.js";
import type { ProviderView } from "./providers.js";
import type { TaskQueue } from "./queue.js";

const TOKEN_SCALE_DEFAULT = 10n ** 18n;

export type TaskHandler = (t: TaskView, nowS: bigint, acceptWindow: bigint) => Promise<void>;

/**
 * `defer`: collects the pass's plain transitions (deadline expiry of a Submitted task, finalize) for one batch
 * (batch.ts); the no-show expiry, which logs its candidates after it lands, and the audit verdicts go one by one.
 */
export function createTaskHandler(ctx: KeeperContext, queue: TaskQueue, providers: ProviderView, audit: (t: TaskView) => Promise<void>, defer: (c: BatchCall) => void): TaskHandler {
  const { chain, auditorChain, log, act } = ctx;
  const usdc = ctx.config.deployment.contracts.usdc?.toLowerCase();
  const tokenScale = (token: string): bigint => (usdc && token.toLowerCase() === usdc ? 10n ** 6n : TOKEN_SCALE_DEFAULT);

  return async function handle(t: TaskView, nowS: bigint, acceptWindow: bigint): Promise<void> {
    const id = t.taskId;
    switch (t.status) {
      case "Submitted": {
        if (nowS > t.deadline) {
          queue.remove(id);
          defer({ action: "expire", id: id.toString(), populate: () => chain.marketplace.expireTask.populateTransaction(id), detail: { reason: "deadline" } });
          return;
        }
        const r = await providers.requirementsOf(id);
        queue.upsert({ taskId: id, reward: t.reward, tokenScale: tokenScale(t.token), redundancy: t.redundancy, gpuCount: r.gpuCount, deadline: t.deadline });
        return;
      }
      case "Assigned": {
        queue.remove(id);
        const { assignments } = await chain.getAssignments(id);
        const pastDeadline = nowS > t.deadline;
        const pastAccept = nowS > t.assignedAt + acceptWindow;
        const noShows = assignments.filter((a) => (pastDeadline ? a.state !== "Submitted" : a.state === "Assigned")).map((a) => a.provider);
        if (!(pastDeadline || pastAccept) || noShows.length === 0) return;
        let next: string[] = [];
        if (!pastDeadline) {
          try {
            const snap = await providers.snapshots(nowS);
            next = providers.candidates(snap.list, { gpuMemoryGiB: 0, computeCapability: 0, gpuCount: 0, region: "", privacy: "none", maxPrice: Number.MAX_VALUE }, noShows.length, new Set(assignments.map((a) => a.provider)));
          } catch {
            next = [];
          }
        }
        const sent = await act("expire", id.toString(), () => chain.send(() => chain.marketplace.expireTask(id)), { reason: pastDeadline ? "deadline" : "noShow", noShows });
        if (sent && !pastDeadline) {
          log({
            kind: "noShow",
            taskId: id.toString(),
            noShows,
            nextCandidates: next,
            note: "contract cannot replace an assigned provider: task expired (no-show penalised, requester refunded); reassignment needs reassignProvider(taskId, noShow, replacement)",
          });
        }
        return;
      }
      case "Challengeable":
        if (nowS >= t.deadline) defer({ action: "finalize", id: id.toString(), populate: () => chain.marketplace.finalizeTask.populateTransaction(id) });
        return;
      case "Audited":
      case "Disputed":
        // deadline = the audit timeout: past it, anyone unwinds the task (refund, nobody slashed).
        if (nowS > t.deadline) {
          await act("resolveStale", id.toString(), () => chain.send(() => chain.marketplace.resolveStale(id)));
          return;
        }
        if (auditorChain) await audit(t);
        return;
      default:
        return;
    }
  };
}
