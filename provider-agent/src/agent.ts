/**
 * The STUN GPU provider agent (issue 5). `startAgent(config)`:
 *   1. loads the key (encrypted keystore, or a signer passed by tests), detects GPUs (nvidia-smi, CPU fallback);
 *   2. registers with specs from the hardware and stakes up to `stake` (idempotent: skips what is already done);
 *   3. reconciles the journal with chain state, then follows TaskAssigned events from the journal's cursor;
 *   4. per assigned task: accept -> fetch spec/model/input by content hash (verified, LRU-cached) -> execute
 *      (onnxruntime-node) -> put the canonical output blob -> prove (circuits' Prover, result_commitment) ->
 *      journal -> submitResult -> publish the output ref;
 *   5. heartbeats to the keeper, Prometheus metrics on loopback, JSON logs.
 * Step 3 lives in watcher.ts, step 4 in pipeline.ts, registration in registration.ts; this file wires them.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { JsonRpcProvider, getAddress, type HDNodeWallet, type Wallet } from "ethers";

import { Prover } from "../../circuits/src/index.js";
import { BlobClient } from "../../sdk/src/blobstore/client.js";
import {
  ComputeMarketplace__factory,
  ProviderRegistry__factory,
  StunToken__factory,
} from "../../types/ethers-contracts/index.js";
import { type ExecutionProviderName, GPU_EXECUTION_PROVIDERS, releaseSessions } from "./executor.js";
import { ContentFetcher } from "./fetcher.js";
import { type HardwareInfo, detectHardware } from "./gpu.js";
import { startHeartbeats } from "./heartbeat.js";
import { Journal } from "./journal.js";
import { loadKeystore } from "./keystore.js";
import { type Logger, createLogger } from "./log.js";
import { type AgentMetrics, type MetricsServer, createMetrics, serveMetrics } from "./metrics.js";
import { createTaskPipeline } from "./pipeline.js";
import { ensureRegistered } from "./registration.js";
import { resumeFromJournal, watchAssignments } from "./watcher.js";

/** Extra gas over the estimate for submitResult (defined with the pipeline; re-exported here). */
export { SUBMIT_GAS_HEADROOM } from "./pipeline.js";

/** Fault injection for fault tests and devnet demos ONLY. Never set it on a real provider. */
export type FaultMode = "wrong-result" | "no-show" | undefined;

export interface AgentConfig {
  rpcUrl: string;
  /** EVM chain id (for the salt, output refs and heartbeats); read from the node when absent. */
  chainId?: number;
  contracts: { computeMarketplace: string; providerRegistry: string; stunToken: string };
  /** Blob store base URL (services.blobStore). */
  blobStore: string;
  /** Keeper base URL (services.keeper); heartbeats are POSTed to `${keeper}/heartbeat` when set. */
  keeper?: string;
  /** The key: an encrypted keystore file + password, or (tests) a wallet. */
  keystore?: { file: string; password: string };
  signer?: Wallet | HDNodeWallet;
  /** Directory of the journal (crash-safe progress). */
  stateDir: string;
  /** First block to scan when the journal has no cursor (default: deployBlock, else the current head). */
  startBlock?: number;
  pollIntervalMs?: number;
  heartbeatIntervalMs?: number;
  /** Loopback port of /metrics (0 = any free port). */
  metricsPort?: number;
  /** Stake to hold (wei of STUN); default: the registry's minStake. */
  stake?: bigint;
  region?: string;
  pricePerUnit?: bigint;
  /** Skip registration/staking (an operator who manages it by hand). */
  register?: boolean;
  /** Overrides nvidia-smi detection (tests). */
  hardware?: HardwareInfo;
  /**
   * Overrides the EP order (default: `["torch-cuda", "cuda", "cpu"]` with a detected GPU, else `["cpu"]`; see
   * src/executor.ts). The EP that actually ran each task is journaled and labels the metrics.
   */
  executionProviders?: ExecutionProviderName[];
  cacheBytes?: number;
  /**
   * When to send acceptTask (default "eager"): "eager" accepts before executing; "lazy" only if the result is not
   * out by half the accept window (a result also accepts: one transaction less per task for a fast provider).
   */
  accept?: "eager" | "lazy";
  /** Parallel tasks (default 1). */
  capacity?: number;
  fault?: FaultMode;
  logger?: Logger;
  /** Attempts per task for transient failures (default 3). */
  maxAttempts?: number;
  /** Backoff base between attempts (default 1000 ms × attempt). */
  retryBaseMs?: number;
  /** Tests only: pause between persisting the proof and broadcasting submitResult (kill -9 window). */
  testDelayBeforeSubmitMs?: number;
}

export interface Agent {
  stop(): Promise<void>;
  readonly metricsUrl: string;
  readonly address: string;
  readonly hardware: HardwareInfo;
  readonly metrics: AgentMetrics;
  /** Resolves once the agent has no queued or running task and has caught up to the head it last saw. */
  idle(): Promise<void>;
}

/** Agents alive in this process: cached onnxruntime sessions are shared, released when the last one stops. */
let liveAgents = 0;

