/**
 * The reusable, side-effect-free task executor: task spec (or model + input) -> canonical output. The provider
 * agent runs it for assigned tasks; the keeper's auditor imports it to re-execute a task and compare.
 *
 *   const { output, ep } = await executeTask(specBytes, { fetch: (id) => blobs.get(id) });
 *   const { output } = await executeTask({ model: onnxBytes, input: [..16 numbers..] });
 *
 * Execution providers (EPs), tried in the order given; the one that actually created the session is returned as
 * `ep`, so a fallback is never reported as the EP that was asked for:
 *   - "torch-cuda": PyTorch on a CUDA GPU through the runner sidecar (src/torch-runner.ts, gpu/torch_runner.py).
 *     The agent's default where nvidia-smi found a GPU.
 *   - "cuda": onnxruntime-node's CUDA EP (needs onnxruntime's CUDA libraries, which do not install offline).
 *   - "cpu": onnxruntime-node on the CPU. The default.
 *   - "numpy-cpu": the runner sidecar on numpy (CI tests the runner with it; never a default).
 * The output tensor is quantized by sdk/src/result.ts `quantize` (scale 2^8) into the canonical output every party
 * hashes, whatever the EP.
 */
import type * as Ort from "onnxruntime-node";

import { contentId } from "../../sdk/src/blobstore/content-id.js";
import { type CanonicalOutput, quantize } from "../../sdk/src/result.js";
import { decodeTaskSpec } from "../../sdk/src/task-spec.js";
import { onnxGraph } from "./onnx-graph.js";
import { type RunnerBackend, TorchRunner } from "./torch-runner.js";

export type ExecutionProviderName = "torch-cuda" | "cuda" | "cpu" | "numpy-cpu";

/** The agent's EP order where a GPU was detected. */
export const GPU_EXECUTION_PROVIDERS: readonly ExecutionProviderName[] = ["torch-cuda", "cuda", "cpu"];

export interface ExecuteOptions {
  /** Resolves a content id to verified bytes (required when the task is given as spec bytes). */
  fetch?: (id: string) => Promise<Uint8Array>;
  /** EPs to try in order; default ["cpu"]. The agent passes GPU_EXECUTION_PROVIDERS when nvidia-smi found a GPU. */
  executionProviders?: readonly ExecutionProviderName[];
  /** Reuse sessions across calls (keyed by model content id + EPs). Default true. */
  cacheSessions?: boolean;
}

export interface ExecutionResult {
  readonly output: CanonicalOutput;
  /** The execution provider the session was created with (what actually ran). */
  readonly ep: ExecutionProviderName;
  /** Wall time of one inference (ms) as the executor sees it, excluding model loading. */
  readonly runMs: number;
  /** The runner's own time for the graph (device synchronized), for the runner EPs: runMs minus this is transport. */
  readonly engineMs?: number;
  /** EPs that were tried and failed before `ep`, with the reason. */
  readonly fallbacks: readonly { ep: ExecutionProviderName; error: string }[];
  readonly modelId: string;
}

export class ExecutionError extends Error {
  constructor(
    readonly code: "BadInput" | "BadModel" | "NoExecutionProvider" | "RunFailed" | "BadOutput",
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "ExecutionError";
  }
}

export type TaskInput = Uint8Array | { model: Uint8Array; input: Uint8Array | readonly number[] };

/** A loaded model on one EP. */
interface Session {
  run(input: Float32Array, dims: number[]): Promise<{ data: Float32Array; dims: number[]; ms?: number }>;
  release(): Promise<void>;
  /** False once the session can no longer run (its runner process died): the cache drops it. */
  usable(): boolean;
}

interface CachedSession {
  session: Session;
  ep: ExecutionProviderName;
  fallbacks: { ep: ExecutionProviderName; error: string }[];
}
const sessions = new Map<string, Promise<CachedSession>>();
const MAX_SESSIONS = 8;
const runners = new Map<string, Promise<TorchRunner>>();
let runnerKeys = 0;

/** Parses an input blob `{"input": number[]}` (finite numbers only). */
export function parseInputBlob(bytes: Uint8Array): number[] {
  let o: unknown;
  try {
    o = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ExecutionError("BadInput", "input blob is not JSON");
  }
  const arr = (o as { input?: unknown } | null)?.input;
  if (!Array.isArray(arr) || arr.length === 0 || !arr.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new ExecutionError("BadInput", 'input blob must be {"input": finite number[]}');
  }
  return arr as number[];
}

async function ortSession(model: Uint8Array, ep: "cuda" | "cpu"): Promise<Session> {
  // Loaded on first use: a GPU host running "torch-cuda" never needs onnxruntime's native library.
  const ort = await import("onnxruntime-node");
  // One EP per attempt: a session created with ["cuda", "cpu"] could silently place nodes on the CPU, so the EP we
  // report is exactly the one the session was given.
  const session = await ort.InferenceSession.create(model, { executionProviders: [ep], logSeverityLevel: 3 });
  const inName = session.inputNames[0];
  const outName = session.outputNames[0];
  if (inName === undefined || outName === undefined) throw new ExecutionError("BadModel", "model has no input or output");
  return {
    async run(input, dims) {
      const res = await session.run({ [inName]: new ort.Tensor("float32", input, dims) });
      const out: Ort.Tensor | undefined = res[outName];
      if (out === undefined || out.type !== "float32") throw new ExecutionError("BadOutput", "first output must be float32");
      return { data: out.data as Float32Array, dims: out.dims.map(Number) };
    },
    release: () => session.release(),
    usable: () => true,
  };
}

