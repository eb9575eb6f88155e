/**
 * The keeper's event-driven view of open tasks. Instead of re-reading every open task on every pass, each pass
 * applies the marketplace logs since the last scanned block and re-reads only:
 * - tasks named by a log in the new blocks (every task event has `taskId` as topic 1) and newly created ids;
 * - every open task again once per `fullResyncMs` (a safety net against missed logs or a reorg).
 * Tasks whose time-driven transition is due (deadline, accept window, challenge window, audit) are listed by
 * `due()` from the cached views, without RPC; a task checked with nothing to do can be snoozed until its next
 * timer (`snooze`), and any log about it wakes it.
 *
 * It also counts each provider's outstanding assignments (TaskAssigned and ProviderReassigned minus its
 * ResultSubmitted, cleared when the task leaves Assigned): the matcher's load, fresher than heartbeats, which arrive
 * every few seconds; and remembers which providers a task's no-shows were, so a replacement is never one of them.
 * Requirements are immutable per task and come from the TaskDetails logs it applies anyway.
 */
import type { FullRequirements, TaskView } from "../../sdk/src/chain/adapter.js";
import { type EvmAdapter, decodeRequirements } from "../../sdk/src/chain/evm.js";
import { TaskNotFoundError } from "../../sdk/src/errors.js";
import { mapLimit } from "../../sdk/src/map-limit.js";

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["Finalized", "SlashedRefunded", "Refunded", "Expired", "Cancelled"]);

/** Blocks per eth_getLogs request. */
const LOG_CHUNK = 2000;
/** Parallel eth_calls when refreshing task views. */
const READ_CONCURRENCY = 16;

export interface TrackerOptions {
  /** First block to scan (the deployment block: a restarted keeper rebuilds its view from the chain). */
  readonly fromBlock: number;
  /** Re-read every open task at least this often (ms, default 30 s). */
  readonly fullResyncMs?: number;
}

/** The address in an indexed event topic, lower-case. */
const topicAddress = (topic: string): string => ("0x" + topic.slice(26)).toLowerCase();

export class TaskTracker {
  /** Open (non-terminal) tasks, by id. */
  readonly views = new Map<bigint, TaskView>();
  private readonly outstanding = new Map<string, Set<bigint>>();
  private scanned: number;
  private nextId = 1n;
  private lastFullMs = 0;
  /** Providers replaced as no-shows, per task (never picked again for that task). */
  private readonly replaced = new Map<bigint, Set<string>>();
  /** Requirements of open tasks, from their TaskDetails logs (immutable per task). */
  private readonly requirements = new Map<bigint, FullRequirements>();
  private readonly topics: { assigned: string; result: string; reassigned: string; details: string };
  /** Chain time before which a task is not due again (set by the handler; cleared by a log naming the task). */
  private readonly snoozed = new Map<bigint, bigint>();

  constructor(
    private readonly chain: EvmAdapter,
    private readonly opts: TrackerOptions,
  ) {
    this.scanned = opts.fromBlock - 1;
    const i = chain.marketplace.interface;
    this.topics = {
      assigned: i.getEvent("TaskAssigned").topicHash,
      result: i.getEvent("ResultSubmitted").topicHash,
      reassigned: i.getEvent("ProviderReassigned").topicHash,
      details: i.getEvent("TaskDetails").topicHash,
    };
  }

  /** Outstanding assignments of `provider` (assigned, no result yet, task still Assigned). */
  load(provider: string): number {
    return this.outstanding.get(provider.toLowerCase())?.size ?? 0;
  }

  /** A task's requirements as its TaskDetails log states them (undefined: no such log applied). */
  requirementsOf(taskId: bigint): FullRequirements | undefined {
    return this.requirements.get(taskId);
  }

  /** Providers this task's no-shows were (lower-case addresses). */
  replacedIn(taskId: bigint): ReadonlySet<string> {
    return this.replaced.get(taskId) ?? new Set();
  }

