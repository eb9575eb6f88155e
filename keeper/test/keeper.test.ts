/**
 * The keeper against a real hardhat node: heartbeats (bad signatures refused), quotes, assignment, finalization
 * after the challenge window, no-show replacement (and expiry when nobody can replace), deadline expiry, governance execution, the audit flow, and a restart
 * that sends no duplicate transaction.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { Interface, type JsonRpcProvider } from "ethers";

import { ComputeMarketplace__factory, StunGovernor__factory } from "../../types/ethers-contracts/index.js";
import { BlobClient } from "../../sdk/src/blobstore/client.js";
import { EvmAdapter, jsonRpcProvider } from "../../sdk/src/chain/evm.js";
import { StunClient } from "../../sdk/src/client.js";
import { DEVNET_ROLES, devnetProvider, devnetWallet } from "../../sdk/src/devnet-accounts.js";
import { Governance, parameterProposal } from "../../sdk/src/governance.js";
import { signHeartbeat } from "../../sdk/src/heartbeat.js";
import { encodeOutput, outputRef, quantize, resultHashOf } from "../../sdk/src/result.js";
import { mockProof, startDevchain, type Devchain } from "../../sdk/test/helpers/devchain.js";
import { startKeeper, startKeepers, type Keeper, type KeeperEvent } from "../src/service.js";

let chain: Devchain;
let provider: JsonRpcProvider;
let keeper: Keeper | undefined;
let client: StunClient;
let modelId: string;
const events: KeeperEvent[] = [];
const OUTPUT = quantize([1.5, -2], [2]);

async function until(what: string, cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(realExecutor = false): Promise<Keeper> {
  return startKeeper({
    deployment: chain.deployment,
    signer: devnetWallet(DEVNET_ROLES.keeper),
    auditor: devnetWallet(DEVNET_ROLES.auditor),
    blobStore: chain.blobs.url,
    execute: realExecutor ? undefined : async () => OUTPUT,
    port: 0,
    pollIntervalMs: 150,
    heartbeatTtlMs: 60_000,
    log: (e) => events.push(e),
  });
}

async function beat(i: number, over: Record<string, unknown> = {}): Promise<Response> {
  const hb = await signHeartbeat(devnetProvider(i), { chainId: 31337, timestampMs: Date.now(), activeTasks: 0, capacity: 4 });
  return fetch(`${keeper?.url}/heartbeat`, { method: "POST", body: JSON.stringify({ ...hb, ...over }) });
}

const status = async (id: bigint) => (await client.adapter.getTask(id)).status;
const market = () => ComputeMarketplace__factory.connect(chain.deployment.contracts.computeMarketplace ?? "", provider);

async function submitResult(taskId: bigint, i: number): Promise<void> {
  const p = devnetProvider(i).connect(provider);
  const rh = resultHashOf(OUTPUT, 31337, client.adapter.marketplaceAddress, taskId);
  await (await market().connect(p).submitResult(taskId, rh, mockProof(taskId, rh, p.address))).wait();
}

before(async () => {
  chain = await startDevchain({ port: 18745, providers: 4 });
  provider = jsonRpcProvider(chain.rpcUrl, 31337);
  client = new StunClient({
    adapter: new EvmAdapter(chain.deployment, { signer: devnetWallet(DEVNET_ROLES.requester).connect(provider) }),
    blobStore: chain.blobs.url,
  });
  modelId = (await client.uploadModel(new TextEncoder().encode("model"))).modelId;
  keeper = await start();
});
after(async () => {
  await keeper?.stop();
  provider?.destroy();
  await chain?.stop();
});

describe("keeper service", () => {
  it("heartbeats: valid accepted; bad signature, wrong chain and malformed refused with 400 + code", async () => {
    for (const i of [0, 1, 2]) assert.equal((await beat(i)).status, 200);
    const forged = await beat(0, { provider: devnetProvider(3).address });
    assert.equal(forged.status, 400);
    assert.equal(((await forged.json()) as { error: string }).error, "BadSignature");
    const hb = await signHeartbeat(devnetProvider(0), { chainId: 8453, timestampMs: Date.now(), activeTasks: 0, capacity: 4 });
    const wrong = await fetch(`${keeper?.url}/heartbeat`, { method: "POST", body: JSON.stringify(hb) });
    assert.equal(((await wrong.json()) as { error: string }).error, "WrongChain");
    const junk = await fetch(`${keeper?.url}/heartbeat`, { method: "POST", body: "not json" });
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as { error: string }).error, "Malformed");
    const stale = await signHeartbeat(devnetProvider(1), { chainId: 31337, timestampMs: Date.now() - 3_600_000, activeTasks: 0, capacity: 4 });
    const s = await fetch(`${keeper?.url}/heartbeat`, { method: "POST", body: JSON.stringify(stale) });
    assert.equal(((await s.json()) as { error: string }).error, "Stale");
    assert.ok(keeper?.heartbeats.isLive(devnetProvider(0).address));
    assert.ok(!keeper?.heartbeats.isLive(devnetProvider(3).address));
  });

  it("quotes from live providers (GET /quote), 409 NoProviders when none fit; the SDK uses it", async () => {
    const res = await fetch(`${keeper?.url}/quote?gpuMemory=16&redundancy=3`);
    assert.equal(res.status, 200);
    const q = (await res.json()) as { reward: string; candidates: number };
    assert.equal(q.candidates, 3, "the provider without heartbeats is not priced");
    assert.equal(BigInt(q.reward), (10n ** 15n * 3n * 10_000n) / 8000n);
    const none = await fetch(`${keeper?.url}/quote?gpuMemory=200`);
    assert.equal(none.status, 409);
    const sdk = new StunClient({ adapter: client.adapter, blobStore: chain.blobs.url, keeperUrl: keeper?.url });
    assert.equal((await sdk.quote({ gpuMemory: 16 }, 3)).reward, BigInt(q.reward));
  });

  let finalTask: bigint;
  it("assigns live providers, then finalizes after the challenge window", async () => {
    const t = await client.submitTask({ modelId, input: [1], redundancy: 3, reward: 10n ** 16n, deadline: 3600 });
    finalTask = t.taskId;
    await until("assignment", async () => (await status(t.taskId)) === "Assigned");
    const { assignments } = await client.adapter.getAssignments(t.taskId);
    assert.deepEqual(new Set(assignments.map((a) => a.provider)), new Set([0, 1, 2].map((i) => devnetProvider(i).address)), "never the provider without heartbeats");
    for (const i of [0, 1, 2]) await submitResult(t.taskId, i);
    assert.equal(await status(t.taskId), "Challengeable");
    await chain.advance(86_400 + 5);
    await until("finalization", async () => (await status(t.taskId)) === "Finalized");
  });

  it("expires a Submitted task nobody can run once its deadline passes", async () => {
    const t = await client.submitTask({ modelId, input: [3], reward: 10n ** 15n, deadline: 120, requirements: { gpuMemory: 500 } });
    await keeper?.tick();
    assert.equal(await status(t.taskId), "Submitted");
    await chain.advance(121);
    await until("expiry", async () => (await status(t.taskId)) === "Expired");
  });

  it("executes a queued governance proposal once the timelock is ready; then the audit flow resolves an audited task", async () => {
    const deployer = devnetWallet(DEVNET_ROLES.deployer).connect(provider);
    const gov = new Governance(chain.deployment, deployer);
    const { proposalId } = await gov.propose(parameterProposal(chain.deployment, "auditRateBps", 10_000n, "audit everything"));
    await chain.advance(2);
    await gov.vote(proposalId, 1);
    await chain.advance(61);
    await gov.queue(proposalId);
    assert.equal(await gov.state(proposalId), "Queued");
    await chain.advance(11);
    await until("execution", async () => (await gov.state(proposalId)) === "Executed");
    assert.equal((await market().params()).auditRateBps, 10_000n);

    const blobs = new BlobClient(chain.blobs.url);
    await blobs.put(encodeOutput(OUTPUT));
    const t = await client.submitTask({ modelId, input: [4], redundancy: 1, reward: 10n ** 15n, deadline: 3600 });
    await until("assignment", async () => (await status(t.taskId)) === "Assigned");
    const [a] = (await client.adapter.getAssignments(t.taskId)).assignments;
    const idx = [0, 1, 2].find((i) => devnetProvider(i).address === a?.provider) ?? 0;
    await submitResult(t.taskId, idx);
    await until("audit resolution", async () => (await status(t.taskId)) === "Challengeable");
    await until("resolveAudit logged", async () =>
      events.some((e) => e.kind === "tx" && e.action === "resolveAudit" && e.id === t.taskId.toString()),
    );
  });

  it("killed and restarted: resumes from chain state and sends no duplicate transaction", async () => {
    await keeper?.stop();
    keeper = undefined;
    const pending = await client.submitTask({ modelId, input: [5], redundancy: 1, reward: 10n ** 15n, deadline: 3600 });
    keeper = await start();
    for (const i of [0, 1, 2]) await beat(i);
    await until("assignment after restart", async () => (await status(pending.taskId)) === "Assigned");
    // A few more passes over the same state must not send anything.
    for (let i = 0; i < 3; i++) await keeper.tick();
    const iface = new Interface([...ComputeMarketplace__factory.abi, ...StunGovernor__factory.abi].filter((f) => f.type === "function"));
    const me = devnetWallet(DEVNET_ROLES.keeper).address;
    const seen = new Map<string, number>();
    const latest = await provider.getBlockNumber();
    for (let b = chain.deployment.deployBlock; b <= latest; b++) {
      const block = await provider.getBlock(b, true);
      for (const tx of block?.prefetchedTransactions ?? []) {
        if (tx.from !== me) continue;
        const parsed = iface.parseTransaction({ data: tx.data });
        const key = `${parsed?.name}:${String(parsed?.args[0])}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    const dups = [...seen].filter(([, n]) => n > 1);
    assert.deepEqual(dups, [], "no action sent twice");
    assert.equal(seen.get(`assignProviders:${pending.taskId}`), 1);
    assert.equal(seen.get(`finalizeTask:${finalTask}`), 1);
    assert.ok([...seen.keys()].some((k) => k.startsWith("execute:")), "the proposal execution is counted");
  });

  it("audit with the provider agent's real executor: honest -> Challengeable; a published output one quantum off is noise (Challengeable), two quanta is not (SlashedRefunded)", async () => {
    await keeper?.stop();
    keeper = await start(true);
    for (const i of [0, 1, 2]) await beat(i);
    const { executeTask } = await import("../../provider-agent/src/executor.js");
    const { readFileSync } = await import("node:fs");
    const real = await client.uploadModel(new Uint8Array(readFileSync(new URL("../../provider-agent/models/mlp-16-32-16.onnx", import.meta.url))));
    const input = Array.from({ length: 16 }, (_, i) => i / 16);
    // (each slash jails a provider, and later tests need two of the three live ones: one wrong case only)
    const cases = [
      { name: "honest", off: 0, publish: false, want: "Challengeable" },
      { name: "one quantum off, published", off: 1, publish: true, want: "Challengeable" },
      { name: "two quanta off, published", off: 2, publish: true, want: "SlashedRefunded" },
    ];
    for (const c of cases) {
      const t = await client.submitTask({ modelId: real.modelId, input, redundancy: 1, reward: 10n ** 15n, deadline: 3600 });
      await until("assignment", async () => (await status(t.taskId)) === "Assigned");
      const [a] = (await client.adapter.getAssignments(t.taskId)).assignments;
      const p = devnetProvider([0, 1, 2].find((i) => devnetProvider(i).address === a?.provider) ?? 0).connect(provider);
      const blobs = new BlobClient(chain.blobs.url);
      const { output } = await executeTask(await blobs.get(t.taskHash ?? ""), { fetch: (id) => blobs.get(id) });
      const submitted = { shape: output.shape, q: output.q.map((v, i) => (i === 3 ? v + c.off : v)) };
      const rh = resultHashOf(submitted, 31337, client.adapter.marketplaceAddress, t.taskId);
      if (c.publish) await blobs.setRef(outputRef(31337, t.taskId, p.address), await blobs.put(encodeOutput(submitted)));
      await (await market().connect(p).submitResult(t.taskId, rh, mockProof(t.taskId, rh, p.address))).wait();
      await until(`audit verdict for ${c.name}: ${c.want}`, async () => (await status(t.taskId)) === c.want, 60_000);
    }
  });

  it("replaces a no-show with the next live candidate (reassignProvider), which then completes the task", async () => {
    const t = await client.submitTask({ modelId, input: [2], redundancy: 1, reward: 10n ** 15n, deadline: 3600 });
    await until("assignment", async () => (await status(t.taskId)) === "Assigned");
    const first = (await client.adapter.getAssignments(t.taskId)).assignments[0]!.provider;
    const stakeBefore = (await client.adapter.getProvider(first)).stake;
    await chain.advance(601);
    await until("reassignment", async () => (await client.adapter.getAssignments(t.taskId)).assignments[0]!.provider !== first);
    const lane = (await client.adapter.getAssignments(t.taskId)).assignments[0]!;
    assert.equal(lane.state, "Assigned");
    assert.ok([0, 1, 2].map((i) => devnetProvider(i).address).includes(lane.provider), "a live provider (heartbeats), never provider 3");
    const logs = await market().queryFilter(market().filters.ProviderReassigned(t.taskId), chain.deployment.deployBlock);
    assert.deepEqual(logs.map((l) => [l.args.noShow, l.args.replacement]), [[first, lane.provider]]);
    assert.ok((await client.adapter.getProvider(first)).stake < stakeBefore, "the no-show is penalised");
    assert.equal(await status(t.taskId), "Assigned", "not expired: the replacement has its own accept window");
    await submitResult(t.taskId, [0, 1, 2].find((i) => devnetProvider(i).address === lane.provider)!);
    assert.ok(["Challengeable", "Audited"].includes(await status(t.taskId)), "the replacement's result closes the task");
  });

  it("expires a task whose no-shows nobody live can replace, and reports them", async () => {
    // earlier tests slashed some providers below minStake: assign every eligible live one (quote's candidate count)
    const live = ((await (await fetch(`${keeper?.url}/quote?redundancy=1`)).json()) as { candidates: number }).candidates;
    assert.ok(live >= 1 && live <= 3, `eligible live providers: ${live}`);
    const t = await client.submitTask({ modelId, input: [4], redundancy: live, reward: 10n ** 15n, deadline: 3600 });
    await until("assignment", async () => (await status(t.taskId)) === "Assigned");
    await chain.advance(601); // every lane is a no-show; provider 3 sends no heartbeats, the slashed are ineligible
    await until("expiry", async () => (await status(t.taskId)) === "Expired");
    // the keeper logs its report after the receipt, which can be a moment after the node reports the new status
    const reportOf = () => events.find((e) => e.kind === "noShow" && e.taskId === t.taskId.toString());
    await until("noShow report", async () => reportOf() !== undefined);
    const report = reportOf();
    assert.ok(report && report.kind === "noShow" && report.noShows.length === live && report.nextCandidates.length === 0);
    assert.equal((await market().queryFilter(market().filters.ProviderReassigned(t.taskId), chain.deployment.deployBlock)).length, 0);
  });

  it("startKeepers: one HTTP API for all chains routes heartbeats by chainId and quotes by ?chain=; resolveStale after auditTimeout", async () => {
    await keeper?.stop();
    keeper = undefined;
    const multi = await startKeepers({
      deployments: { chains: { ethereum: chain.deployment }, services: { blobStore: chain.blobs.url } },
      signer: devnetWallet(DEVNET_ROLES.keeper),
      port: 0,
      pollIntervalMs: 150,
      requireHeartbeats: false,
      log: (e) => events.push(e),
    });
    try {
      const hb = await signHeartbeat(devnetProvider(0), { chainId: 31337, timestampMs: Date.now(), activeTasks: 0, capacity: 4 });
      assert.equal((await fetch(`${multi.url}/heartbeat`, { method: "POST", body: JSON.stringify(hb) })).status, 200);
      const other = await signHeartbeat(devnetProvider(0), { chainId: 8453, timestampMs: Date.now(), activeTasks: 0, capacity: 4 });
      const r = await fetch(`${multi.url}/heartbeat`, { method: "POST", body: JSON.stringify(other) });
      assert.equal(((await r.json()) as { error: string }).error, "WrongChain");
      assert.equal((await fetch(`${multi.url}/quote?chain=ethereum&gpuMemory=16`)).status, 200);
      assert.equal((await fetch(`${multi.url}/quote?chain=solana`)).status, 400);
      assert.ok(multi.keepers.ethereum?.heartbeats.isLive(devnetProvider(0).address));
      // No auditor here: an audited task waits, then is unwound with resolveStale after auditTimeout.
      const t = await client.submitTask({ modelId, input: [6], redundancy: 1, reward: 10n ** 15n, deadline: 3600 });
      await until("assignment", async () => (await status(t.taskId)) === "Assigned");
      const [a] = (await client.adapter.getAssignments(t.taskId)).assignments;
      await submitResult(t.taskId, [0, 1, 2, 3].find((i) => devnetProvider(i).address === a?.provider) ?? 0);
      assert.equal(await status(t.taskId), "Audited");
      await chain.advance(7 * 86_400 + 1);
      await until("stale audit unwound", async () => (await status(t.taskId)) === "Refunded");
      // The keeper logs its tx after the receipt, which can be a moment after the node reports the new status.
      await until("resolveStale logged", async () =>
        events.some((e) => e.kind === "tx" && e.action === "resolveStale" && e.id === t.taskId.toString()),
      );
    } finally {
      await multi.stop();
    }
  });
});
