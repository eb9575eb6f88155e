/**
 * The audit flow: re-executes an Audited or Disputed task's spec (provider agent's executor by default, imported
 * lazily), compares the result hash with the on-chain majority, and reports the verdict with the AUDITOR_ROLE signer
 * (resolveAudit / resolveDispute) if the task is still in the state it was audited in.
 *
 * Numerical noise is not cheating: when the hashes differ, the auditor fetches the majority's published output
 * (the output ref its providers set), checks that it hashes to the on-chain majority result, and rules honest if
 * every value is within AUDIT_TOLERANCE_QUANTA of its own re-execution. A GPU and a CPU executor round about 3% of
 * a large model's outputs one quantum apart (docs/protocol.md, "Matching and numerical agreement"); a result that
 * was not computed cannot land that close. No published output: the exact comparison stands.
 */
import type { BlobClient } from "../../sdk/src/blobstore/client.js";
import type { TaskView } from "../../sdk/src/chain/adapter.js";
import { agreedOutput } from "../../sdk/src/agreed-output.js";
import { OutputUnavailableError, ResultMismatchError } from "../../sdk/src/errors.js";
import { type CanonicalOutput, resultHashOf } from "../../sdk/src/result.js";
import { FAILURE_BACKOFF_MS, type AuditExecutor, type KeeperContext } from "./context.js";

/** Largest per-value difference, in output quanta (2^-8), between a re-execution and an honest result. */
export const AUDIT_TOLERANCE_QUANTA = 1;

/** True if both outputs have the same shape and every value differs by at most `quanta`. */
export function withinQuanta(a: CanonicalOutput, b: CanonicalOutput, quanta: number): boolean {
  return (
    a.shape.length === b.shape.length &&
    a.shape.every((d, i) => d === b.shape[i]) &&
    a.q.length === b.q.length &&
    a.q.every((v, i) => Math.abs(v - (b.q[i] ?? Number.NaN)) <= quanta)
  );
}

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
      if (!honest) {
        const published = await agreedOutput(chain, blobs, id, { expected, skipUnreadable: true }).catch((e: unknown) => {
          if (e instanceof OutputUnavailableError || e instanceof ResultMismatchError) return undefined;
          throw e;
        });
        honest = published !== undefined && withinQuanta(published.output, output, AUDIT_TOLERANCE_QUANTA);
        if (honest) log({ kind: "info", message: "audit: majority output within tolerance of the re-execution", detail: { taskId: id.toString(), quanta: AUDIT_TOLERANCE_QUANTA } });
      }
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
