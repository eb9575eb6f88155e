/**
 * `StunClient`: the requester's API (mirrors the seed's SDK example).
 *
 *   const client = StunClient.fromDeployments({ chain: "ethereum", signer });
 *   const { modelId } = await client.uploadModel(onnxBytes);
 *   const result = await client.submitTask({ modelId, input: [1, 2, 3], requirements: { gpuMemory: 16 },
 *                                             redundancy: 3, reward: 10n ** 16n, deadline: 3600 });
 *   await result.wait({ onProgress: (s) => console.error(s) });   // resolves at Finalized
 *   const output = await result.getOutput();                       // verified against the on-chain result hash
 *
 * Everything chain-specific goes through a `ChainAdapter` (EVM today).
 */
import type { Signer } from "ethers";

import { agreedOutput, type TaskOutput } from "./agreed-output.js";
import { BlobClient } from "./blobstore/client.js";
import { isContentId, type ContentId } from "./blobstore/content-id.js";
import { TERMINAL_STATUSES, type ChainAdapter, type ProgressFn, type Requirements, type TaskStatusName, type TaskView, type TxResult } from "./chain/adapter.js";
import { EvmAdapter } from "./chain/evm.js";
import { chainDeployment, loadDeployments, type ChainDeployment, type Deployments } from "./deployments.js";
import {
  InvalidArgumentError,
  QuoteError,
  StunError,
  TaskCancelledError,
  TaskExpiredError,
  TaskRefundedError,
  WaitTimeoutError,
  decodeError,
} from "./errors.js";
import { sleep } from "./retry.js";
import { encodeTaskSpec, taskHashOf, type TaskSpec } from "./task-spec.js";

export type { TaskOutput } from "./agreed-output.js";

export interface StunClientOptions {
  readonly adapter: ChainAdapter;
  /** Blob store base URL (models, inputs, specs, outputs). */
  readonly blobStore: string;
  /** Keeper base URL, for price quotes when a task sets no reward. */
  readonly keeperUrl?: string;
  /** Status polling interval of `wait()` (default 500 ms). */
  readonly pollIntervalMs?: number;
}

export interface SubmitTaskOptions {
  /** Content id of the model (from `uploadModel`). */
  readonly modelId: string;
  /** Input tensor (flattened), stored as {"input": number[]}. */
  readonly input: readonly number[];
  readonly requirements?: Requirements;
  /** 1..maxRedundancy (default 1). */
  readonly redundancy?: number;
  /** Reward in the token's smallest unit; omitted: the keeper's quote. */
  readonly reward?: bigint;
  /** "ETH" (default), "STUN", "USDC" or a token address. ERC-20 approvals are sent when needed. */
  readonly token?: string;
  /** Absolute unix seconds (a bigint or Date), or a number of seconds from now (chain time). Default 3600. */
  readonly deadline?: bigint | Date | number;
  readonly onProgress?: ProgressFn;
}

export interface Quote {
  readonly reward: bigint;
  readonly perProvider: bigint;
  readonly candidates: number;
  readonly queueDepth: number;
}

export interface WaitOptions {
  readonly onProgress?: (status: TaskStatusName, task: TaskView) => void;
  /** Give up (WaitTimeoutError) after this many ms; default: wait forever. */
  readonly timeoutMs?: number;
}

const FAILURES: Partial<Record<TaskStatusName, (id: bigint) => StunError>> = {
  Expired: (id) => new TaskExpiredError(id),
  Refunded: (id) => new TaskRefundedError(id, "Refunded"),
  SlashedRefunded: (id) => new TaskRefundedError(id, "SlashedRefunded"),
  Cancelled: (id) => new TaskCancelledError(id),
};

/** One submitted task: status, wait, output, cancel, dispute. */
export class TaskHandle {
  constructor(
    readonly client: StunClient,
    readonly taskId: bigint,
    readonly tx?: TxResult,
    readonly taskHash?: string,
  ) {}

  status(): Promise<TaskView> {
    return this.client.adapter.getTask(this.taskId);
  }

