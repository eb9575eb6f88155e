/**
 * The per-task pipeline of the provider agent: accept -> fetch spec/model/input by content hash (verified,
 * LRU-cached) -> execute (executor.ts: the first execution provider that loads the model) -> put the canonical
 * output blob -> prove (result_commitment) ->
 * journal -> submitResult -> publish the output ref; transient failures retried with backoff; a bounded
 * queue of tasks (capacity) with an idle signal. Split out of agent.ts; behaviour unchanged.
 */
import { setTimeout as sleep } from "node:timers/promises";

import { type HDNodeWallet, type JsonRpcProvider, type Wallet, keccak256 } from "ethers";

import { type Prover, resultCommitmentInput } from "../../circuits/src/index.js";
import type { BlobClient } from "../../sdk/src/blobstore/client.js";
import { BlobHashMismatchError, BlobNotFoundError } from "../../sdk/src/blobstore/content-id.js";
import { type CanonicalOutput, encodeOutput, outputRef, resultCommitmentOf } from "../../sdk/src/result.js";
import { TaskSpecError, decodeTaskSpec } from "../../sdk/src/task-spec.js";
import type { ComputeMarketplace } from "../../types/ethers-contracts/index.js";
import type { AgentConfig } from "./agent.js";
import { ExecutionError, type ExecutionProviderName, executeTask } from "./executor.js";
import type { ContentFetcher } from "./fetcher.js";
import type { Journal, TaskRecord } from "./journal.js";
import type { Logger } from "./log.js";
import type { AgentMetrics } from "./metrics.js";
import { TaskFailure, submitResultEncoder, taskDetailsReader } from "./task-chain.js";

/** Extra gas over the estimate for submitResult: the consensus + audit draw run by whichever result is last. */
export const SUBMIT_GAS_HEADROOM = 150_000n;

const ASSIGNMENT_SUBMITTED = 2n;
const ASSIGNMENT_ASSIGNED = 0n;
const TASK_ASSIGNED = 2n;

/** What the pipeline needs from the agent that runs it. */
export interface PipelineContext {
  config: AgentConfig;
  log: Logger;
  provider: JsonRpcProvider;
  /** The agent's key, connected to `provider`. */
  signer: Wallet | HDNodeWallet;
  market: ComputeMarketplace;
  marketAddr: string;
  me: string;
  chainId: number;
  metrics: AgentMetrics;
  eps: ExecutionProviderName[];
  blobs: BlobClient;
  fetcher: ContentFetcher;
  journal: Journal;
  prover: Prover;
  /** All transactions from this key go through one queue (nonces). */
  serialTx: <T>(f: () => Promise<T>) => Promise<T>;
  /** The custom error name of a revert, when one of the agent's contracts knows it. */
  revertName: (e: unknown) => string | undefined;
  /** True once the agent is stopping: no new task starts, no failed attempt is retried. */
  isStopped: () => boolean;
}

export interface TaskPipeline {
  /** Queues a task (once while it is queued or running) and starts it when there is capacity. */
  enqueue(taskId: bigint): void;
  /** The head the event watcher last read (the TaskDetails search starts below it, without reading it again). */
  noteHead(block: number): void;
  /** The event watcher has caught up to the head it last saw. */
  markCaughtUp(): void;
  /** Resolves once no task is queued or running and the watcher has caught up. */
  idle(): Promise<void>;
  /** Tasks running now. */
  readonly running: number;
  readonly capacity: number;
}

