import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { DEFAULT_PRICING, PricingError, quotePrice, type PricedProvider, type QuoteRequest } from "../src/pricing.js";
import { TaskQueue, priority, rewardPerUnit, type QueuedTask } from "../src/queue.js";

const E18 = 10n ** 18n;
const task = (id: number, over: Partial<QueuedTask> = {}): QueuedTask => ({
  taskId: BigInt(id),
  reward: E18 / 100n,
  tokenScale: E18,
  redundancy: 1,
  gpuCount: 1,
  deadline: 10_000n,
  ...over,
});

describe("task priority queue", () => {
  it("reward per unit of work divides by redundancy × gpus and normalises the token", () => {
    assert.equal(rewardPerUnit(task(1, { reward: 3n * E18, redundancy: 3 })), 1);
    assert.equal(rewardPerUnit(task(1, { reward: 2_000_000n, tokenScale: 1_000_000n, gpuCount: 2 })), 1);
  });

  it("higher reward per unit first when deadlines are equal", () => {
    const q = new TaskQueue();
    q.upsert(task(1, { reward: E18 / 100n }));
    q.upsert(task(2, { reward: E18 }));
    q.upsert(task(3, { reward: E18, redundancy: 3 }));
    assert.deepEqual(q.ordered(0n).map((t) => t.taskId), [2n, 3n, 1n]);
  });

  it("urgency: a task close to its deadline overtakes a richer one", () => {
    const q = new TaskQueue();
    q.upsert(task(1, { reward: E18 / 10n, deadline: 100_000n }));
    q.upsert(task(2, { reward: E18 / 100n, deadline: 1_030n }));
    assert.deepEqual(q.ordered(1_000n).map((t) => t.taskId), [2n, 1n]);
    const far = new TaskQueue();
    far.upsert(task(1, { reward: E18 / 10n, deadline: 1_000_000n }));
    far.upsert(task(2, { reward: E18 / 100n, deadline: 1_000_000n }));
    assert.deepEqual(far.ordered(1_000n).map((t) => t.taskId), [1n, 2n], "same deadline: reward wins");
  });

  it("past-deadline tasks go last; ties break on the lower id; upsert replaces, remove removes", () => {
    const q = new TaskQueue();
    q.upsert(task(5, { deadline: 10n }));
    q.upsert(task(4));
    q.upsert(task(3));
    assert.equal(priority(task(5, { deadline: 10n }), 20n), -Infinity);
    assert.deepEqual(q.ordered(20n).map((t) => t.taskId), [3n, 4n, 5n]);
    q.upsert(task(4, { reward: E18 }));
    assert.deepEqual(q.ordered(20n).map((t) => t.taskId), [4n, 3n, 5n]);
    assert.equal(q.remove(4n), true);
    assert.equal(q.remove(4n), false);
    assert.equal(q.size, 2);
    assert.ok(q.has(3n) && !q.has(4n));
  });

  it("orders 10k tasks like a full sort", () => {
    const q = new TaskQueue();
    const all: QueuedTask[] = [];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let i = 1; i <= 10_000; i++) {
      const t = task(i, { reward: BigInt(Math.floor(rnd() * 1e6)) * 10n ** 12n, deadline: BigInt(Math.floor(rnd() * 5000)), redundancy: 1 + Math.floor(rnd() * 3) });
      all.push(t);
      q.upsert(t);
    }
    const now = 100n;
    const expected = [...all].sort((a, b) => {
      const pa = priority(a, now);
      const pb = priority(b, now);
      return pa === pb ? (a.taskId < b.taskId ? -1 : 1) : pb - pa;
    });
    assert.deepEqual(q.ordered(now).map((t) => t.taskId), expected.map((t) => t.taskId));
  });
});

const prov = (id: string, price: bigint, over: Partial<PricedProvider> = {}): PricedProvider => ({
  id,
  pricePerUnit: price,
  gpuMemoryGiB: 80,
  computeCapability: 90,
  gpuCount: 1,
  region: "EU1",
  tee: false,
  ...over,
});
const req = (over: Partial<QuoteRequest> = {}): QuoteRequest => ({
  gpuMemory: 16,
  computeCapability: 80,
  gpuCount: 1,
  privacy: "none",
  region: "",
  maxPrice: 0n,
  redundancy: 1,
  ...over,
});

describe("pricing engine", () => {
  const market = [prov("a", 100n), prov("b", 300n), prov("c", 200n), prov("d", 50n, { gpuMemoryGiB: 8 })];

  it("r = 1: cheapest capable provider, grossed up by the provider share", () => {
    const q = quotePrice(req(), market, 0);
    assert.equal(q.clearingPrice, 100n, "d is too small");
    assert.equal(q.perProvider, 100n);
    assert.equal(q.reward, 125n, "100 / 0.8");
    assert.equal(q.candidates, 3);
  });

  it("r = 3: the third-cheapest price clears, paid to each of 3", () => {
    const q = quotePrice(req({ redundancy: 3 }), market, 0);
    assert.equal(q.clearingPrice, 300n);
    assert.equal(q.reward, (300n * 3n * 10_000n) / 8000n);
  });

  it("queue depth raises the price, capped at +surgeBps", () => {
    const calm = quotePrice(req(), market, 0).reward;
    const busy = quotePrice(req(), market, 3).reward;
    const busier = quotePrice(req(), market, 300).reward;
    assert.ok(busy > calm);
    assert.equal(busy, busier, "capped");
    assert.equal(busy, 188n, "ceil(150 / 0.8)");
  });

  it("hard requirements: TEE, region, maxPrice, units; duplicates count once", () => {
    const tee = [prov("t", 500n, { tee: true }), ...market];
    assert.equal(quotePrice(req({ privacy: "tee" }), tee, 0).clearingPrice, 500n);
    assert.equal(quotePrice(req({ region: "US1" }), [...market, prov("u", 700n, { region: "US1" })], 0).clearingPrice, 700n);
    assert.throws(() => quotePrice(req({ maxPrice: 90n }), market, 0), (e: unknown) => e instanceof PricingError && e.code === "NoProviders");
    assert.equal(quotePrice(req({ units: 4 }), market, 0).perProvider, 400n);
    assert.throws(() => quotePrice(req({ redundancy: 2 }), [prov("a", 1n), prov("a", 1n)], 0), { name: "NoProviders" });
  });

  it("refuses malformed requests; rounds up; never quotes 0", () => {
    assert.throws(() => quotePrice(req({ redundancy: 4 }), market, 0), { name: "BadRequest" });
    assert.throws(() => quotePrice(req(), market, -1), { name: "BadRequest" });
    assert.equal(quotePrice(req(), [prov("x", 1n)], 0, { ...DEFAULT_PRICING, providerBps: 7000 }).reward, 2n);
    assert.equal(quotePrice(req(), [prov("x", 0n)], 0).reward, 1n);
  });
});
