/**
 * Client of the GPU execution sidecar (provider-agent/gpu/torch_runner.py): one Python process, JSON lines over
 * stdio, requests answered by id. The executor uses it for the "torch-cuda" execution provider (PyTorch on a CUDA
 * device) and for "numpy-cpu" (the same interpreter on numpy; tests and hosts without onnxruntime).
 *
 *   const runner = await TorchRunner.start({ backend: "torch", device: "cuda" });
 *   await runner.load(key, onnxGraph(modelBytes));
 *   const { data, dims, ms } = await runner.run(key, Float32Array.from(x), [1, x.length]);
 *
 * The runner reports the device it really runs on; `start` refuses (TorchRunnerError "WrongDevice") a runner that
 * came up elsewhere than asked, so a CPU run is never reported as GPU work.
 * Env: STUN_RUNNER_PYTHON (default "python3"; on hosts with a venv, its python).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

import type { OnnxGraph } from "./onnx-graph.js";

export const TORCH_RUNNER_SCRIPT = join(import.meta.dirname, "..", "gpu", "torch_runner.py");

export type RunnerBackend = "torch" | "numpy";

export interface RunnerOptions {
  backend: RunnerBackend;
  /** torch only: "cuda" (default), "cuda:N" or "cpu". */
  device?: string;
  /** Python interpreter (default: $STUN_RUNNER_PYTHON or "python3"). */
  python?: string;
  /** Ready timeout (ms), default 60 s (importing torch and creating a CUDA context take seconds). */
  startTimeoutMs?: number;
  /** A request not answered in this time (ms, default 120 s) kills the runner (a hung device): "Timeout". */
  requestTimeoutMs?: number;
}

export interface RunnerInfo {
  readonly backend: RunnerBackend;
  readonly device: string;
  readonly deviceName: string;
  readonly versions: Record<string, string>;
}

export class TorchRunnerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "TorchRunnerError";
  }
}

interface Reply {
  id?: number;
  ok?: boolean;
  code?: string;
  error?: string;
  output?: string;
  dims?: number[];
  ms?: number;
}

export class TorchRunner {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Reply) => void>();
  private exited = false;
  private stderr = "";

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly info: RunnerInfo,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Starts the sidecar and waits for its ready line. Throws TorchRunnerError (NotReady, WrongDevice, Exited). */
  static async start(opts: RunnerOptions): Promise<TorchRunner> {
    const python = opts.python ?? process.env.STUN_RUNNER_PYTHON ?? "python3";
    const device = opts.device ?? "cuda";
    const child = spawn(python, ["-u", TORCH_RUNNER_SCRIPT], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, STUN_RUNNER_BACKEND: opts.backend, STUN_RUNNER_DEVICE: device },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TorchRunnerError("NotReady", `no ready line in ${opts.startTimeoutMs ?? 60_000} ms`)), opts.startTimeoutMs ?? 60_000);
      lines.once("line", (l) => (clearTimeout(timer), resolve(l)));
      child.once("error", (e) => (clearTimeout(timer), reject(new TorchRunnerError("NotReady", `cannot start ${python}: ${e.message}`))));
      child.once("exit", (code) => (clearTimeout(timer), reject(new TorchRunnerError("Exited", `runner exited (${code}) before ready: ${stderr.trim().slice(-300)}`))));
    }).catch((e: unknown) => {
      child.kill("SIGKILL");
      throw e;
    });
    let ready: { ready?: boolean; error?: string; backend?: RunnerBackend; device?: string; deviceName?: string; versions?: Record<string, string> };
    try {
      ready = JSON.parse(first) as typeof ready;
    } catch {
      child.kill("SIGKILL");
      throw new TorchRunnerError("NotReady", `unexpected first line: ${first.slice(0, 200)}`);
    }
    if (ready.ready !== true) {
      child.stdin.end();
      throw new TorchRunnerError("NotReady", ready.error ?? "runner not ready");
    }
    const info: RunnerInfo = {
      backend: ready.backend ?? opts.backend,
      device: ready.device ?? "?",
      deviceName: ready.deviceName ?? "?",
      versions: ready.versions ?? {},
    };
    const wantsCuda = opts.backend === "torch" && device.startsWith("cuda");
    if (info.backend !== opts.backend || (wantsCuda && !info.device.startsWith("cuda"))) {
      child.stdin.end();
      throw new TorchRunnerError("WrongDevice", `asked for ${opts.backend} on ${device}, runner has ${info.backend} on ${info.device}`);
    }
    const runner = new TorchRunner(child, info, opts.requestTimeoutMs ?? 120_000);
    runner.stderr = stderr;
    child.stderr.on("data", (d: Buffer) => (runner.stderr = (runner.stderr + d.toString()).slice(-4000)));
    lines.on("line", (l) => runner.onLine(l));
    child.on("exit", (code) => {
      runner.exited = true;
      const err = { ok: false, code: "Exited", error: `runner exited (${code}): ${runner.stderr.trim().slice(-300)}` };
      for (const done of runner.pending.values()) done(err);
      runner.pending.clear();
    });
    return runner;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** The sidecar's process id (diagnostics, fault-injection tests). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private onLine(line: string): void {
    let r: Reply;
    try {
      r = JSON.parse(line) as Reply;
    } catch {
      return; // not ours (a library printing to stdout); requests still time out via exit
    }
    if (r.id === undefined) return;
    this.pending.get(r.id)?.(r);
    this.pending.delete(r.id);
  }

  private request(body: Record<string, unknown>): Promise<Reply> {
    if (this.exited) return Promise.reject(new TorchRunnerError("Exited", "runner is not running"));
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TorchRunnerError("Timeout", `no answer to ${String(body.op)} in ${this.requestTimeoutMs} ms: runner killed`));
        this.child.kill("SIGKILL"); // the other requests fail with Exited; the executor starts a new runner
      }, this.requestTimeoutMs);
      this.pending.set(id, (r) => {
        clearTimeout(timer);
        if (r.ok === true) resolve(r);
        else reject(new TorchRunnerError(r.code ?? "RunFailed", r.error ?? "failed"));
      });
      this.child.stdin.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  }

  /** Uploads a model's graph to the device under `key` (idempotent: a second load replaces the first). */
  async load(key: string, graph: OnnxGraph): Promise<void> {
    await this.request({ op: "load", key, graph });
  }

  /** Runs a loaded model on one float32 tensor; `ms` is the runner's own timing of the graph (device synchronized). */
  async run(key: string, input: Float32Array, dims: readonly number[]): Promise<{ data: Float32Array; dims: number[]; ms: number }> {
    const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const r = await this.request({ op: "run", key, input: bytes.toString("base64"), dims });
    const out = Buffer.from(r.output ?? "", "base64");
    if (out.length % 4 !== 0) throw new TorchRunnerError("BadOutput", "output is not float32");
    const data = new Float32Array(out.length / 4);
    for (let i = 0; i < data.length; i++) data[i] = out.readFloatLE(i * 4);
    return { data, dims: r.dims ?? [], ms: r.ms ?? 0 };
  }

  async unload(key: string): Promise<void> {
    if (!this.exited) await this.request({ op: "unload", key });
  }

  /** Closes stdin and waits for the process to exit (SIGKILL after 5 s). */
  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await done;
    clearTimeout(timer);
  }
}
