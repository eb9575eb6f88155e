/**
 * The provider agent's own reference workload: a 2-layer MLP (MatMul+Add+Relu+MatMul+Add, 16 -> 32 -> 16) encoded
 * as an ONNX ModelProto by hand with protobufjs (no Python, no onnx package). Weights are drawn deterministically
 * from a seed by SHA-256 in counter mode and are multiples of 1/1024 (exact in float32), so the file is
 * byte-for-byte reproducible and a pure-TS reference forward pass can check onnxruntime's output.
 */
import { createHash } from "node:crypto";

import protobuf from "protobufjs";

export const MLP_SEED = "STUN provider-agent MLP v1";
export const MLP_DIMS = { input: 16, hidden: 32, output: 16 } as const;
export const MLP_FILE = "models/mlp-16-32-16.onnx";

/**
 * The subset of onnx.proto (field numbers from onnx/onnx.proto, IR version 8) the MLP needs, plus the fields
 * `onnx-graph.ts` reads (attributes, typed tensor data). Fields left unset are not encoded, so the extra fields do
 * not change the MLP's bytes.
 */
export const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        OperatorSetIdProto: { fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } } },
        TensorProto: {
          fields: {
            dims: { rule: "repeated", type: "int64", id: 1 },
            dataType: { type: "int32", id: 2 },
            floatData: { rule: "repeated", type: "float", id: 4 },
            int64Data: { rule: "repeated", type: "int64", id: 7 },
            name: { type: "string", id: 8 },
            rawData: { type: "bytes", id: 9 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 },
            f: { type: "float", id: 2 },
            i: { type: "int64", id: 3 },
            s: { type: "bytes", id: 4 },
            t: { type: "TensorProto", id: 5 },
            floats: { rule: "repeated", type: "float", id: 7 },
            ints: { rule: "repeated", type: "int64", id: 8 },
            type: { type: "int32", id: 20 },
          },
        },
        Dimension: { fields: { dimValue: { type: "int64", id: 1 }, dimParam: { type: "string", id: 2 } } },
        TensorShapeProto: { fields: { dim: { rule: "repeated", type: "Dimension", id: 1 } } },
        TypeProtoTensor: { fields: { elemType: { type: "int32", id: 1 }, shape: { type: "TensorShapeProto", id: 2 } } },
        TypeProto: { fields: { tensorType: { type: "TypeProtoTensor", id: 1 } } },
        ValueInfoProto: { fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } } },
        NodeProto: {
          fields: {
            input: { rule: "repeated", type: "string", id: 1 },
            output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 },
            opType: { type: "string", id: 4 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 },
            domain: { type: "string", id: 7 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 },
            name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 },
            input: { rule: "repeated", type: "ValueInfoProto", id: 11 },
            output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: "int64", id: 1 },
            producerName: { type: "string", id: 2 },
            producerVersion: { type: "string", id: 3 },
            graph: { type: "GraphProto", id: 7 },
            opsetImport: { rule: "repeated", type: "OperatorSetIdProto", id: 8 },
          },
        },
      },
    },
  },
};

const FLOAT = 1; // TensorProto.DataType.FLOAT

export interface MlpWeights {
  /** [input][hidden], row-major (x · W1). */
  readonly w1: Float32Array;
  readonly b1: Float32Array;
  /** [hidden][output]. */
  readonly w2: Float32Array;
  readonly b2: Float32Array;
}

/** n values k/1024 with k uniform in [-range, range), from sha256(seed | label | counter). */
function draw(seed: string, label: string, n: number, range: number): Float32Array {
  const out = new Float32Array(n);
  let i = 0;
  for (let ctr = 0; i < n; ctr++) {
    const block = createHash("sha256").update(`${seed}|${label}|${ctr}`).digest();
    for (let o = 0; o + 4 <= block.length && i < n; o += 4) {
      out[i++] = ((block.readUInt32BE(o) % (2 * range)) - range) / 1024;
    }
  }
  return out;
}

/** Layer widths of an MLP made by `buildMlpOnnx` (the shipped model uses MLP_DIMS). */
export interface MlpDims {
  readonly input: number;
  readonly hidden: number;
  readonly output: number;
}

export function mlpWeights(seed = MLP_SEED, dims: MlpDims = MLP_DIMS): MlpWeights {
  const { input, hidden, output } = dims;
  // ~U(-1/sqrt(fan_in), 1/sqrt(fan_in)) in steps of 1/1024 (256 and 181 for the shipped 16-32-16).
  const range = (fanIn: number) => Math.max(1, Math.round(1024 / Math.sqrt(fanIn)));
  return {
    w1: draw(seed, "w1", input * hidden, range(input)),
    b1: draw(seed, "b1", hidden, 64),
    w2: draw(seed, "w2", hidden * output, range(hidden)),
    b2: draw(seed, "b2", output, 64),
  };
}

const rawFloats = (a: Float32Array): Uint8Array => {
  const b = Buffer.alloc(a.length * 4);
  a.forEach((v, i) => b.writeFloatLE(v, i * 4));
  return new Uint8Array(b);
};

/**
 * The ONNX bytes of an MLP (deterministic). Input "input" [batch, dims.input] float32, output "output"
 * [batch, dims.output]. The defaults give the shipped model; other widths serve benchmarks (the GPU check).
 */
export function buildMlpOnnx(seed = MLP_SEED, dims: MlpDims = MLP_DIMS): Uint8Array {
  const root = protobuf.Root.fromJSON(ONNX_SCHEMA);
  const Model = root.lookupType("onnx.ModelProto");
  const { input, hidden, output } = dims;
  const w = mlpWeights(seed, dims);
  const tensor = (name: string, dims: number[], data: Float32Array) => ({ name, dims, dataType: FLOAT, rawData: rawFloats(data) });
  const io = (name: string, width: number) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: "batch" }, { dimValue: width }] } } },
  });
  const node = (opType: string, inputs: string[], out: string) => ({ input: inputs, output: [out], name: `${opType}_${out}`, opType });
  const msg = Model.fromObject({
    irVersion: 8,
    producerName: "stun-provider-agent",
    producerVersion: "1",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: `mlp_${input}_${hidden}_${output}`,
      node: [
        node("MatMul", ["input", "W1"], "h0"),
        node("Add", ["h0", "B1"], "h1"),
        node("Relu", ["h1"], "h2"),
        node("MatMul", ["h2", "W2"], "o0"),
        node("Add", ["o0", "B2"], "output"),
      ],
      initializer: [
        tensor("W1", [input, hidden], w.w1),
        tensor("B1", [hidden], w.b1),
        tensor("W2", [hidden, output], w.w2),
        tensor("B2", [output], w.b2),
      ],
      input: [io("input", input)],
      output: [io("output", output)],
    },
  });
  return Model.encode(msg).finish();
}

/** Pure-TS forward pass of the MLP for one input row (float64 accumulation). */
export function referenceMlp(x: readonly number[], seed = MLP_SEED): number[] {
  const { input, hidden, output } = MLP_DIMS;
  if (x.length !== input) throw new RangeError(`MLP input must have ${input} values`);
  const w = mlpWeights(seed);
  const h = Array.from({ length: hidden }, (_, j) => {
    let s = w.b1[j] ?? 0;
    for (let i = 0; i < input; i++) s += (x[i] ?? 0) * (w.w1[i * hidden + j] ?? 0);
    return Math.max(0, s);
  });
  return Array.from({ length: output }, (_, k) => {
    let s = w.b2[k] ?? 0;
    for (let j = 0; j < hidden; j++) s += (h[j] ?? 0) * (w.w2[j * output + k] ?? 0);
    return s;
  });
}
