/**
 * End to end on the real parts (issue 5): `npm start`'s devnet (STUN_DEVNET_FLOW=0, STUN_DEVNET_KEEPER=0; real
 * Groth16 verifier), provider agents and the keeper as child processes (keystores, real ONNX execution and proofs),
 * a requester driving the SDK in-process. Assertions read the chain (events, task state, credits, stakes).
 *
 * The tests run in order on one devnet and build on each other: providers 0-2 honest; the keeper is killed with
 * kill -9 and restarted several times; provider 3 returns wrong results; provider 4 is killed mid-task; provider 5
 * never shows up and the keeper hands its lane to provider 6; the last test corrupts a model blob. Challenge windows and deadlines are fast-forwarded with evm_increaseTime.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { parseEther } from "ethers";

import { buildMlpOnnx, referenceMlp } from "../../provider-agent/src/onnx-model.js";
import type { StunClient } from "../../sdk/src/client.js";
import { DEVNET_ROLES, devnetProvider, devnetWallet } from "../../sdk/src/devnet-accounts.js";
import {
  type AgentProc,
  BLOB_DIR,
  type Devnet,
  MODEL_FILE,
  type Proc,
  SLASH,
  agentStarted,
  creatorClient,
  ethCredit,
  fastForward,
  finalizeFast,
  inputOf,
  journalHas,
  liveProviders,
  marketEvents,
  metric,
  requesterClient,
  slashes,
  spawnAgent,
  spawnKeeper,
  startDevnet,
  txCounts,
  until,
} from "./harness.js";

const BPS = 10_000n;
const KEEPER = devnetWallet(DEVNET_ROLES.keeper).address;
const AUDITOR = devnetWallet(DEVNET_ROLES.auditor).address;
const REQUESTER = devnetWallet(DEVNET_ROLES.requester).address;
const CREATOR = devnetWallet(DEVNET_ROLES.creator).address;
const addr = (i: number): string => devnetProvider(i).address;
const CLOSED_OK = new Set(["Challengeable", "Audited", "Finalized"]);

describe("end to end on the devnet", { timeout: 420_000 }, () => {
  let d: Devnet;
  let keeper: Proc | undefined;
  const agents = new Map<number, AgentProc>();
  const all: Proc[] = [];
  let requester: StunClient;
  let modelId: string;
  let corruptBlob: string | undefined;

  const restartKeeper = async (): Promise<void> => {
    await keeper?.kill9();
    keeper = await spawnKeeper(d);
    all.push(keeper);
  };
  const startAgents = async (specs: { i: number; opts?: Parameters<typeof spawnAgent>[2] }[]): Promise<void> => {
    const started = await Promise.all(specs.map((s) => spawnAgent(d, s.i, s.opts)));
    for (const a of started) {
      agents.set(a.index, a);
      all.push(a);
    }
    await Promise.all(started.map((a) => agentStarted(a)));
  };
  /** kill -9 the given agents, restart the keeper (its heartbeat book forgets them), start the new ones. */
  const swapProviders = async (kill: number[], start: { i: number; opts?: Parameters<typeof spawnAgent>[2] }[]): Promise<void> => {
    for (const i of kill) {
      await agents.get(i)?.kill9();
      agents.delete(i);
    }
    await keeper?.kill9();
    await startAgents(start);
    await restartKeeper();
    await liveProviders(agents.size);
  };
  const submit = (k: number, o: { reward?: bigint; deadline?: number; model?: string } = {}) =>
    requester.submitTask({ modelId: o.model ?? modelId, input: inputOf(k), redundancy: 3, reward: o.reward ?? parseEther("0.3"), token: "ETH", deadline: o.deadline ?? 600 });
  const status = async (id: bigint): Promise<string> => (await requester.adapter.getTask(id)).status;

  before(async () => {
    d = await startDevnet({ keeper: false, dir: mkdtempSync(join(tmpdir(), "stun-e2e-")) });
    await startAgents([{ i: 0 }, { i: 1 }, { i: 2 }]);
    await restartKeeper();
    await liveProviders(3);
    requester = requesterClient(d);
    ({ modelId } = await creatorClient(d).uploadModel(new Uint8Array(readFileSync(MODEL_FILE))));
  });

  after(async () => {
    for (const p of all) await p.kill9();
    if (corruptBlob) rmSync(corruptBlob, { force: true });
    await d?.stop();
  });

  it("r=3 task through the SDK: 3 agents execute and prove, consensus, finalize, exact 80/15/5 payout, verified output", async () => {
    const creditsBefore = await Promise.all([0, 1, 2].map((i) => ethCredit(d, addr(i))));
    const creatorBefore = await ethCredit(d, CREATOR);
    const reward = parseEther("0.3");
    const task = await submit(1, { reward });
    const seen = await finalizeFast(d, requester, task.taskId);
    assert.ok(seen.includes("Challengeable") && seen.at(-1) === "Finalized", seen.join(" -> "));

    const results = await marketEvents(d, "ResultSubmitted", task.taskId);
    assert.equal(results.length, 3);
    assert.deepEqual(results.map((r) => (r!.args.provider as string)).sort(), [0, 1, 2].map(addr).sort());
    assert.equal(new Set(results.map((r) => r!.args.resultHash as string)).size, 1, "the three results agree");

    const [split] = await marketEvents(d, "PaymentSplit", task.taskId);
    const each = split!.args.provider as bigint;
    const treasury = split!.args.treasury as bigint;
    const creator = split!.args.creator as bigint;
    assert.equal(each * 3n + treasury + creator, reward, "the split adds up to the escrow exactly");
    assert.equal(each * 3n, (reward * 8000n) / BPS, "80 % to the providers");
    assert.equal(treasury, (reward * 1500n) / BPS, "15 % to the treasury");
    assert.equal(creator, (reward * 500n) / BPS, "5 % to the model creator");
    assert.equal((await marketEvents(d, "TaskCompleted", task.taskId)).length, 3);
    const afterCredits = await Promise.all([0, 1, 2].map((i) => ethCredit(d, addr(i))));
    afterCredits.forEach((c, k) => assert.equal(c - creditsBefore[k]!, each, `provider ${k} credited its share`));
    assert.equal((await ethCredit(d, CREATOR)) - creatorBefore, creator);

    const { output, provider } = await task.getOutput(); // verified against the on-chain result hash
    assert.ok([0, 1, 2].map(addr).includes(provider));
    const ref = referenceMlp(inputOf(1));
    assert.equal(output.q.length, ref.length);
    output.q.forEach((q, k) => assert.ok(Math.abs(q / 256 - ref[k]!) <= 1 / 256 + 1e-9, `output[${k}] = ${q}/256 vs ${ref[k]}`));
  });

  it("keeper killed with kill -9 mid-run and restarted: every task finalizes, no duplicate keeper transaction", async () => {
    const tasks = [await submit(2), await submit(3), await submit(4)];
    // kill the keeper as soon as its first assignment lands (it is then mid-pass on the others)
    await until("first assignment", async () => ((await status(tasks[0]!.taskId)) !== "Submitted" ? true : undefined), 60_000, 20);
    await keeper!.kill9();
    await restartKeeper();
    await liveProviders(3);
    for (const t of tasks) await until(`task ${t.taskId} closed`, async () => (CLOSED_OK.has(await status(t.taskId)) ? true : undefined), 90_000);
    // kill it again with the challenge windows open, fast-forward them while it is down, restart
    await keeper!.kill9();
    await fastForward(d.rpc, 61);
    await restartKeeper();
    for (const t of tasks) await finalizeFast(d, requester, t.taskId);

    const counts = await txCounts(d, [KEEPER, AUDITOR], d.chain.deployBlock);
    for (const t of tasks) {
      assert.equal(counts.get(`assignProviders:${t.taskId}`)?.count, 1, `one assignProviders for task ${t.taskId}`);
      assert.equal(counts.get(`finalizeTask:${t.taskId}`)?.count, 1, `one finalizeTask for task ${t.taskId}`);
    }
    for (const [key, c] of counts) {
      assert.equal(c.count, 1, `${key} sent ${c.count} times`);
      assert.equal(c.reverted, 0, `${key} reverted`);
    }
  });

  it("a provider that submits a wrong result is outvoted 2-1 and slashed (WrongResult), its stake reduced", async () => {
    await swapProviders([2], [{ i: 3, opts: { fault: "wrong-result" } }]);
    const from = await d.rpc.getBlockNumber();
    const stakeBefore = (await requester.adapter.getProvider(addr(3))).stake;
    const reward = parseEther("0.3");
    const task = await submit(5, { reward });
    await finalizeFast(d, requester, task.taskId);

    const results = await marketEvents(d, "ResultSubmitted", task.taskId);
    assert.equal(results.length, 3);
    const wrong = results.find((r) => r!.args.provider === addr(3))!;
    const honest = results.filter((r) => r!.args.provider !== addr(3));
    assert.equal(honest.length, 2);
    assert.equal(honest[0]!.args.resultHash, honest[1]!.args.resultHash);
    assert.notEqual(wrong.args.resultHash, honest[0]!.args.resultHash);

    const [split] = await marketEvents(d, "PaymentSplit", task.taskId);
    const each = split!.args.provider as bigint;
    assert.equal(each * 2n + (split!.args.treasury as bigint) + (split!.args.creator as bigint), reward);
    assert.equal(each, (reward * 8000n) / BPS / 2n, "the two agreeing providers share 80 %");
    const completed = (await marketEvents(d, "TaskCompleted", task.taskId)).map((e) => e!.args.provider as string);
    assert.deepEqual(completed.sort(), [addr(0), addr(1)].sort());

    const slashed = await slashes(d, addr(3), from);
    assert.equal(slashed.length, 1, JSON.stringify(slashed, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
    assert.equal(slashed[0]!.reason, SLASH.WrongResult);
    assert.equal(slashed[0]!.amount, (stakeBefore * 1000n) / BPS, "slashBpsWrongResult = 10 %");
    assert.equal((await requester.adapter.getProvider(addr(3))).stake, stakeBefore - slashed[0]!.amount);
    for (const i of [0, 1]) assert.equal((await slashes(d, addr(i), from)).length, 0, `honest provider ${i} not slashed`);
    assert.notEqual((await task.getOutput()).provider, addr(3));
  });

  it("a provider killed (kill -9) after accepting: penalised as a no-show, the task finalizes with the 2-of-3 majority after its deadline", async () => {
    // provider 4 journals its proof, then waits 5 min before submitting: it is killed in that gap
    await swapProviders([3], [{ i: 4, opts: { delayBeforeSubmitMs: 300_000 } }]);
    const from = await d.rpc.getBlockNumber();
    const stakeBefore = (await requester.adapter.getProvider(addr(4))).stake;
    const reward = parseEther("0.3");
    const task = await submit(6, { reward, deadline: 120 });
    const victim = agents.get(4)!;
    await until("provider 4 proved", () => (journalHas(victim.stateDir, task.taskId, "proved") ? true : undefined), 60_000);
    await victim.kill9();
    agents.delete(4);
    const accepted = (await marketEvents(d, "TaskAccepted", task.taskId)).map((e) => e!.args.provider as string);
    assert.ok(accepted.includes(addr(4)), "provider 4 had accepted before it was killed");
    await until("two results", async () => ((await marketEvents(d, "ResultSubmitted", task.taskId)).length === 2 ? true : undefined), 60_000);
    // Everyone accepted, so nothing is expirable before the deadline: the task waits in Assigned.
    assert.equal(await status(task.taskId), "Assigned");
    await fastForward(d.rpc, 121);
    // the keeper's expireTask: past the deadline with a strict majority in -> verification, the absentee penalised
    await until("expired into verification", async () => (CLOSED_OK.has(await status(task.taskId)) ? true : undefined), 60_000);
    await finalizeFast(d, requester, task.taskId);

    const slashed = await slashes(d, addr(4), from);
    assert.equal(slashed.length, 1, JSON.stringify(slashed, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
    assert.equal(slashed[0]!.reason, SLASH.NoShow);
    assert.equal(slashed[0]!.amount, (stakeBefore * 200n) / BPS, "slashBpsNoShow = 2 %");
    const [split] = await marketEvents(d, "PaymentSplit", task.taskId);
    const each = split!.args.provider as bigint;
    assert.equal(each, (reward * 8000n) / BPS / 2n);
    assert.equal(each * 2n + (split!.args.treasury as bigint) + (split!.args.creator as bigint), reward);
    const completed = (await marketEvents(d, "TaskCompleted", task.taskId)).map((e) => e!.args.provider as string);
    assert.deepEqual(completed.sort(), [addr(0), addr(1)].sort());
    assert.equal((await marketEvents(d, "ResultSubmitted", task.taskId)).length, 2, "the killed provider never submitted");
    assert.deepEqual((await task.getOutput()).output.q.length, 16);
  });

  it("a no-show (assigned, never accepts) is replaced by the keeper with the next live provider, which completes the task", async () => {
    // live: providers 0 and 1; provider 5 takes assignments and never shows up
    await swapProviders([], [{ i: 5, opts: { fault: "no-show" } }]);
    const from = await d.rpc.getBlockNumber();
    const stakeBefore = (await requester.adapter.getProvider(addr(5))).stake;
    const task = await submit(8, { deadline: 1800 });
    await until("two results", async () => ((await marketEvents(d, "ResultSubmitted", task.taskId)).length === 2 ? true : undefined), 60_000);
    const lanes = (await requester.adapter.getAssignments(task.taskId)).assignments.map((a) => a.provider);
    assert.deepEqual([...lanes].sort(), [addr(0), addr(1), addr(5)].sort());
    // provider 6 comes up after the assignment: the only live provider outside the task
    await startAgents([{ i: 6 }]);
    await liveProviders(agents.size);
    assert.equal(await status(task.taskId), "Assigned", "nothing happens while provider 5's accept window is open");
    await fastForward(d.rpc, 601); // the 10 min accept window of provider 5's lane passes
    await until("reassigned", async () => ((await marketEvents(d, "ProviderReassigned", task.taskId)).length === 1 ? true : undefined), 60_000);
    const [moved] = await marketEvents(d, "ProviderReassigned", task.taskId);
    assert.equal(moved!.args.noShow, addr(5));
    assert.equal(moved!.args.replacement, addr(6));
    await until("the replacement's result closes the task", async () => (CLOSED_OK.has(await status(task.taskId)) ? true : undefined), 60_000);
    await finalizeFast(d, requester, task.taskId);

    const submitted = (await marketEvents(d, "ResultSubmitted", task.taskId)).map((e) => e!.args.provider as string);
    assert.deepEqual(submitted.sort(), [addr(0), addr(1), addr(6)].sort());
    const completed = (await marketEvents(d, "TaskCompleted", task.taskId)).map((e) => e!.args.provider as string);
    assert.deepEqual(completed.sort(), [addr(0), addr(1), addr(6)].sort(), "the replacement is paid like the others");
    const slashed = await slashes(d, addr(5), from);
    assert.deepEqual(slashed.map((x) => x.reason), [SLASH.NoShow]);
    assert.equal(slashed[0]!.amount, (stakeBefore * 200n) / BPS, "slashBpsNoShow = 2 %");
    await swapProviders([5, 6], []);
  });

  it("a corrupted model blob is refused by every agent (hash mismatch); the task expires and the escrow is refunded", async () => {
    await swapProviders([], [{ i: 2, opts: { stateSuffix: "-restarted" } }]);
    const model = buildMlpOnnx(`STUN e2e corrupted model ${Date.now()}`);
    const up = await creatorClient(d).uploadModel(model);
    corruptBlob = join(BLOB_DIR, up.modelId.slice(2));
    const bad = Buffer.from(model);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    writeFileSync(corruptBlob, bad);

    const live = [...agents.values()];
    const failuresBefore = await Promise.all(live.map((a) => metric(a.metricsUrl, "stun_agent_task_failures_total", 'reason="hash-mismatch"')));
    const from = await d.rpc.getBlockNumber();
    const creditBefore = await ethCredit(d, REQUESTER);
    const reward = parseEther("0.05");
    const task = await submit(7, { reward, deadline: 120, model: up.modelId });
    await until("the agents refuse the model", async () => {
      const now = await Promise.all(live.map((a) => metric(a.metricsUrl, "stun_agent_task_failures_total", 'reason="hash-mismatch"')));
      return now.every((v, k) => v === failuresBefore[k]! + 1) ? true : undefined;
    }, 60_000);
    for (const a of live) {
      const line = a.lines.find((l) => l.includes('"msg":"task failed"') && l.includes(`"taskId":"${task.taskId}"`));
      assert.ok(line?.includes("hash-mismatch"), `provider ${a.index} logs the hash mismatch: ${line}`);
    }
    assert.equal((await marketEvents(d, "ResultSubmitted", task.taskId)).length, 0, "nothing executed or submitted");
    assert.equal(await status(task.taskId), "Assigned");

    await fastForward(d.rpc, 121);
    await until("expired", async () => ((await status(task.taskId)) === "Expired" ? true : undefined), 60_000);
    const refunds = await marketEvents(d, "Refunded", task.taskId);
    assert.equal(refunds.length, 1);
    assert.equal(refunds[0]!.args.to, REQUESTER);
    assert.equal(refunds[0]!.args.amount, reward);
    assert.equal((await ethCredit(d, REQUESTER)) - creditBefore, reward, "the escrow is credited back to the requester");
    assert.equal((await marketEvents(d, "PaymentSplit", task.taskId)).length, 0);
    // By the rules, an assigned provider that accepted and did not submit by the deadline is a no-show.
    for (const a of live) assert.deepEqual((await slashes(d, a.address, from)).map((s) => s.reason), [SLASH.NoShow]);
  });

  it("across the whole run (five keeper restarts): the keeper and its auditor never sent the same call twice", async () => {
    const counts = await txCounts(d, [KEEPER, AUDITOR], d.chain.deployBlock);
    assert.ok(counts.size >= 10, `keeper transactions seen: ${[...counts.keys()].join(", ")}`);
    for (const [key, c] of counts) assert.equal(c.count, 1, `${key} sent ${c.count} times`);
  });
});
