/**
 * The GPU runner sidecar (gpu/torch_runner.py) and its executor EPs. CI has no GPU and no torch, so the runner is
 * driven on its numpy backend ("numpy-cpu") and compared with onnxruntime-node on the CPU; "torch-cuda" is checked
 * to fall back honestly here. The real GPU path is measured by scripts/gpu-check.ts on a GPU machine.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import protobuf from "protobufjs";

import { ExecutionError, executeTask, releaseSessions, runnerProcesses } from "../src/executor.js";
import { OnnxGraphError, onnxGraph } from "../src/onnx-graph.js";
import { ONNX_SCHEMA, buildMlpOnnx } from "../src/onnx-model.js";
import { TorchRunner, TorchRunnerError } from "../src/torch-runner.js";
import { MODEL_BYTES, sampleInput } from "./helpers/tasks.js";

const VENV_PYTHON = join(import.meta.dirname, "..", "..", ".tools", "runner-venv", "bin", "python");

interface TestNode {
  op: string;
  inputs: string[];
  out: string;
  attrs?: { name: string; type: number; f?: number; i?: number; ints?: number[] }[];
}

/** Builds an ONNX model from nodes and float32 (or int64) initializers; input "x" [1, width]. */
function buildOnnx(nodes: TestNode[], inits: { name: string; dims: number[]; f32?: number[]; i64?: number[] }[], width: number, opset = 13): Uint8Array {
  const Model = protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType("onnx.ModelProto");
  const vi = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: width }] } } } });
  const msg = Model.fromObject({
    irVersion: 8,
    opsetImport: [{ domain: "", version: opset }],
    graph: {
      name: "t",
      node: nodes.map((n) => ({ input: n.inputs, output: [n.out], name: n.out, opType: n.op, attribute: n.attrs ?? [] })),
      initializer: inits.map((t) =>
        t.i64 ? { name: t.name, dims: t.dims, dataType: 7, int64Data: t.i64 } : { name: t.name, dims: t.dims, dataType: 1, floatData: t.f32 },
      ),
      input: [vi("x")],
      output: [{ name: "y" }],
    },
  });
  return Model.encode(msg).finish();
}

const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

/** Live child processes of this test running the runner script. */
function runnerChildren(): number {
  let n = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) === process.pid && state !== "Z" && readFileSync(`/proc/${name}/cmdline`, "utf8").includes("torch_runner.py")) n++;
    } catch {
      // gone
    }
  }
  return n;
}

