/**
 * Test/bench harness: a private Postgres cluster, hardhat nodes on non-devnet ports, the protocol deployed with the
 * MockResultVerifier (evm/test/helpers/fixture.ts), and a small GraphQL client.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

import { network } from "hardhat";

import { deployFixture } from "../../evm/test/helpers/fixture.js";
import { EVM_CHAINS, type EvmChain } from "../../scripts/lib/chains.js";
import { rpc, startEvmNode } from "../../scripts/lib/evm-node.js";
import { startPostgres, type PgHandle } from "../../scripts/lib/postgres.js";
import { stopChild } from "../../scripts/lib/process.js";
import type { ChainDeployment } from "../src/config.js";
import { startIndexer, type IndexerHandle } from "../src/start.js";

export const ROOT = resolve(import.meta.dirname, "..", "..");

/**
 * Compiles the contracts once up front (`hardhat build`, a no-op when up to date), so that the hardhat nodes the
 * tests start do not each compile in parallel before answering (slow on a busy 2-core machine).
 */
export function buildContracts(): void {
  execFileSync(process.execPath, [resolve(ROOT, "node_modules", "hardhat", "dist", "src", "cli.js"), "build", "--quiet"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export interface TestChain {
  readonly chain: EvmChain;
  readonly url: string;
  readonly node: ChildProcess;
}

/** Starts a hardhat node for `EVM_CHAINS[index]` (its chain id) on `port`. */
export async function startChain(index: number, port: number, logDir: string): Promise<TestChain> {
  const base = EVM_CHAINS[index]!;
  const chain: EvmChain = { ...base, port };
  const node = await startEvmNode(chain, logDir);
  return { chain, url: `http://127.0.0.1:${port}`, node };
}

export async function connect(tc: TestChain) {
  return network.connect({ network: `${tc.chain.name}Local`, override: { url: tc.url } });
}

export type Conn = Awaited<ReturnType<typeof connect>>;
export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** Deploys the protocol (fixture: 4 staked providers, audits off, deployer keeps governance) on one chain. */
export async function deploy(tc: TestChain): Promise<{ conn: Conn; f: Fixture; deployment: ChainDeployment }> {
  const conn = await connect(tc);
  const f = await deployFixture(conn.ethers);
  const deployment: ChainDeployment = {
    chain: tc.chain.name,
    chainId: tc.chain.chainId,
    rpcUrl: tc.url,
    contracts: { ...f.addrs } as unknown as Record<string, string>,
    deployBlock: 0,
  };
  return { conn, f, deployment };
}

export function startPg(name: string, port: number): PgHandle {
  return startPostgres(resolve(ROOT, ".devnet", name), port);
}

/** Drops and recreates the public schema and every processor state schema. */
export async function resetDb(dbUrl: string): Promise<void> {
  const pg = (await import("pg")).default;
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const { rows } = await db.query<{ s: string }>(
    "SELECT schema_name AS s FROM information_schema.schemata WHERE schema_name LIKE 'squid_processor%'",
  );
  for (const { s } of rows) await db.query(`DROP SCHEMA "${s}" CASCADE`);
  await db.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
  await db.end();
}

export interface GqlResponse<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: unknown }[];
}

export async function gqlRaw<T = Record<string, unknown>>(url: string, query: string, variables?: unknown): Promise<GqlResponse<T>> {
  const r = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as Omit<GqlResponse<T>, "status">;
  return { status: r.status, ...body };
}

export async function gql<T = Record<string, unknown>>(url: string, query: string, variables?: unknown): Promise<T> {
  const r = await gqlRaw<T>(url, query, variables);
  if (r.errors?.length) throw new Error(`GraphQL: ${r.errors.map((e) => e.message).join("; ")}`);
  return r.data as T;
}

export const blockNumber = async (url: string): Promise<number> => Number(await rpc<string>(url, "eth_blockNumber"));

/** Waits until the indexer reports `chainId` at height >= `height`. */
export async function waitIndexed(gqlUrl: string, chainId: number, height: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < until) {
    try {
      const d = await gql<{ indexerStatus: { chainId: number; height: number }[] }>(gqlUrl, "{ indexerStatus { chainId height } }");
      last = d.indexerStatus.find((s) => s.chainId === chainId)?.height ?? -1;
      if (last >= height) return;
    } catch {
      /* server not ready */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`chain ${chainId}: indexer at ${last}, wanted ${height}`);
}

export async function stopAll(children: (ChildProcess | undefined)[]): Promise<void> {
  await Promise.all(children.filter((c): c is ChildProcess => !!c).map((c) => stopChild(c)));
}

/** Postgres, two hardhat chains with the protocol deployed, and the indexer over both (GraphQL on `gqlPort`). */
export interface IndexerWorld {
  readonly pg: PgHandle;
  readonly a: TestChain;
  readonly b: TestChain;
  readonly A: { conn: Conn; f: Fixture };
  readonly B: { conn: Conn; f: Fixture };
  readonly ix: IndexerHandle;
  readonly url: string;
  stop(): Promise<void>;
}

export async function startWorld(logDir: string, gqlPort: number): Promise<IndexerWorld> {
  buildContracts();
  const pg = startPg("indexer-test", 54339);
  let a: TestChain | undefined;
  let b: TestChain | undefined;
  let ix: IndexerHandle | undefined;
  const stop = async (): Promise<void> => {
    await ix?.stop();
    await stopAll([a?.node, b?.node]);
    pg.stop();
  };
  try {
    await resetDb(pg.url);
    [a, b] = await Promise.all([startChain(0, 18545, logDir), startChain(1, 18546, logDir)]);
    const [A, B] = [await deploy(a), await deploy(b)];
    ix = await startIndexer({
      deployments: { a: A.deployment, b: B.deployment },
      dbUrl: pg.url,
      gqlPort,
      logDir,
      chainOverrides: { finality: 5, headPollMs: 20 },
    });
    return { pg, a, b, A, B, ix, url: ix.graphqlUrl, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
