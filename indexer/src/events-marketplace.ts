/** The batch handler's ComputeMarketplace events, and the expireTask calls that move a task on without one. */
import * as market from "./abi/ComputeMarketplace.js";
import type { BatchContext, TxScope } from "./batch.js";
import {
  Assignment,
  AssignmentState,
  Audit,
  Dispute,
  PauseEvent,
  PaymentSplit,
  Payout,
  Refund,
  Task,
  TaskEvent,
  TaskStatus,
} from "./model/index.js";
import type { BlockHeader, Ctx, Log, Transaction } from "./processor.js";

/** TaskStatus in the contract's enum order (evm/contracts/marketplace/TaskTypes.sol). */
export const CHAIN_TASK_STATUS: readonly (TaskStatus | null)[] = [
  null,
  TaskStatus.SUBMITTED,
  TaskStatus.ASSIGNED,
  TaskStatus.VERIFYING,
  TaskStatus.AUDITED,
  TaskStatus.CHALLENGEABLE,
  TaskStatus.DISPUTED,
  TaskStatus.FINALIZED,
  TaskStatus.SLASHED_REFUNDED,
  TaskStatus.REFUNDED,
  TaskStatus.EXPIRED,
  TaskStatus.CANCELLED,
];

export function handleMarketLog(bc: BatchContext, tx: TxScope, log: Log): void {
  const { b, chainId, tid, eid, getTask, getProvider, getEarning } = bc;
  const { h, ts, pendingPayouts } = tx;
  const ev = (task: Task, name: string, extra: Partial<TaskEvent> = {}) => bc.taskEvent(tx, log, task, name, extra);
  const t0 = log.topics[0];
  const E = market.events;
  if (t0 === E.TaskSubmitted.topic) {
    const d = E.TaskSubmitted.decode(log);
    const t = new Task({
      id: tid(d.taskId), chainId, taskId: d.taskId, requester: d.requester.toLowerCase(), reward: d.reward,
      token: "0x0000000000000000000000000000000000000000", taskHash: null, modelId: null, deadline: null,
      redundancy: 1, maxPrice: 0n, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000",
      status: TaskStatus.SUBMITTED, providers: [], resultsIn: 0, resultHash: null, disputeBond: null,
      createdBlock: h.height, createdAt: ts, createdTx: log.transactionHash, updatedBlock: h.height, updatedAt: ts,
    });
    b.tasks.set(t.id, t);
    ev(t, "TaskSubmitted", { amount: d.reward });
  } else if (t0 === E.TaskDetails.topic) {
    const d = E.TaskDetails.decode(log);
    const t = getTask(d.taskId);
    const r = d.requirements;
    Object.assign(t, {
      taskHash: d.taskHash, modelId: /^0x0+$/.test(d.modelId) ? null : d.modelId, token: d.token.toLowerCase(),
      deadline: d.deadline, redundancy: d.redundancy, maxPrice: r.maxPrice, gpuMemory: r.gpuMemory,
      computeCapability: r.computeCapability, gpuCount: r.gpuCount, privacy: r.privacy, region: r.region,
    });
  } else if (t0 === E.TaskAssigned.topic) {
    const d = E.TaskAssigned.decode(log);
    const t = getTask(d.taskId);
    t.status = TaskStatus.ASSIGNED;
    t.providers = d.providers.map((p) => p.toLowerCase());
    for (const p of t.providers) {
      const a = new Assignment({
        id: `${t.id}-${p}`, chainId, task: t, provider: getProvider(p), state: AssignmentState.ASSIGNED,
        resultHash: null, payout: null, assignedBlock: h.height, replaces: null, replacedBy: null, replacedBlock: null,
      });
      b.assignments.set(a.id, a);
    }
    ev(t, "TaskAssigned");
  } else if (t0 === E.ProviderReassigned.topic) {
    // The replacement takes the no-show's lane (same position in `providers`) with its own accept window; the task
    // stays ASSIGNED. The no-show's row is kept as REPLACED (its Slashed / ReputationUpdated follow in this tx).
    const d = E.ProviderReassigned.decode(log);
    const t = getTask(d.taskId);
    const noShow = d.noShow.toLowerCase();
    const repl = d.replacement.toLowerCase();
    t.providers = t.providers.map((p) => (p === noShow ? repl : p));
    const old = b.assignments.get(`${t.id}-${noShow}`);
    if (old) Object.assign(old, { state: AssignmentState.REPLACED, replacedBy: repl, replacedBlock: h.height });
    // A provider replaced earlier on this task may come back as a replacement: its row is overwritten (the timeline
    // keeps both reassignments).
    const a = new Assignment({
      id: `${t.id}-${repl}`, chainId, task: t, provider: getProvider(repl), state: AssignmentState.ASSIGNED,
      resultHash: null, payout: null, assignedBlock: h.height, replaces: noShow, replacedBy: null, replacedBlock: null,
    });
    b.assignments.set(a.id, a);
    ev(t, "ProviderReassigned", { provider: repl, noShow });
  } else if (t0 === E.TaskAccepted.topic) {
    const d = E.TaskAccepted.decode(log);
    const t = getTask(d.taskId);
    const a = b.assignments.get(`${t.id}-${d.provider.toLowerCase()}`);
    if (a) a.state = AssignmentState.ACCEPTED;
    ev(t, "TaskAccepted", { provider: d.provider.toLowerCase() });
  } else if (t0 === E.ResultSubmitted.topic) {
    const d = E.ResultSubmitted.decode(log);
    const t = getTask(d.taskId);
    const a = b.assignments.get(`${t.id}-${d.provider.toLowerCase()}`);
    if (a) {
      a.state = AssignmentState.SUBMITTED;
      a.resultHash = d.resultHash;
    }
    t.resultsIn += 1;
    // The last result runs consensus in the same transaction: Verifying is transient (resolved at tx end).
    if (t.resultsIn >= t.redundancy) t.status = TaskStatus.VERIFYING;
    ev(t, "ResultSubmitted", { provider: d.provider.toLowerCase(), resultHash: d.resultHash });
  } else if (t0 === E.AuditRequested.topic) {
    const d = E.AuditRequested.decode(log);
    const t = getTask(d.taskId);
    t.status = TaskStatus.AUDITED;
    b.audits.set(t.id, new Audit({ id: t.id, chainId, task: t, honest: null, requestedBlock: h.height, resolvedBlock: null }));
    ev(t, "AuditRequested");
  } else if (t0 === E.AuditResolved.topic) {
    const d = E.AuditResolved.decode(log);
    const t = getTask(d.taskId);
    if (t.status === TaskStatus.DISPUTED) {
      const x = b.disputes.get(t.id);
      if (x) Object.assign(x, { honest: d.honest, resolvedBlock: h.height });
      // honest: TaskFinalized follows in this transaction
      if (!d.honest) t.status = TaskStatus.REFUNDED;
    } else {
      const x = b.audits.get(t.id);
      if (x) Object.assign(x, { honest: d.honest, resolvedBlock: h.height });
      t.status = d.honest ? TaskStatus.CHALLENGEABLE : TaskStatus.SLASHED_REFUNDED;
    }
    ev(t, "AuditResolved");
  } else if (t0 === E.AuditTimedOut.topic) {
    // No verdict before auditTimeout: resolveStale refunds the requester, nobody is slashed or paid.
    const t = getTask(E.AuditTimedOut.decode(log).taskId);
    const x = t.status === TaskStatus.DISPUTED ? b.disputes.get(t.id) : b.audits.get(t.id);
    if (x) x.resolvedBlock = h.height;
    t.status = TaskStatus.REFUNDED;
    ev(t, "AuditTimedOut");
  } else if (t0 === E.TaskDisputed.topic) {
    const d = E.TaskDisputed.decode(log);
    const t = getTask(d.taskId);
    t.status = TaskStatus.DISPUTED;
    t.disputeBond = d.bond;
    b.disputes.set(t.id, new Dispute({
      id: t.id, chainId, task: t, by: d.by.toLowerCase(), bond: d.bond, honest: null, openedBlock: h.height, resolvedBlock: null,
    }));
    ev(t, "TaskDisputed", { amount: d.bond });
  } else if (t0 === E.TaskCompleted.topic) {
    const d = E.TaskCompleted.decode(log);
    const t = getTask(d.taskId);
    const prov = getProvider(d.provider);
    t.resultHash = d.resultHash;
    prov.tasksCompleted += 1;
    const po = new Payout({
      id: `${t.id}-${prov.address}`, chainId, task: t, provider: prov, token: t.token, amount: 0n,
      resultHash: d.resultHash, blockNumber: h.height, timestamp: ts,
    });
    b.payouts.set(po.id, po);
    pendingPayouts.push(po);
    ev(t, "TaskCompleted", { provider: prov.address, resultHash: d.resultHash });
  } else if (t0 === E.PaymentSplit.topic) {
    const d = E.PaymentSplit.decode(log);
    const t = getTask(d.taskId);
    const mine = pendingPayouts.filter((p) => p.task.id === t.id);
    for (const po of mine) {
      po.amount = d.provider;
      const a = b.assignments.get(`${t.id}-${po.provider.address}`);
      if (a) a.payout = d.provider;
      const e = getEarning(po.provider, t.token);
      e.amount += d.provider;
      e.tasks += 1;
    }
    b.splits.push(new PaymentSplit({
      id: t.id, chainId, task: t, token: t.token, providerEach: d.provider, providerCount: mine.length,
      treasury: d.treasury, creator: d.creator, blockNumber: h.height, timestamp: ts,
    }));
    ev(t, "PaymentSplit", { amount: d.provider * BigInt(mine.length) + d.treasury + d.creator });
  } else if (t0 === E.TaskFinalized.topic) {
    const t = getTask(E.TaskFinalized.decode(log).taskId);
    t.status = TaskStatus.FINALIZED;
    ev(t, "TaskFinalized");
  } else if (t0 === E.TaskExpired.topic) {
    const t = getTask(E.TaskExpired.decode(log).taskId);
    t.status = TaskStatus.EXPIRED;
    ev(t, "TaskExpired");
  } else if (t0 === E.TaskCancelled.topic) {
    const t = getTask(E.TaskCancelled.decode(log).taskId);
    t.status = TaskStatus.CANCELLED;
    ev(t, "TaskCancelled");
  } else if (t0 === E.Refunded.topic) {
    const d = E.Refunded.decode(log);
    const t = getTask(d.taskId);
    b.refunds.push(new Refund({
      id: eid(log), chainId, task: t, to: d.to.toLowerCase(), token: t.token, amount: d.amount, blockNumber: h.height, timestamp: ts,
    }));
    ev(t, "Refunded", { amount: d.amount });
  } else if (t0 === E.ParameterChanged.topic) {
    bc.param(log, h, "computeMarketplace");
  } else if (t0 === E.Paused.topic || t0 === E.Unpaused.topic) {
    const paused = t0 === E.Paused.topic;
    const d = paused ? E.Paused.decode(log) : E.Unpaused.decode(log);
    b.pauses.push(new PauseEvent({
      id: eid(log), chainId, contract: "computeMarketplace", paused, by: d.account.toLowerCase(), blockNumber: h.height,
    }));
  }
}

