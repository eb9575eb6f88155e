/** CLI smoke tests: the `stun` CLI spawned with --json against a private hardhat node. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";

import { ComputeMarketplace__factory } from "../../types/ethers-contracts/index.js";
import { jsonRpcProvider } from "../src/chain/evm.js";
import { DEVNET_ROLES } from "../src/devnet-accounts.js";
import { startDevchain, type Devchain } from "./helpers/devchain.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CLI = join(ROOT, "sdk/src/cli/main.ts");
let chain: Devchain;
let deploymentsFile: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

function stun(...args: string[]): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "--deployments", deploymentsFile, "--json", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => {
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        json = {};
      }
      res({ code, stdout, stderr, json });
    });
  });
}

before(async () => {
  chain = await startDevchain({ port: 18747, providers: 2 });
  deploymentsFile = join(chain.dir, "deployments.json");
  writeFileSync(deploymentsFile, JSON.stringify({ chains: { ethereum: chain.deployment }, services: { blobStore: chain.blobs.url } }));
});
after(async () => {
  await chain?.stop();
});

describe("stun CLI", () => {
  it("gov params lists names and bounds; out-of-bounds and unknown parameters are refused locally", async () => {
    const params = await stun("gov", "params");
    assert.equal(params.code, 0);
    assert.ok((params.json as unknown as { name: string }[]).some((p) => p.name === "challengePeriod"));
    const oob = await stun("--key-index", "0", "gov", "propose", "--param", "challengePeriod", "--value", "10");
    assert.equal(oob.code, 1);
    assert.match(oob.stderr, /^ParameterOutOfBounds: challengePeriod = 10 is outside \[60, 2592000\]/m);
    assert.equal(oob.json.error, "ParameterOutOfBounds");
    const unknown = await stun("--key-index", "0", "gov", "propose", "--param", "fooBar", "--value", "1");
    assert.equal(unknown.code, 1);
    assert.equal(unknown.json.error, "UnknownParameter");
  });

  it("requester: submit (uploading the model), status, cancel; a second cancel exits 1 with InvalidState", async () => {
    const model = join(chain.dir, "model.onnx");
    writeFileSync(model, "cli model bytes");
    const key = ["--key-index", String(DEVNET_ROLES.requester)];
    const sub = await stun(...key, "submit", "--model", model, "--input", "[1,2,3]", "--reward", "0.001eth", "--gpu-memory", "16", "--deadline", "600");
    assert.equal(sub.code, 0, sub.stderr);
    assert.match(sub.stderr, /\[stun\] submit/, "progress on stderr");
    const taskId = String(sub.json.taskId);
    const st = await stun("status", taskId);
    assert.equal(st.json.status, "Submitted");
    assert.equal(st.json.reward, "1000000000000000");
    assert.equal((await stun(...key, "cancel", taskId)).code, 0);
    const again = await stun(...key, "cancel", taskId);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^InvalidState: InvalidState\(taskId=\d+, status=11\)/m);
    const missing = await stun("status", "999");
    assert.equal(missing.json.error, "TaskNotFound");
  });

  it("provider: register + stake, status, unstake", async () => {
    const key = ["--key-index", String(DEVNET_ROLES.providerBase + 5)];
    const reg = await stun(...key, "provider", "register", "--vram", "24", "--compute-capability", "89", "--region", "US1", "--stake", "1500stun");
    assert.equal(reg.code, 0, reg.stderr);
    assert.equal((await stun(...key, "provider", "stake", "500stun")).code, 0);
    const st = await stun(...key, "provider", "status");
    assert.equal(st.json.registered, true);
    assert.equal(st.json.stake, (2000n * 10n ** 18n).toString());
    assert.equal((st.json.specs as { region: string }).region, "US1");
    const un = await stun(...key, "provider", "unstake", "100stun");
    assert.equal(un.code, 0, un.stderr);
    const w = await stun(...key, "provider", "unstake", "--withdraw");
    assert.equal(w.code, 1);
    assert.equal(w.json.error, "StillUnbonding");
  });

  it("governance: propose -> vote -> queue -> execute a parameter with devnet-short delays", async () => {
    const key = ["--key-index", String(DEVNET_ROLES.deployer)];
    const p = await stun(...key, "gov", "propose", "--param", "challengePeriod", "--value", "120", "--description", "shorter challenge");
    assert.equal(p.code, 0, p.stderr);
    const id = String(p.json.proposalId);
    const early = await stun(...key, "gov", "queue", id);
    assert.equal(early.json.error, "ProposalState");
    await chain.advance(2);
    assert.equal((await stun(...key, "gov", "vote", id, "--support", "for")).json.state, "Active");
    await chain.advance(61);
    assert.equal((await stun(...key, "gov", "queue", id)).json.state, "Queued");
    await chain.advance(11);
    const ex = await stun(...key, "gov", "execute", id);
    assert.equal(ex.json.state, "Executed", ex.stderr);
    const provider = jsonRpcProvider(chain.rpcUrl, 31337);
    const m = ComputeMarketplace__factory.connect(chain.deployment.contracts.computeMarketplace ?? "", provider);
    assert.equal((await m.params()).challengePeriod, 120n);
    provider.destroy();
  });
});
