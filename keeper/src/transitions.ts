/**
 * Per-task transitions driven by time: queue Submitted tasks for matching, expire past the deadline, replace a
 * no-show (a lane past its own accept window, neither accepted nor submitted) with the next candidate through
 * reassignProvider (expire-and-report when there is none), finalize after the challenge window, resolveStale past
 * the audit timeout, and hand live Audited / Disputed tasks to the auditor.
 */
import type { FullRequirements, TaskView } from "../../sdk/src/chain/adapter.js";
import { encodeRequirements } from "../../sdk/src/chain/evm.js";
import type { BatchCall } from "./batch.js";
import type { KeeperContext } from "./context.js";
import { numericsClassOf } from "./matcher.js";
import { type ProviderView, matcherRequirements } from "./providers.js";
import type { TaskQueue } from "./queue.js";
import type { TaskTracker } from "./tracker.js";

const TOKEN_SCALE_DEFAULT = 10n ** 18n;

export type TaskHandler = (t: TaskView, nowS: bigint, acceptWindow: bigint) => Promise<void>;

/**
 * `defer`: collects the pass's plain transitions (deadline expiry of a Submitted task, finalize) for one batch
 * (batch.ts); the no-show expiry, which logs its candidates after it lands, and the audit verdicts go one by one.
 */
export function createTaskHandler(
  ctx: KeeperContext,
  queue: TaskQueue,
  providers: ProviderView,
  tracker: TaskTracker,
  audit: (t: TaskView) => Promise<void>,
  defer: (c: BatchCall) => void,
): TaskHandler {
  const { chain, auditorChain, log, act } = ctx;
  const usdc = ctx.config.deployment.contracts.usdc?.toLowerCase();
  const tokenScale = (token: string): bigint => (usdc && token.toLowerCase() === usdc ? 10n ** 6n : TOKEN_SCALE_DEFAULT);

  /**
   * Reassigns each no-show to the matcher's next live eligible provider for the task's requirements (from its
   * TaskDetails log), never one of `exclude` (the task's lanes and its earlier no-shows), and of the numerics class
   * of the lanes that stay when they share one (matcher.ts). With too few candidates, expire-and-report: expireTask
   * (no-shows penalised, requester refunded) and a `noShow` event.
   */
  async function replaceNoShows(t: TaskView, lanes: string[], noShows: string[], exclude: Set<string>, nowS: bigint): Promise<void> {
    const id = t.taskId;
    let next: string[] = [];
    let requirements: FullRequirements | undefined;
    try {
      requirements = tracker.requirementsOf(id) ?? (await chain.getTaskDetails(id))?.requirements;
      if (requirements) {
        const snap = await providers.snapshots(nowS);
        const pool = snap.list.filter((p) => !exclude.has(p.id.toLowerCase()));
        const gone = new Set(noShows.map((a) => a.toLowerCase()));
        const staying = lanes.filter((a) => !gone.has(a.toLowerCase()));
        const classes = new Set(staying.map((a) => snap.list.find((p) => p.id.toLowerCase() === a.toLowerCase())).map((p) => (p ? numericsClassOf(p) : "?")));
        const onlyClass = classes.size === 1 && !classes.has("?") ? [...classes][0] : undefined;
        next = providers.candidates(pool, matcherRequirements(requirements), noShows.length, new Set(), onlyClass);
      }
    } catch (e) {
      log({ kind: "error", action: "reassign", id: id.toString(), error: (e as Error).name, message: (e as Error).message });
    }
    if (requirements && next.length === noShows.length) {
      const req = encodeRequirements(requirements);
      for (const [k, noShow] of noShows.entries()) {
        const replacement = next[k] as string;
        await act("reassign", id.toString(), () => chain.send(() => chain.marketplace.reassignProvider(id, noShow, replacement, req)), { noShow, replacement });
      }
      return;
    }
    const sent = await act("expire", id.toString(), () => chain.send(() => chain.marketplace.expireTask(id)), { reason: "noShow", noShows });
    if (sent) {
      log({
        kind: "noShow",
        taskId: id.toString(),
        noShows,
        nextCandidates: next,
        note: "too few live eligible providers to replace the no-shows: task expired (no-shows penalised, requester refunded)",
      });
    }
  }

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
        if (nowS > t.deadline) {
          // past the deadline: consensus over what is in, or expiry; the contract penalises the absentees
          const noShows = assignments.filter((a) => a.state !== "Submitted").map((a) => a.provider);
          if (noShows.length > 0) await act("expire", id.toString(), () => chain.send(() => chain.marketplace.expireTask(id)), { reason: "deadline", noShows });
          return;
        }
        // each lane has its own accept window: it opens `latency` s after the task's assignment until its result
        const noShows = assignments
          .filter((a) => a.state === "Assigned" && nowS > t.assignedAt + BigInt(a.latency) + acceptWindow)
          .map((a) => a.provider);
        if (noShows.length === 0) {
          // nothing to do until the next lane's window closes or the deadline (a log about the task wakes it sooner)
          const closes = assignments.filter((a) => a.state === "Assigned").map((a) => t.assignedAt + BigInt(a.latency) + acceptWindow + 1n);
          tracker.snooze(id, closes.reduce((m, c) => (c < m ? c : m), t.deadline + 1n));
          return;
        }
        const lanes = assignments.map((a) => a.provider);
        await replaceNoShows(t, lanes, noShows, new Set([...lanes.map((a) => a.toLowerCase()), ...tracker.replacedIn(id)]), nowS);
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
