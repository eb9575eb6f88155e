/** One EvmBatchProcessor per chain, RPC only (no Subsquid archive). */
import { EvmBatchProcessor } from "@subsquid/evm-processor";
import type {
  BlockHeader as _BlockHeader,
  DataHandlerContext,
  EvmBatchProcessorFields,
  Log as _Log,
  Transaction as _Transaction,
} from "@subsquid/evm-processor";
import type { Store } from "@subsquid/typeorm-store";

import * as market from "./abi/ComputeMarketplace.js";
import * as governor from "./abi/StunGovernor.js";
import * as models from "./abi/ModelRegistry.js";
import * as registry from "./abi/ProviderRegistry.js";
import * as reputation from "./abi/ReputationRegistry.js";
import { DEFAULT_FINALITY, DEFAULT_HEAD_POLL_MS, type ChainConfig } from "./config.js";

export const MARKET_EVENTS = [
  "TaskSubmitted",
  "TaskDetails",
  "TaskAssigned",
  "ProviderReassigned",
  "TaskAccepted",
  "ResultSubmitted",
  "AuditRequested",
  "AuditResolved",
  "AuditTimedOut",
  "TaskDisputed",
  "TaskFinalized",
  "TaskCompleted",
  "PaymentSplit",
  "TaskExpired",
  "TaskCancelled",
  "Refunded",
  "ParameterChanged",
  "Paused",
  "Unpaused",
] as const;
export const REGISTRY_EVENTS = [
  "ProviderRegistered",
  "ProviderUpdated",
  "Staked",
  "UnstakeRequested",
  "Unstaked",
  "Slashed",
  "ParameterChanged",
] as const;
export const GOVERNOR_EVENTS = [
  "ProposalCreated",
  "ProposalQueued",
  "ProposalExecuted",
  "ProposalCanceled",
  "VoteCast",
  "VoteCastWithParams",
] as const;

const topics = <T extends Record<string, { topic: string }>>(evs: T, names: readonly (keyof T)[]): string[] =>
  names.map((n) => evs[n]!.topic);

export function makeProcessor(c: ChainConfig) {
  const addr = (a: string) => a.toLowerCase();
  const p = new EvmBatchProcessor()
    .setRpcEndpoint({ url: c.rpcUrl, capacity: 10, maxBatchCallSize: 200 })
    .setFinalityConfirmation(c.finality ?? DEFAULT_FINALITY)
    .setRpcDataIngestionSettings({ headPollInterval: c.headPollMs ?? DEFAULT_HEAD_POLL_MS })
    .setBlockRange({ from: c.fromBlock ?? 0 })
    .setFields({
      block: { timestamp: true },
      log: { transactionHash: true, address: true, topics: true, data: true },
      transaction: { hash: true, input: true, sighash: true },
    })
    .addLog({ address: [addr(c.contracts.computeMarketplace)], topic0: topics(market.events, MARKET_EVENTS) })
    .addLog({ address: [addr(c.contracts.providerRegistry)], topic0: topics(registry.events, REGISTRY_EVENTS) })
    .addLog({ address: [addr(c.contracts.reputationRegistry)], topic0: [reputation.events.ReputationUpdated.topic] })
    .addLog({ address: [addr(c.contracts.modelRegistry)], topic0: [models.events.ModelRegistered.topic] })
    // expireTask past the deadline with a majority in moves the task on without a marketplace event (see handler)
    .addTransaction({ to: [addr(c.contracts.computeMarketplace)], sighash: [market.functions.expireTask.sighash] });
  if (c.contracts.governor) {
    p.addLog({ address: [addr(c.contracts.governor)], topic0: topics(governor.events, GOVERNOR_EVENTS) });
  }
  return p;
}

export type Fields = EvmBatchProcessorFields<ReturnType<typeof makeProcessor>>;
export type BlockHeader = _BlockHeader<Fields>;
export type Log = _Log<Fields>;
export type Transaction = _Transaction<Fields>;
export type Ctx = DataHandlerContext<Store, Fields>;
