/**
 * Batch handler: decodes one chain's protocol events and writes them, once per batch, into the shared tables.
 * Every id is prefixed with the chain id; every row has `chainId`.
 */
import { performance } from "node:perf_hooks";

import { In } from "typeorm";

import * as market from "./abi/ComputeMarketplace.js";
import * as governor from "./abi/StunGovernor.js";
import * as models from "./abi/ModelRegistry.js";
import * as registry from "./abi/ProviderRegistry.js";
import * as reputation from "./abi/ReputationRegistry.js";
import type { ChainConfig } from "./config.js";
import { fastEm, rawWrite } from "./fastwrite.js";
import {
  Assignment,
  AssignmentState,
  Audit,
  Dispute,
  Model,
  ParameterChange,
  PauseEvent,
  PaymentSplit,
  Payout,
  Proposal,
  ProposalState,
  Provider,
  ProviderEarning,
  ProviderSpecChange,
  Refund,
  ReputationUpdate,
  Slash,
  SlashReason,
  StakeEvent,
  StakeEventKind,
  Task,
  TaskEvent,
  TaskStatus,
  Vote,
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
const SLASH_REASONS = [SlashReason.WRONG_RESULT, SlashReason.NO_SHOW, SlashReason.FAILED_AUDIT, SlashReason.LOST_DISPUTE];

const bytes32ToText = (h: string): string => Buffer.from(h.slice(2), "hex").toString("utf8").replace(/\0+$/, "");

type Specs = ReturnType<typeof registry.events.ProviderRegistered.decode>["specs"];

/** Everything a batch reads and writes, kept in memory and flushed once. */
class Batch {
  readonly tasks = new Map<string, Task>();
  readonly providers = new Map<string, Provider>();
  readonly proposals = new Map<string, Proposal>();
  readonly assignments = new Map<string, Assignment>();
  readonly audits = new Map<string, Audit>();
  readonly disputes = new Map<string, Dispute>();
  readonly earnings = new Map<string, ProviderEarning>();
  readonly payouts = new Map<string, Payout>();
  readonly models: Model[] = [];
  readonly taskEvents: TaskEvent[] = [];
  readonly specChanges: ProviderSpecChange[] = [];
  readonly stakeEvents: StakeEvent[] = [];
  readonly slashes: Slash[] = [];
  readonly reputations: ReputationUpdate[] = [];
  readonly splits: PaymentSplit[] = [];
  readonly refunds: Refund[] = [];
  readonly votes: Vote[] = [];
  readonly params: ParameterChange[] = [];
  readonly pauses: PauseEvent[] = [];
}

export function makeHandler(c: ChainConfig) {
  const chainId = c.chainId;
  const A = {
    market: c.contracts.computeMarketplace.toLowerCase(),
    registry: c.contracts.providerRegistry.toLowerCase(),
    reputation: c.contracts.reputationRegistry.toLowerCase(),
    models: c.contracts.modelRegistry.toLowerCase(),
    governor: c.contracts.governor?.toLowerCase() ?? "",
  };
  const tid = (taskId: bigint) => `${chainId}-${taskId}`;
  const pid = (addr: string) => `${chainId}-${addr.toLowerCase()}`;
  const eid = (log: Log) => `${chainId}-${String(log.block.height).padStart(10, "0")}-${String(log.logIndex).padStart(5, "0")}`;

  const debug = process.env.STUN_INDEXER_DEBUG === "1";
  return async (ctx: Ctx): Promise<void> => {
    const tStart = performance.now();
    const b = new Batch();

    // ---- pre-scan: load every task, provider and proposal this batch touches, in one query each
    const taskIds = new Set<string>();
    const providerIds = new Set<string>();
    const proposalIds = new Set<string>();
    for (const block of ctx.blocks) {
      for (const log of block.logs) {
        const a = log.address;
        if (a === A.market) {
          if (log.topics[1] && log.topics[0] !== market.events.ParameterChanged.topic) {
            taskIds.add(tid(BigInt(log.topics[1])));
          }
          const t0 = log.topics[0];
          if (t0 === market.events.TaskAssigned.topic) {
            for (const p of market.events.TaskAssigned.decode(log).providers) providerIds.add(pid(p));
          } else if (
            log.topics[2] &&
            (t0 === market.events.TaskAccepted.topic || t0 === market.events.ResultSubmitted.topic || t0 === market.events.TaskCompleted.topic)
          ) {
            providerIds.add(pid("0x" + log.topics[2].slice(26)));
          }
        } else if (a === A.registry || a === A.reputation) {
          if (log.topics[1] && log.topics[0] !== registry.events.ParameterChanged.topic) {
            providerIds.add(pid("0x" + log.topics[1].slice(26)));
          }
        } else if (a === A.governor && log.topics[0] !== governor.events.ProposalCreated.topic) {
          // proposalId is the first data word of every governor event (VoteCast's voter is indexed)
          proposalIds.add(`${chainId}-${BigInt("0x" + log.data.slice(2, 66))}`);
        }
      }
      for (const tx of block.transactions) {
        if (tx.sighash === market.functions.expireTask.sighash) {
          try {
            taskIds.add(tid(market.functions.expireTask.decode(tx.input).taskId));
          } catch {
            /* malformed call data: the call reverted */
          }
        }
      }
    }
    const load = async <E extends { id: string }>(cls: new () => E, ids: Set<string>, into: Map<string, E>) => {
      if (ids.size === 0) return;
      const found = (await ctx.store.findBy(cls as never, { id: In([...ids]) } as never)) as E[];
      for (const e of found) into.set(e.id, e);
    };
    await load(Task, taskIds, b.tasks);
    await load(Provider, providerIds, b.providers);
    await load(Proposal, proposalIds, b.proposals);
    const assignmentIds = new Set<string>();
    const auditIds = new Set<string>();
    for (const t of b.tasks.values()) {
      for (const p of t.providers) assignmentIds.add(`${t.id}-${p}`);
      auditIds.add(t.id);
    }
    await load(Assignment, assignmentIds, b.assignments);
    await load(Audit, auditIds, b.audits);
    await load(Dispute, auditIds, b.disputes);
    if (providerIds.size > 0) {
      const es = await ctx.store.find(ProviderEarning, { where: { provider: { id: In([...providerIds]) } }, relations: { provider: false } });
      for (const e of es) {
        const p = b.providers.get(e.id.slice(0, e.id.lastIndexOf("-")));
        if (p) b.earnings.set(e.id, Object.assign(e, { provider: p }));
      }
    }

    const getTask = (taskId: bigint): Task => {
      const t = b.tasks.get(tid(taskId));
      if (!t) throw new Error(`chain ${chainId}: task ${taskId} not indexed (indexing must start at the deploy block)`);
      return t;
    };
    const getProvider = (addr: string): Provider => {
      const p = b.providers.get(pid(addr));
      if (!p) throw new Error(`chain ${chainId}: provider ${addr} not indexed`);
      return p;
    };
    const getEarning = (p: Provider, token: string): ProviderEarning => {
      const id = `${p.id}-${token}`;
      let e = b.earnings.get(id);
      if (!e) {
        e = new ProviderEarning({ id, chainId, provider: p, token, amount: 0n, tasks: 0 });
        b.earnings.set(id, e);
      }
      return e;
    };

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
        for (const log of g.logs) {
          const ev = (task: Task, name: string, extra: Partial<TaskEvent> = {}) => {
            task.updatedBlock = h.height;
            task.updatedAt = ts;
            touched.set(task.id, task);
            const e = new TaskEvent({
              id: eid(log), chainId, task, name, status: task.status, blockNumber: h.height, logIndex: log.logIndex,
              timestamp: ts, txHash: log.transactionHash, provider: null, resultHash: null, amount: null, ...extra,
            });
            b.taskEvents.push(e);
            txEvents.push(e);
          };
          const t0 = log.topics[0];
          if (log.address === A.market) {
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
                  resultHash: null, payout: null, assignedBlock: h.height,
                });
                b.assignments.set(a.id, a);
              }
              ev(t, "TaskAssigned");
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
              param(b, log, h, "computeMarketplace");
            } else if (t0 === E.Paused.topic || t0 === E.Unpaused.topic) {
              const paused = t0 === E.Paused.topic;
              const d = paused ? E.Paused.decode(log) : E.Unpaused.decode(log);
              b.pauses.push(new PauseEvent({
                id: eid(log), chainId, contract: "computeMarketplace", paused, by: d.account.toLowerCase(), blockNumber: h.height,
              }));
            }
          } else if (log.address === A.registry) {
            const E = registry.events;
            if (t0 === E.ProviderRegistered.topic || t0 === E.ProviderUpdated.topic) {
              const registered = t0 === E.ProviderRegistered.topic;
              const d = registered ? E.ProviderRegistered.decode(log) : E.ProviderUpdated.decode(log);
              const active = registered ? true : (d as ReturnType<typeof E.ProviderUpdated.decode>).active;
              const address = d.provider.toLowerCase();
              let p = b.providers.get(pid(address));
              if (!p) {
                p = new Provider({
                  id: pid(address), chainId, address, stake: 0n, pendingUnstake: 0n, totalSlashed: 0n, slashCount: 0,
                  reputation: null, tasksCompleted: 0, registeredBlock: h.height, registeredAt: ts,
                });
                b.providers.set(p.id, p);
              }
              Object.assign(p, specFields(d.specs), { active, updatedBlock: h.height });
              b.specChanges.push(new ProviderSpecChange({
                id: eid(log), chainId, provider: p, active, ...specFields(d.specs), blockNumber: h.height, timestamp: ts,
              }));
            } else if (t0 === E.Staked.topic || t0 === E.UnstakeRequested.topic || t0 === E.Unstaked.topic) {
              let kind: StakeEventKind;
              let amount: bigint;
              let unlockAt: bigint | null = null;
              let provider: string;
              if (t0 === E.Staked.topic) {
                const d = E.Staked.decode(log);
                [kind, amount, provider] = [StakeEventKind.STAKED, d.amount, d.provider];
              } else if (t0 === E.UnstakeRequested.topic) {
                const d = E.UnstakeRequested.decode(log);
                [kind, amount, provider, unlockAt] = [StakeEventKind.UNSTAKE_REQUESTED, d.amount, d.provider, d.unlockAt];
              } else {
                const d = E.Unstaked.decode(log);
                [kind, amount, provider] = [StakeEventKind.UNSTAKED, d.amount, d.provider];
              }
              const p = getProvider(provider);
              if (kind === StakeEventKind.STAKED) p.stake += amount;
              else if (kind === StakeEventKind.UNSTAKE_REQUESTED) {
                p.stake -= amount;
                p.pendingUnstake += amount;
              } else p.pendingUnstake = 0n; // withdrawUnstaked pays out all unbonding stake
              p.updatedBlock = h.height;
              b.stakeEvents.push(new StakeEvent({
                id: eid(log), chainId, provider: p, kind, amount, unlockAt, blockNumber: h.height, timestamp: ts, txHash: log.transactionHash,
              }));
            } else if (t0 === E.Slashed.topic) {
              const d = E.Slashed.decode(log);
              const p = getProvider(d.provider);
              // same split as ProviderRegistry.slash: from active stake first, then from unbonding
              if (d.amount <= p.stake) p.stake -= d.amount;
              else {
                p.pendingUnstake -= d.amount - p.stake;
                p.stake = 0n;
              }
              p.totalSlashed += d.amount;
              p.slashCount += 1;
              p.updatedBlock = h.height;
              const s = new Slash({
                id: eid(log), chainId, provider: p, task: null, amount: d.amount, reason: SLASH_REASONS[d.reason] ?? SlashReason.WRONG_RESULT,
                blockNumber: h.height, timestamp: ts, txHash: log.transactionHash,
              });
              b.slashes.push(s);
              txSlashes.push(s);
            } else if (t0 === E.ParameterChanged.topic) {
              param(b, log, h, "providerRegistry");
            }
          } else if (log.address === A.reputation) {
            const d = reputation.events.ReputationUpdated.decode(log);
            const p = getProvider(d.provider);
            p.reputation = d.score;
            b.reputations.push(new ReputationUpdate({ id: eid(log), chainId, provider: p, score: d.score, blockNumber: h.height, timestamp: ts }));
          } else if (log.address === A.models) {
            const d = models.events.ModelRegistered.decode(log);
            b.models.push(new Model({
              id: `${chainId}-${d.modelId}`, chainId, modelId: d.modelId, creator: d.creator.toLowerCase(), blockNumber: h.height,
            }));
          } else if (log.address === A.governor) {
            const E = governor.events;
            if (t0 === E.ProposalCreated.topic) {
              const d = E.ProposalCreated.decode(log);
              const pr = new Proposal({
                id: `${chainId}-${d.proposalId}`, chainId, proposalId: d.proposalId, proposer: d.proposer.toLowerCase(),
                targets: d.targets.map((x) => x.toLowerCase()), values: d.values.map(String), signatures: d.signatures,
                calldatas: d.calldatas, description: d.description, voteStart: d.voteStart, voteEnd: d.voteEnd,
                state: ProposalState.CREATED, etaSeconds: null, forVotes: 0n, againstVotes: 0n, abstainVotes: 0n,
                createdBlock: h.height, createdAt: ts,
              });
              b.proposals.set(pr.id, pr);
            } else {
              const isVote = t0 === E.VoteCast.topic || t0 === E.VoteCastWithParams.topic;
              if (isVote) {
                const d = t0 === E.VoteCast.topic ? E.VoteCast.decode(log) : E.VoteCastWithParams.decode(log);
                const pr = b.proposals.get(`${chainId}-${d.proposalId}`);
                if (!pr) continue;
                if (d.support === 0) pr.againstVotes += d.weight;
                else if (d.support === 1) pr.forVotes += d.weight;
                else pr.abstainVotes += d.weight;
                b.votes.push(new Vote({
                  id: eid(log), chainId, proposal: pr, voter: d.voter.toLowerCase(), support: d.support, weight: d.weight,
                  reason: d.reason, blockNumber: h.height,
                }));
              } else {
                const proposalId = BigInt("0x" + log.data.slice(2, 66));
                const pr = b.proposals.get(`${chainId}-${proposalId}`);
                if (!pr) continue;
                if (t0 === E.ProposalQueued.topic) {
                  pr.state = ProposalState.QUEUED;
                  pr.etaSeconds = E.ProposalQueued.decode(log).etaSeconds;
                } else if (t0 === E.ProposalExecuted.topic) pr.state = ProposalState.EXECUTED;
                else if (t0 === E.ProposalCanceled.topic) pr.state = ProposalState.CANCELED;
              }
            }
          }
        }

        // ---- end of transaction
        // expireTask past the deadline with a majority in runs verification without a marketplace event: ask the chain.
        if (g.tx && g.tx.sighash === market.functions.expireTask.sighash) {
          let taskId: bigint | undefined;
          try {
            taskId = market.functions.expireTask.decode(g.tx.input).taskId;
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
                name: "Verified", status, blockNumber: h.height, logIndex: -1, timestamp: ts, txHash: g.tx.hash,
                provider: null, resultHash: null, amount: null,
              }));
            }
          }
        }
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
    const fast = fastEm(ctx.store);
    const up = async (xs: object[]) => {
      if (xs.length === 0) return;
      if (fast) await rawWrite(fast, xs, "upsert");
      else await ctx.store.upsert(xs as Provider[]);
    };
    const ins = async (xs: object[]) => {
      if (xs.length === 0) return;
      if (fast) await rawWrite(fast, xs, "insert");
      else await ctx.store.insert(xs as Provider[]);
    };
    await up([...b.providers.values()]);
    await up([...b.tasks.values()]);
    await up([...b.proposals.values()]);
    await up(b.models);
    await up([...b.assignments.values()]);
    await up([...b.audits.values()]);
    await up([...b.disputes.values()]);
    await up([...b.payouts.values()]);
    await up([...b.earnings.values()]);
    for (const xs of [b.taskEvents, b.specChanges, b.stakeEvents, b.slashes, b.reputations, b.splits, b.refunds, b.votes, b.params, b.pauses]) {
      await ins(xs);
    }
    if (debug) {
      const n = ctx.blocks.reduce((k, x) => k + x.logs.length, 0);
      ctx.log.info(`batch ${ctx.blocks[0]?.header.height}-${ctx.blocks.at(-1)?.header.height} logs ${n} handler ${(performance.now() - tStart).toFixed(1)} ms flush ${(performance.now() - tFlush).toFixed(1)} ms uptime ${process.uptime().toFixed(3)} s`);
    }

    function param(batch: Batch, log: Log, h: BlockHeader, contract: string): void {
      const d = market.events.ParameterChanged.decode(log);
      batch.params.push(new ParameterChange({
        id: eid(log), chainId, contract, name: bytes32ToText(d.name), oldValue: d.oldValue, newValue: d.newValue, blockNumber: h.height,
      }));
    }
  };
}

function specFields(s: Specs) {
  return {
    gpuModel: bytes32ToText(s.gpuModel),
    vramGiB: s.vramGiB,
    computeCapability: s.computeCapability,
    gpuCount: s.gpuCount,
    region: s.region,
    pricePerUnit: s.pricePerUnit,
    tee: s.tee,
    attestationHash: s.attestationHash,
  };
}

/** The task's status on chain at the end of block `h` (eth_call getTask). */
async function chainStatusOf(ctx: Ctx, marketAddr: string, taskId: bigint, h: BlockHeader): Promise<TaskStatus | null> {
  const data = market.functions.getTask.encode({ taskId });
  const res: string = await ctx._chain.client.call("eth_call", [{ to: marketAddr, data }, "0x" + h.height.toString(16)]);
  const t = market.functions.getTask.decodeResult(res);
  return CHAIN_TASK_STATUS[t.status] ?? null;
}