/**
 * End of a transaction that called expireTask: past the deadline with a majority in, it runs verification without
 * a marketplace event, so ask the chain for the task's status.
 */
export async function handleExpireTask(ctx: Ctx, bc: BatchContext, tx: TxScope, call: Transaction, idx: number): Promise<void> {
  const { b, A, chainId, tid } = bc;
  const { h, ts, touched } = tx;
  let taskId: bigint | undefined;
  try {
    taskId = market.functions.expireTask.decode(call.input).taskId;
  } catch {
    taskId = undefined;
  }
  const t = taskId === undefined ? undefined : b.tasks.get(tid(taskId));
  if (t && t.status === TaskStatus.ASSIGNED) {
    const status = await chainStatusOf(ctx, A.market, t.taskId, h);
    if (status && status !== TaskStatus.ASSIGNED) {
      t.status = status;
      t.updatedBlock = h.height;
      t.updatedAt = ts;
      touched.set(t.id, t);
      b.taskEvents.push(new TaskEvent({
        id: `${chainId}-${String(h.height).padStart(10, "0")}-tx${String(idx).padStart(5, "0")}`, chainId, task: t,
        name: "Verified", status, blockNumber: h.height, logIndex: -1, timestamp: ts, txHash: call.hash,
        provider: null, noShow: null, resultHash: null, amount: null,
      }));
    }
  }
}

/** The task's status on chain at the end of block `h` (eth_call getTask). */
async function chainStatusOf(ctx: Ctx, marketAddr: string, taskId: bigint, h: BlockHeader): Promise<TaskStatus | null> {
  const data = market.functions.getTask.encode({ taskId });
  const res: string = await ctx._chain.client.call("eth_call", [{ to: marketAddr, data }, "0x" + h.height.toString(16)]);
  const t = market.functions.getTask.decodeResult(res);
  return CHAIN_TASK_STATUS[t.status] ?? null;
}
