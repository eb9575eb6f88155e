#!/usr/bin/env python3
"""STUN provider agent: the GPU execution sidecar.

The agent (provider-agent/src/torch-runner.ts) starts one of these per process and talks JSON lines over
stdin/stdout. It executes the plain graph that provider-agent/src/onnx-graph.ts extracts from an ONNX model, with
PyTorch on a CUDA device (the "torch-cuda" execution provider). onnxruntime-gpu cannot be installed offline (its CUDA
libraries come from outside the package registries), PyTorch with CUDA can.

The "numpy" backend runs the same interpreter on the CPU with numpy. It is what CI tests the protocol and the op
semantics with (no GPU, no torch there), and the "numpy-cpu" execution provider; it is never chosen by default.

  STUN_RUNNER_BACKEND=torch|numpy   (default torch)
  STUN_RUNNER_DEVICE=cuda|cpu|cuda:N (torch only; default cuda)

Protocol (one JSON object per line):
  <- {"ready": true, "protocol": 1, "backend", "device", "deviceName", "versions"}  or  {"ready": false, "error"}
  -> {"id", "op": "load", "key", "graph"}          <- {"id", "ok": true}
  -> {"id", "op": "run", "key", "input", "dims"}   <- {"id", "ok": true, "output", "dims", "ms"}
  -> {"id", "op": "unload", "key"}                 <- {"id", "ok": true}
  any failure                                      <- {"id", "ok": false, "code", "error"}
Tensors travel as base64 of little-endian float32 values. Numerics are kept strict (no TF32, deterministic
algorithms) so a GPU provider's quantized output agrees with CPU providers' in redundant execution.
"""
import base64
import json
import os
import sys
import time

PROTOCOL = 1
OPS = ("MatMul", "Gemm", "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "Softmax", "Identity", "Flatten",
       "Reshape")


class RunnerError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class NumpyBackend:
    name = "numpy"

    def __init__(self, _device):
        import numpy as np
        self.np = np
        self.device = "cpu"
        self.device_name = "numpy " + np.__version__
        self.versions = {"numpy": np.__version__}

    def tensor(self, raw, dims, dtype):
        np = self.np
        return np.frombuffer(raw, dtype=np.float32 if dtype == "float32" else np.int64).reshape(dims).copy()

    def to_bytes(self, x):
        return self.np.ascontiguousarray(x, dtype=self.np.float32).astype("<f4").tobytes()

    def relu(self, x):
        return self.np.maximum(x, self.np.float32(0))

    def sigmoid(self, x):
        return (1 / (1 + self.np.exp(-x))).astype(self.np.float32)

    def tanh(self, x):
        return self.np.tanh(x)

    def softmax(self, x, axis):
        e = self.np.exp(x - x.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)

    def sync(self):
        pass


class TorchBackend:
    name = "torch"

    def __init__(self, device):
        import torch
        self.torch = torch
        if device.startswith("cuda"):
            if not torch.cuda.is_available():
                raise RunnerError("NoDevice", "torch.cuda.is_available() is false")
            # CUBLAS_WORKSPACE_CONFIG must be set before the first cuBLAS call for deterministic algorithms.
            os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
            torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction = False
        torch.use_deterministic_algorithms(True)
        torch.set_grad_enabled(False)
        self.device = str(torch.device(device))
        dev = torch.device(device)
        self.device_name = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "cpu"
        self.versions = {"torch": torch.__version__, "cuda": torch.version.cuda or "none"}

    def tensor(self, raw, dims, dtype):
        torch = self.torch
        t = torch.frombuffer(bytearray(raw), dtype=torch.float32 if dtype == "float32" else torch.int64).reshape(dims)
        return t.to(self.device) if dtype == "float32" else t

    def to_bytes(self, x):
        return x.detach().to("cpu").contiguous().numpy().astype("<f4").tobytes()

    def relu(self, x):
        return self.torch.relu(x)

    def sigmoid(self, x):
        return self.torch.sigmoid(x)

    def tanh(self, x):
        return self.torch.tanh(x)

    def softmax(self, x, axis):
        return self.torch.softmax(x, dim=axis)

    def sync(self):
        if self.device.startswith("cuda"):
            self.torch.cuda.synchronize()


def reshape_target(shape_tensor, in_shape):
    target = [int(v) for v in list(shape_tensor.reshape(-1))]
    return [in_shape[i] if v == 0 else v for i, v in enumerate(target)]


