/**
 * The reusable, side-effect-free task executor: task spec (or model + input) -> canonical output. The provider
 * agent runs it for assigned tasks; the keeper's auditor imports it to re-execute a task and compare.
 *
 *   const { output, ep } = await executeTask(specBytes, { fetch: (id) => blobs.get(id) });
 *   const { output } = await executeTask({ model: onnxBytes, input: [..16 numbers..] });
 *
 * Inference runs in onnxruntime-node. Execution providers are tried in order (default: CUDA first only where a GPU
 * was detected, then CPU); the EP that actually created the session is returned as `ep`, so a CPU fallback is never
 * reported as GPU work. The output tensor is quantized by sdk/src/result.ts `quantize` (scale 2^8) into the
 * canonical output every party hashes.
 */
import * as ort from "onnxruntime-node";

import { contentId } from "../../sdk/src/blobstore/content-id.js";
import { type CanonicalOutput, quantize } from "../../sdk/src/result.js";
import { decodeTaskSpec } from "../../sdk/src/task-spec.js";

export type ExecutionProviderName = "cuda" | "cpu";

export interface ExecuteOptions {
  /** Resolves a content id to verified bytes (required when the task is given as spec bytes). */
  fetch?: (id: string) => Promise<Uint8Array>;
  /** EPs to try in order; default ["cpu"]. The agent passes ["cuda", "cpu"] when nvidia-smi found a GPU. */
  executionProviders?: readonly ExecutionProviderName[];
  /** Reuse sessions across calls (keyed by model content id + EPs). Default true. */
  cacheSessions?: boolean;
}

export interface ExecutionResult {
  readonly output: CanonicalOutput;
  /** The execution provider the session was created with (what actually ran). */
  readonly ep: ExecutionProviderName;
  /** Wall time of session.run (ms), excluding model loading. */
  readonly runMs: number;
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

interface CachedSession {
  session: ort.InferenceSession;
  ep: ExecutionProviderName;
  fallbacks: { ep: ExecutionProviderName; error: string }[];
}
const sessions = new Map<string, Promise<CachedSession>>();
const MAX_SESSIONS = 8;

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

async function createSession(model: Uint8Array, eps: readonly ExecutionProviderName[]): Promise<CachedSession> {
  const fallbacks: { ep: ExecutionProviderName; error: string }[] = [];
  for (const ep of eps) {
    try {
      // One EP per attempt: a session created with ["cuda", "cpu"] could silently place nodes on the CPU, so the
      // EP we report is exactly the one the session was given.
      const session = await ort.InferenceSession.create(model, { executionProviders: [ep], logSeverityLevel: 3 });
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
  if (hit) return hit;
  const p = createSession(model, eps);
  if (cache) {
    if (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.keys().next().value;
      if (oldest !== undefined) sessions.delete(oldest);
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
  const inName = session.inputNames[0];
  const outName = session.outputNames[0];
  if (inName === undefined || outName === undefined) throw new ExecutionError("BadModel", "model has no input or output");
  const t0 = performance.now();
  let out: ort.Tensor | undefined;
  try {
    const res = await session.run({ [inName]: new ort.Tensor("float32", Float32Array.from(input), [1, input.length]) });
    out = res[outName];
  } catch (e) {
    throw new ExecutionError("RunFailed", (e as Error).message.split("\n")[0] ?? "run failed");
  }
  const runMs = performance.now() - t0;
  if (out === undefined || out.type !== "float32") throw new ExecutionError("BadOutput", "first output must be float32");
  let output: CanonicalOutput;
  try {
    output = quantize(out.data as Float32Array, out.dims.map(Number));
  } catch (e) {
    throw new ExecutionError("BadOutput", (e as Error).message);
  }
  return { output, ep, runMs, fallbacks, modelId: contentId(model) };
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

/** Releases cached sessions (tests, shutdown). */
export async function releaseSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const p of all) await (await p.catch(() => undefined))?.session.release();
}
