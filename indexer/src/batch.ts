/**
 * The batch context shared by the indexer's event modules: the in-memory rows of one batch (`Batch`), the
 * chain-prefixed ids, lookups of the rows loaded for the batch, and the per-transaction scope.
 */
import * as market from "./abi/ComputeMarketplace.js";
import {
  type Assignment,
  type Audit,
  type Dispute,
  type Model,
  ParameterChange,
  type PauseEvent,
  type PaymentSplit,
  type Payout,
  type Proposal,
  type Provider,
  ProviderEarning,
  type ProviderSpecChange,
  type Refund,
  type ReputationUpdate,
  type Slash,
  type StakeEvent,
  type Task,
  TaskEvent,
  type Vote,
} from "./model/index.js";
import type { BlockHeader, Log } from "./processor.js";

export const bytes32ToText = (h: string): string => Buffer.from(h.slice(2), "hex").toString("utf8").replace(/\0+$/, "");

/** Everything a batch reads and writes, kept in memory and flushed once. */
export class Batch {
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

/** The protocol contracts of one chain, lowercased ("" for a chain without a governor). */
export interface Addresses {
  market: string;
  registry: string;
  reputation: string;
  models: string;
  governor: string;
}

/** One transaction's logs are handled together: what they touched is fixed up at the end of the transaction. */
export interface TxScope {
  h: BlockHeader;
  ts: Date;
  touched: Map<string, Task>;
  txSlashes: Slash[];
  txEvents: TaskEvent[];
  pendingPayouts: Payout[];
}

export class BatchContext {
  readonly b = new Batch();

  constructor(
    readonly chainId: number,
    readonly A: Addresses,
  ) {}

  readonly tid = (taskId: bigint) => `${this.chainId}-${taskId}`;
  readonly pid = (addr: string) => `${this.chainId}-${addr.toLowerCase()}`;
  readonly eid = (log: Log) => `${this.chainId}-${String(log.block.height).padStart(10, "0")}-${String(log.logIndex).padStart(5, "0")}`;

  readonly getTask = (taskId: bigint): Task => {
    const t = this.b.tasks.get(this.tid(taskId));
    if (!t) throw new Error(`chain ${this.chainId}: task ${taskId} not indexed (indexing must start at the deploy block)`);
    return t;
  };
  readonly getProvider = (addr: string): Provider => {
    const p = this.b.providers.get(this.pid(addr));
    if (!p) throw new Error(`chain ${this.chainId}: provider ${addr} not indexed`);
    return p;
  };
  readonly getEarning = (p: Provider, token: string): ProviderEarning => {
    const id = `${p.id}-${token}`;
    let e = this.b.earnings.get(id);
    if (!e) {
      e = new ProviderEarning({ id, chainId: this.chainId, provider: p, token, amount: 0n, tasks: 0 });
      this.b.earnings.set(id, e);
    }
    return e;
  };

  /** Records a TaskEvent for `log` and marks the task as touched (updated) in this transaction. */
  taskEvent(tx: TxScope, log: Log, task: Task, name: string, extra: Partial<TaskEvent> = {}): void {
    const { h, ts } = tx;
    task.updatedBlock = h.height;
    task.updatedAt = ts;
    tx.touched.set(task.id, task);
    const e = new TaskEvent({
      id: this.eid(log), chainId: this.chainId, task, name, status: task.status, blockNumber: h.height, logIndex: log.logIndex,
      timestamp: ts, txHash: log.transactionHash, provider: null, noShow: null, resultHash: null, amount: null, ...extra,
    });
    this.b.taskEvents.push(e);
    tx.txEvents.push(e);
  }

  /** A ParameterChanged event (same signature on every contract that has one). */
  param(log: Log, h: BlockHeader, contract: string): void {
    const d = market.events.ParameterChanged.decode(log);
    this.b.params.push(new ParameterChange({
      id: this.eid(log), chainId: this.chainId, contract, name: bytes32ToText(d.name), oldValue: d.oldValue, newValue: d.newValue, blockNumber: h.height,
    }));
  }
}
