import assert from "node:assert/strict";
import { test } from "node:test";
import { Env, configPda, expectOk } from "./harness.js";

test("deploy + initialize", async () => {
  const env = await Env.create();
  const c = await env.fetch<{ taskCount: { toString(): string }; params: { providerBps: number } }>("config", configPda());
  assert.equal(c.params.providerBps, 8000);
  console.log(env.svm.getSlotHashes().length, env.svm.getSlotHashes()[0]?.hash);
  expectOk(env.deployResult!);
  const env2 = await Env.create();
  assert.equal((await env2.fetch<{ params: { providerBps: number } }>("config", configPda())).params.providerBps, 8000);
});
