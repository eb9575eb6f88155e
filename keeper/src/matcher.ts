/**
 * The resource matcher: a pure function from (task requirements, provider snapshots) to the best `k` distinct
 * eligible providers, scored as docs/protocol.md describes. It never touches the chain; the keeper passes its
 * choice to `assign`, where the contract re-checks eligibility.
 *
 * Complexity: one pass over the providers with a bounded min-heap of size k, O(n log k), no allocation per provider.
 */
import { heapPush, heapSiftDown, heapify } from "./heap.js";

export type Privacy = "none" | "tee" | "zk-inference" | "fhe";

export interface TaskRequirements {
  readonly gpuMemoryGiB: number;
  /** Compute capability ×10 (8.9 -> 89). */
  readonly computeCapability: number;
  readonly gpuCount: number;
  /** Preferred region, or "" for any. */
  readonly region: string;
  readonly privacy: Privacy;
  /** Highest acceptable price per unit of work, in the task's payment token's smallest unit. */
  readonly maxPrice: number;
}

export interface ProviderSnapshot {
  readonly id: string;
  readonly gpuMemoryGiB: number;
  readonly computeCapability: number;
  readonly gpuCount: number;
  readonly region: string;
  readonly tee: boolean;
  readonly pricePerUnit: number;
  /** Reputation in basis points, 0..10000. */
  readonly reputationBps: number;
  readonly completed: number;
  readonly failed: number;
  /** Mean execution latency observed for this provider, ms. */
  readonly avgLatencyMs: number;
  readonly activeTasks: number;
  readonly capacity: number;
  /** Eligible on-chain: registered, active, staked at least minStake, not jailed. */
  readonly eligible: boolean;
  /** Unix ms of the last signed heartbeat. */
  readonly lastHeartbeatMs: number;
}

export interface MatchWeights {
  readonly fit: number;
  readonly history: number;
  readonly latency: number;
  readonly price: number;
  readonly load: number;
  readonly reputation: number;
}

/** Default weights; they sum to 1 so a score is in [0, 1]. */
export const DEFAULT_WEIGHTS: MatchWeights = { fit: 0.15, history: 0.2, latency: 0.15, price: 0.2, load: 0.1, reputation: 0.2 };

export interface MatchOptions {
  readonly k?: number;
  readonly nowMs: number;
  /** A provider whose last heartbeat is older than this is skipped. */
  readonly heartbeatTtlMs: number;
  /** Extra latency, ms, assumed for a provider outside the task's region. */
  readonly crossRegionPenaltyMs?: number;
  readonly weights?: MatchWeights;
  /** Providers to leave out (for example those already assigned to the task). */
  readonly exclude?: ReadonlySet<string>;
}

export interface Match {
  readonly id: string;
  readonly score: number;
}

/** Hard requirements: the same checks the contract makes in `assign`, plus liveness. */
export function meetsRequirements(p: ProviderSnapshot, t: TaskRequirements, opts: MatchOptions): boolean {
  return (
    p.eligible &&
    opts.nowMs - p.lastHeartbeatMs <= opts.heartbeatTtlMs &&
    p.activeTasks < p.capacity &&
    p.gpuMemoryGiB >= t.gpuMemoryGiB &&
    p.computeCapability >= t.computeCapability &&
    p.gpuCount >= t.gpuCount &&
    p.pricePerUnit <= t.maxPrice &&
    (t.privacy !== "tee" || p.tee) &&
    !(opts.exclude?.has(p.id) ?? false)
  );
}

/** Score in [0, 1] of an eligible provider for a task. Higher is better. */
export function score(p: ProviderSnapshot, t: TaskRequirements, opts: MatchOptions): number {
  const w = opts.weights ?? DEFAULT_WEIGHTS;
  // Fit: prefer the smallest machine that fits, so large GPUs stay free for large tasks.
  const fit = t.gpuMemoryGiB / p.gpuMemoryGiB;
  // History: Laplace-smoothed success rate, so a newcomer starts at 0.5 rather than 0 or 1.
  const history = (p.completed + 1) / (p.completed + p.failed + 2);
  const penalty = t.region !== "" && p.region !== t.region ? (opts.crossRegionPenaltyMs ?? 150) : 0;
  const latency = 1000 / (1000 + p.avgLatencyMs + penalty);
  const price = t.maxPrice > 0 ? 1 - p.pricePerUnit / t.maxPrice : 1;
  const load = 1 - p.activeTasks / p.capacity;
  const reputation = p.reputationBps / 10_000;
  return (
    w.fit * fit + w.history * history + w.latency * latency + w.price * price + w.load * load + w.reputation * reputation
  );
}

/** Orders matches best first; ties go to the lexicographically smaller id, so the result is deterministic. */
const better = (a: Match, b: Match): boolean => a.score > b.score || (a.score === b.score && a.id < b.id);
/** Heap order of the bounded min-heap: the worse match sits nearer the root. */
const worse = (a: Match, b: Match): boolean => better(b, a);

/**
 * The best `k` (default 3) distinct eligible providers, best first. Fewer than `k` when fewer qualify.
 * A provider id listed twice counts once (its better entry).
 */
export function matchProviders(
  providers: readonly ProviderSnapshot[],
  task: TaskRequirements,
  opts: MatchOptions,
): Match[] {
  const k = opts.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const heap: Match[] = []; // min-heap by `better`: heap[0] is the worst kept
  for (const p of providers) {
    if (!meetsRequirements(p, task, opts)) continue;
    const m: Match = { id: p.id, score: score(p, task, opts) };
    const dup = heap.findIndex((h) => h.id === m.id); // k is tiny, a scan is cheaper than a map
    if (dup >= 0) {
      if (better(m, heap[dup] as Match)) {
        heap.splice(dup, 1);
        heapify(heap, worse);
        heapPush(heap, m, worse);
      }
      continue;
    }
    if (heap.length < k) heapPush(heap, m, worse);
    else if (better(m, heap[0] as Match)) {
      heap[0] = m;
      heapSiftDown(heap, 0, worse);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : 1));
}

/** Baseline for the benchmark and oracle for the tests: score everything, full sort, take k distinct. */
export function matchProvidersNaive(
  providers: readonly ProviderSnapshot[],
  task: TaskRequirements,
  opts: MatchOptions,
): Match[] {
  const best = new Map<string, Match>();
  for (const p of providers.filter((p) => meetsRequirements(p, task, opts))) {
    const m = { id: p.id, score: score(p, task, opts) };
    const prev = best.get(m.id);
    if (!prev || better(m, prev)) best.set(m.id, m);
  }
  return [...best.values()].sort((a, b) => (better(a, b) ? -1 : 1)).slice(0, opts.k ?? 3);
}
