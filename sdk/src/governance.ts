/**
 * Governance on the hub: proposals that change a bounds-checked parameter (or the fee split), votes, queueing into
 * the timelock and execution. Proposal actions are recovered from the governor's ProposalCreated event, so queue
 * and execute need only the proposal id.
 */
import { Interface, encodeBytes32String, id as keccakId, type Provider, type Signer } from "ethers";

import {
  ComputeMarketplace__factory,
  ProviderRegistry__factory,
  StunGovernor__factory,
  StunTimelock__factory,
  type StunGovernor,
  type StunTimelock,
} from "../../types/ethers-contracts/index.js";
import type { TxResult } from "./chain/adapter.js";
import type { ChainDeployment } from "./deployments.js";
import { InvalidArgumentError, ProposalNotFoundError, ProposalStateError, StunError, decoded } from "./errors.js";
import { checkFeeSplit, checkParameter } from "./params.js";
import { withRetry } from "./retry.js";

export const PROPOSAL_STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
export type ProposalStateName = (typeof PROPOSAL_STATES)[number];

export interface ProposalActions {
  readonly targets: string[];
  readonly values: bigint[];
  readonly calldatas: string[];
  readonly description: string;
}

export interface ProposalInfo extends ProposalActions {
  readonly proposalId: bigint;
  readonly state: ProposalStateName;
  readonly voteStart: bigint;
  readonly voteEnd: bigint;
  /** Timelock eta (unix s) once queued, else 0. */
  readonly eta: bigint;
  readonly votes: { readonly against: bigint; readonly for: bigint; readonly abstain: bigint };
}

const marketplaceIface = new Interface(ComputeMarketplace__factory.abi);
const registryIface = new Interface(ProviderRegistry__factory.abi);

/** Actions of a proposal setting one parameter; the name and value are checked locally against the bounds. */
export function parameterProposal(d: ChainDeployment, name: string, value: bigint, description?: string): ProposalActions {
  const spec = checkParameter(name, value);
  const target = d.contracts[spec.contract];
  if (!target) throw new StunError("DeploymentIncomplete", `chain ${d.chain} has no ${spec.contract}`);
  const iface = spec.contract === "computeMarketplace" ? marketplaceIface : registryIface;
  return {
    targets: [target],
    values: [0n],
    calldatas: [iface.encodeFunctionData("setParameter", [encodeBytes32String(name), value])],
    description: description ?? `Set ${name} to ${value} (${new Date().toISOString()})`,
  };
}

export function feeSplitProposal(d: ChainDeployment, split: readonly [bigint, bigint, bigint], description?: string): ProposalActions {
  checkFeeSplit(...split);
  const target = d.contracts.computeMarketplace;
  if (!target) throw new StunError("DeploymentIncomplete", `chain ${d.chain} has no computeMarketplace`);
  return {
    targets: [target],
    values: [0n],
    calldatas: [marketplaceIface.encodeFunctionData("setFeeSplit", [...split])],
    description: description ?? `Set fee split to ${split.join("/")} (${new Date().toISOString()})`,
  };
}

export class Governance {
  readonly governor: StunGovernor;
  readonly timelock: StunTimelock;

  constructor(
    readonly deployment: ChainDeployment,
    readonly runner: Signer | Provider,
  ) {
    const g = deployment.contracts.governor;
    const t = deployment.contracts.timelock;
    if (!g || !t) throw new StunError("DeploymentIncomplete", `chain ${deployment.chain} has no governor/timelock (governance lives on the hub)`);
    this.governor = StunGovernor__factory.connect(g, runner);
    this.timelock = StunTimelock__factory.connect(t, runner);
  }

  private async send(fn: () => Promise<{ wait: () => Promise<{ hash: string; blockNumber: number } | null> }>): Promise<TxResult> {
    return decoded(async () => {
      const r = await (await fn()).wait();
      if (!r) throw new StunError("TxDropped", "transaction dropped");
      return { hash: r.hash, blockNumber: r.blockNumber };
    });
  }

  proposalId(a: ProposalActions): Promise<bigint> {
    return withRetry(() => this.governor.hashProposal(a.targets, a.values, a.calldatas, keccakId(a.description)));
  }

