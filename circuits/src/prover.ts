/**
 * Long-lived Groth16 prover for the provider agent.
 *
 *   const p = await Prover.load("result_commitment");
 *   const { proof, publicSignals, calldata } = await p.prove(input);
 *   await p.close();
 *
 * The circuit wasm is compiled and instantiated once (circom_runtime witness calculator kept warm) and the zkey is
 * read once into memory; each proof is then witness (in-process wasm) + snarkjs groth16.prove from buffers, on the
 * curve ffjavascript builds once per process (worker threads, one per core). This is the fastest prover that installs
 * here (measured in circuits/bench/zk-bench.ts against snarkjs fullProve); rapidsnark is not in any reachable
 * registry. Run `npm run setup -w circuits` first: the wasm and zkey live in circuits/build.
 */
import { readFileSync } from "node:fs";

import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import * as snarkjs from "snarkjs";
import type { CircuitSignals, Groth16Proof, PublicSignals } from "snarkjs";

import { encodeProof } from "./encoding.js";
import { BASE_FIELD, type CurveName, SNARKJS_CURVE } from "./fields.js";
import { NativeSidecar, nativeProverAvailable } from "./native.js";
import { type CircuitName, artifactPaths } from "./paths.js";
import type { Groth16VerificationKey } from "./vkey.js";

export interface ProveResult {
  proof: Groth16Proof;
  /** Public signals in circuit order, decimal strings. */
  publicSignals: PublicSignals;
  /** abi.encode(uint256[2] a, uint256[2][2] b, uint256[2] c) hex (BN254 only; empty for BLS12-381). */
  calldata: `0x${string}` | "";
}

export type ProverBackend = "snarkjs" | "native";

export interface ProverOptions {
  curve?: CurveName;
  /**
   * "auto" (default): the native arkworks sidecar when it is built (BN254 only; it is the faster one by
   * measurement, see circuits/bench), else snarkjs. "native" requires the sidecar; "snarkjs" never uses it.
   */
  backend?: "auto" | ProverBackend;
  /** Prove on the main thread only (no worker threads). Slower; for constrained hosts. */
  singleThread?: boolean;
}

type Terminable = { terminate(): Promise<void> };
const openCurves = new Map<CurveName, number>();

/** Terminates ffjavascript's cached curve (its worker threads keep the process alive) once no prover uses it. */
async function releaseCurve(curve: CurveName): Promise<void> {
  const n = (openCurves.get(curve) ?? 1) - 1;
  openCurves.set(curve, n);
  if (n > 0) return;
  const g = globalThis as unknown as Record<string, Terminable | undefined>;
  const key = `curve_${SNARKJS_CURVE[curve]}`;
  await g[key]?.terminate();
  delete g[key];
}

export class Prover {
  private closed = false;
  /** The wasm witness calculator is stateful: concurrent prove() calls are serialized through this chain. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly circuit: CircuitName,
    readonly curve: CurveName,
    private readonly wc: WitnessCalculator,
    private readonly zkey: Uint8Array,
    readonly vkey: Groth16VerificationKey,
    private readonly singleThread: boolean,
    private readonly sidecar: NativeSidecar | undefined,
  ) {}

  /** Which prover computes the proofs. */
  get backend(): ProverBackend {
    return this.sidecar === undefined ? "snarkjs" : "native";
  }

  static async load(circuit: CircuitName, options: ProverOptions = {}): Promise<Prover> {
    const curve = options.curve ?? "bn254";
    const a = artifactPaths(circuit, curve);
    let wasm: Buffer;
    let zkey: Buffer;
    try {
      wasm = readFileSync(a.wasm);
      zkey = readFileSync(a.zkey);
    } catch (e) {
      throw new Error(`${circuit} (${curve}) is not built: run \`npm run setup -w circuits\` (${(e as Error).message})`);
    }
    const wc = await WitnessCalculatorBuilder(wasm);
    const vkey = JSON.parse(readFileSync(a.vkey, "utf8")) as Groth16VerificationKey;
    const backend = options.backend ?? "auto";
    if (backend === "native" && (curve !== "bn254" || !nativeProverAvailable())) {
      throw new Error(`native prover unavailable for ${curve}: run \`npm run build:native -w circuits\` (BN254 only)`);
    }
    const useNative = curve === "bn254" && backend !== "snarkjs" && nativeProverAvailable();
    const sidecar = useNative ? await NativeSidecar.start(a.zkey) : undefined;
    openCurves.set(curve, (openCurves.get(curve) ?? 0) + 1);
    return new Prover(circuit, curve, wc, new Uint8Array(zkey), vkey, options.singleThread ?? false, sidecar);
  }