  /** Resolves with the task at Finalized; rejects with TaskExpired / TaskRefunded / TaskCancelled errors. */
  async wait(opts: WaitOptions = {}): Promise<TaskView> {
    const started = Date.now();
    let last: TaskStatusName | undefined;
    for (;;) {
      const t = await this.status();
      if (t.status !== last) {
        last = t.status;
        opts.onProgress?.(t.status, t);
      }
      if (t.status === "Finalized") return t;
      const fail = FAILURES[t.status];
      if (fail) throw fail(this.taskId);
      if (TERMINAL_STATUSES.has(t.status)) throw new StunError("TaskFailed", `task ${this.taskId} ended ${t.status}`);
      if (opts.timeoutMs !== undefined && Date.now() - started > opts.timeoutMs) throw new WaitTimeoutError(this.taskId, t.status);
      await sleep(this.client.pollIntervalMs);
    }
  }

  /**
   * The agreed output: fetched from a majority provider's published ref and verified, i.e. resultHashOf(output)
   * must equal the task's on-chain majority result hash. A provider whose published output does not match is
   * skipped; when none matches, ResultMismatchError.
   */
  async getOutput(): Promise<TaskOutput> {
    return agreedOutput(this.client.adapter, this.client.blobs, this.taskId);
  }

  cancel(): Promise<TxResult> {
    return this.client.adapter.cancelTask(this.taskId);
  }

  dispute(progress?: ProgressFn): Promise<TxResult> {
    return this.client.adapter.disputeTask(this.taskId, progress);
  }
}

export class StunClient {
  readonly adapter: ChainAdapter;
  readonly blobs: BlobClient;
  readonly keeperUrl: string | undefined;
  readonly pollIntervalMs: number;

  constructor(opts: StunClientOptions) {
    this.adapter = opts.adapter;
    this.blobs = new BlobClient(opts.blobStore);
    this.keeperUrl = opts.keeperUrl;
    this.pollIntervalMs = opts.pollIntervalMs ?? 500;
  }

  /** A client for one chain of a deployments file (default `.devnet/deployments.json`, chain "ethereum"). */
  static fromDeployments(opts: {
    readonly deployments?: Deployments;
    readonly file?: string;
    readonly chain?: string;
    readonly signer?: Signer;
    readonly keeperUrl?: string;
    readonly blobStore?: string;
    readonly pollIntervalMs?: number;
  }): StunClient {
    const d = opts.deployments ?? loadDeployments(opts.file);
    const c: ChainDeployment = chainDeployment(d, opts.chain ?? "ethereum", ["computeMarketplace", "modelRegistry"]);
    const blobStore = opts.blobStore ?? d.services.blobStore;
    if (!blobStore) throw new StunError("DeploymentIncomplete", "the deployments file names no blob store");
    return new StunClient({
      adapter: new EvmAdapter(c, { signer: opts.signer }),
      blobStore,
      keeperUrl: opts.keeperUrl ?? d.services.keeper,
      pollIntervalMs: opts.pollIntervalMs,
    });
  }

  /** Stores the model bytes and registers its content id on chain (skipped when already registered). */
  async uploadModel(bytes: Uint8Array, onProgress?: ProgressFn): Promise<{ modelId: ContentId; creator: string; tx?: TxResult }> {
    onProgress?.("upload", { bytes: bytes.length });
    const modelId = await this.blobs.put(bytes);
    const existing = await this.adapter.modelCreator(modelId);
    if (existing) return { modelId, creator: existing };
    onProgress?.("registerModel", { modelId });
    const tx = await this.adapter.registerModel(modelId);
    return { modelId, creator: await this.adapter.address(), tx };
  }

