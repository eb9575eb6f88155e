import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { Wallet } from "ethers";

import { HeartbeatError, signHeartbeat, verifyHeartbeat } from "../src/heartbeat.js";
import { TaskSpecError, decodeTaskSpec, encodeTaskSpec, taskHashOf } from "../src/task-spec.js";

const NOW = 1_800_000_000_000;
const wallet = new Wallet("0x" + "11".repeat(32));
const other = new Wallet("0x" + "22".repeat(32));

describe("heartbeats", () => {
  it("verifies a fresh heartbeat signed by the provider", async () => {
    const hb = await signHeartbeat(wallet, { chainId: 31337, timestampMs: NOW - 1000, activeTasks: 1, capacity: 4 });
    assert.equal(verifyHeartbeat(hb, NOW, 30_000), wallet.address);
  });

  it("refuses tampered, impersonated, other-chain, stale and future heartbeats with named codes", async () => {
    const hb = await signHeartbeat(wallet, { chainId: 31337, timestampMs: NOW, activeTasks: 0, capacity: 4 });
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof HeartbeatError);
        return e.code;
      }
      return "accepted";
    };
    assert.equal(code(() => verifyHeartbeat({ ...hb, activeTasks: 3 }, NOW, 30_000)), "BadSignature");
    assert.equal(code(() => verifyHeartbeat({ ...hb, chainId: 8453 }, NOW, 30_000)), "BadSignature");
    assert.equal(code(() => verifyHeartbeat({ ...hb, provider: other.address }, NOW, 30_000)), "BadSignature");
    assert.equal(code(() => verifyHeartbeat({ ...hb, signature: "0x12" }, NOW, 30_000)), "BadSignature");
    assert.equal(code(() => verifyHeartbeat(hb, NOW + 30_001, 30_000)), "Stale");
    assert.equal(code(() => verifyHeartbeat(hb, NOW - 6_000, 30_000)), "FromFuture");
    assert.equal(code(() => verifyHeartbeat({ ...hb, capacity: -1 }, NOW, 30_000)), "Malformed");
    assert.equal(code(() => verifyHeartbeat({ ...hb, provider: "0xnope" }, NOW, 30_000)), "Malformed");
  });
});

describe("task spec", () => {
  const spec = { v: 1 as const, model: `0x${"aa".repeat(32)}` as const, input: `0x${"bb".repeat(32)}` as const };
  it("round-trips canonically, so the task hash is stable", () => {
    assert.deepEqual(decodeTaskSpec(encodeTaskSpec(spec)), spec);
    const reordered = new TextEncoder().encode(JSON.stringify({ input: spec.input, model: spec.model, v: 1 }));
    assert.deepEqual(decodeTaskSpec(reordered), spec);
    assert.equal(taskHashOf(spec), taskHashOf(decodeTaskSpec(reordered)));
  });
  it("refuses malformed specs with TaskSpecError", () => {
    for (const bad of ["nope", "{}", JSON.stringify({ ...spec, v: 2 }), JSON.stringify({ ...spec, model: "0x12" })]) {
      assert.throws(() => decodeTaskSpec(new TextEncoder().encode(bad)), TaskSpecError);
    }
    assert.throws(() => encodeTaskSpec({ ...spec, input: "0x" as `0x${string}` }), TaskSpecError);
  });
});