function runnerFor(backend: RunnerBackend, device: string): Promise<TorchRunner> {
  const key = `${backend}|${device}`;
  const hit = runners.get(key);
  if (hit) {
    return hit.then((r) => {
      if (r.alive) return r;
      // a dead runner: replace it once, even when several tasks notice at the same time
      if (runners.get(key) === hit) runners.delete(key);
      return runnerFor(backend, device);
    });
  }
  const p = TorchRunner.start({ backend, device });
  runners.set(key, p);
  p.catch(() => {
    if (runners.get(key) === p) runners.delete(key);
  });
  return p;
}

async function runnerSession(model: Uint8Array, ep: "torch-cuda" | "numpy-cpu"): Promise<Session> {
  const graph = onnxGraph(model); // UnsupportedOp etc. -> fallback to the next EP
  const runner = ep === "torch-cuda" ? await runnerFor("torch", "cuda") : await runnerFor("numpy", "cpu");
  const key = `${contentId(model)}#${++runnerKeys}`; // one key per session: releasing one never unloads another
  await runner.load(key, graph);
  return {
    run: (input, dims) => runner.run(key, input, dims),
    release: () => runner.unload(key).catch(() => undefined),
    usable: () => runner.alive,
  };
}

async function createSession(model: Uint8Array, eps: readonly ExecutionProviderName[]): Promise<CachedSession> {
  const fallbacks: { ep: ExecutionProviderName; error: string }[] = [];
  for (const ep of eps) {
    try {
      const session = ep === "torch-cuda" || ep === "numpy-cpu" ? await runnerSession(model, ep) : await ortSession(model, ep);
      return { session, ep, fallbacks };
    } catch (e) {
      const msg = (e as Error).message.split("\n")[0] ?? "";
      if (/protobuf|parse|model|graph|ShapeInference|Invalid/i.test(msg) && ep === "cpu") {
        throw new ExecutionError("BadModel", msg.slice(0, 300));
      }
      fallbacks.push({ ep, error: msg.slice(0, 300) });
    }
  }
  throw new ExecutionError("NoExecutionProvider", `no execution provider could load the model: ${JSON.stringify(fallbacks)}`);
}

function sessionFor(model: Uint8Array, eps: readonly ExecutionProviderName[], cache: boolean): Promise<CachedSession> {
  const key = `${contentId(model)}|${eps.join(",")}`;
  const hit = cache ? sessions.get(key) : undefined;
  if (hit) {
    return hit.then((c) => {
      if (c.session.usable()) return c;
      sessions.delete(key);
      return sessionFor(model, eps, cache);
    });
  }
  const p = createSession(model, eps);
  if (cache) {
    if (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest !== undefined) {
        void sessions.get(oldest)?.then((c) => c.session.release()).catch(() => undefined);
        sessions.delete(oldest);
      }
    }
    sessions.set(key, p);
    p.catch(() => sessions.delete(key));
  }
  return p;
}

/** Runs a model on one input row: the model's first input gets shape [1, n] (float32). */
export async function runModel(
  model: Uint8Array,
  input: readonly number[],
  opts: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const eps = opts.executionProviders ?? ["cpu"];
  const { session, ep, fallbacks } = await sessionFor(model, eps, opts.cacheSessions ?? true);
  const t0 = performance.now();
  let out: { data: Float32Array; dims: number[]; ms?: number };
  let runMs: number;
  let output: CanonicalOutput;
  try {
    try {
      out = await session.run(Float32Array.from(input), [1, input.length]);
    } catch (e) {
      if (e instanceof ExecutionError) throw e;
      throw new ExecutionError("RunFailed", `${ep}: ${(e as Error).message.split("\n")[0] ?? "run failed"}`);
    }
    runMs = performance.now() - t0;
    try {
      output = quantize(out.data, out.dims);
    } catch (e) {
      throw new ExecutionError("BadOutput", (e as Error).message);
    }
  } finally {
    if (!(opts.cacheSessions ?? true)) await session.release();
  }
  return { output, ep, runMs, ...(out.ms === undefined ? {} : { engineMs: out.ms }), fallbacks, modelId: contentId(model) };
}

/**
 * Executes a task. `task` is either the task spec bytes (sdk/src/task-spec.ts; model and input are fetched by
 * content id through `opts.fetch`, which must verify hashes, e.g. BlobClient.get) or the model bytes with the input
 * (the input blob bytes or the numbers). Returns the canonical output and how it was computed.
 */
export async function executeTask(task: TaskInput, opts: ExecuteOptions = {}): Promise<ExecutionResult> {
  let model: Uint8Array;
  let input: readonly number[];
  if (task instanceof Uint8Array) {
    const spec = decodeTaskSpec(task);
    if (!opts.fetch) throw new ExecutionError("BadInput", "executeTask(specBytes) needs opts.fetch");
    const [m, i] = await Promise.all([opts.fetch(spec.model), opts.fetch(spec.input)]);
    if (contentId(m) !== spec.model || contentId(i) !== spec.input) throw new ExecutionError("BadInput", "fetched blob does not match its content id");
    model = m;
    input = parseInputBlob(i);
  } else {
    model = task.model;
    input = task.input instanceof Uint8Array ? parseInputBlob(task.input) : task.input;
  }
  return runModel(model, input, opts);
}

/** The running runner sidecars (diagnostics, fault-injection tests). */
export async function runnerProcesses(): Promise<{ backend: RunnerBackend; device: string; deviceName: string; pid: number | undefined }[]> {
  const rs = await Promise.all([...runners.values()].map((p) => p.catch(() => undefined)));
  return rs.filter((r): r is TorchRunner => r?.alive === true).map((r) => ({ ...r.info, pid: r.pid }));
}

/** Releases cached sessions and stops runner sidecars (tests, shutdown). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) await (await p.catch(() => undefined))?.session.release();
  const rs = [...runners.values()];
  runners.clear();
  for (const p of rs) await (await p.catch(() => undefined))?.close();
}