export async function startAgent(config: AgentConfig): Promise<Agent> {
  const log = config.logger ?? createLogger();
  const provider = new JsonRpcProvider(config.rpcUrl, undefined, { batchMaxCount: 1, cacheTimeout: -1, pollingInterval: config.pollIntervalMs ?? 1000 });
  let wallet: Wallet | HDNodeWallet;
  if (config.signer) wallet = config.signer;
  else if (config.keystore) {
    log.addSecret(config.keystore.password);
    wallet = await loadKeystore(config.keystore.file, config.keystore.password);
  } else throw new Error("startAgent: config.keystore or config.signer is required");
  log.addSecret(wallet.privateKey);
  const phrase = "mnemonic" in wallet ? wallet.mnemonic?.phrase : undefined;
  if (phrase) log.addSecret(phrase);
  const signer = wallet.connect(provider);
  const me = getAddress(await signer.getAddress());
  const chainId = config.chainId ?? Number((await provider.getNetwork()).chainId);

  const market = ComputeMarketplace__factory.connect(config.contracts.computeMarketplace, signer);
  const registry = ProviderRegistry__factory.connect(config.contracts.providerRegistry, signer);
  const token = StunToken__factory.connect(config.contracts.stunToken, signer);
  const marketAddr = getAddress(config.contracts.computeMarketplace);

  const metrics = createMetrics();
  const hardware = config.hardware ?? (await detectHardware());
  metrics.gpus.set(hardware.gpus.length);
  const eps: ExecutionProviderName[] = config.executionProviders ?? (hardware.gpus.length > 0 ? [...GPU_EXECUTION_PROVIDERS] : ["cpu"]);
  log.info("hardware", {
    source: hardware.source,
    gpus: hardware.gpus,
    rejectedLines: hardware.rejected.length,
    reason: hardware.reason,
    executionProviders: eps,
  });
  if (config.fault) log.warn("FAULT INJECTION ENABLED (tests/demos only)", { fault: config.fault });

  const blobs = new BlobClient(config.blobStore);
  const fetcher = new ContentFetcher(blobs, config.cacheBytes);
  const journal = new Journal(config.stateDir);
  let prover: Prover | undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    return await run();
  } catch (e) {
    await metricsServer?.close();
    await prover?.close();
    journal.close();
    provider.destroy();
    throw e;
  }

  async function run(): Promise<Agent> {
    // All transactions from this key go through one queue (nonces).
    let txQueue: Promise<unknown> = Promise.resolve();
    const serialTx = <T>(f: () => Promise<T>): Promise<T> => {
      const run = txQueue.then(f);
      txQueue = run.catch(() => undefined);
      return run;
    };
    const revertName = (e: unknown): string | undefined => {
      const err = e as { revert?: { name?: string }; data?: string; info?: { error?: { data?: string } } };
      if (err.revert?.name) return err.revert.name;
      const data = err.data ?? err.info?.error?.data;
      if (typeof data === "string" && data.startsWith("0x")) {
        for (const iface of [market.interface, registry.interface, token.interface]) {
          try {
            const parsed = iface.parseError(data);
            if (parsed) return parsed.name;
          } catch {
            /* not this contract's error */
          }
        }
      }
      return undefined;
    };

    // ------------------------------------------------------------ registration and stake (idempotent)
    if (config.register ?? true) {
      await ensureRegistered(registry, token, serialTx, log, {
        me,
        registryAddress: config.contracts.providerRegistry,
        hardware,
        stake: config.stake,
        region: config.region,
        pricePerUnit: config.pricePerUnit,
      });
    }

    const server = await serveMetrics(metrics.registry, config.metricsPort ?? 0);
    metricsServer = server;
    const p = await Prover.load("result_commitment");
    prover = p;
    log.info("prover loaded", { backend: p.backend });

    // ------------------------------------------------------------ per-task pipeline (pipeline.ts)
    let stopped = false;
    const isStopped = (): boolean => stopped;
    const pipeline = createTaskPipeline({
      config, log, provider, signer, market, marketAddr, me, chainId, metrics, eps, blobs, fetcher, journal, prover: p, serialTx, revertName, isStopped,
    });

    // ------------------------------------------------------------ restart reconciliation, then the event loop (watcher.ts)
    resumeFromJournal(journal, pipeline, log);
    const { fromBlock, loop } = await watchAssignments({
      log, provider, market, marketAddr, me, metrics, journal, pipeline, startBlock: config.startBlock, pollIntervalMs: config.pollIntervalMs, isStopped,
    });

    // ------------------------------------------------------------ heartbeats
    const hbMs = config.heartbeatIntervalMs ?? 15_000;
    let hbTimer: NodeJS.Timeout | undefined;
    if (config.keeper) hbTimer = startHeartbeats(config.keeper, wallet, chainId, () => ({ activeTasks: pipeline.running, capacity: pipeline.capacity }), hbMs, metrics, log);

    liveAgents++;
    log.info("agent started", { address: me, chainId, metrics: server.url, fromBlock, fault: config.fault ?? null });

    return {
      metricsUrl: server.url,
      address: me,
      hardware,
      metrics,
      idle: () => pipeline.idle(),
      async stop() {
        if (stopped) return;
        stopped = true;
        if (hbTimer) clearInterval(hbTimer);
        await loop;
        while (pipeline.running > 0) await sleep(50);
        await server.close();
        await p.close();
        if (--liveAgents === 0) await releaseSessions();
        journal.close();
        provider.destroy();
        log.info("agent stopped", {});
      },
    };
  }
}