  async propose(a: ProposalActions): Promise<{ proposalId: bigint; tx: TxResult }> {
    const proposalId = await this.proposalId(a);
    const tx = await this.send(() => this.governor.propose(a.targets, a.values, a.calldatas, a.description));
    return { proposalId, tx };
  }

  async state(proposalId: bigint): Promise<ProposalStateName> {
    const s = await withRetry(() => this.governor.state(proposalId));
    return PROPOSAL_STATES[Number(s)] ?? "Pending";
  }

  /** The actions of a proposal, from its ProposalCreated event. */
  async actions(proposalId: bigint, fromBlock = this.deployment.deployBlock): Promise<ProposalActions> {
    const logs = await withRetry(() => this.governor.queryFilter(this.governor.filters.ProposalCreated(), fromBlock));
    const ev = logs.find((l) => l.args.proposalId === proposalId);
    if (!ev) throw new ProposalNotFoundError(proposalId);
    return {
      targets: [...ev.args.targets],
      values: [...ev.args[3]],
      calldatas: [...ev.args.calldatas],
      description: ev.args.description,
    };
  }

  async info(proposalId: bigint): Promise<ProposalInfo> {
    const [a, state, start, end, eta, votes] = await Promise.all([
      this.actions(proposalId),
      this.state(proposalId),
      withRetry(() => this.governor.proposalSnapshot(proposalId)),
      withRetry(() => this.governor.proposalDeadline(proposalId)),
      withRetry(() => this.governor.proposalEta(proposalId)),
      withRetry(() => this.governor.proposalVotes(proposalId)),
    ]);
    return { ...a, proposalId, state, voteStart: start, voteEnd: end, eta, votes: { against: votes[0], for: votes[1], abstain: votes[2] } };
  }

  private async expect(proposalId: bigint, wanted: ProposalStateName): Promise<void> {
    const s = await this.state(proposalId);
    if (s !== wanted) throw new ProposalStateError(proposalId, s, wanted);
  }

  /** support: 0 against, 1 for, 2 abstain. */
  async vote(proposalId: bigint, support: 0 | 1 | 2 = 1): Promise<TxResult> {
    if (![0, 1, 2].includes(support)) throw new InvalidArgumentError(`support must be 0, 1 or 2`);
    await this.expect(proposalId, "Active");
    return this.send(() => this.governor.castVote(proposalId, support));
  }

  async queue(proposalId: bigint): Promise<TxResult> {
    await this.expect(proposalId, "Succeeded");
    const a = await this.actions(proposalId);
    return this.send(() => this.governor.queue(a.targets, a.values, a.calldatas, keccakId(a.description)));
  }

  /** True when the proposal is Queued and its timelock operation is ready (eta reached). */
  async isReady(proposalId: bigint, actions?: ProposalActions): Promise<boolean> {
    if ((await this.state(proposalId)) !== "Queued") return false;
    const a = actions ?? (await this.actions(proposalId));
    const salt = await this.salt(a);
    const opId = await withRetry(() =>
      this.timelock.hashOperationBatch(a.targets, a.values, a.calldatas, "0x" + "00".repeat(32), salt),
    );
    return withRetry(() => this.timelock.isOperationReady(opId));
  }

  /** GovernorTimelockControl's salt: bytes20(governor) ^ descriptionHash. */
  private async salt(a: ProposalActions): Promise<string> {
    const g = BigInt(await this.governor.getAddress()) << 96n;
    return "0x" + (g ^ BigInt(keccakId(a.description))).toString(16).padStart(64, "0");
  }

  async execute(proposalId: bigint): Promise<TxResult> {
    await this.expect(proposalId, "Queued");
    const a = await this.actions(proposalId);
    if (!(await this.isReady(proposalId, a))) {
      const eta = await withRetry(() => this.governor.proposalEta(proposalId));
      throw new ProposalStateError(proposalId, `Queued (timelock not ready until ${eta})`, "ready");
    }
    return this.send(() => this.governor.execute(a.targets, a.values, a.calldatas, keccakId(a.description)));
  }
}
