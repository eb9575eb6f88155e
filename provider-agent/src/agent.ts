/**
 * The STUN GPU provider agent (issue 5). `startAgent(config)`:
 *   1. loads the key (encrypted keystore, or a signer passed by tests), detects GPUs (nvidia-smi, CPU fallback);
 *   2. registers with specs from the hardware and stakes up to `stake` (idempotent: skips what is already done);
 *   3. reconciles the journal with chain state, then follows TaskAssigned events from the journal's cursor;
 *   4. per assigned task: accept -> fetch spec/model/input by content hash (verified, LRU-cached) -> execute
 *      (onnxruntime-node) -> put the canonical output blob -> prove (circuits' Prover, result_commitment) ->
 *      journal -> submitResult -> publish the output ref;
 *   5. heartbeats to the keeper, Prometheus metrics on loopback, JSON logs.
 */
import { setTimeout as sleep } from "node:timers/promises";

import {
  JsonRpcProvider,
  getAddress,
  keccak256,
  type HDNodeWallet,
  type Log,
  type Wallet,
} from "ethers";

import { Prover, resultCommitmentInput } from "../../circuits/src/index.js";
import { BlobClient } from "../../sdk/src/blobstore/client.js";
import { BlobHashMismatchError, BlobNotFoundError } from "../../sdk/src/blobstore/content-id.js";
import { type CanonicalOutput, encodeOutput, outputRef, resultElements, resultHashOf, taskSalt } from "../../sdk/src/result.js";
import { TaskSpecError, decodeTaskSpec } from "../../sdk/src/task-spec.js";
import {
  ComputeMarketplace__factory,
  ProviderRegistry__factory,
  StunToken__factory,
} from "../../types/ethers-contracts/index.js";
import { ExecutionError, type ExecutionProviderName, executeTask, releaseSessions } from "./executor.js";
import { ContentFetcher } from "./fetcher.js";
import { type HardwareInfo, detectHardware } from "./gpu.js";
import { startHeartbeats } from "./heartbeat.js";
import { Journal, type TaskRecord } from "./journal.js";
import { loadKeystore } from "./keystore.js";
import { type Logger, createLogger } from "./log.js";
import { type AgentMetrics, type MetricsServer, createMetrics, serveMetrics } from "./metrics.js";
import { ensureRegistered } from "./registration.js";

/** Fault injection for fault tests and devnet demos ONLY. Never set it on a real provider. */
/** Extra gas over the estimate for submitResult: the consensus + audit draw run by whichever result is last. */
export const SUBMIT_GAS_HEADROOM = 150_000n;

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
  /** Overrides the EP order (default: ["cuda", "cpu"] with a detected GPU, else ["cpu"]). */
  executionProviders?: ExecutionProviderName[];
  cacheBytes?: number;
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

const ASSIGNMENT_SUBMITTED = 2n;
const ASSIGNMENT_ASSIGNED = 0n;
const TASK_ASSIGNED = 2n;

class TaskFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
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
  const eps: ExecutionProviderName[] = config.executionProviders ?? (hardware.gpus.length > 0 ? ["cuda", "cpu"] : ["cpu"]);
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

    // ------------------------------------------------------------ per-task pipeline
    const queue: bigint[] = [];
    const queued = new Set<string>();
    let running = 0;
    let stopped = false;
    const capacity = Math.max(1, config.capacity ?? 1);
    const assignedTopic = market.interface.getEvent("TaskAssigned").topicHash;
    const detailsTopic = market.interface.getEvent("TaskDetails").topicHash;

    const fail = (taskId: bigint, reason: string, msg: string, fields: Record<string, unknown> = {}): void => {
      metrics.taskFailures.inc({ reason });
      journal.update(taskId, { phase: "failed", reason });
      log.error("task failed", { taskId, reason, error: msg, ...fields });
    };

    async function taskHashOf(taskId: bigint): Promise<{ taskHash: string; modelId: string }> {
      const logs = await provider.getLogs({
        address: marketAddr,
        topics: [detailsTopic, "0x" + taskId.toString(16).padStart(64, "0")],
        fromBlock: config.startBlock ?? 0,
        toBlock: "latest",
      });
      const l = logs[0];
      if (!l) throw new TaskFailure("no-details", `no TaskDetails event for task ${taskId}`);
      const ev = market.interface.parseLog(l);
      if (!ev) throw new TaskFailure("no-details", "unparsable TaskDetails");
      return { taskHash: String(ev.args.taskHash), modelId: String(ev.args.modelId) };
    }

    /** A verified, cached blob; fetch failures become the TaskFailure reasons the retry policy knows. */
    async function fetchBlob(id: string): Promise<Uint8Array> {
      try {
        return await fetcher.get(id);
      } catch (e) {
        if (e instanceof BlobHashMismatchError) throw new TaskFailure("hash-mismatch", e.message);
        if (e instanceof BlobNotFoundError) throw new TaskFailure("blob-not-found", e.message);
        throw new TaskFailure("fetch", (e as Error).message);
      }
    }

    async function computeAndProve(taskId: bigint): Promise<TaskRecord> {
      const { taskHash, modelId } = await taskHashOf(taskId);
      const specBytes = await fetchBlob(taskHash);
      let spec;
      try {
        spec = decodeTaskSpec(specBytes);
      } catch (e) {
        throw new TaskFailure("bad-spec", (e as TaskSpecError).message);
      }
      if (!/^0x0{64}$/.test(modelId) && spec.model !== modelId.toLowerCase()) {
        throw new TaskFailure("model-mismatch", `spec model ${spec.model} != on-chain modelId ${modelId}`);
      }
      let exec;
      try {
        exec = await executeTask(specBytes, {
          executionProviders: eps,
          fetch: fetchBlob,
        });
      } catch (e) {
        if (e instanceof TaskFailure) throw e;
        if (e instanceof ExecutionError) throw new TaskFailure(e.code === "BadInput" ? "bad-input" : "execute", e.message);
        throw new TaskFailure("execute", (e as Error).message);
      }
      metrics.executionSeconds.observe({ ep: exec.ep }, exec.runMs / 1000);
      let output: CanonicalOutput = exec.output;
      if (config.fault === "wrong-result") {
        output = { shape: output.shape, q: output.q.map((v, i) => (i === 0 ? v + 1 : v)) };
        log.warn("fault: submitting a wrong result", { taskId });
      }
      const outputId = await blobs.put(encodeOutput(output));
      const salt = taskSalt(chainId, marketAddr, taskId);
      const t0 = performance.now();
      let proved;
      try {
        const { input } = resultCommitmentInput({ taskId, provider: me, result: resultElements(output), salt });
        proved = await p.prove(input);
      } catch (e) {
        throw new TaskFailure("prove", (e as Error).message);
      }
      const proveMs = performance.now() - t0;
      metrics.proveSeconds.observe({ backend: p.backend }, proveMs / 1000);
      const resultHash = resultHashOf(output, chainId, marketAddr, taskId);
      const signal = BigInt(proved.publicSignals[1] ?? -1);
      if (signal !== BigInt(resultHash)) throw new TaskFailure("prove", "proof's resultHash differs from the SDK's");
      log.info("executed and proved", {
        taskId,
        ep: exec.ep,
        epFallbacks: exec.fallbacks,
        executeMs: Math.round(exec.runMs * 100) / 100,
        proveMs: Math.round(proveMs),
        proverBackend: p.backend,
        resultHash,
        outputId,
      });
      return journal.update(taskId, { phase: "proved", resultHash, proof: proved.calldata, outputId, ep: exec.ep });
    }

    async function submit(taskId: bigint, rec: TaskRecord): Promise<string> {
      if (!rec.resultHash || !rec.proof) throw new TaskFailure("internal", "submit without a proof");
      const resultHash = rec.resultHash;
      const proof = rec.proof;
      return serialTx(async () => {
        let populated;
        try {
          const req = await market.submitResult.populateTransaction(taskId, resultHash, proof);
          populated = await signer.populateTransaction(req); // estimates gas: a revert surfaces here
          // The estimate assumes today's state. If another provider's result lands first, this one becomes the last
          // result and also runs consensus and the audit draw, so leave headroom (unused gas is not charged).
          populated.gasLimit = BigInt(populated.gasLimit ?? 0n) + SUBMIT_GAS_HEADROOM;
        } catch (e) {
          throw new TaskFailure(`submit:${revertName(e) ?? "error"}`, (e as Error).message.split("\n")[0] ?? "");
        }
        const raw = await signer.signTransaction(populated);
        const txHash = keccak256(raw);
        journal.update(taskId, { phase: "submitting", rawTx: raw, txHash });
        await provider.broadcastTransaction(raw);
        const receipt = await provider.waitForTransaction(txHash, 1, 120_000);
        if (!receipt || receipt.status !== 1) throw new TaskFailure("submit:reverted", `submitResult ${txHash} reverted`);
        journal.update(taskId, { phase: "submitted", txHash });
        return txHash;
      });
    }

    async function publish(taskId: bigint, rec: TaskRecord): Promise<void> {
      if (!rec.outputId) return;
      try {
        await blobs.setRef(outputRef(chainId, taskId, me), rec.outputId as `0x${string}`);
        journal.update(taskId, { phase: "published" });
      } catch (e) {
        log.warn("output ref not published (will retry on restart)", { taskId, error: (e as Error).message });
      }
    }

    async function handleTask(taskId: bigint): Promise<void> {
      let rec = journal.get(taskId);
      if (rec && (rec.phase === "published" || rec.phase === "failed" || rec.phase === "skipped")) return;
      const [task, [assignments]] = await Promise.all([market.getTask(taskId), market.getAssignments(taskId)]);
      const mine = assignments.find((a) => a.provider.toLowerCase() === me.toLowerCase());
      if (!mine) {
        journal.update(taskId, { phase: "skipped", reason: "not-assigned" });
        return;
      }
      if (mine.state === ASSIGNMENT_SUBMITTED) {
        if (rec?.phase !== "submitted") {
          log.info("result already on-chain; not resubmitting", { taskId, journalPhase: rec?.phase });
          rec = journal.update(taskId, { phase: "submitted" });
        }
        await publish(taskId, rec);
        return;
      }
      if (task.status !== TASK_ASSIGNED) {
        fail(taskId, "task-closed", `task status ${task.status} is no longer Assigned`);
        return;
      }
      if (config.fault === "no-show") {
        journal.update(taskId, { phase: "skipped", reason: "fault:no-show" });
        log.warn("fault: not showing up", { taskId });
        return;
      }
      metrics.activeTasks.inc();
      try {
        if (mine.state === ASSIGNMENT_ASSIGNED && (!rec || rec.phase === "assigned")) {
          try {
            await serialTx(async () => (await market.acceptTask(taskId)).wait());
            rec = journal.update(taskId, { phase: "accepted" });
            log.info("accepted", { taskId });
          } catch (e) {
            const name = revertName(e);
            if (name === "AcceptWindowClosed" || name === "InvalidState") throw new TaskFailure(`accept:${name}`, (e as Error).message.split("\n")[0] ?? "");
            log.warn("acceptTask failed; will accept by submitting", { taskId, error: name ?? (e as Error).message.split("\n")[0] });
          }
        }
        if (!rec?.proof || !rec.resultHash) rec = await computeAndProve(taskId);
        if (rec.phase === "submitting" && rec.txHash && rec.rawTx) {
          // A signed submitResult may already be out there: look for it before signing a new one.
          const receipt = await provider.getTransactionReceipt(rec.txHash);
          if (!receipt) {
            await provider.broadcastTransaction(rec.rawTx).catch((e: Error) => log.warn("rebroadcast failed", { taskId, error: e.message.split("\n")[0] }));
            await sleep(200);
          }
          const [[again]] = [await market.getAssignments(taskId)];
          if (again.find((a) => a.provider.toLowerCase() === me.toLowerCase())?.state === ASSIGNMENT_SUBMITTED) {
            rec = journal.update(taskId, { phase: "submitted", txHash: rec.txHash });
          }
        }
        if (rec.phase !== "submitted") {
          if (config.testDelayBeforeSubmitMs) await sleep(config.testDelayBeforeSubmitMs);
          const txHash = await submit(taskId, rec);
          rec = journal.get(taskId) ?? rec;
          metrics.tasksCompleted.inc({ ep: rec.ep ?? "unknown" });
          log.info("result submitted", { taskId, resultHash: rec.resultHash, txHash });
        }
        await publish(taskId, rec);
      } finally {
        metrics.activeTasks.dec();
      }
    }

    /** Transient failures (RPC, blob store not reachable or blob not there yet) are retried with backoff. */
    const RETRYABLE = new Set(["fetch", "blob-not-found", "internal", "submit:error"]);
    const maxAttempts = config.maxAttempts ?? 3;
    async function processTask(taskId: bigint): Promise<void> {
      for (let attempt = 1; ; attempt++) {
        try {
          await handleTask(taskId);
          return;
        } catch (e) {
          const f = e instanceof TaskFailure ? e : new TaskFailure("internal", (e as Error).message.split("\n")[0] ?? "");
          if (!RETRYABLE.has(f.reason) || attempt >= maxAttempts || stopped) {
            fail(taskId, f.reason, f.message, { attempts: attempt });
            return;
          }
          log.warn("task attempt failed; retrying", { taskId, reason: f.reason, error: f.message, attempt });
          await sleep((config.retryBaseMs ?? 1000) * attempt);
        }
      }
    }

    const waiters: (() => void)[] = [];
    let caughtUp = false;
    const notifyIdle = (): void => {
      if (running === 0 && queue.length === 0 && caughtUp) for (const w of waiters.splice(0)) w();
    };
    function pump(): void {
      while (!stopped && running < capacity && queue.length > 0) {
        const id = queue.shift() as bigint;
        running++;
        processTask(id)
          .catch((e: Error) => log.error("task handler crashed", { taskId: id, error: e.message }))
          .finally(() => {
            running--;
            queued.delete(id.toString());
            pump();
            notifyIdle();
          });
      }
    }
    const enqueue = (taskId: bigint): void => {
      if (queued.has(taskId.toString())) return;
      queued.add(taskId.toString());
      queue.push(taskId);
      pump();
    };

    // ------------------------------------------------------------ restart reconciliation
    for (const rec of journal.tasks.values()) {
      if (rec.phase !== "published" && rec.phase !== "failed" && rec.phase !== "skipped") {
        log.info("resuming task from journal", { taskId: rec.taskId, phase: rec.phase });
        enqueue(BigInt(rec.taskId));
      }
    }

    // ------------------------------------------------------------ event loop
    let from = journal.cursor !== undefined ? journal.cursor + 1 : (config.startBlock ?? (await provider.getBlockNumber()));
    const onAssigned = (l: Log): void => {
      const ev = market.interface.parseLog(l);
      if (!ev) return;
      const taskId = BigInt(ev.args.taskId as bigint);
      const list = (ev.args.providers as string[]).map((a) => a.toLowerCase());
      if (!list.includes(me.toLowerCase())) return;
      if (!journal.get(taskId)) {
        journal.update(taskId, { phase: "assigned" });
        metrics.tasksReceived.inc();
        log.info("assigned", { taskId, block: l.blockNumber, providers: list.length });
      }
      enqueue(taskId);
    };
    async function pollOnce(): Promise<void> {
      const head = await provider.getBlockNumber();
      while (from <= head && !stopped) {
        const to = Math.min(head, from + 1999);
        const logs = await provider.getLogs({ address: marketAddr, topics: [assignedTopic], fromBlock: from, toBlock: to });
        for (const l of logs) onAssigned(l);
        journal.setCursor(to);
        from = to + 1;
      }
      caughtUp = true;
      notifyIdle();
    }
    const pollMs = config.pollIntervalMs ?? 1000;
    const loop = (async () => {
      while (!stopped) {
        try {
          await pollOnce();
        } catch (e) {
          log.warn("event poll failed", { error: (e as Error).message.split("\n")[0] });
        }
        await sleep(pollMs);
      }
    })();

    // ------------------------------------------------------------ heartbeats
    const hbMs = config.heartbeatIntervalMs ?? 15_000;
    let hbTimer: NodeJS.Timeout | undefined;
    if (config.keeper) hbTimer = startHeartbeats(config.keeper, wallet, chainId, () => ({ activeTasks: running, capacity }), hbMs, metrics, log);

    liveAgents++;
    log.info("agent started", { address: me, chainId, metrics: server.url, fromBlock: from, fault: config.fault ?? null });

    return {
      metricsUrl: server.url,
      address: me,
      hardware,
      metrics,
      idle: () =>
        new Promise<void>((r) => {
          waiters.push(r);
          notifyIdle();
        }),
      async stop() {
        if (stopped) return;
        stopped = true;
        if (hbTimer) clearInterval(hbTimer);
        await loop;
        while (running > 0) await sleep(50);
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
