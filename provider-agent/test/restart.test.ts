/**
 * Crash safety with a real child process: the CLI agent (src/main.ts, keystore-backed) is killed with SIGKILL
 * (1) after the proof is journaled but before submitResult is broadcast, and (2) right after its result lands
 * on-chain. After each restart there is exactly one ResultSubmitted per (task, provider), the persisted proof is
 * reused (not recomputed), and no extra transaction is sent for an already-submitted task. The child's logs never
 * contain the private key, the mnemonic or the keystore password.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { BlobClient } from "../../sdk/src/blobstore/client.js";
import { DEVNET_MNEMONIC } from "../../sdk/src/devnet-accounts.js";
import { outputRef } from "../../sdk/src/result.js";
import { writeKeystore } from "../src/keystore.js";
import { type DevChain, assign, resultsOf, startDevChain, submitTask } from "./helpers/devchain.js";
import { publishTask } from "./helpers/tasks.js";

const ROOT = join(import.meta.dirname, "..", "..");
const PASSWORD = "restart-test keystore password";

interface Child {
  proc: ChildProcess;
  out: string[];
}

async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("kill -9 restarts", { timeout: 180_000 }, () => {
  let c: DevChain;
  let dir: string;
  let keystore: string;
  let deployments: string;
  let address: string;
  const state = () => join(dir, "state");
  const children: Child[] = [];

  const spawnAgent = (env: Record<string, string> = {}): Child => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", "provider-agent/src/main.ts", "--deployments", deployments, "--chain", "ethereum", "--keystore", keystore, "--state", state(), "--poll-ms", "100", "--log-level", "debug"],
      { cwd: ROOT, env: { ...process.env, STUN_KEYSTORE_PASSWORD: PASSWORD, ...env }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const child = { proc, out: [] as string[] };
    let buf = "";
    proc.stdout?.on("data", (b: Buffer) => {
      buf += b.toString();
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      child.out.push(...parts);
    });
    proc.stderr?.on("data", (b: Buffer) => child.out.push(`STDERR ${b.toString()}`));
    children.push(child);
    return child;
  };
  const started = (ch: Child) =>
    until("agent started", () => (ch.out.some((l) => l.includes('"msg":"agent started"')) ? true : undefined), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; child output:\n${ch.out.slice(-20).join("\n")}`);
    });
  const kill9 = async (ch: Child): Promise<void> => {
    const exited = new Promise<void>((r) => ch.proc.once("exit", () => r()));
    ch.proc.kill("SIGKILL");
    await exited;
  };
  const journalHas = (taskId: bigint, phase: string): boolean => {
    const f = join(state(), "journal.jsonl");
    if (!existsSync(f)) return false;
    return readFileSync(f, "utf8").includes(`"taskId":"${taskId}","phase":"${phase}"`) || readFileSync(f, "utf8").split("\n").some((l) => l.includes(`"taskId":"${taskId}"`) && l.includes(`"phase":"${phase}"`));
  };

  before(async () => {
    c = await startDevChain();
    dir = mkdtempSync(join(tmpdir(), "stun-agent-restart-"));
    keystore = join(dir, "key.json");
    const key = c.providerKey(4);
    address = await writeKeystore(keystore, key.privateKey, PASSWORD, { scryptN: 1024 });
    deployments = join(dir, "deployments.json");
    writeFileSync(
      deployments,
      JSON.stringify({
        chains: {
          ethereum: { chain: "ethereum", protocolChainId: 1, chainId: c.chainId, rpcUrl: c.rpcUrl, contracts: c.addresses, deployBlock: c.deployBlock },
        },
        services: { blobStore: c.blobs.url },
      }),
    );
  });
  after(async () => {
    for (const ch of children) if (ch.proc.exitCode === null && ch.proc.signalCode === null) await kill9(ch);
    await c?.stop();
  });

  it("killed between prove and submit: the restart submits the persisted proof exactly once", async () => {
    const first = spawnAgent({ STUN_AGENT_TEST_DELAY_BEFORE_SUBMIT_MS: "30000" });
    await started(first);
    const t = await publishTask(c.blobs.url, 11);
    const taskId = await submitTask(c, t.taskHash, t.modelId);
    await assign(c, taskId, [address]);
    await until("proof journaled", () => (journalHas(taskId, "proved") ? true : undefined));
    await kill9(first);
    assert.equal((await resultsOf(c, taskId)).length, 0, "nothing submitted before the kill");

    const second = spawnAgent();
    await started(second);
    const res = await until("ResultSubmitted", async () => (await resultsOf(c, taskId))[0]);
    assert.equal(res.provider, address);
    assert.ok(second.out.some((l) => l.includes('"msg":"resuming task from journal"')));
    assert.ok(!second.out.some((l) => l.includes('"msg":"executed and proved"')), "the persisted proof is reused");
    await until("output ref", () => new BlobClient(c.blobs.url).getRef(outputRef(c.chainId, taskId, address)));
    await sleep(500);
    assert.equal((await resultsOf(c, taskId)).length, 1);
    await kill9(second);
  });

  it("killed right after submitting: the restart does not resubmit", async () => {
    const first = spawnAgent();
    await started(first);
    const t = await publishTask(c.blobs.url, 12);
    const taskId = await submitTask(c, t.taskHash, t.modelId);
    await assign(c, taskId, [address]);
    await until("ResultSubmitted", async () => ((await resultsOf(c, taskId)).length > 0 ? true : undefined), 60_000);
    await kill9(first);
    const nonceAfterKill = await c.provider.getTransactionCount(address);

    const second = spawnAgent();
    await started(second);
    await sleep(1500); // several poll cycles + reconciliation
    assert.equal((await resultsOf(c, taskId)).length, 1, "exactly one ResultSubmitted");
    assert.equal(await c.provider.getTransactionCount(address), nonceAfterKill, "no transaction sent for a submitted task");
    await until("output ref", () => new BlobClient(c.blobs.url).getRef(outputRef(c.chainId, taskId, address)));
    await kill9(second);
  });

  it("catches up on assignments made while it was down (events from the journal's cursor)", async () => {
    const t = await publishTask(c.blobs.url, 13);
    const taskId = await submitTask(c, t.taskHash, t.modelId);
    await assign(c, taskId, [address]);
    const third = spawnAgent();
    await started(third);
    const res = await until("ResultSubmitted", async () => (await resultsOf(c, taskId))[0]);
    assert.equal(res.provider, address);
    assert.equal((await resultsOf(c, taskId)).length, 1);
    await kill9(third);
  });

  it("logs are JSON lines and never contain the key, the mnemonic or the password", () => {
    const key = c.providerKey(4);
    const all = children.flatMap((ch) => ch.out);
    assert.ok(all.length > 10);
    for (const line of all) {
      if (line.startsWith("STDERR ")) continue;
      const o = JSON.parse(line) as { ts: string; level: string; msg: string; fields: unknown };
      assert.ok(o.ts && o.level && typeof o.msg === "string" && typeof o.fields === "object");
    }
    const text = all.join("\n");
    assert.ok(!text.includes(key.privateKey.slice(2)), "private key leaked");
    assert.ok(!text.includes(DEVNET_MNEMONIC), "mnemonic leaked");
    assert.ok(!text.includes(PASSWORD), "password leaked");
  });
});