describe("GPU runner sidecar (numpy backend in CI)", () => {
  before(() => {
    assert.ok(existsSync(VENV_PYTHON), `${VENV_PYTHON} missing: run scripts/setup.sh`);
    process.env.STUN_RUNNER_PYTHON = VENV_PYTHON;
  });
  after(releaseSessions);

  it("numpy-cpu gives onnxruntime's canonical output, bit for bit, on the shipped model", async () => {
    for (let seed = 0; seed < 40; seed++) {
      const x = sampleInput(seed);
      const a = await executeTask({ model: MODEL_BYTES, input: x }, { executionProviders: ["numpy-cpu"] });
      const b = await executeTask({ model: MODEL_BYTES, input: x }, { executionProviders: ["cpu"] });
      assert.equal(a.ep, "numpy-cpu");
      assert.deepEqual(a.output, b.output, `seed ${seed}`);
    }
  });

  it("executes Gemm (attributes), Sigmoid, Tanh, Softmax, Flatten, Reshape and elementwise ops like onnxruntime", async () => {
    const model = buildOnnx(
      [
        { op: "Gemm", inputs: ["x", "W", "C"], out: "g", attrs: [{ name: "transB", type: 2, i: 1 }, { name: "alpha", type: 1, f: 0.5 }, { name: "beta", type: 1, f: 2 }] },
        { op: "Sigmoid", inputs: ["g"], out: "s" },
        { op: "Tanh", inputs: ["g"], out: "t" },
        { op: "Mul", inputs: ["s", "t"], out: "m" },
        { op: "Sub", inputs: ["m", "C"], out: "d0" },
        { op: "Div", inputs: ["d0", "K"], out: "d" },
        { op: "Reshape", inputs: ["d", "shape"], out: "r" },
        { op: "Softmax", inputs: ["r"], out: "sm", attrs: [{ name: "axis", type: 2, i: -1 }] },
        { op: "Flatten", inputs: ["sm"], out: "f", attrs: [{ name: "axis", type: 2, i: 1 }] },
        { op: "Identity", inputs: ["f"], out: "y" },
      ],
      [
        { name: "W", dims: [8, 6], f32: seq(48, (i) => ((i * 37) % 17) / 16 - 0.5) },
        { name: "C", dims: [8], f32: seq(8, (i) => i / 8 - 0.25) },
        { name: "K", dims: [1], f32: [0.75] },
        { name: "shape", dims: [3], i64: [1, 2, 4] },
      ],
      6,
    );
    assert.deepEqual(onnxGraph(model).nodes.map((n) => n.op), ["Gemm", "Sigmoid", "Tanh", "Mul", "Sub", "Div", "Reshape", "Softmax", "Flatten", "Identity"]);
    for (let seed = 0; seed < 10; seed++) {
      const x = seq(6, (i) => Math.sin(seed * 3 + i) * 2);
      const a = await executeTask({ model, input: x }, { executionProviders: ["numpy-cpu"] });
      const b = await executeTask({ model, input: x }, { executionProviders: ["cpu"] });
      assert.equal(a.ep, "numpy-cpu");
      assert.deepEqual(a.output.shape, [1, 8]);
      // Transcendentals differ in the last ulp between libms: allow one quantum.
      a.output.q.forEach((v, i) => assert.ok(Math.abs(v - (b.output.q[i] ?? NaN)) <= 1, `seed ${seed} q[${i}]: ${v} vs ${b.output.q[i]}`));
      assert.ok(a.output.q.some((v) => v !== 0));
    }
  });

  it("an op the runner lacks falls back to the next EP, and the fallback is recorded", async () => {
    const model = buildOnnx([{ op: "Exp", inputs: ["x"], out: "y" }], [], 4);
    assert.throws(() => onnxGraph(model), (e: unknown) => e instanceof OnnxGraphError && e.code === "UnsupportedOp");
    const r = await executeTask({ model, input: [0, 1, 2, 3] }, { executionProviders: ["numpy-cpu", "cpu"], cacheSessions: false });
    assert.equal(r.ep, "cpu");
    assert.equal(r.fallbacks[0]?.ep, "numpy-cpu");
    assert.match(r.fallbacks[0]?.error ?? "", /UnsupportedOp: Exp/);
    await assert.rejects(executeTask({ model, input: [1, 2, 3, 4] }, { executionProviders: ["numpy-cpu"] }), (e: unknown) => e instanceof ExecutionError && e.code === "NoExecutionProvider");
    assert.throws(() => onnxGraph(new Uint8Array([0xff, 0xff, 0xff])), OnnxGraphError);
    // Softmax meant something else before opset 13: refused rather than computed differently
    const old = buildOnnx([{ op: "Softmax", inputs: ["x"], out: "y" }], [], 4, 11);
    assert.throws(() => onnxGraph(old), (e: unknown) => e instanceof OnnxGraphError && /opset 11/.test(e.message));
  });

  it("torch-cuda without torch or a GPU falls back and says why (never reports CPU work as GPU work)", async () => {
    const r = await executeTask({ model: MODEL_BYTES, input: sampleInput(3) }, { executionProviders: ["torch-cuda", "cpu"], cacheSessions: false });
    if (r.ep === "torch-cuda") {
      const ref = await executeTask({ model: MODEL_BYTES, input: sampleInput(3) }, { executionProviders: ["cpu"] });
      assert.deepEqual(r.output, ref.output);
    } else {
      assert.equal(r.ep, "cpu");
      assert.equal(r.fallbacks[0]?.ep, "torch-cuda");
      assert.match(r.fallbacks[0]?.error ?? "", /NotReady|WrongDevice/);
    }
    console.log(`torch-cuda here: ran on ${r.ep}; ${JSON.stringify(r.fallbacks)}`);
  });

  it("a runner killed with SIGKILL is restarted on the next task, with the same output", async () => {
    const model = buildMlpOnnx("runner-restart");
    const x = sampleInput(9);
    const first = await executeTask({ model, input: x }, { executionProviders: ["numpy-cpu"] });
    const [proc] = (await runnerProcesses()).filter((p) => p.backend === "numpy");
    assert.ok(proc?.pid !== undefined);
    process.kill(proc.pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const again = await executeTask({ model, input: x }, { executionProviders: ["numpy-cpu"] });
    assert.equal(again.ep, "numpy-cpu");
    assert.deepEqual(again.output, first.output);
    const [now] = (await runnerProcesses()).filter((p) => p.backend === "numpy");
    assert.notEqual(now?.pid, proc.pid);
    // several tasks noticing the dead runner at once start exactly one new runner
    process.kill(now?.pid ?? 0, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const outs = await Promise.all([0, 1, 2].map((i) => executeTask({ model: buildMlpOnnx(`runner-restart ${i}`), input: x }, { executionProviders: ["numpy-cpu"] })));
    assert.ok(outs.every((o) => o.ep === "numpy-cpu"));
    assert.equal(runnerChildren(), 1, "one runner process, none orphaned");
  });

  it("the client refuses bad requests with named errors and keeps serving", async () => {
    await assert.rejects(TorchRunner.start({ backend: "numpy", python: "/nonexistent/python3" }), (e: unknown) => e instanceof TorchRunnerError && e.code === "NotReady");
    const r = await TorchRunner.start({ backend: "numpy", python: VENV_PYTHON });
    try {
      await assert.rejects(r.run("missing", Float32Array.from([1]), [1, 1]), (e: unknown) => e instanceof TorchRunnerError && e.code === "NotLoaded");
      const bad = { ...onnxGraph(MODEL_BYTES), nodes: [{ op: "Conv", inputs: ["input"], outputs: ["output"], attrs: {} }] };
      await assert.rejects(r.load("bad", bad), (e: unknown) => e instanceof TorchRunnerError && e.code === "UnsupportedOp");
      await r.load("mlp", onnxGraph(MODEL_BYTES));
      await assert.rejects(r.run("mlp", Float32Array.from([1, 2, 3]), [1, 3]), (e: unknown) => e instanceof TorchRunnerError && e.code === "RunFailed");
      const ok = await r.run("mlp", Float32Array.from(sampleInput(0)), [1, 16]);
      assert.deepEqual(ok.dims, [1, 16]);
      assert.equal(ok.data.length, 16);
    } finally {
      await r.close();
    }
    assert.equal(r.alive, false);
    await assert.rejects(r.run("mlp", Float32Array.from([1]), [1, 1]), (e: unknown) => e instanceof TorchRunnerError && e.code === "Exited");
  });

  it("a runner that stops answering (a hung device) is killed after the request timeout", async () => {
    const r = await TorchRunner.start({ backend: "numpy", python: VENV_PYTHON, requestTimeoutMs: 500 });
    await r.load("mlp", onnxGraph(MODEL_BYTES));
    process.kill(r.pid ?? 0, "SIGSTOP");
    await assert.rejects(r.run("mlp", Float32Array.from(sampleInput(0)), [1, 16]), (e: unknown) => e instanceof TorchRunnerError && e.code === "Timeout");
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(r.alive, false);
  });
});
