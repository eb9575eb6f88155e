/** The batch handler's StunGovernor events: proposals, votes, queue/execute/cancel. */
import * as governor from "./abi/StunGovernor.js";
import type { BatchContext, TxScope } from "./batch.js";
import { Proposal, ProposalState, Vote } from "./model/index.js";
import type { Log } from "./processor.js";

export function handleGovernorLog(bc: BatchContext, tx: TxScope, log: Log): void {
  const { b, chainId, eid } = bc;
  const { h, ts } = tx;
  const t0 = log.topics[0];
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
      if (!pr) return;
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
      if (!pr) return;
      if (t0 === E.ProposalQueued.topic) {
        pr.state = ProposalState.QUEUED;
        pr.etaSeconds = E.ProposalQueued.decode(log).etaSeconds;
      } else if (t0 === E.ProposalExecuted.topic) pr.state = ProposalState.EXECUTED;
      else if (t0 === E.ProposalCanceled.topic) pr.state = ProposalState.CANCELED;
    }
  }
}
