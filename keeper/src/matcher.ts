/**
 * The resource matcher: a pure function from (task requirements, provider snapshots) to the best `k` distinct
 * eligible providers, scored as docs/protocol.md describes. It never touches the chain; the keeper passes its
 * choice to `assign`, where the contract re-checks eligibility.
 *
 * Redundant lanes are kept within one numerics class (`ProviderSnapshot.numericsClass`, the on-chain GPU model):
 * measured on an H100, PyTorch on CUDA and onnxruntime on the CPU round about 3% of a large MLP's outputs to
 * different quanta (provider-agent/README.md, "GPU path"), and the consensus compares result hashes exactly, so a
 * mixed set could outvote and slash an honest provider. The best class that can fill all `k` lanes wins; only when
 * none can are classes mixed (the keeper logs it).
 *
 * Complexity: one pass over the providers with a bounded min-heap of size k per class, O(n log k), no allocation
 * per provider.
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
  /**
   * Providers of one class compute bit-identical outputs (the keeper uses the on-chain GPU model, "CPU" for CPU
   * providers). Unset: the shared class "".
   */
  readonly numericsClass?: string;
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
  /** "same" (default): all k lanes from one numerics class when any class can fill them; "any": best k overall. */
  readonly classes?: "same" | "any";
  /** Only providers of this numerics class (a no-show's replacement joins the class of the task's other lanes). */
  readonly onlyClass?: string;
}

export const numericsClassOf = (p: ProviderSnapshot): string => p.numericsClass ?? "";

export interface Match {
  readonly id: string;
  readonly score: number;
  /** The provider's numerics class (callers can see whether a result mixes classes). */
  readonly numericsClass: string;
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
    !(opts.exclude?.has(p.id) ?? false) &&
    (opts.onlyClass === undefined || numericsClassOf(p) === opts.onlyClass)
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

/** Keeps the best `k` distinct matches in `heap` (a min-heap by `better`: heap[0] is the worst kept). */
function offer(heap: Match[], m: Match, k: number): void {
  const dup = heap.findIndex((h) => h.id === m.id); // k is tiny, a scan is cheaper than a map
  if (dup >= 0) {
    if (better(m, heap[dup] as Match)) {
      heap.splice(dup, 1);
      heapify(heap, worse);
      heapPush(heap, m, worse);
    }
    return;
  }
  if (heap.length < k) heapPush(heap, m, worse);
  else if (better(m, heap[0] as Match)) {
    heap[0] = m;
    heapSiftDown(heap, 0, worse);
  }
}

const bestFirst = (ms: Match[]): Match[] => ms.sort((a, b) => (better(a, b) ? -1 : 1));

/**
 * Of the classes whose best-first top list has `k` members, the one with the highest score sum (summed best
 * first, so both implementations add in the same order); ties go to the smaller class name.
 */
function bestFullClass(tops: Iterable<[string, Match[]]>, k: number): Match[] | undefined {
  let best: { name: string; sum: number; top: Match[] } | undefined;
  for (const [name, top] of tops) {
    if (top.length < k) continue;
    const sum = top.reduce((acc, m) => acc + m.score, 0);
    if (!best || sum > best.sum || (sum === best.sum && name < best.name)) best = { name, sum, top };
  }
  return best?.top;
}

const groupByClass = (opts: MatchOptions, k: number): boolean => (opts.classes ?? "same") === "same" && k > 1;

function checkK(opts: MatchOptions): number {
  const k = opts.k ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  return k;
}

/**
 * The best `k` (default 3) distinct eligible providers, best first, from one numerics class when one can fill all
 * `k` (see the module comment). Fewer than `k` when fewer qualify. A provider id listed twice counts once (its
 * better entry; ids are expected to be unique, as the registry's are).
 */
export function matchProviders(
  providers: readonly ProviderSnapshot[],
  task: TaskRequirements,
  opts: MatchOptions,
): Match[] {
  const k = checkK(opts);
  const byClass = groupByClass(opts, k) ? new Map<string, Match[]>() : undefined;
  const all: Match[] = [];
  for (const p of providers) {
    if (!meetsRequirements(p, task, opts)) continue;
    const m: Match = { id: p.id, score: score(p, task, opts), numericsClass: numericsClassOf(p) };
    if (!byClass) {
      offer(all, m, k);
      continue;
    }
    let heap = byClass.get(m.numericsClass);
    if (!heap) byClass.set(m.numericsClass, (heap = []));
    offer(heap, m, k);
  }
  if (!byClass) return bestFirst(all);
  const tops = [...byClass].map(([c, h]): [string, Match[]] => [c, bestFirst(h)]);
  const chosen = bestFullClass(tops, k);
  if (chosen) return chosen;
  // No class fills k: the overall best k are among the classes' own best k.
  for (const [, top] of tops) for (const m of top) offer(all, m, k);
  return bestFirst(all);
}

/** Baseline for the benchmark and oracle for the tests: score everything, full sort, take k distinct. */
export function matchProvidersNaive(
  providers: readonly ProviderSnapshot[],
  task: TaskRequirements,
  opts: MatchOptions,
): Match[] {
  const k = checkK(opts);
  const best = new Map<string, Match>();
  for (const p of providers.filter((p) => meetsRequirements(p, task, opts))) {
    const m = { id: p.id, score: score(p, task, opts), numericsClass: numericsClassOf(p) };
    const prev = best.get(m.id);
    if (!prev || better(m, prev)) best.set(m.id, m);
  }
  const ranked = [...best.values()].sort((a, b) => (better(a, b) ? -1 : 1));
  if (groupByClass(opts, k)) {
    const classes = [...new Set(ranked.map((m) => m.numericsClass))];
    const chosen = bestFullClass(classes.map((c) => [c, ranked.filter((m) => m.numericsClass === c).slice(0, k)]), k);
    if (chosen) return chosen;
  }
  return ranked.slice(0, k);
}
