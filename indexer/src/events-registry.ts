/** The batch handler's ProviderRegistry, ReputationRegistry and ModelRegistry events. */
import * as models from "./abi/ModelRegistry.js";
import * as registry from "./abi/ProviderRegistry.js";
import * as reputation from "./abi/ReputationRegistry.js";
import { type BatchContext, type TxScope, bytes32ToText } from "./batch.js";
import {
  Model,
  Provider,
  ProviderSpecChange,
  ReputationUpdate,
  Slash,
  SlashReason,
  StakeEvent,
  StakeEventKind,
} from "./model/index.js";
import type { Log } from "./processor.js";

const SLASH_REASONS = [SlashReason.WRONG_RESULT, SlashReason.NO_SHOW, SlashReason.FAILED_AUDIT, SlashReason.LOST_DISPUTE];

type Specs = ReturnType<typeof registry.events.ProviderRegistered.decode>["specs"];

export function handleRegistryLog(bc: BatchContext, tx: TxScope, log: Log): void {
  const { b, chainId, pid, eid, getProvider } = bc;
  const { h, ts, txSlashes } = tx;
  const t0 = log.topics[0];
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
    bc.param(log, h, "providerRegistry");
  }
}

export function handleReputationLog(bc: BatchContext, tx: TxScope, log: Log): void {
  const { b, chainId, eid, getProvider } = bc;
  const { h, ts } = tx;
  const d = reputation.events.ReputationUpdated.decode(log);
  const p = getProvider(d.provider);
  p.reputation = d.score;
  b.reputations.push(new ReputationUpdate({ id: eid(log), chainId, provider: p, score: d.score, blockNumber: h.height, timestamp: ts }));
}

export function handleModelLog(bc: BatchContext, tx: TxScope, log: Log): void {
  const { b, chainId } = bc;
  const { h } = tx;
  const d = models.events.ModelRegistered.decode(log);
  b.models.push(new Model({
    id: `${chainId}-${d.modelId}`, chainId, modelId: d.modelId, creator: d.creator.toLowerCase(), blockNumber: h.height,
  }));
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
