/**
 * ONNX ModelProto -> a plain graph the GPU runner sidecar (gpu/torch_runner.py) executes. The agent parses the model
 * here, with the same protobuf schema that builds the shipped model, so the sidecar needs nothing but torch (or
 * numpy): no onnx package, no onnxruntime-gpu (whose CUDA libraries cannot be installed offline).
 *
 * Only what the runner supports is accepted: float32 tensors (int64 for Reshape shapes), nodes in the default
 * domain with the ops in RUNNER_OPS. Anything else is an OnnxGraphError("UnsupportedOp" | ...), which the executor
 * turns into a fallback to the next execution provider.
 */
import protobuf from "protobufjs";

import { ONNX_SCHEMA } from "./onnx-model.js";

/** Ops the runner implements (gpu/torch_runner.py OPS must list the same). */
export const RUNNER_OPS = [
  "MatMul", "Gemm", "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "Softmax", "Identity", "Flatten", "Reshape",
] as const;

export interface GraphTensor {
  readonly name: string;
  readonly dims: number[];
  readonly dtype: "float32" | "int64";
  /** Little-endian raw values, base64. */
  readonly data: string;
}

export interface GraphNode {
  readonly op: string;
  readonly inputs: string[];
  readonly outputs: string[];
  /** Scalar and list attributes (float, int, ints, floats). */
  readonly attrs: Record<string, number | number[]>;
}

export interface OnnxGraph {
  readonly input: string;
  readonly output: string;
  readonly nodes: GraphNode[];
  readonly initializers: GraphTensor[];
}

export class OnnxGraphError extends Error {
  constructor(
    readonly code: "BadModel" | "UnsupportedOp" | "UnsupportedType",
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "OnnxGraphError";
  }
}

const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;

interface RawTensor {
  name?: string;
  dims?: (number | string)[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
  int64Data?: (number | string)[];
}
interface RawAttr {
  name?: string;
  type?: number;
  f?: number;
  i?: number | string;
  floats?: number[];
  ints?: (number | string)[];
}
interface RawModel {
  opsetImport?: { domain?: string; version?: number | string }[];
  graph?: {
    node?: { input?: string[]; output?: string[]; opType?: string; domain?: string; attribute?: RawAttr[] }[];
    initializer?: RawTensor[];
    input?: { name?: string }[];
    output?: { name?: string }[];
  };
}

let modelType: protobuf.Type | undefined;

function tensorOf(t: RawTensor): GraphTensor {
  const name = t.name ?? "";
  const dims = (t.dims ?? []).map(Number);
  const count = dims.reduce((a, b) => a * b, 1);
  if (!dims.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new OnnxGraphError("BadModel", `initializer ${name}: bad dims`);
  let bytes: Buffer;
  let dtype: GraphTensor["dtype"];
  if (t.dataType === FLOAT) {
    dtype = "float32";
    if (t.rawData && t.rawData.length > 0) bytes = Buffer.from(t.rawData);
    else bytes = Buffer.from(Float32Array.from(t.floatData ?? []).buffer);
    if (bytes.length !== count * 4) throw new OnnxGraphError("BadModel", `initializer ${name}: ${bytes.length} bytes for ${count} floats`);
  } else if (t.dataType === INT64) {
    dtype = "int64";
    if (t.rawData && t.rawData.length > 0) bytes = Buffer.from(t.rawData);
    else bytes = Buffer.from(BigInt64Array.from((t.int64Data ?? []).map((v) => BigInt(v))).buffer);
    if (bytes.length !== count * 8) throw new OnnxGraphError("BadModel", `initializer ${name}: ${bytes.length} bytes for ${count} int64`);
  } else {
    throw new OnnxGraphError("UnsupportedType", `initializer ${name}: data type ${t.dataType ?? "unset"}`);
  }
  return { name, dims, dtype, data: bytes.toString("base64") };
}

function attrsOf(op: string, raw: RawAttr[]): Record<string, number | number[]> {
  const attrs: Record<string, number | number[]> = {};
  for (const a of raw) {
    const name = a.name ?? "";
    if (a.type === ATTR_FLOAT) attrs[name] = a.f ?? 0;
    else if (a.type === ATTR_INT) attrs[name] = Number(a.i ?? 0);
    else if (a.type === ATTR_FLOATS) attrs[name] = [...(a.floats ?? [])];
    else if (a.type === ATTR_INTS) attrs[name] = (a.ints ?? []).map(Number);
    else throw new OnnxGraphError("UnsupportedOp", `${op}: attribute ${name} of type ${a.type ?? "unset"}`);
  }
  return attrs;
}

/** Decodes ONNX bytes into the runner's graph. Throws OnnxGraphError on anything the runner cannot execute. */
export function onnxGraph(model: Uint8Array): OnnxGraph {
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA).lookupType("onnx.ModelProto");
  let raw: RawModel;
  try {
    raw = modelType.toObject(modelType.decode(model), { longs: String }) as RawModel; // bytes stay Uint8Array
  } catch (e) {
    throw new OnnxGraphError("BadModel", `not an ONNX model: ${(e as Error).message}`);
  }
  const g = raw.graph;
  if (!g) throw new OnnxGraphError("BadModel", "model has no graph");
  const initializers = (g.initializer ?? []).map(tensorOf);
  const init = new Set(initializers.map((t) => t.name));
  // Graph inputs may also list initializers (older exporters); the data input is the first that is not one.
  const input = (g.input ?? []).map((v) => v.name ?? "").find((n) => !init.has(n));
  const output = g.output?.[0]?.name;
  if (!input || !output) throw new OnnxGraphError("BadModel", "model has no input or output");
  const known = new Set<string>(RUNNER_OPS);
  // The runner implements the opset-13 semantics; Softmax and Flatten-like ops meant otherwise before 13.
  const opset = Number((raw.opsetImport ?? []).find((o) => (o.domain ?? "") === "")?.version ?? 0);
  const nodes = (g.node ?? []).map((n): GraphNode => {
    const op = n.opType ?? "";
    if ((n.domain ?? "") !== "" || !known.has(op)) throw new OnnxGraphError("UnsupportedOp", `${n.domain ? `${n.domain}.` : ""}${op}`);
    if (op === "Softmax" && opset < 13) throw new OnnxGraphError("UnsupportedOp", `Softmax of opset ${opset} (the runner implements opset 13+)`);
    return { op, inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attrs: attrsOf(op, n.attribute ?? []) };
  });
  if (nodes.length === 0) throw new OnnxGraphError("BadModel", "graph has no nodes");
  return { input, output, nodes, initializers };
}
