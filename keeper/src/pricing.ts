/**
 * The pricing engine: a fair reward for a task, from the live prices of the providers that could run it and the
 * depth of the queue. Pure.
 *
 *   candidates = live providers meeting the hard requirements (memory, capability, GPU count, region, TEE, maxPrice)
 *   clearing   = the r-th lowest candidate price (so r distinct providers are willing at that price)
 *   surge      = 1 + surgeBps/10000 · min(1, queueDepth / candidates)      (demand vs supply)
 *   perProvider= ceil(clearing · units · surge)
 *   reward     = ceil(perProvider · r · 10000 / providerBps)                (providers get providerBps of the reward)
 */

export interface PricedProvider {
  readonly id: string;
  readonly pricePerUnit: bigint;
  readonly gpuMemoryGiB: number;
  readonly computeCapability: number;
  readonly gpuCount: number;
  readonly region: string;
  readonly tee: boolean;
}

export interface QuoteRequest {
  readonly gpuMemory: number;
  readonly computeCapability: number;
  readonly gpuCount: number;
  readonly privacy: "none" | "tee" | "zk-inference" | "fhe";
  readonly region: string;
  /** 0 = no cap. */
  readonly maxPrice: bigint;
  readonly redundancy: number;
  /** Units of work per provider (default 1). */
  readonly units?: number;
}

export interface PricingParams {
  /** Provider share of the reward, bps (the marketplace's providerBps, default 8000). */
  readonly providerBps: number;
  /** Largest demand surcharge, bps (default 5000 = +50% when the queue is at least as deep as the supply). */
  readonly surgeBps: number;
}

export const DEFAULT_PRICING: PricingParams = { providerBps: 8000, surgeBps: 5000 };

export interface PriceQuote {
  readonly reward: bigint;
  readonly perProvider: bigint;
  readonly clearingPrice: bigint;
  readonly candidates: number;
  readonly queueDepth: number;
  readonly surgeBps: number;
}

export class PricingError extends Error {
  constructor(
    readonly code: "NoProviders" | "BadRequest",
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = code;
  }
}

export function canServe(p: PricedProvider, q: QuoteRequest): boolean {
  return (
    p.gpuMemoryGiB >= q.gpuMemory &&
    p.computeCapability >= q.computeCapability &&
    p.gpuCount >= q.gpuCount &&
    (q.region === "" || p.region === q.region) &&
    (q.privacy !== "tee" || p.tee) &&
    (q.maxPrice === 0n || p.pricePerUnit <= q.maxPrice)
  );
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export function quotePrice(q: QuoteRequest, providers: readonly PricedProvider[], queueDepth: number, params: PricingParams = DEFAULT_PRICING): PriceQuote {
  const r = q.redundancy;
  const units = q.units ?? 1;
  if (!Number.isInteger(r) || r < 1 || r > 3) throw new PricingError("BadRequest", `redundancy ${r} is not 1..3`);
  if (!Number.isInteger(units) || units < 1) throw new PricingError("BadRequest", `units ${units} must be a positive integer`);
  if (!Number.isInteger(queueDepth) || queueDepth < 0) throw new PricingError("BadRequest", `queue depth ${queueDepth}`);
  if (params.providerBps <= 0 || params.providerBps > 10_000) throw new PricingError("BadRequest", `providerBps ${params.providerBps}`);
  const seen = new Set<string>();
  const prices: bigint[] = [];
  for (const p of providers) {
    if (seen.has(p.id) || !canServe(p, q)) continue;
    seen.add(p.id);
    prices.push(p.pricePerUnit);
  }
  if (prices.length < r) throw new PricingError("NoProviders", `${prices.length} live provider(s) meet the requirements, ${r} needed`);
  prices.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const clearing = prices[r - 1] as bigint;
  const surgeBps = Math.round(params.surgeBps * Math.min(1, queueDepth / prices.length));
  const perProvider = ceilDiv(clearing * BigInt(units) * BigInt(10_000 + surgeBps), 10_000n);
  const reward = ceilDiv(perProvider * BigInt(r) * 10_000n, BigInt(params.providerBps));
  return { reward: reward > 0n ? reward : 1n, perProvider, clearingPrice: clearing, candidates: prices.length, queueDepth, surgeBps };
}