  /**
   * Applies the logs up to `head` and refreshes the tasks they name (plus new ids, plus all open tasks when a full
   * resync is due). Returns the ids whose view was re-read.
   */
  async sync(head: number): Promise<Set<bigint>> {
    const dirty = new Set<bigint>();
    const next = await this.chain.read(() => this.chain.marketplace.nextTaskId());
    for (let id = this.nextId; id < next; id++) dirty.add(id);
    this.nextId = next > this.nextId ? next : this.nextId;
    const market = this.chain.marketplaceAddress;
    while (this.scanned < head) {
      const from = this.scanned + 1;
      const to = Math.min(head, from + LOG_CHUNK - 1);
      const logs = await this.chain.read(() => this.chain.provider.getLogs({ address: market, fromBlock: from, toBlock: to }));
      for (const l of logs) this.apply(l.topics, l.data, dirty);
      this.scanned = to;
    }
    if (Date.now() - this.lastFullMs >= (this.opts.fullResyncMs ?? 30_000)) {
      for (const id of this.views.keys()) dirty.add(id);
      this.lastFullMs = Date.now();
    }
    const ids = [...dirty].filter((id) => id > 0n && id < this.nextId);
    const views = await mapLimit(ids, READ_CONCURRENCY, (id) =>
      this.chain.getTask(id).catch((e: unknown) => {
        if (e instanceof TaskNotFoundError) return undefined;
        throw e;
      }),
    );
    ids.forEach((id, k) => this.put(id, views[k]));
    return new Set(ids);
  }

  /** Re-reads one task now (after this keeper changed it). */
  async refresh(id: bigint): Promise<TaskView | undefined> {
    const v = await this.chain.getTask(id).catch((e: unknown) => {
      if (e instanceof TaskNotFoundError) return undefined;
      throw e;
    });
    this.put(id, v);
    return this.views.get(id);
  }

  /** Leaves `id` out of `due()` before chain time `untilS`, unless a log names the task first. */
  snooze(id: bigint, untilS: bigint): void {
    this.snoozed.set(id, untilS);
  }

  /** Open tasks whose time-driven transition may be due at chain time `nowS`, oldest first. */
  due(nowS: bigint, acceptWindow: bigint): bigint[] {
    const out: bigint[] = [];
    for (const [id, t] of this.views) {
      const until = this.snoozed.get(id);
      if (until !== undefined && nowS < until) continue;
      switch (t.status) {
        case "Submitted":
        case "Challengeable":
          if (nowS >= t.deadline) out.push(id);
          break;
        case "Assigned":
          if (nowS > t.deadline || nowS > t.assignedAt + acceptWindow) out.push(id);
          break;
        case "Audited":
        case "Disputed":
          out.push(id);
          break;
        default:
          break;
      }
    }
    return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private put(id: bigint, v: TaskView | undefined): void {
    if (!v || TERMINAL_STATUSES.has(v.status)) {
      this.views.delete(id);
      this.snoozed.delete(id);
      this.replaced.delete(id);
      this.requirements.delete(id);
      this.clearOutstanding(id);
      return;
    }
    this.views.set(id, v);
    if (v.status !== "Assigned") this.clearOutstanding(id);
  }

  private apply(topics: readonly string[], data: string, dirty: Set<bigint>): void {
    const t1 = topics[1];
    if (t1 === undefined) return;
    const id = BigInt(t1);
    dirty.add(id);
    this.snoozed.delete(id);
    if (topics[0] === this.topics.details) {
      const ev = this.chain.marketplace.interface.parseLog({ topics: [...topics], data });
      if (ev) this.requirements.set(id, decodeRequirements(ev.args.requirements));
    } else if (topics[0] === this.topics.assigned) {
      const ev = this.chain.marketplace.interface.parseLog({ topics: [...topics], data });
      for (const p of (ev?.args.providers as string[] | undefined) ?? []) {
        const k = p.toLowerCase();
        let s = this.outstanding.get(k);
        if (!s) this.outstanding.set(k, (s = new Set()));
        s.add(id);
      }
    } else if (topics[0] === this.topics.result) {
      const t2 = topics[2];
      if (t2 !== undefined) this.outstanding.get(topicAddress(t2))?.delete(id);
    } else if (topics[0] === this.topics.reassigned) {
      const [, , noShow, replacement] = topics;
      if (noShow === undefined || replacement === undefined) return;
      this.outstanding.get(topicAddress(noShow))?.delete(id);
      const k = topicAddress(replacement);
      let s = this.outstanding.get(k);
      if (!s) this.outstanding.set(k, (s = new Set()));
      s.add(id);
      let r = this.replaced.get(id);
      if (!r) this.replaced.set(id, (r = new Set()));
      r.add(topicAddress(noShow));
    }
  }

  private clearOutstanding(id: bigint): void {
    for (const s of this.outstanding.values()) s.delete(id);
  }
}