  /** Computes the witness (throws `Assert Failed` if the input does not satisfy the circuit). */
  async witness(input: CircuitSignals): Promise<Uint8Array> {
    this.assertOpen();
    return this.wc.calculateWTNSBin(input as Record<string, unknown>, true);
  }

  /** Proves `input` (concurrent calls are queued). */
  prove(input: CircuitSignals): Promise<ProveResult> {
    const run = this.queue.then(() => this.proveNow(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async proveNow(input: CircuitSignals): Promise<ProveResult> {
    if (this.sidecar !== undefined) {
      const { proof, publicSignals } = await this.sidecar.prove(await this.witness(input), this.vkey.nPublic);
      return { proof, publicSignals, calldata: encodeProof(proof) };
    }
    const wtns = await this.witness(input);
    const { proof, publicSignals } = await snarkjs.groth16.prove(
      this.zkey,
      wtns,
      undefined,
      this.singleThread ? ({ singleThread: true } as never) : undefined,
    );
    return { proof, publicSignals, calldata: this.curve === "bn254" ? encodeProof(proof) : "" };
  }

  /** Verifies with this circuit's committed verification key. */
  async verify(proof: Groth16Proof, publicSignals: PublicSignals): Promise<boolean> {
    return verifyProof(this.vkey, proof, publicSignals);
  }

  /** Releases the curve's worker threads (the process can exit afterwards). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sidecar?.close();
    await releaseCurve(this.curve);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("Prover is closed");
  }
}

/** True iff every proof coordinate is a canonical base-field element (snarkjs alone would reduce mod q). */
export function proofIsCanonical(proof: Groth16Proof, curve: CurveName): boolean {
  const q = BASE_FIELD[curve];
  const coords = [proof.pi_a[0], proof.pi_a[1], ...proof.pi_b[0]!, ...proof.pi_b[1]!, proof.pi_c[0], proof.pi_c[1]];
  try {
    return coords.length === 8 && coords.every((c) => {
      const v = BigInt(c as string);
      return v >= 0n && v < q;
    });
  } catch {
    return false;
  }
}

/**
 * Groth16 verification with the same acceptance rule as the on-chain verifiers: public signals must be < r
 * (snarkjs checks) and proof coordinates < q (checked here; snarkjs would silently reduce them), then snarkjs
 * verify. Never throws on malformed input: returns false.
 */
export async function verifyProof(
  vkey: Groth16VerificationKey,
  proof: Groth16Proof,
  publicSignals: PublicSignals,
): Promise<boolean> {
  const curve: CurveName = vkey.curve === "bn128" ? "bn254" : "bls12381";
  if (!proofIsCanonical(proof, curve) || publicSignals.length !== vkey.nPublic) return false;
  try {
    return await snarkjs.groth16.verify(vkey, publicSignals, proof);
  } catch {
    return false;
  }
}

/** Loads a committed verification key (circuits/keys/<circuit>.<curve>.vkey.json). */
export function loadVerificationKey(circuit: CircuitName, curve: CurveName = "bn254"): Groth16VerificationKey {
  return JSON.parse(readFileSync(artifactPaths(circuit, curve).vkey, "utf8")) as Groth16VerificationKey;
}

/** Terminates every curve snarkjs may have built in this process (for scripts that call snarkjs directly). */
export async function terminateCurves(): Promise<void> {
  const g = globalThis as unknown as Record<string, Terminable | undefined>;
  for (const key of ["curve_bn128", "curve_bls12381"]) {
    await g[key]?.terminate();
    delete g[key];
  }
  openCurves.clear();
}
