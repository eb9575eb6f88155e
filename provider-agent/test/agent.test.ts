/**
 * The full agent against a real hardhat node with the real Groth16 verifier: a test acting as the matcher assigns a
 * task -> the agent accepts, fetches, executes, proves and submits -> ResultSubmitted carries the resultHash the
 * SDK derives from the reference output; the output ref resolves to the canonical output blob. Also: a corrupted
 * model blob is refused (failure metric, no submission) and the two fault modes.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { BlobClient } from "../../sdk/src/blobstore/client.js";
import { contentId } from "../../sdk/src/blobstore/content-id.js";
import { type SignedHeartbeat, verifyHeartbeat } from "../../sdk/src/heartbeat.js";
import { decodeOutput, outputRef, quantize, resultHashOf } from "../../sdk/src/result.js";
import { encodeTaskSpec, taskHashOf } from "../../sdk/src/task-spec.js";
import { type Agent, type AgentConfig, startAgent } from "../src/agent.js";
import { createLogger } from "../src/log.js";
import { referenceMlp } from "../src/onnx-model.js";
import { type DevChain, assign, resultsOf, startDevChain, submitTask } from "./helpers/devchain.js";
import { MODEL_BYTES, publishTask } from "./helpers/tasks.js";

const CPU = { source: "cpu" as const, gpus: [], rejected: [], reason: "test" };

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("provider agent on a hardhat node with the real verifier", { timeout: 180_000 }, () => {
  let c: DevChain;
  const agents: Agent[] = [];
  const lines: string[][] = [];
  const cfg = (i: number, over: Partial<AgentConfig> = {}): AgentConfig => {
    const out: string[] = (lines[i] ??= []);
    return {
      rpcUrl: c.rpcUrl,
      chainId: c.chainId,
      contracts: c.addresses,
      blobStore: c.blobs.url,
      signer: c.providerKey(i),
      stateDir: mkdtempSync(join(tmpdir(), `stun-agent-${i}-`)),
      startBlock: c.deployBlock,
      pollIntervalMs: 150,
      hardware: CPU,
      logger: createLogger({ level: "debug", write: (l) => out.push(l) }),
      ...over,
    };
  };

  const beats: SignedHeartbeat[] = [];
  let keeper: Server;
  let keeperUrl = "";
  before(async () => {
    c = await startDevChain();
    keeper = createServer((req, res) => {
      let body = "";
      req.on("data", (b: Buffer) => (body += b.toString()));
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/heartbeat") beats.push(JSON.parse(body) as SignedHeartbeat);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => keeper.listen(0, "127.0.0.1", r));
    keeperUrl = `http://127.0.0.1:${(keeper.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const a of agents) await a.stop();
    keeper.closeAllConnections();
    await new Promise<void>((r) => keeper.close(() => r()));
    await c?.stop();
  });

  it("registers, accepts, executes, proves and submits the correct resultHash", async () => {
    const agent = await startAgent(cfg(0, { keeper: keeperUrl, heartbeatIntervalMs: 200 }));
    agents.push(agent);
    const { taskHash, modelId, input } = await publishTask(c.blobs.url, 1);
    const taskId = await submitTask(c, taskHash, modelId);
    await assign(c, taskId, [agent.address]);
    const res = await until("ResultSubmitted", async () => (await resultsOf(c, taskId))[0]);
    const expected = quantize(referenceMlp(input), [1, 16]);
    assert.equal(res.provider, agent.address);
    assert.equal(res.resultHash, resultHashOf(expected, c.chainId, c.addresses.computeMarketplace, taskId));
    const accepted = await c.market.queryFilter(c.market.filters.TaskAccepted(taskId), c.deployBlock);
    assert.equal(accepted.length, 1);
    // The output is published under the output ref and verifies against the chain.
    const blobs = new BlobClient(c.blobs.url);
    const ref = await until("output ref", () => blobs.getRef(outputRef(c.chainId, taskId, agent.address)));
    const out = decodeOutput(await blobs.get(ref));
    assert.equal(resultHashOf(out, c.chainId, c.addresses.computeMarketplace, taskId), res.resultHash);
    const metrics = await (await fetch(agent.metricsUrl)).text();
    assert.match(metrics, /stun_agent_tasks_received_total 1/);
    assert.match(metrics, /stun_agent_tasks_completed_total\{ep="cpu"\} 1/);
    assert.match(metrics, /stun_agent_execution_seconds_count\{ep="cpu"\} 1/);
    assert.match(metrics, /stun_agent_prove_seconds_count\{backend="(native|snarkjs)"\} 1/);
    const proved = lines[0]?.map((l) => JSON.parse(l) as { msg: string; fields: Record<string, unknown> }).find((l) => l.msg === "executed and proved");
    assert.equal(proved?.fields.ep, "cpu");
    console.log(`timings: execute ${String(proved?.fields.executeMs)} ms, prove ${String(proved?.fields.proveMs)} ms (${String(proved?.fields.proverBackend)})`);
    // Signed heartbeats reached the keeper and verify.
    const beat = await until("heartbeat", async () => beats[0]);
    assert.equal(verifyHeartbeat(beat, Date.now(), 60_000), agent.address);
    assert.equal(beat.chainId, c.chainId);
    // Registration is idempotent: a second start with the same key registers/stakes nothing.
    const again = await startAgent(cfg(0, { stateDir: mkdtempSync(join(tmpdir(), "stun-agent-again-")) }));
    await again.stop();
    assert.ok(lines[0]?.some((l) => l.includes("already registered and staked")));
  });

  it("refuses a corrupted model blob: reports the failure and submits nothing", async () => {
    const agent = await startAgent(cfg(1));
    agents.push(agent);
    // A spec naming a model whose stored bytes are corrupted on the server.
    const blobs = new BlobClient(c.blobs.url);
    const fakeModel = new Uint8Array([1, 2, 3, 4, 5]);
    const fakeId = contentId(fakeModel);
    // Store different bytes under the fake id's file name: the server serves them, the agent must refuse.
    writeFileSync(join(c.blobDir, fakeId.slice(2)), new Uint8Array([9, 9, 9]));
    const inputId = await blobs.put(new TextEncoder().encode(JSON.stringify({ input: Array(16).fill(0.5) })));
    const taskHash = await blobs.put(encodeTaskSpec({ v: 1, model: fakeId, input: inputId }));
    const taskId = await submitTask(c, taskHash, fakeId);
    await assign(c, taskId, [agent.address]);
    await until("failure metric", async () => {
      const m = await (await fetch(agent.metricsUrl)).text();
      return /stun_agent_task_failures_total\{reason="hash-mismatch"\} 1/.test(m) ? true : undefined;
    });
    assert.equal((await resultsOf(c, taskId)).length, 0);
    assert.ok(lines[1]?.some((l) => l.includes('"reason":"hash-mismatch"')));
  });

  it("redundancy 2: two honest agents agree and the task reaches Challengeable", async () => {
    const [a0, a1] = agents;
    assert.ok(a0 && a1);
    const t = await publishTask(c.blobs.url, 6);
    const taskId = await submitTask(c, t.taskHash, t.modelId, 2);
    await assign(c, taskId, [a0.address, a1.address]);
    const res = await until("two results", async () => {
      const r = await resultsOf(c, taskId);
      return r.length === 2 ? r : undefined;
    });
    assert.equal(res[0]?.resultHash, res[1]?.resultHash);
    assert.equal((await c.market.getTask(taskId)).status, 5n); // Challengeable (audits off)
  });

  it("retries a task whose blobs are not in the store yet (transient), then submits", async () => {
    const [a0] = agents;
    assert.ok(a0);
    const input = new TextEncoder().encode(JSON.stringify({ input: Array.from({ length: 16 }, (_, i) => i / 8) }));
    const spec = { v: 1 as const, model: contentId(MODEL_BYTES), input: contentId(input) };
    const taskId = await submitTask(c, taskHashOf(spec), spec.model);
    await assign(c, taskId, [a0.address]);
    await until("retry logged", async () => (lines[0]?.some((l) => l.includes('"msg":"task attempt failed; retrying"')) ? true : undefined));
    const blobs = new BlobClient(c.blobs.url);
    await blobs.put(input);
    await blobs.put(encodeTaskSpec(spec));
    const res = await until("ResultSubmitted after retry", async () => (await resultsOf(c, taskId))[0]);
    assert.equal(res.resultHash, resultHashOf(quantize(referenceMlp(Array.from({ length: 16 }, (_, i) => i / 8)), [1, 16]), c.chainId, c.addresses.computeMarketplace, taskId));
  });

  it("fault modes: wrong-result submits a different hash, no-show never submits", async () => {
    // Also: an unreachable keeper only produces warnings (heartbeats are not fatal).
    const wrong = await startAgent(cfg(2, { fault: "wrong-result", keeper: "http://127.0.0.1:1", heartbeatIntervalMs: 200 }));
    const noShow = await startAgent(cfg(3, { fault: "no-show" }));
    agents.push(wrong, noShow);
    const t1 = await publishTask(c.blobs.url, 4);
    const id1 = await submitTask(c, t1.taskHash, t1.modelId);
    await assign(c, id1, [wrong.address]);
    const r1 = await until("wrong result", async () => (await resultsOf(c, id1))[0]);
    const honest = resultHashOf(quantize(referenceMlp(t1.input), [1, 16]), c.chainId, c.addresses.computeMarketplace, id1);
    assert.notEqual(r1.resultHash, honest);
    const t2 = await publishTask(c.blobs.url, 5);
    const id2 = await submitTask(c, t2.taskHash, t2.modelId);
    await assign(c, id2, [noShow.address]);
    await until("no-show logged", async () => (lines[3]?.some((l) => l.includes("fault: not showing up")) ? true : undefined));
    await noShow.idle();
    assert.equal((await resultsOf(c, id2)).length, 0);
    assert.ok(lines[2]?.some((l) => l.includes('"msg":"heartbeat failed"')));
  });
});
