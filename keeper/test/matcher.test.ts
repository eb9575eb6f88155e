import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  matchProviders,
  matchProvidersNaive,
  type MatchOptions,
  type ProviderSnapshot,
  type TaskRequirements,
} from "../src/matcher.js";
import { randomFleet } from "../src/random-providers.js";

const NOW = 1_800_000_000_000;
const OPTS: MatchOptions = { nowMs: NOW, heartbeatTtlMs: 60_000 };
const TASK: TaskRequirements = { gpuMemoryGiB: 24, computeCapability: 80, gpuCount: 1, region: "eu-west", privacy: "none", maxPrice: 80 };

const base: ProviderSnapshot = {
  id: "0xa",
  gpuMemoryGiB: 24,
  computeCapability: 89,
  gpuCount: 1,
  region: "eu-west",
  tee: false,
  pricePerUnit: 10,
  reputationBps: 5000,
  completed: 10,
  failed: 0,
  avgLatencyMs: 100,
  activeTasks: 0,
  capacity: 2,
  eligible: true,
  lastHeartbeatMs: NOW - 1000,
};
const p = (over: Partial<ProviderSnapshot>): ProviderSnapshot => ({ ...base, ...over });

describe("matcher", () => {
  it("agrees with the naive full sort on random fleets and tasks", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const fleet = randomFleet(2000, seed, NOW);
      const task: TaskRequirements = { ...TASK, gpuMemoryGiB: [16, 24, 40, 80][seed % 4] ?? 24, privacy: seed % 3 === 0 ? "tee" : "none" };
      for (const k of [1, 3, 5]) {
        for (const classes of ["same", "any"] as const) {
          const o = { ...OPTS, k, classes };
          assert.deepEqual(matchProviders(fleet, task, o), matchProvidersNaive(fleet, task, o), `seed ${seed} k ${k} ${classes}`);
        }
      }
    }
  });

  it("returns distinct providers even when one is listed twice", () => {
    const fleet = [p({ id: "0x1", reputationBps: 9000 }), p({ id: "0x1", reputationBps: 9900 }), p({ id: "0x2" }), p({ id: "0x3" })];
    const ids = matchProviders(fleet, TASK, OPTS).map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids[0], "0x1");
    assert.equal(ids.length, 3);
  });

  it("skips stale heartbeats, ineligible, full, too small, too slow, too expensive and excluded providers", () => {
    const fleet = [
      p({ id: "stale", lastHeartbeatMs: NOW - 61_000 }),
      p({ id: "jailed", eligible: false }),
      p({ id: "full", activeTasks: 2 }),
      p({ id: "small", gpuMemoryGiB: 16 }),
      p({ id: "old", computeCapability: 75 }),
      p({ id: "pricey", pricePerUnit: 81 }),
      p({ id: "few", gpuCount: 1 }),
      p({ id: "excluded" }),
      p({ id: "ok" }),
    ];
    const got = matchProviders(fleet, { ...TASK, gpuCount: 1 }, { ...OPTS, exclude: new Set(["excluded"]) });
    assert.deepEqual(got.map((m) => m.id).sort(), ["few", "ok"]);
  });

  it("requires a TEE for privacy=tee", () => {
    const got = matchProviders([p({ id: "plain" }), p({ id: "tee", tee: true })], { ...TASK, privacy: "tee" }, OPTS);
    assert.deepEqual(got.map((m) => m.id), ["tee"]);
  });

  it("prefers the cheaper, more reputable, in-region, less loaded provider", () => {
    const good = p({ id: "good" });
    assert.equal(matchProviders([p({ id: "x", pricePerUnit: 70 }), good], TASK, { ...OPTS, k: 1 })[0]?.id, "good");
    assert.equal(matchProviders([p({ id: "x", reputationBps: 1000 }), good], TASK, { ...OPTS, k: 1 })[0]?.id, "good");
    assert.equal(matchProviders([p({ id: "x", region: "us-east" }), good], TASK, { ...OPTS, k: 1 })[0]?.id, "good");
    assert.equal(matchProviders([p({ id: "x", activeTasks: 1 }), good], TASK, { ...OPTS, k: 1 })[0]?.id, "good");
  });

  it("breaks score ties by id, so the result does not depend on input order", () => {
    const fleet = [p({ id: "0xc" }), p({ id: "0xa" }), p({ id: "0xb" }), p({ id: "0xd" })];
    assert.deepEqual(matchProviders(fleet, TASK, OPTS).map((m) => m.id), ["0xa", "0xb", "0xc"]);
    assert.deepEqual(matchProviders([...fleet].reverse(), TASK, OPTS).map((m) => m.id), ["0xa", "0xb", "0xc"]);
  });

  it("returns fewer than k when fewer qualify, and refuses a bad k with a RangeError", () => {
    assert.equal(matchProviders([p({})], TASK, OPTS).length, 1);
    assert.deepEqual(matchProviders([], TASK, OPTS), []);
    assert.throws(() => matchProviders([p({})], TASK, { ...OPTS, k: 0 }), RangeError);
    assert.throws(() => matchProviders([p({})], TASK, { ...OPTS, k: 1.5 }), RangeError);
  });

  it("keeps redundant lanes in one numerics class, even over better-scored providers of another", () => {
    const fleet = [
      p({ id: "h1", numericsClass: "H100", reputationBps: 9900 }),
      p({ id: "h2", numericsClass: "H100", reputationBps: 9800 }),
      p({ id: "c1", numericsClass: "CPU", reputationBps: 3000 }),
      p({ id: "c2", numericsClass: "CPU", reputationBps: 2000 }),
      p({ id: "c3", numericsClass: "CPU", reputationBps: 1000 }),
    ];
    assert.deepEqual(matchProviders(fleet, TASK, OPTS).map((m) => m.id), ["c1", "c2", "c3"]);
    assert.deepEqual(matchProviders(fleet, TASK, { ...OPTS, classes: "any" }).map((m) => m.id), ["h1", "h2", "c1"]);
    // one lane needs no agreement: the best provider overall
    assert.deepEqual(matchProviders(fleet, TASK, { ...OPTS, k: 1 }).map((m) => m.id), ["h1"]);
    // between two full classes, the higher score sum wins
    const two = [...fleet, p({ id: "h3", numericsClass: "H100", reputationBps: 100 })];
    assert.deepEqual(matchProviders(two, TASK, OPTS).map((m) => m.id), ["h1", "h2", "h3"]);
  });

  it("mixes classes only when no class can fill every lane, and onlyClass restricts to one", () => {
    const fleet = [
      p({ id: "h1", numericsClass: "H100", reputationBps: 9900 }),
      p({ id: "h2", numericsClass: "H100", reputationBps: 9800 }),
      p({ id: "c1", numericsClass: "CPU", reputationBps: 3000 }),
      p({ id: "c2", numericsClass: "CPU", reputationBps: 2000 }),
    ];
    assert.deepEqual(matchProviders(fleet, TASK, OPTS).map((m) => m.id), ["h1", "h2", "c1"]);
    assert.deepEqual(matchProviders(fleet, TASK, { ...OPTS, onlyClass: "CPU" }).map((m) => m.id), ["c1", "c2"]);
    assert.deepEqual(matchProviders(fleet, TASK, { ...OPTS, onlyClass: "T4" }), []);
    assert.deepEqual(matchProvidersNaive(fleet, TASK, { ...OPTS, onlyClass: "CPU" }).map((m) => m.id), ["c1", "c2"]);
  });
});