export function createTaskPipeline(ctx: PipelineContext): TaskPipeline {
  const { config, log, provider, signer, market, marketAddr, me, chainId, metrics, eps, blobs, fetcher, journal, serialTx, revertName } = ctx;
  const p = ctx.prover;
  const queue: bigint[] = [];
  const queued = new Set<string>();
  let running = 0;
  const capacity = Math.max(1, config.capacity ?? 1);
  const details = taskDetailsReader(provider, market.interface, marketAddr, config.startBlock ?? 0);
  const submitData = submitResultEncoder(market.interface);

  const fail = (taskId: bigint, reason: string, msg: string, fields: Record<string, unknown> = {}): void => {
    metrics.taskFailures.inc({ reason });
    journal.update(taskId, { phase: "failed", reason });
    log.error("task failed", { taskId, reason, error: msg, ...fields });
  };

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
    const { taskHash, modelId } = await details.taskHashOf(taskId);
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
    const t0 = performance.now();
    let proved, c;
    try {
      // the SDK's resultHashOf, computed once: the circuit input and the value the proof must carry
      c = resultCommitmentOf(output, chainId, marketAddr, taskId);
      const { input } = resultCommitmentInput({ taskId, provider: me, result: c.elements, salt: c.salt, resultHash: c.hash });
      proved = await p.prove(input);
    } catch (e) {
      throw new TaskFailure("prove", (e as Error).message);
    }
    const proveMs = performance.now() - t0;
    metrics.proveSeconds.observe({ backend: p.backend }, proveMs / 1000);
    const resultHash = c.resultHash;
    const signal = BigInt(proved.publicSignals[1] ?? -1);
    if (signal !== c.hash) throw new TaskFailure("prove", "proof's resultHash differs from the SDK's");
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
        populated = await signer.populateTransaction({ to: marketAddr, data: submitData(taskId, resultHash, proof) }); // estimates gas: a revert surfaces here
        // The estimate assumes today's state. If another provider's result lands first, this one becomes the last
        // result and also runs consensus and the audit draw, so leave headroom (unused gas is not charged).
        populated.gasLimit = BigInt(populated.gasLimit ?? 0n) + SUBMIT_GAS_HEADROOM;
      } catch (e) {
        throw new TaskFailure(`submit:${revertName(e) ?? "error"}`, (e as Error).message.split("\n")[0] ?? "");
      }
      const raw = await signer.signTransaction(populated);
      const txHash = keccak256(raw);
      await journal.updateDurable(taskId, { phase: "submitting", rawTx: raw, txHash }); // on disk before it is sent
      await sendRaw(raw, txHash);
      const receipt = await provider.waitForTransaction(txHash, 1, 120_000);
      if (!receipt || receipt.status !== 1) throw new TaskFailure("submit:reverted", `submitResult ${txHash} reverted`);
      journal.update(taskId, { phase: "submitted", txHash });
      return txHash;
    });
  }

  /** provider.broadcastTransaction's RPC (same errors) without its block number read and tx parse (sender recovery). */
  async function sendRaw(raw: string, txHash: string): Promise<void> {
    const hash = String(await provider.send("eth_sendRawTransaction", [raw]));
    if (hash.toLowerCase() !== txHash.toLowerCase()) throw new Error(`the node returned tx hash ${hash}, not ${txHash}`);
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

  /** acceptTask; a closed window or a task no longer Assigned is a TaskFailure, other errors only a warning. */
  async function accept(taskId: bigint): Promise<void> {
    try {
      await serialTx(async () => (await market.acceptTask(taskId)).wait());
      log.info("accepted", { taskId });
    } catch (e) {
      const name = revertName(e);
      if (name === "AcceptWindowClosed" || name === "InvalidState") throw new TaskFailure(`accept:${name}`, (e as Error).message.split("\n")[0] ?? "");
      log.warn("acceptTask failed; will accept by submitting", { taskId, error: name ?? (e as Error).message.split("\n")[0] });
    }
  }

  /** The marketplace's accept window in seconds (read once a minute). */
  let windowCache: { at: number; s: Promise<number> } | undefined;
  function acceptWindowS(): Promise<number> {
    if (!windowCache || Date.now() - windowCache.at > 60_000) {
      const s = market.params().then((p) => Number(p.acceptWindow));
      windowCache = { at: Date.now(), s };
      s.catch(() => (windowCache = undefined));
    }
    return windowCache.s;
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
      let lazyAccept: { timer: NodeJS.Timeout; sent?: Promise<void> } | undefined;
      if (mine.state === ASSIGNMENT_ASSIGNED && (!rec || rec.phase === "assigned")) {
        if ((config.accept ?? "eager") === "eager") {
          await accept(taskId);
          rec = journal.update(taskId, { phase: "accepted" });
        } else {
          // lazy: a result also accepts; send acceptTask only if no result is out by half the accept window
          const latest = provider.send("eth_getBlockByNumber", ["latest", false]) as Promise<{ timestamp: string } | null>;
          const [head, window] = await Promise.all([latest, acceptWindowS()]);
          // this lane's window opens `latency` s after the task's assignment (a replacement's later)
          const dueInS = Number(task.assignedAt) + Number(mine.latency) + window / 2 - Number(head?.timestamp ?? 0);
          const la: { timer: NodeJS.Timeout; sent?: Promise<void> } = {
            timer: setTimeout(() => {
              la.sent = accept(taskId).catch((e: Error) => log.warn("lazy accept failed", { taskId, error: e.message }));
            }, Math.max(0, dueInS) * 1000),
          };
          lazyAccept = la;
        }
      }
      try {
        if (!rec?.proof || !rec.resultHash) rec = await computeAndProve(taskId);
      } finally {
        if (lazyAccept) {
          clearTimeout(lazyAccept.timer);
          await lazyAccept.sent;
        }
      }
      if (rec.phase === "submitting" && rec.txHash && rec.rawTx) {
        // A signed submitResult may already be out there: look for it before signing a new one.
        const receipt = await provider.getTransactionReceipt(rec.txHash);
        if (!receipt) {
          await sendRaw(rec.rawTx, rec.txHash).catch((e: Error) => log.warn("rebroadcast failed", { taskId, error: e.message.split("\n")[0] }));
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
        if (!RETRYABLE.has(f.reason) || attempt >= maxAttempts || ctx.isStopped()) {
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
    while (!ctx.isStopped() && running < capacity && queue.length > 0) {
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

  return {
    enqueue,
    noteHead(block) {
      details.noteHead(block);
    },
    markCaughtUp() {
      caughtUp = true;
      notifyIdle();
    },
    idle: () =>
      new Promise<void>((r) => {
        waiters.push(r);
        notifyIdle();
      }),
    get running() {
      return running;
    },
    capacity,
  };
}
