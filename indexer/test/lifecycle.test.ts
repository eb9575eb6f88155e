/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are checked field by field */
/**
 * Task transitions driven one by one on chain B, each checked against the indexed rows: expiry past the deadline
 * with a majority in, a dispute nobody rules on (resolveStale), and no-show reassignment. Same ports as
 * indexer.test.ts (the files run one after the other).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { resolve } from "node:path";

import { proofFor, rh } from "../../evm/test/helpers/fixture.js";
import { IndexerClient } from "../src/client.js";
import { blockNumber, gql, ROOT, startWorld, waitIndexed, type Conn, type Fixture, type IndexerWorld, type TestChain } from "./harness.js";
import { increaseTime, send, submitEthTask } from "./scenario.js";

const LOG_DIR = resolve(ROOT, ".devnet", "indexer-test", "logs");
const GQL_PORT = 43501;

describe("indexer: task transitions", { timeout: 240_000 }, () => {
  let w: IndexerWorld;
  let b: TestChain;
  let B: { conn: Conn; f: Fixture };
  let url: string;

  before(async () => {
    w = await startWorld(LOG_DIR, GQL_PORT);
    ({ b, B, url } = w);
  });

  after(async () => {
    await w?.stop();
  });

  it("expireTask past the deadline with a majority in: CHALLENGEABLE (read from the chain), the no-show slashed", async () => {
    const { conn, f } = B;
    const m = f.computeMarketplace;
    const cB = b.chain.chainId;
    const id = await submitEthTask(conn, f, "b-expire", 3);
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
    const id = await submitEthTask(conn, f, "b-stale", 1);
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
    const submit = (label: string, redundancy: number, ttl = 3600) => submitEthTask(conn, f, label, redundancy, ttl, req);
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
