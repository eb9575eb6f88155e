/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are checked field by field */
/**
 * End-to-end tests: hardhat nodes on ports 18545/18546, Postgres on 54339 (.devnet/indexer-test), the indexer
 * (one processor per chain + GraphQL on 43501). Runs in ~2 minutes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { resolve } from "node:path";

import type { PgHandle } from "../../scripts/lib/postgres.js";
import { createServer } from "node:http";
import { connect as netConnect } from "node:net";
import { networkInterfaces } from "node:os";

import { IndexerClient, IndexerError } from "../src/client.js";
import { startIndexer, type IndexerHandle } from "../src/start.js";
import {
  blockNumber, buildContracts, deploy, gql, gqlRaw, resetDb, ROOT, startChain, startPg, stopAll, waitIndexed,
  type Conn, type Fixture, type TestChain,
} from "./harness.js";
import { increaseTime, latest, runScenario, send } from "./scenario.js";
import { proofFor, rh } from "../../evm/test/helpers/fixture.js";

const LOG_DIR = resolve(ROOT, ".devnet", "indexer-test", "logs");
const GQL_PORT = 43501;
const ETH = "0x0000000000000000000000000000000000000000";

describe("indexer", { timeout: 240_000 }, () => {
  let pg: PgHandle;
  let a: TestChain;
  let b: TestChain;
  let A: { conn: Conn; f: Fixture };
  let B: { conn: Conn; f: Fixture };
  let ix: IndexerHandle;
  let url: string;

  before(async () => {
    buildContracts();
    pg = startPg("indexer-test", 54339);
    await resetDb(pg.url);
    [a, b] = await Promise.all([startChain(0, 18545, LOG_DIR), startChain(1, 18546, LOG_DIR)]);
    const [da, db] = [await deploy(a), await deploy(b)];
    A = da;
    B = db;
    ix = await startIndexer({
      deployments: { a: da.deployment, b: db.deployment },
      dbUrl: pg.url,
      gqlPort: GQL_PORT,
      logDir: LOG_DIR,
      chainOverrides: { finality: 5, headPollMs: 20 },
    });
    url = ix.graphqlUrl;
  });

  after(async () => {
    await ix?.stop();
    await stopAll([a?.node, b?.node]);
    pg?.stop();
  });

  it("indexes the scripted scenario into exactly the expected rows (two chains, chainId on every row)", async () => {
    const { conn, f } = A;
    const { bond, proposalId, STAKE } = await runScenario(conn, f);
    // chain B: one open task
    const bm = B.f.computeMarketplace;
    const dl = (await B.conn.ethers.provider.getBlock("latest"))!.timestamp + 86400;
    await send(bm.connect(B.f.requester).submitTask(B.conn.ethers.id("b0"), 7n, dl, { value: 7n }));
    await waitIndexed(url, a.chain.chainId, await blockNumber(a.url));
    await waitIndexed(url, b.chain.chainId, await blockNumber(b.url));
    const cA = a.chain.chainId;
    const d = await gql<any>(url, `query($c: Int!) {
      tasks(where: {chainId_eq: $c}, orderBy: taskId_ASC) { id chainId taskId status reward token redundancy resultsIn resultHash
        gpuMemory providers disputeBond modelId }
      providers(where: {chainId_eq: $c}, orderBy: address_ASC) { address stake pendingUnstake totalSlashed slashCount tasksCompleted reputation vramGiB gpuModel }
      slashes(where: {chainId_eq: $c}, orderBy: [blockNumber_ASC, id_ASC]) { provider { address } amount reason task { taskId } }
      payouts(where: {chainId_eq: $c}) { provider { address } amount token task { taskId } }
      paymentSplits(where: {chainId_eq: $c}) { task { taskId } providerEach providerCount treasury creator }
      refunds(where: {chainId_eq: $c}, orderBy: blockNumber_ASC) { task { taskId } to amount }
      disputes(where: {chainId_eq: $c}) { task { taskId } by bond honest }
      models(where: {chainId_eq: $c}) { modelId creator }
      parameterChanges(where: {chainId_eq: $c, contract_eq: "computeMarketplace"}, orderBy: blockNumber_ASC) { name oldValue newValue }
      stakeEvents(where: {chainId_eq: $c}) { kind amount }
      proposals(where: {chainId_eq: $c}) { proposalId state forVotes description votes { support reason weight voter } }
      taskEvents(where: {chainId_eq: $c, task: {taskId_eq: "1"}}, orderBy: [blockNumber_ASC, logIndex_ASC]) { name status provider }
    }`, { c: cA });

    const E = (n: string) => A.conn.ethers.parseEther(n).toString();
    assert.deepEqual(
      d.tasks.map((t: any) => [t.taskId, t.status, t.reward, t.redundancy, t.resultsIn, t.gpuMemory, t.providers.length]),
      [["1", "FINALIZED", E("1"), 1, 1, 0, 1], ["2", "REFUNDED", E("3"), 3, 3, 40, 3], ["3", "CANCELLED", E("0.5"), 1, 0, 0, 0],
        ["4", "SUBMITTED", E("2"), 1, 0, 80, 0]],
    );
    assert.ok(d.tasks.every((t: any) => t.chainId === cA && t.id === `${cA}-${t.taskId}` && t.token === ETH));
    assert.equal(d.tasks[1].disputeBond, bond.toString());
    assert.equal(d.tasks[1].modelId, A.conn.ethers.id("model-1"));
    assert.equal(d.tasks[0].resultHash !== null, true);

    // timeline of task 0, with the implicit Challengeable after the single result
    assert.deepEqual(d.taskEvents.map((e: any) => [e.name, e.status]), [
      ["TaskSubmitted", "SUBMITTED"], ["TaskAssigned", "ASSIGNED"], ["TaskAccepted", "ASSIGNED"],
      ["ResultSubmitted", "CHALLENGEABLE"], ["TaskCompleted", "CHALLENGEABLE"], ["PaymentSplit", "CHALLENGEABLE"],
      ["TaskFinalized", "FINALIZED"],
    ]);

    // providers: stake = STAKE - slashes - unstake requested; slashes of task 1 are 10% (slashBpsWrongResult) of the stake
    const addr = (s: { address: string }) => s.address.toLowerCase();
    const byAddr = new Map(d.providers.map((p: any) => [p.address, p]));
    assert.equal(d.providers.length, 4);
    const onChain = async (p: { address: string }) => (await f.providerRegistry.getProvider(p.address));
    for (const p of f.providers) {
      const row: any = byAddr.get(addr(p));
      const chain: any = await onChain(p);
      assert.equal(row.stake, chain.stake_.toString(), `stake of ${p.address}`);
      assert.equal(row.pendingUnstake, chain.unbonding.toString());
      assert.equal(row.gpuModel, "H100");
      assert.equal(row.vramGiB, 80);
    }
    const slashAmt = (STAKE * 1000n) / 10000n;
    assert.deepEqual(
      d.slashes.map((s: any) => [s.provider.address, s.amount, s.reason, s.task?.taskId]).sort(),
      [[addr(f.p1), slashAmt.toString(), "LOST_DISPUTE", "2"], [addr(f.p2), slashAmt.toString(), "LOST_DISPUTE", "2"]].sort(),
    );
    assert.equal((byAddr.get(addr(f.p1)) as any).tasksCompleted, 1);
    assert.equal((byAddr.get(addr(f.p1)) as any).slashCount, 1);
    assert.equal((byAddr.get(addr(f.p4)) as any).pendingUnstake, (STAKE / 4n).toString());
    for (const p of [f.p1, f.p2]) {
      const [score] = await f.reputationRegistry.reputationOf(p.address);
      assert.equal((byAddr.get(addr(p)) as any).reputation, score.toString());
    }

    // payments
    assert.deepEqual(d.payouts.map((p: any) => [p.task.taskId, p.provider.address, p.amount, p.token]), [["1", addr(f.p1), E("0.8"), ETH]]);
    assert.deepEqual(d.paymentSplits.map((s: any) => [s.task.taskId, s.providerEach, s.providerCount, s.treasury, s.creator]), [
      ["1", E("0.8"), 1, E("0.2"), "0"],
    ]);
    assert.deepEqual(d.refunds.map((r: any) => [r.task.taskId, r.to, r.amount]), [
      ["2", addr(f.requester), (A.conn.ethers.parseEther("3") + bond).toString()],
      ["3", addr(f.requester), E("0.5")],
    ]);
    assert.deepEqual(d.disputes.map((x: any) => [x.task.taskId, x.by, x.bond, x.honest]), [["2", addr(f.requester), bond.toString(), false]]);
    assert.deepEqual(d.models.map((x: any) => [x.modelId, x.creator]), [[A.conn.ethers.id("model-1"), addr(f.creator)]]);
    assert.deepEqual(d.parameterChanges.map((x: any) => [x.name, x.newValue]), [["auditRateBps", "0"], ["disputeBondBps", "600"]]);
    assert.deepEqual(d.stakeEvents.map((x: any) => x.kind).sort(), ["STAKED", "STAKED", "STAKED", "STAKED", "UNSTAKE_REQUESTED"]);
    assert.equal(d.proposals.length, 1);
    assert.equal(d.proposals[0].proposalId, proposalId.toString());
    assert.equal(d.proposals[0].state, "CREATED");
    assert.equal(d.proposals[0].description, "raise the dispute bond");
    assert.deepEqual(d.proposals[0].votes.map((v: any) => [v.support, v.reason, v.voter]), [[1, "yes", addr(f.deployer)]]);
    assert.equal(d.proposals[0].forVotes, d.proposals[0].votes[0].weight);

    // chain B holds only its own task
    const dB = await gql<any>(url, `{ tasks(where: {chainId_eq: ${b.chain.chainId}}) { id reward status } }`);
    assert.deepEqual(dB.tasks, [{ id: `${b.chain.chainId}-1`, reward: "7", status: "SUBMITTED" }]);

    // protocol totals
    const tot = await gql<any>(url, `query($c: Int) { protocolTotals(chainId: $c) { chainId tasks providers totalSlashed slashes disputes proposals
      tasksByStatus { status count } tokens { token rewards providerPaid treasuryPaid refunded } } }`, { c: cA });
    const t0 = tot.protocolTotals[0];
    assert.equal(t0.tasks, 4);
    assert.equal(t0.providers, 4);
    assert.equal(t0.slashes, 2);
    assert.equal(t0.totalSlashed, (slashAmt * 2n).toString());
    assert.deepEqual(t0.tokens, [{ token: ETH, rewards: E("6.5"), providerPaid: E("0.8"), treasuryPaid: E("0.2"),
      refunded: (A.conn.ethers.parseEther("3.5") + bond).toString() }]);
    const all = await gql<any>(url, `{ protocolTotals { chainId tasks } }`);
    assert.deepEqual(all.protocolTotals.map((x: any) => [x.chainId, x.tasks]).sort(), [[cA, 4], [b.chain.chainId, 1]].sort());
  });

  it("answers user queries: open tasks by requirement, provider history, pagination", async () => {
    const cA = a.chain.chainId;
    const open = await gql<any>(url, `{ tasks(where: {AND: [{chainId_eq: ${cA}, status_eq: SUBMITTED, gpuMemory_lte: 80, computeCapability_lte: 90,
      gpuCount_lte: 1}, {OR: [{maxPrice_eq: 0}, {maxPrice_gte: 1000}]}]}, orderBy: reward_DESC) { taskId } }`);
    assert.deepEqual(open.tasks, [{ taskId: "4" }]);
    const small = await gql<any>(url, `{ tasks(where: {status_eq: SUBMITTED, gpuMemory_lte: 40}, orderBy: [chainId_ASC, taskId_ASC]) { chainId taskId } }`);
    assert.deepEqual(small.tasks, [{ chainId: b.chain.chainId, taskId: "1" }]);
    const page = await gql<any>(url, `{ tasksConnection(orderBy: id_ASC, first: 2, where: {chainId_eq: ${cA}}) { totalCount edges { node { taskId } } pageInfo { hasNextPage endCursor } } }`);
    assert.equal(page.tasksConnection.totalCount, 4);
    assert.equal(page.tasksConnection.edges.length, 2);
    assert.equal(page.tasksConnection.pageInfo.hasNextPage, true);
    const p1 = A.f.p1.address.toLowerCase();
    const hist = await gql<any>(url, `{ providerById(id: "${cA}-${p1}") { tasksCompleted earnings { token amount tasks }
      assignments(orderBy: assignedBlock_ASC) { task { taskId status } state payout } slashes { reason } reputationHistory(orderBy: blockNumber_ASC) { score } } }`);
    const ph = hist.providerById;
    assert.deepEqual(ph.earnings, [{ token: ETH, amount: A.conn.ethers.parseEther("0.8").toString(), tasks: 1 }]);
    assert.deepEqual(ph.assignments.map((x: any) => [x.task.taskId, x.task.status, x.state]), [["1", "FINALIZED", "SUBMITTED"], ["2", "REFUNDED", "SUBMITTED"]]);
    assert.equal(ph.slashes.length, 1);
    assert.equal(ph.reputationHistory.length, 2);
  });

  it("serves GraphQL on loopback only", async () => {
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    if (!external) return; // no non-loopback interface to probe
    const reach = (host: string) =>
      new Promise<boolean>((r) => {
        const sock = netConnect({ host, port: GQL_PORT, timeout: 1000 }, () => (sock.destroy(), r(true)));
        sock.on("error", () => r(false));
        sock.on("timeout", () => (sock.destroy(), r(false)));
      });
    assert.equal(await reach("127.0.0.1"), true);
    assert.equal(await reach(external), false, `GraphQL must not listen on ${external}`);
  });

  it("answers malformed GraphQL queries with clear errors", async () => {
    const syntax = await gqlRaw(url, "{ tasks(where: { status_eq: SUBMITTED } { id }");
    assert.equal(syntax.status, 400);
    assert.match(syntax.errors![0]!.message, /Syntax Error/);
    const unknown = await gqlRaw(url, "{ tasks { id nope } }");
    assert.equal(unknown.status, 400);
    assert.match(unknown.errors![0]!.message, /Cannot query field "nope" on type "Task"/);
    const badEnum = await gqlRaw(url, "{ tasks(where: {status_eq: OPEN}) { id } }");
    assert.match(badEnum.errors![0]!.message, /Value "OPEN" does not exist in "TaskStatus" enum/);
    const badType = await gqlRaw(url, `{ tasks(limit: "ten") { id } }`);
    assert.match(badType.errors![0]!.message, /Int cannot represent non-integer value/);
    const badVar = await gqlRaw(url, "query($c: Int) { protocolTotals(chainId: $c) { tasks } }", { c: "x" });
    assert.match(badVar.errors![0]!.message, /Variable "\$c" got invalid value "x"/);
  });

  it("client: typed queries, lagBlocks() and the chain fallback", async () => {
    const cA = a.chain.chainId;
    await waitIndexed(url, cA, await blockNumber(a.url));
    const client = new IndexerClient({ url, chainId: cA, rpcUrl: a.url });
    assert.equal(await client.lagBlocks(), 0);
    assert.deepEqual((await client.openTasks({ gpuMemory: 80, computeCapability: 90, gpuCount: 1, price: 10n ** 15n })).map((t) => t.taskId), ["4"]);
    assert.deepEqual(await client.openTasks({ gpuMemory: 40 }), []);
    assert.deepEqual((await client.taskTimeline(3)).map((e) => e.name), ["TaskSubmitted", "TaskCancelled", "Refunded"]);
    const h = await client.providerHistory(A.f.p1.address);
    assert.equal(h?.tasksCompleted, 1);
    assert.equal(h?.payouts.length, 1);
    assert.equal(await client.task(999), null);
    await assert.rejects(client.query("{ tasks { nope } }"), (e: unknown) => e instanceof IndexerError && /Cannot query field "nope"/.test(e.message));

    const fromChain = async () => "chain-answer";
    const ok = await client.withFallback(async () => "indexer-answer", fromChain);
    assert.deepEqual([ok.source, ok.value], ["indexer", "indexer-answer"]);
    const failing = await client.withFallback(async () => { throw new Error("boom"); }, fromChain);
    assert.equal(failing.source, "chain");
    // indexer down
    const down = new IndexerClient({ url: "http://127.0.0.1:1/graphql", chainId: cA, rpcUrl: a.url, timeoutMs: 500 });
    assert.equal(await down.lagBlocks(), Number.POSITIVE_INFINITY);
    assert.equal((await down.withFallback(async () => "x", fromChain)).source, "chain");
    // indexer 10 blocks behind (a stub endpoint reporting an old height)
    const head = await blockNumber(a.url);
    const stub = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: { indexerStatus: [{ chainId: cA, height: head - 10, finalizedHeight: head - 15, hash: null }] } }));
    });
    await new Promise<void>((r) => stub.listen(0, "127.0.0.1", () => r()));
    const port = (stub.address() as { port: number }).port;
    try {
      const lagging = new IndexerClient({ url: `http://127.0.0.1:${port}/graphql`, chainId: cA, rpcUrl: a.url, maxLagBlocks: 2 });
      assert.equal(await lagging.lagBlocks(), 10);
      const r = await lagging.withFallback(async () => "stale", fromChain);
      assert.deepEqual([r.source, r.lag], ["chain", 10]);
      assert.equal((await lagging.withFallback(async () => "stale", fromChain, { maxLagBlocks: 10 })).source, "indexer");
    } finally {
      stub.close();
    }
  });

  it("expireTask past the deadline with a majority in: CHALLENGEABLE (read from the chain), the no-show slashed", async () => {
    const { conn, f } = B;
    const m = f.computeMarketplace;
    const cB = b.chain.chainId;
    const id = await m.nextTaskId();
    await send(m.connect(f.requester).submitTaskWith({
      taskHash: conn.ethers.id("b-expire"), modelId: conn.ethers.ZeroHash, token: conn.ethers.ZeroAddress, reward: 1000n,
      deadline: (await latest(conn)) + 3600, redundancy: 3,
      requirements: { maxPrice: 0n, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" },
    }, { value: 1000n }));
    await send(m.connect(f.matcher).assignProviders(id, [f.p1.address, f.p2.address, f.p3.address]));
    for (const p of [f.p1, f.p2]) {
      const h = rh(conn.ethers, "same");
      await send(m.connect(p).submitResult(id, h, proofFor(conn.ethers, id, h, p.address)));
    }
    await increaseTime(conn, 3601);
    await send(m.expireTask(id));
    await waitIndexed(url, cB, await blockNumber(b.url));
    const statusNames = ["NONE", "SUBMITTED", "ASSIGNED", "VERIFYING", "AUDITED", "CHALLENGEABLE"];
    const onChain = statusNames[Number((await m.getTask(id)).status)];
    const d = await gql<any>(url, `{ taskById(id: "${cB}-${id}") { status events(orderBy: [blockNumber_ASC, logIndex_ASC]) { name status } }
      slashes(where: {chainId_eq: ${cB}}) { provider { address } reason task { taskId } } }`);
    assert.equal(d.taskById.status, onChain);
    assert.equal(d.taskById.status, "CHALLENGEABLE");
    assert.deepEqual(d.taskById.events.at(-1), { name: "Verified", status: "CHALLENGEABLE" });
    assert.deepEqual(d.slashes, [{ provider: { address: f.p3.address.toLowerCase() }, reason: "NO_SHOW", task: { taskId: String(id) } }]);
  });

  it("a dispute the auditor never rules on: resolveStale after auditTimeout -> REFUNDED, dispute closed without verdict", async () => {
    const { conn, f } = B;
    const m = f.computeMarketplace;
    const cB = b.chain.chainId;
    const id = await m.nextTaskId();
    await send(m.connect(f.requester).submitTaskWith({
      taskHash: conn.ethers.id("b-stale"), modelId: conn.ethers.ZeroHash, token: conn.ethers.ZeroAddress, reward: 1000n,
      deadline: (await latest(conn)) + 3600, redundancy: 1,
      requirements: { maxPrice: 0n, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" },
    }, { value: 1000n }));
    await send(m.connect(f.matcher).assignProviders(id, [f.p1.address]));
    const h = rh(conn.ethers, "stale");
    await send(m.connect(f.p1).submitResult(id, h, proofFor(conn.ethers, id, h, f.p1.address)));
    await send(m.connect(f.requester).disputeTask(id, { value: await m.disputeBondFor(id) }));
    await increaseTime(conn, Number(await m.auditTimeout()) + 1);
    await send(m.resolveStale(id));
    await waitIndexed(url, cB, await blockNumber(b.url));
    const d = await gql<any>(url, `{ taskById(id: "${cB}-${id}") { status events(orderBy: [blockNumber_ASC, logIndex_ASC]) { name } }
      disputeById(id: "${cB}-${id}") { honest resolvedBlock } }`);
    assert.equal(d.taskById.status, "REFUNDED");
    assert.deepEqual(d.taskById.events.slice(-2).map((e: { name: string }) => e.name).sort(), ["AuditTimedOut", "Refunded"]);
    assert.equal(d.disputeById.honest, null);
    assert.ok(Number(d.disputeById.resolvedBlock) > 0);
  });

  it("reassignProvider: the replacement takes the no-show's lane (ASSIGNED), the no-show's row is REPLACED, slash linked", async () => {
    const { conn, f } = B;
    const { ethers } = conn;
    const m = f.computeMarketplace;
    const cB = b.chain.chainId;
    const lc = (s: { address: string }) => s.address.toLowerCase();
    const [p1, p2, p4] = [lc(f.p1), lc(f.p2), lc(f.p4)];
    const req = { maxPrice: 0n, gpuMemory: 40, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" };
    const window = Number((await m.params()).acceptWindow);
    const bps = BigInt((await m.params()).slashBpsNoShow);
    const cutOf = async (p: { address: string }) => ((await f.providerRegistry.totalStakeOf(p.address)) * bps) / 10000n;
    const submit = async (label: string, redundancy: number, ttl = 3600) => {
      const id = await m.nextTaskId();
      await send(m.connect(f.requester).submitTaskWith({
        taskHash: ethers.id(label), modelId: ethers.ZeroHash, token: ethers.ZeroAddress, reward: 1000n,
        deadline: (await latest(conn)) + ttl, redundancy, requirements: req,
      }, { value: 1000n }));
      return id;
    };
    const reassign = async (id: bigint, noShow: { address: string }, repl: { address: string }) => {
      const cut = await cutOf(noShow);
      await send(m.connect(f.matcher).reassignProvider(id, noShow.address, repl.address, req));
      return { block: await blockNumber(b.url), cut: cut.toString() };
    };
    const x = rh(ethers, "reassign-x");

    // task X (r=2): p1 submits, p2 never shows and is replaced by p4, which submits; finalized with p1 and p4 paid
    const X = await submit("b-reassign-x", 2);
    await send(m.connect(f.matcher).assignProviders(X, [f.p1.address, f.p2.address]));
    const assignedX = await blockNumber(b.url);
    await send(m.connect(f.p1).submitResult(X, x, proofFor(ethers, X, x, f.p1.address)));
    await increaseTime(conn, window + 1);
    const rX = await reassign(X, f.p2, f.p4);
    await send(m.connect(f.p4).submitResult(X, x, proofFor(ethers, X, x, f.p4.address)));
    const lanesX = (await m.getAssignments(X))[0].map((a) => a.provider.toLowerCase()).slice(0, 2);
    assert.deepEqual(lanesX, [p1, p4]);
    await increaseTime(conn, Number((await m.params()).challengePeriod) + 1);
    await send(m.finalizeTask(X));

    // task Y (r=1): p1 replaced by p4, which does not show either and is replaced by p1 again once p1's jail (for
    // its no-show, shortened to 1 h) is over: p1's row is reused
    await send(f.providerRegistry.setParameter(ethers.encodeBytes32String("jailPeriod"), 3600n));
    const Y = await submit("b-reassign-y", 1, 3 * 3600);
    await send(m.connect(f.matcher).assignProviders(Y, [f.p1.address]));
    const assignedY = await blockNumber(b.url);
    await increaseTime(conn, window + 1);
    const rY1 = await reassign(Y, f.p1, f.p4);
    await increaseTime(conn, 3600 + 1);
    const rY2 = await reassign(Y, f.p4, f.p1);
    const lanesY = (await m.getAssignments(Y))[0].map((a) => a.provider.toLowerCase()).slice(0, 1);
    assert.deepEqual(lanesY, [p1]);

    await waitIndexed(url, cB, await blockNumber(b.url));
    const d = await gql<any>(url, `query($x: String!, $y: String!) {
      x: taskById(id: $x) { status providers resultsIn
        events(orderBy: [blockNumber_ASC, logIndex_ASC]) { name status provider noShow } }
      y: taskById(id: $y) { status providers events(orderBy: [blockNumber_ASC, logIndex_ASC]) { name status provider noShow } }
      ax: assignments(where: {task: {id_eq: $x}}, orderBy: id_ASC) { id provider { address } state resultHash payout assignedBlock replaces replacedBy replacedBlock }
      ay: assignments(where: {task: {id_eq: $y}}, orderBy: id_ASC) { id provider { address } state resultHash payout assignedBlock replaces replacedBy replacedBlock }
      sx: slashes(where: {task: {id_eq: $x}}, orderBy: id_ASC) { provider { address } amount reason blockNumber }
      sy: slashes(where: {task: {id_eq: $y}}, orderBy: id_ASC) { provider { address } amount reason blockNumber }
      replaced: assignments(where: {chainId_eq: ${cB}, state_eq: REPLACED}, orderBy: id_ASC) { id }
      px: payouts(where: {task: {id_eq: $x}}, orderBy: id_ASC) { provider { address } amount }
      providers(where: {chainId_eq: ${cB}}, orderBy: address_ASC) { address stake totalSlashed reputation }
      rx: taskEvents(where: {chainId_eq: ${cB}, name_eq: "ProviderReassigned"}, orderBy: id_ASC) { task { taskId } txHash }
    }`, { x: `${cB}-${X}`, y: `${cB}-${Y}` });

    assert.equal(d.x.status, "FINALIZED");
    assert.deepEqual(d.x.providers, [p1, p4]);
    assert.equal(d.x.resultsIn, 2);
    assert.deepEqual(d.x.events.map((e: any) => [e.name, e.status, e.provider, e.noShow]), [
      ["TaskSubmitted", "SUBMITTED", null, null], ["TaskAssigned", "ASSIGNED", null, null],
      ["TaskAccepted", "ASSIGNED", p1, null], ["ResultSubmitted", "ASSIGNED", p1, null],
      ["ProviderReassigned", "ASSIGNED", p4, p2],
      ["TaskAccepted", "ASSIGNED", p4, null], ["ResultSubmitted", "CHALLENGEABLE", p4, null],
      ["TaskCompleted", "CHALLENGEABLE", p1, null], ["TaskCompleted", "CHALLENGEABLE", p4, null],
      ["PaymentSplit", "CHALLENGEABLE", null, null], ["TaskFinalized", "FINALIZED", null, null],
    ]);
    const row = (p: string, state: string, resultHash: string | null, payout: string | null, assignedBlock: number,
      replaces: string | null, replacedBy: string | null, replacedBlock: number | null, task: bigint) => ({
      id: `${cB}-${task}-${p}`, provider: { address: p }, state, resultHash, payout, assignedBlock, replaces, replacedBy, replacedBlock,
    });
    // provider share 8000 bps of 1000, two agreeing providers
    assert.deepEqual(d.ax, [
      row(p1, "SUBMITTED", x, "400", assignedX, null, null, null, X),
      row(p2, "REPLACED", null, null, assignedX, null, p4, rX.block, X),
      row(p4, "SUBMITTED", x, "400", rX.block, p2, null, null, X),
    ].sort((u, v) => (u.id < v.id ? -1 : 1)));
    assert.deepEqual(d.px.map((p: any) => [p.provider.address, p.amount]), [[p1, "400"], [p4, "400"]].sort());
    assert.deepEqual(d.sx, [{ provider: { address: p2 }, amount: rX.cut, reason: "NO_SHOW", blockNumber: rX.block }]);

    assert.equal(d.y.status, "ASSIGNED");
    assert.deepEqual(d.y.providers, [p1]);
    assert.deepEqual(d.y.events.map((e: any) => [e.name, e.status, e.provider, e.noShow]), [
      ["TaskSubmitted", "SUBMITTED", null, null], ["TaskAssigned", "ASSIGNED", null, null],
      ["ProviderReassigned", "ASSIGNED", p4, p1], ["ProviderReassigned", "ASSIGNED", p1, p4],
    ]);
    assert.ok(assignedY < rY1.block);
    assert.deepEqual(d.ay, [
      row(p1, "ASSIGNED", null, null, rY2.block, p4, null, null, Y),
      row(p4, "REPLACED", null, null, rY1.block, p1, p1, rY2.block, Y),
    ].sort((u, v) => (u.id < v.id ? -1 : 1)));
    assert.deepEqual(d.sy, [
      { provider: { address: p1 }, amount: rY1.cut, reason: "NO_SHOW", blockNumber: rY1.block },
      { provider: { address: p4 }, amount: rY2.cut, reason: "NO_SHOW", blockNumber: rY2.block },
    ]);
    assert.deepEqual(d.replaced.map((r: any) => r.id).sort(), [`${cB}-${X}-${p2}`, `${cB}-${Y}-${p4}`].sort());
    assert.deepEqual(d.rx.map((r: any) => r.task.taskId), [String(X), String(Y), String(Y)]);

    // stakes and reputation still equal the chain after the no-show penalties
    for (const p of [f.p1, f.p2, f.p3, f.p4]) {
      const r = d.providers.find((q: any) => q.address === lc(p));
      assert.equal(r.stake, (await f.providerRegistry.getProvider(p.address)).stake_.toString(), `stake of ${p.address}`);
      const [score] = await f.reputationRegistry.reputationOf(p.address);
      assert.equal(r.reputation, score.toString(), `reputation of ${p.address}`);
    }

    // the client exposes the no-show on the timeline
    const client = new IndexerClient({ url, chainId: cB, rpcUrl: b.url });
    const tl = await client.taskTimeline(Y);
    assert.deepEqual(tl.filter((e) => e.name === "ProviderReassigned").map((e) => [e.provider, e.noShow]), [[p4, p1], [p1, p4]]);
  });
});
