/**
 * `npm start`: brings up the local multi-chain devnet (three EVM nodes on loopback and Postgres in a project-local
 * data directory), deploys the protocol to every EVM chain, writes `.devnet/deployments.json`, prints what runs
 * where, and keeps everything up until Ctrl-C, which stops everything it started.
 */
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { startIndexer, type IndexerHandle } from "../../indexer/src/start.js";
import { startKeepers } from "../../keeper/src/service.js";
import { DEVNET_ROLES, devnetWallet } from "../../sdk/src/devnet-accounts.js";
import { startBlobServer, type BlobServer } from "../../sdk/src/blobstore/server.js";
import type { Deployments } from "../../sdk/src/deployments.js";
import { DEVNET_SERVICES, EVM_CHAINS, POSTGRES } from "../lib/chains.js";
import { rpcUrl, startEvmNode } from "../lib/evm-node.js";
import { startPostgres, type PgHandle } from "../lib/postgres.js";
import { stopChild } from "../lib/process.js";
import { deployAll } from "./deploy.js";
import { describeSplit, runMainFlow, startProviderAgents } from "./flow.js";

const DEVNET_DIR = resolve(".devnet");
const LOG_DIR = resolve(DEVNET_DIR, "logs");

const children: ChildProcess[] = [];
let pg: PgHandle | undefined;
let blobs: BlobServer | undefined;
let indexer: IndexerHandle | undefined;
let keepers: { stop(): Promise<void> } | undefined;
const agents: { stop(): Promise<void> }[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("\n[devnet] stopping...");
    await Promise.all(agents.map((a) => a.stop().catch(() => undefined)));
    await keepers?.stop().catch((e: unknown) => console.error(`[devnet] keeper stop failed: ${(e as Error).message}`));
    await indexer?.stop().catch((e: unknown) => console.error(`[devnet] indexer stop failed: ${(e as Error).message}`));
    await Promise.all(children.map((c) => stopChild(c)));
    await blobs?.close();
    try {
      pg?.stop();
    } catch (e) {
      console.error(`[devnet] postgres stop failed: ${(e as Error).message}`);
    }
    console.log("[devnet] stopped");
  }
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(LOG_DIR, { recursive: true });
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  console.log("[devnet] building contracts (cached)...");
  execFileSync("hardhat", ["build", "--quiet"], { stdio: "inherit" });
  console.log("[devnet] starting postgres, the blob store and EVM nodes...");
  pg = startPostgres(DEVNET_DIR);
  for (const chain of EVM_CHAINS) {
    const child = await startEvmNode(chain, LOG_DIR);
    children.push(child);
    child.once("exit", (code) => {
      if (!stopping) {
        console.error(`[devnet] ${chain.name} node exited (${code}); see ${LOG_DIR}/${chain.name}.log`);
        void shutdown(1);
      }
    });
  }

  blobs = await startBlobServer(resolve(DEVNET_DIR, "blobs"), DEVNET_SERVICES.blobStorePort);
  const graphql = `http://127.0.0.1:${DEVNET_SERVICES.graphqlPort}/graphql`;
  const chains = await deployAll(EVM_CHAINS);
  // STUN_DEVNET_KEEPER=0 leaves the keeper out (tests run their own, to kill and restart it).
  let keeperUrl: string | undefined;
  if (process.env.STUN_DEVNET_KEEPER !== "0") {
    console.log("[devnet] starting the keepers (matcher, deadlines, finalize, audits, governance)...");
    const k = await startKeepers({
      deployments: { chains, services: { blobStore: blobs.url, graphql } },
      signer: devnetWallet(DEVNET_ROLES.keeper),
      auditor: devnetWallet(DEVNET_ROLES.auditor),
      port: DEVNET_SERVICES.keeperPort,
    });
    keepers = k;
    keeperUrl = k.url;
  }
  const deployments: Deployments = { chains, services: { blobStore: blobs.url, graphql, keeper: keeperUrl } };
  const file = resolve(DEVNET_DIR, "deployments.json");
  writeFileSync(file, JSON.stringify(deployments, null, 2) + "\n");
  console.log("[devnet] starting the indexer (one processor per chain)...");
  indexer = await startIndexer({ deployments: file, dbUrl: pg.url, gqlPort: DEVNET_SERVICES.graphqlPort, logDir: LOG_DIR });

  console.log("\nSTUN devnet is running:");
  console.table([
    ...EVM_CHAINS.map((c) => ({
      service: `evm:${c.name} (${c.role})`,
      where: rpcUrl(c),
      detail: `chainId ${c.chainId}, ${c.chainType}`,
    })),
    { service: "postgres", where: pg.url, detail: `data ${pg.dataDir}` },
    { service: "blob store", where: blobs.url, detail: "content-addressed (sha256), .devnet/blobs" },
    { service: "indexer (GraphQL)", where: graphql, detail: "Subsquid processors -> postgres" },
    ...(keeperUrl ? [{ service: "keeper API", where: keeperUrl, detail: "heartbeats, quotes; one keeper per chain" }] : []),
  ]);
  console.log(`deployments: ${file}`);
  console.log(`logs:        ${LOG_DIR}`);
  console.log(`postgres:    psql -h ${POSTGRES.host} -p ${POSTGRES.port} -U ${POSTGRES.user} ${POSTGRES.database}`);
  if (process.env.STUN_DEVNET_FLOW !== "0" && keeperUrl) {
    console.log("\n[flow] three provider agents, the keeper and a requester run one task with redundancy 3:");
    agents.push(...(await startProviderAgents(deployments, DEVNET_DIR, 3)));
    const result = await runMainFlow(deployments, (line) => console.log(`[flow]${line}`));
    console.log(`[flow] task ${result.taskId} paid ${(result.ms / 1000).toFixed(1)} s after the model upload; the split:`);
    console.log(describeSplit(result.split));
    console.log("[flow] the three provider agents keep running (metrics on 127.0.0.1:9100-9102/metrics).");
  }
  console.log("\nSubmit your own task with the CLI (the requester is devnet account 4):");
  console.log("  npm run stun -- --key-index 4 upload-model provider-agent/models/mlp-16-32-16.onnx");
  console.log("  npm run stun -- --key-index 4 submit --model provider-agent/models/mlp-16-32-16.onnx \\");
  console.log("      --input '[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1,1.2,1.3,1.4,1.5,1.6]' --redundancy 3 --reward 0.01eth --wait");
  console.log("  npm run stun -- --key-index 4 output <taskId>");
  console.log("  npm run stun -- gov params");
  console.log("Press Ctrl-C to stop everything.");
  if (process.env.STUN_DEVNET_EXIT_AFTER_START === "1") await shutdown(0);
}

main().catch(async (e: unknown) => {
  console.error(`[devnet] ${(e as Error).message}`);
  await shutdown(1);
});
