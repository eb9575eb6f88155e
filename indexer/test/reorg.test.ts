/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL results are checked field by field */
/**
 * Reorgs and restarts: a hardhat node on 18547 (chain id 42161), Postgres on 54339, finality 5 blocks.
 *  - a reorg made with evm_snapshot/evm_revert inside the finality window is rolled back in the DB;
 *  - a reorg deeper than the window crashes the processor; on restart it finds its finalized block gone,
 *    wipes that chain's rows and re-indexes (the DB matches the chain again);
 *  - killing the processor (SIGKILL) mid-stream, twice, loses and duplicates nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { resolve } from "node:path";

import { rpc } from "../../scripts/lib/evm-node.js";
import type { PgHandle } from "../../scripts/lib/postgres.js";
import { proofFor, rh, STUN } from "../../evm/test/helpers/fixture.js";
import { startIndexer, type IndexerHandle } from "../src/start.js";
import { blockNumber, buildContracts, deploy, gql, resetDb, ROOT, startChain, startPg, stopAll, type Conn, type Fixture, type TestChain } from "./harness.js";
import { send } from "./scenario.js";

const LOG_DIR = resolve(ROOT, ".devnet", "indexer-test", "logs-reorg");
const FINALITY = 5;

describe("indexer reorgs and restarts", { timeout: 240_000 }, () => {
  let pg: PgHandle;
  let c: TestChain;
  let conn: Conn;
  let f: Fixture;
  let ix: IndexerHandle;
  let url: string;
  let chainId: number;

  const head = async () => {
    const n = await blockNumber(c.url);
    const b = await rpc<{ hash: string }>(c.url, "eth_getBlockByNumber", ["0x" + n.toString(16), false]);
    return { n, hash: b.hash };
  };
  /** Waits until the indexer's head block is the chain's head block (same hash). */
  const synced = async (timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < until) {
      const h = await head();
      try {
        const d = await gql<any>(url, "{ indexerStatus { chainId height hash } }");
        last = d.indexerStatus;
        const s = d.indexerStatus.find((x: any) => x.chainId === chainId);
        if (s && s.height === h.n && s.hash === h.hash) return;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`indexer not synced to ${JSON.stringify(await head())}: ${JSON.stringify(last)}`);
  };
  const deadline = async () => (await conn.ethers.provider.getBlock("latest"))!.timestamp + 6 * 86400; // within maxTaskDuration (7 days)
  const submit = async (reward: bigint) => {
    await send(f.computeMarketplace.connect(f.requester).submitTask(conn.ethers.id(`t${reward}`), reward, await deadline(), { value: reward }));
  };
  /** The DB equals the chain: tasks (ids, rewards, status) and provider stakes. */
  const assertMatchesChain = async () => {
    const m = f.computeMarketplace;
    const next = Number(await m.nextTaskId());
    const d = await gql<any>(url, `{ tasks(where: {chainId_eq: ${chainId}}, orderBy: taskId_ASC) { taskId reward status resultsIn }
      providers(where: {chainId_eq: ${chainId}}) { address stake pendingUnstake }
      taskEvents(where: {chainId_eq: ${chainId}, name_eq: "TaskSubmitted"}) { id } }`);
    assert.equal(d.tasks.length, next - 1, "task count");
    assert.equal(d.taskEvents.length, next - 1, "TaskSubmitted events");
    const statusNames = ["NONE", "SUBMITTED", "ASSIGNED", "VERIFYING", "AUDITED", "CHALLENGEABLE"];
    for (const t of d.tasks) {
      const onChain = await m.getTask(BigInt(t.taskId));
      assert.equal(t.reward, onChain.reward.toString(), `reward of task ${t.taskId}`);
      assert.equal(t.status, statusNames[Number(onChain.status)], `status of task ${t.taskId}`);
    }
    for (const p of d.providers) {
      const [, stake, unbonding] = await f.providerRegistry.getProvider(p.address);
      assert.equal(p.stake, stake.toString(), `stake of ${p.address}`);
      assert.equal(p.pendingUnstake, unbonding.toString());
    }
    return d;
  };

  before(async () => {
    buildContracts();
    pg = startPg("indexer-test", 54339);
    await resetDb(pg.url);
    c = await startChain(2, 18547, LOG_DIR);
    chainId = c.chain.chainId;
    const d = await deploy(c);
    conn = d.conn;
    f = d.f;
    ix = await startIndexer({
      deployments: { c: d.deployment },
      dbUrl: pg.url,
      gqlPort: 43502,
      logDir: LOG_DIR,
      chainOverrides: { finality: FINALITY, headPollMs: 20 },
    });
    url = ix.graphqlUrl;
    await synced();
  });

  after(async () => {
    await ix?.stop();
    await stopAll([c?.node]);
    pg?.stop();
  });

  it("rolls the DB back when a reorg inside the finality window replaces blocks", async () => {
    const snap = await rpc<string>(c.url, "evm_snapshot");
    // orphaned fork (4 blocks): a task that reaches CHALLENGEABLE, an unstake request
    await submit(111n);
    const id = (await f.computeMarketplace.nextTaskId()) - 1n;
    await send(f.computeMarketplace.connect(f.matcher).assignProviders(id, [f.p1.address]));
    const h = rh(conn.ethers, "orphan");
    await send(f.computeMarketplace.connect(f.p1).submitResult(id, h, proofFor(conn.ethers, id, h, f.p1.address)));
    await send(f.providerRegistry.connect(f.p2).requestUnstake(STUN));
    await synced();
    let d = await gql<any>(url, `{ taskById(id: "${chainId}-${id}") { reward status } providerById(id: "${chainId}-${f.p2.address.toLowerCase()}") { pendingUnstake } }`);
    assert.deepEqual(d.taskById, { reward: "111", status: "CHALLENGEABLE" });
    assert.equal(d.providerById.pendingUnstake, STUN.toString());

    // the new fork (5 blocks, longer): two other tasks and a stake top-up
    assert.equal(await rpc<boolean>(c.url, "evm_revert", [snap]), true);
    await submit(222n);
    await submit(223n);
    await send(f.providerRegistry.connect(f.p3).stake(STUN));
    await rpc(c.url, "evm_mine");
    await rpc(c.url, "evm_mine");
    await synced();
    d = await assertMatchesChain();
    assert.deepEqual(d.tasks.slice(-2).map((t: any) => [t.taskId, t.reward, t.status, t.resultsIn]), [
      [String(id), "222", "SUBMITTED", 0], [String(id + 1n), "223", "SUBMITTED", 0],
    ]);
    const gone = await gql<any>(url, `{ assignments(where: {chainId_eq: ${chainId}}) { id } stakeEvents(where: {chainId_eq: ${chainId}, kind_eq: UNSTAKE_REQUESTED}) { id } }`);
    assert.deepEqual(gone, { assignments: [], stakeEvents: [] });
  });

  it("recovers from a reorg deeper than the finality window by re-indexing the chain", async () => {
    const snap = await rpc<string>(c.url, "evm_snapshot");
    for (let i = 0; i < FINALITY + 4; i++) await submit(300n + BigInt(i));
    await synced();
    assert.equal(await rpc<boolean>(c.url, "evm_revert", [snap]), true);
    for (let i = 0; i < FINALITY + 6; i++) await submit(400n + BigInt(i));
    await synced(90_000);
    const d = await assertMatchesChain();
    assert.ok(d.tasks.every((t: any) => !t.reward.startsWith("30")), "orphaned tasks are gone");
  });

  it("loses and duplicates nothing when the processor is killed mid-stream", async () => {
    const before = Number(await f.computeMarketplace.nextTaskId());
    const N = 60;
    const stream = (async () => {
      for (let i = 0; i < N; i++) {
        await submit(1000n + BigInt(i));
        if (i % 10 === 0) await send(f.providerRegistry.connect(f.p4).stake(STUN));
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    await ix.restartProcessor(chainId, "SIGKILL");
    await new Promise((r) => setTimeout(r, 700));
    await ix.restartProcessor(chainId, "SIGTERM");
    await stream;
    await synced();
    const d = await assertMatchesChain();
    assert.equal(Number(await f.computeMarketplace.nextTaskId()) - before, N);
    const ids = d.taskEvents.map((e: any) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    const st = await gql<any>(url, `{ stakeEvents(where: {chainId_eq: ${chainId}, provider: {address_eq: "${f.p4.address.toLowerCase()}"}}) { id } }`);
    assert.equal(st.stakeEvents.length, 1 + N / 10);
  });
});
