/**
 * Governance execution: follows ProposalQueued events (deduplicated by txHash:logIndex) from the deployment block and
 * executes each queued proposal once its timelock is ready.
 */
import type { Governance } from "../../sdk/src/governance.js";
import type { KeeperContext } from "./context.js";

export interface ProposalExecutor {
  /** Proposals seen queued and not yet executed (or seen leaving Queued). */
  readonly pending: ReadonlySet<bigint>;
  run(): Promise<void>;
}

export function createProposalExecutor(ctx: KeeperContext, gov: Governance | undefined): ProposalExecutor {
  const { chain, act } = ctx;
  const seenEvents = new Set<string>();
  const pendingProposals = new Set<bigint>();
  let govFromBlock = ctx.config.deployment.deployBlock;

  async function run(): Promise<void> {
    if (!gov) return;
    const latest = await chain.read(() => chain.provider.getBlockNumber());
    if (latest >= govFromBlock) {
      const logs = await chain.read(() => gov.governor.queryFilter(gov.governor.filters.ProposalQueued(), govFromBlock, latest));
      for (const l of logs) {
        const key = `${l.transactionHash}:${l.index}`;
        if (seenEvents.has(key)) continue;
        seenEvents.add(key);
        pendingProposals.add(l.args.proposalId);
      }
      govFromBlock = latest + 1;
    }
    for (const pid of pendingProposals) {
      const state = await gov.state(pid);
      if (state !== "Queued") {
        pendingProposals.delete(pid);
        continue;
      }
      if (!(await gov.isReady(pid))) continue;
      if (await act("executeProposal", pid.toString(), () => gov.execute(pid))) pendingProposals.delete(pid);
    }
  }

  return { pending: pendingProposals, run };
}
