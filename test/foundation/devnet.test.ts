import assert from "node:assert/strict";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { after, describe, it } from "node:test";

import { EVM_CHAINS, POSTGRES } from "../../scripts/lib/chains.js";
import { isUp, rpc, rpcUrl } from "../../scripts/lib/evm-node.js";
import type { Deployments } from "../../sdk/src/deployments.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** Starts `npm start`'s devnet process and resolves once it prints that everything runs. */
function startDevnet(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn("tsx", ["scripts/devnet/start.ts"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`devnet did not start:\n${out}`)), 180_000);
    const poll = setInterval(() => {
      if (out.includes("Press Ctrl-C")) {
        clearInterval(poll);
        clearTimeout(timer);
        res({ child, output: () => out });
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      rej(new Error(`devnet exited with ${code}:\n${out}`));
    });
  });
}

function pgAnswers(): boolean {
  try {
    const args = ["-h", POSTGRES.host, "-p", String(POSTGRES.port), "-U", POSTGRES.user, "-d", POSTGRES.database, "-tAc", "select 1"];
    return execFileSync("psql", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() === "1";
  } catch {
    return false;
  }
}

/** Chain ids the indexer reports a status for, polled until every devnet chain is there (or 30 s pass). */
async function indexedChains(url: string): Promise<number[]> {
  let ids: number[] = [];
  for (let i = 0; i < 150 && ids.length < EVM_CHAINS.length; i++) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ indexerStatus { chainId height } }" }),
    });
    assert.equal(res.status, 200, "indexer GraphQL answers");
    const body = (await res.json()) as { data: { indexerStatus: { chainId: number }[] } };
    ids = body.data.indexerStatus.map((s) => s.chainId).sort();
    if (ids.length < EVM_CHAINS.length) await new Promise((r) => setTimeout(r, 200));
  }
  return ids;
}

async function interruptAndWait(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  child.kill("SIGINT");
  return exited;
}

describe("npm start devnet", { timeout: 400_000 }, () => {
  let running: ChildProcess | undefined;
  after(() => running?.kill("SIGKILL"));

  it("brings up every chain on loopback and Postgres, then Ctrl-C stops them; a second start works", async () => {
    for (const round of [1, 2]) {
      const { child, output } = await startDevnet();
      running = child;
      for (const chain of EVM_CHAINS) {
        const id = await rpc<string>(rpcUrl(chain), "eth_chainId");
        assert.equal(Number(id), chain.chainId, `${chain.name} chain id (round ${round})`);
      }
      assert.ok(pgAnswers(), `postgres answers on ${POSTGRES.port} (round ${round})`);
      const deployments = JSON.parse(readFileSync(resolve(ROOT, ".devnet/deployments.json"), "utf8")) as Deployments;
      assert.deepEqual(Object.keys(deployments.chains).sort(), EVM_CHAINS.map((c) => c.name).sort());
      for (const chain of EVM_CHAINS) {
        const d = deployments.chains[chain.name]!;
        assert.equal(d.chainId, chain.chainId);
        for (const name of ["computeMarketplace", "stunToken", "providerRegistry", "governor", "timelock", "verifier", "usdc"]) {
          const code = await rpc<string>(rpcUrl(chain), "eth_getCode", [d.contracts[name], "latest"]);
          assert.ok(code.length > 2, `${chain.name}: ${name} has code (round ${round})`);
        }
      }
      const blob = await fetch(`${deployments.services.blobStore}/blobs/0x${"0".repeat(64)}`);
      assert.equal(blob.status, 404, "blob store answers");
      assert.deepEqual(await indexedChains(deployments.services.graphql!), EVM_CHAINS.map((c) => c.chainId).sort());

      assert.equal(await interruptAndWait(child), 0, output());
      running = undefined;
      for (const chain of EVM_CHAINS) assert.equal(await isUp(chain), false, `${chain.name} stopped`);
      assert.equal(pgAnswers(), false, "postgres stopped");
    }
  });

  it("refuses to start over a port that is already taken, naming the service", async () => {
    const { child } = await startDevnet();
    running = child;
    const second = spawn("tsx", ["scripts/devnet/start.ts"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    second.stderr?.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => second.once("exit", (c) => r(c)));
    assert.equal(code, 1);
    assert.match(out, /ethereum did not start: port 8545 is already in use/);
    // The first devnet is unaffected.
    assert.equal(await isUp(EVM_CHAINS[0]!), true);
    assert.equal(await interruptAndWait(child), 0);
    running = undefined;
  });
});
