/**
 * Loading and writing for the batch handler: one query per entity for every row a batch touches (found by a
 * pre-scan of its logs and expireTask calls), and the flush of the batch, parents first (foreign keys).
 */
import { In } from "typeorm";

import * as market from "./abi/ComputeMarketplace.js";
import * as governor from "./abi/StunGovernor.js";
import * as registry from "./abi/ProviderRegistry.js";
import type { BatchContext } from "./batch.js";
import { fastEm, rawWrite } from "./fastwrite.js";
import { Assignment, Audit, Dispute, Proposal, Provider, ProviderEarning, Task } from "./model/index.js";
import type { Ctx } from "./processor.js";

/** Loads every task, provider and proposal the batch touches (and their assignments, audits, disputes, earnings). */
export async function loadBatch(ctx: Ctx, bc: BatchContext): Promise<void> {
  const { b, A, chainId, tid, pid } = bc;
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
        } else if (t0 === market.events.ProviderReassigned.topic && log.topics[3]) {
          providerIds.add(pid("0x" + log.topics[2]!.slice(26)));
          providerIds.add(pid("0x" + log.topics[3].slice(26)));
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
}

/** Writes the batch, parents first (foreign keys). */
export async function flushBatch(ctx: Ctx, bc: BatchContext): Promise<void> {
  const { b } = bc;
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
}
