/**
 * The audit flow: re-executes an Audited or Disputed task's spec (provider agent's executor by default, imported
 * lazily), compares the result hash with the on-chain majority, and reports the verdict with the AUDITOR_ROLE signer
 * (resolveAudit / resolveDispute) if the task is still in the state it was audited in.
 */
import type { BlobClient } from "../../sdk/src/blobstore/client.js";
import type { TaskView } from "../../sdk/src/chain/adapter.js";
import { resultHashOf } from "../../sdk/src/result.js";
import { FAILURE_BACKOFF_MS, type AuditExecutor, type KeeperContext } from "./context.js";

export function createAuditor(ctx: KeeperContext, blobs: BlobClient | undefined): (t: TaskView) => Promise<void> {
  const { chain, auditorChain, log, failedAt, act } = ctx;
  let executor: AuditExecutor | undefined = ctx.config.execute;
  async function loadExecutor(): Promise<AuditExecutor> {
    if (executor) return executor;
    const mod = await import("../../provider-agent/src/executor.js");
    executor = async (spec, fetch) => (await mod.executeTask(spec, { fetch })).output;
    return executor;
  }

  return async function audit(t: TaskView): Promise<void> {
    const id = t.taskId;
    const action = t.status === "Audited" ? "resolveAudit" : "resolveDispute";
    const key = `${action}:${id}`;
    const last = failedAt.get(key);
    if (last !== undefined && Date.now() - last < FAILURE_BACKOFF_MS) return;
    if (!auditorChain || !blobs) {
      log({ kind: "error", action, id: id.toString(), error: "AuditUnavailable", message: "auditor signer and blob store are both needed" });
      failedAt.set(key, Date.now());
      return;
    }
    let honest: boolean;
    try {
      const [details, expected] = await Promise.all([chain.getTaskDetails(id), chain.majorityResult(id)]);
      if (!details || !expected) throw new Error("task details or majority result missing");
      const spec = await blobs.get(details.taskHash);
      const output = await (await loadExecutor())(spec, (cid) => blobs.get(cid));
      honest = resultHashOf(output, chain.chainId, chain.marketplaceAddress, id).toLowerCase() === expected.toLowerCase();
    } catch (e) {
      failedAt.set(key, Date.now());
      const err = e as Error;
      log({ kind: "error", action, id: id.toString(), error: err.name === "Error" ? "AuditExecutionFailed" : err.name, message: err.message });
      return;
    }
    // State may have moved while executing: re-check before reporting.
    const now = await chain.statusOf(id);
    if (now !== t.status) return;
    const m = auditorChain.marketplace;
    await act(action, id.toString(), () => auditorChain.send(() => (action === "resolveAudit" ? m.resolveAudit(id, honest) : m.resolveDispute(id, honest))), { honest });
  };
}
