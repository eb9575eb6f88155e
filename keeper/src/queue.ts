/**
 * Priority queue of open (Submitted) tasks: the keeper matches the most valuable and most urgent tasks first.
 *
 * priority = rewardWeight · log10(1 + rewardPerUnit) + urgencyWeight · urgency
 *   rewardPerUnit = reward (normalised to whole tokens by the token's scale) / units of work
 *                   (units = redundancy × max(1, gpuCount))
 *   urgency       = horizon / (horizon + secondsLeft)   (→ 1 as the deadline nears, 0.5 at `horizon` seconds left)
 * Pure: time comes in as an argument. Ties go to the lower task id (older first), so the order is deterministic.
 */
import { heapPop, heapPush } from "./heap.js";

export interface QueuedTask {
  readonly taskId: bigint;
  readonly reward: bigint;
  /** Smallest units per whole token (1e18 for ETH/STUN, 1e6 for USDC). */
  readonly tokenScale: bigint;
  readonly redundancy: number;
  readonly gpuCount: number;
  /** Unix seconds. */
  readonly deadline: bigint;
}

export interface PriorityWeights {
  readonly reward: number;
  readonly urgency: number;
  /** Seconds at which urgency is 0.5 (default 600). */
  readonly horizonS: number;
}

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = { reward: 1, urgency: 2, horizonS: 600 };

export const unitsOfWork = (t: Pick<QueuedTask, "redundancy" | "gpuCount">): number => Math.max(1, t.redundancy) * Math.max(1, t.gpuCount);

export function rewardPerUnit(t: QueuedTask): number {
  // bigint -> number with 6 decimals of the token kept.
  const micro = (t.reward * 1_000_000n) / (t.tokenScale > 0n ? t.tokenScale : 1n);
  return Number(micro) / 1e6 / unitsOfWork(t);
}

export function priority(t: QueuedTask, nowS: bigint, w: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS): number {
  const left = Number(t.deadline - nowS);
  if (left <= 0) return -Infinity; // past its deadline: nothing to match, the keeper expires it
  const urgency = w.horizonS / (w.horizonS + left);
  return w.reward * Math.log10(1 + rewardPerUnit(t)) + w.urgency * urgency;
}

interface Entry {
  readonly task: QueuedTask;
  readonly p: number;
}
const before = (a: Entry, b: Entry): boolean => a.p > b.p || (a.p === b.p && a.task.taskId < b.task.taskId);

/** A binary max-heap of tasks; priorities are computed for one `nowS` when the queue is ordered. */
export class TaskQueue {
  private readonly tasks = new Map<bigint, QueuedTask>();

  constructor(private readonly weights: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS) {}

  get size(): number {
    return this.tasks.size;
  }

  has(taskId: bigint): boolean {
    return this.tasks.has(taskId);
  }

  upsert(t: QueuedTask): void {
    this.tasks.set(t.taskId, t);
  }

  remove(taskId: bigint): boolean {
    return this.tasks.delete(taskId);
  }

  /** All tasks, best first at time `nowS` (tasks past their deadline last). Does not remove them. */
  ordered(nowS: bigint): QueuedTask[] {
    const heap: Entry[] = [];
    for (const task of this.tasks.values()) heapPush(heap, { task, p: priority(task, nowS, this.weights) }, before);
    const out: QueuedTask[] = [];
    while (heap.length) out.push(heapPop(heap, before).task);
    return out;
  }
}
