/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are checked field by field */
/**
 * End-to-end tests: hardhat nodes on ports 18545/18546, Postgres on 54339 (.devnet/indexer-test), the indexer
 * (one processor per chain + GraphQL on 43501): the scripted scenario's rows, user queries, loopback only,
 * malformed queries, the client. The transitions driven one by one (expiry, stale disputes, reassignment) are in
 * lifecycle.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { resolve } from "node:path";

import { createServer } from "node:http";
import { connect as netConnect } from "node:net";
import { networkInterfaces } from "node:os";

import { IndexerClient, IndexerError } from "../src/client.js";
import { blockNumber, gql, gqlRaw, ROOT, startWorld, waitIndexed, type Conn, type Fixture, type IndexerWorld, type TestChain } from "./harness.js";
import { runScenario, send } from "./scenario.js";

const LOG_DIR = resolve(ROOT, ".devnet", "indexer-test", "logs");
const GQL_PORT = 43501;
const ETH = "0x0000000000000000000000000000000000000000";

describe("indexer", { timeout: 240_000 }, () => {
  let w: IndexerWorld;
  let a: TestChain;
  let b: TestChain;
  let A: { conn: Conn; f: Fixture };
  let B: { conn: Conn; f: Fixture };
  let url: string;

  before(async () => {
    w = await startWorld(LOG_DIR, GQL_PORT);
    ({ a, b, A, B, url } = w);
  });

  after(async () => {
    await w?.stop();
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
});