  /** A price quote from the keeper (GET /quote). */
  async quote(requirements: Requirements = {}, redundancy = 1, token = "ETH"): Promise<Quote> {
    if (!this.keeperUrl) throw new QuoteError("QuoteUnavailable", "no reward given and no keeper URL to ask for a quote");
    const q = new URLSearchParams({
      chain: this.adapter.chain,
      redundancy: String(redundancy),
      token,
      gpuMemory: String(requirements.gpuMemory ?? 0),
      computeCapability: String(requirements.computeCapability ?? 0),
      gpuCount: String(requirements.gpuCount ?? 0),
      privacy: requirements.privacy ?? "none",
      region: requirements.region ?? "",
    });
    if (requirements.maxPrice !== undefined) q.set("maxPrice", requirements.maxPrice.toString());
    let res: Response;
    try {
      res = await fetch(`${this.keeperUrl}/quote?${q}`);
    } catch (e) {
      throw new QuoteError("KeeperUnreachable", `keeper ${this.keeperUrl}: ${(e as Error).message}`, { cause: e });
    }
    const body = (await res.json().catch(() => ({}))) as { reward?: string; perProvider?: string; candidates?: number; queueDepth?: number; error?: string; message?: string };
    if (!res.ok || body.reward === undefined) {
      const code = body.error === "NoProviders" ? "NoProviders" : "QuoteUnavailable";
      throw new QuoteError(code, `keeper quote failed (${res.status}): ${body.message ?? body.error ?? "no reward"}`);
    }
    return { reward: BigInt(body.reward), perProvider: BigInt(body.perProvider ?? "0"), candidates: body.candidates ?? 0, queueDepth: body.queueDepth ?? 0 };
  }

  /** Uploads the input and the task spec, escrows the reward (approving an ERC-20 first) and submits. */
  async submitTask(o: SubmitTaskOptions): Promise<TaskHandle> {
    if (!isContentId(o.modelId)) throw new InvalidArgumentError(`modelId ${o.modelId} is not a content id (0x + 64 hex)`);
    if (!Array.isArray(o.input) || !o.input.every((v) => Number.isFinite(v))) throw new InvalidArgumentError("input must be an array of finite numbers");
    const redundancy = o.redundancy ?? 1;
    const token = this.adapter.resolveToken(o.token ?? "ETH");
    const requirements = o.requirements ?? {};
    const progress = o.onProgress;
    let reward = o.reward;
    if (reward === undefined) {
      progress?.("quote", { keeper: this.keeperUrl });
      reward = (await this.quote(requirements, redundancy, o.token ?? "ETH")).reward;
    }
    if (reward <= 0n) throw new InvalidArgumentError("reward must be positive");
    const deadline = await this.resolveDeadline(o.deadline);
    progress?.("uploadInput", { values: o.input.length });
    const input = await this.blobs.put(new TextEncoder().encode(JSON.stringify({ input: o.input })));
    const spec: TaskSpec = { v: 1, model: o.modelId, input };
    const specId = await this.blobs.put(encodeTaskSpec(spec));
    const taskHash = taskHashOf(spec);
    if (specId !== taskHash) throw new StunError("TaskSpecMismatch", `spec stored as ${specId}, hash ${taskHash}`);
    try {
      const { taskId, tx } = await this.adapter.submitTask(
        { taskHash, modelId: o.modelId, token, reward, deadline, redundancy, requirements },
        progress,
      );
      progress?.("submitted", { taskId: taskId.toString(), tx: tx.hash });
      return new TaskHandle(this, taskId, tx, taskHash);
    } catch (e) {
      throw decodeError(e);
    }
  }

  /** A handle on an existing task. */
  task(taskId: bigint): TaskHandle {
    return new TaskHandle(this, taskId);
  }

  private async resolveDeadline(d: SubmitTaskOptions["deadline"]): Promise<bigint> {
    if (d instanceof Date) return BigInt(Math.floor(d.getTime() / 1000));
    if (typeof d === "bigint") return d;
    const secs = d ?? 3600;
    if (!Number.isInteger(secs) || secs <= 0) throw new InvalidArgumentError(`deadline ${secs} must be a positive number of seconds`);
    return (await this.adapter.now()) + BigInt(secs);
  }
}