class Model:
    """A graph bound to a backend: initializers uploaded once, nodes run in the order given (ONNX requires
    topological order)."""

    def __init__(self, be, graph):
        self.be = be
        self.input = graph["input"]
        self.output = graph["output"]
        self.nodes = graph["nodes"]
        for n in self.nodes:
            if n["op"] not in OPS:
                raise RunnerError("UnsupportedOp", n["op"])
        self.consts = {t["name"]: be.tensor(base64.b64decode(t["data"]), t["dims"], t["dtype"])
                       for t in graph["initializers"]}

    def run(self, x):
        be = self.be
        env = dict(self.consts)
        env[self.input] = x
        for n in self.nodes:
            try:
                args = [env[name] for name in n["inputs"] if name != ""]
            except KeyError as e:
                raise RunnerError("BadModel", "%s reads undefined tensor %s" % (n["op"], e))
            env[n["outputs"][0]] = self.apply(be, n["op"], args, n.get("attrs", {}))
        if self.output not in env:
            raise RunnerError("BadModel", "output %s is never produced" % self.output)
        return env[self.output]

    @staticmethod
    def apply(be, op, a, attrs):
        if op == "MatMul":
            return a[0] @ a[1]
        if op == "Gemm":
            x = a[0].T if attrs.get("transA", 0) else a[0]
            w = a[1].T if attrs.get("transB", 0) else a[1]
            y = (x @ w) * attrs.get("alpha", 1.0) if attrs.get("alpha", 1.0) != 1.0 else x @ w
            if len(a) > 2:
                beta = attrs.get("beta", 1.0)
                y = y + (a[2] * beta if beta != 1.0 else a[2])
            return y
        if op == "Add":
            return a[0] + a[1]
        if op == "Sub":
            return a[0] - a[1]
        if op == "Mul":
            return a[0] * a[1]
        if op == "Div":
            return a[0] / a[1]
        if op == "Relu":
            return be.relu(a[0])
        if op == "Sigmoid":
            return be.sigmoid(a[0])
        if op == "Tanh":
            return be.tanh(a[0])
        if op == "Softmax":
            return be.softmax(a[0], int(attrs.get("axis", -1)))
        if op == "Identity":
            return a[0]
        if op == "Flatten":
            axis = int(attrs.get("axis", 1))
            shape = list(a[0].shape)
            lead = 1
            for d in shape[:axis]:
                lead *= d
            return a[0].reshape(lead, -1)
        if op == "Reshape":
            return a[0].reshape(reshape_target(a[1], list(a[0].shape)))
        raise RunnerError("UnsupportedOp", op)


def make_backend():
    kind = os.environ.get("STUN_RUNNER_BACKEND", "torch")
    device = os.environ.get("STUN_RUNNER_DEVICE", "cuda")
    if kind == "numpy":
        return NumpyBackend(device)
    if kind == "torch":
        return TorchBackend(device)
    raise RunnerError("BadBackend", "unknown backend %r" % kind)


def handle(be, models, req):
    op = req.get("op")
    if op == "load":
        models[req["key"]] = Model(be, req["graph"])
        return {}
    model = models.get(req.get("key"))
    if op == "unload":
        models.pop(req.get("key"), None)
        return {}
    if op != "run":
        raise RunnerError("BadRequest", "unknown op %r" % op)
    if model is None:
        raise RunnerError("NotLoaded", "model %r is not loaded" % req.get("key"))
    x = be.tensor(base64.b64decode(req["input"]), req["dims"], "float32")
    be.sync()
    t0 = time.perf_counter()
    y = model.run(x)
    be.sync()
    ms = (time.perf_counter() - t0) * 1000
    return {"output": base64.b64encode(be.to_bytes(y)).decode(), "dims": [int(d) for d in y.shape], "ms": ms}


def main():
    out = sys.stdout
    try:
        be = make_backend()
    except Exception as e:  # noqa: BLE001 - any import or device failure means "not ready"
        out.write(json.dumps({"ready": False, "error": "%s: %s" % (type(e).__name__, e)}) + "\n")
        out.flush()
        return 0
    out.write(json.dumps({"ready": True, "protocol": PROTOCOL, "backend": be.name, "device": be.device,
                          "deviceName": be.device_name, "versions": be.versions}) + "\n")
    out.flush()
    models = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        rid = None
        try:
            req = json.loads(line)
            rid = req.get("id")
            reply = handle(be, models, req)
            reply.update({"id": rid, "ok": True})
        except RunnerError as e:
            reply = {"id": rid, "ok": False, "code": e.code, "error": str(e)}
        except Exception as e:  # noqa: BLE001 - report, keep serving other models
            reply = {"id": rid, "ok": False, "code": "RunFailed", "error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(reply) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
