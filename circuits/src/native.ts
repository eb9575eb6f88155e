/**
 * Client of the native Groth16 sidecar (circuits/native, arkworks; BN254 only). Build it with
 *   npm run build:native -w circuits      (cargo build --release; a few minutes, not part of setup)
 * The sidecar loads the zkey once and proves from witnesses sent over stdin (see native/src/main.rs).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

import type { Groth16Proof } from "snarkjs";

import { CIRCUITS_DIR } from "./paths.js";

export const NATIVE_PROVER_BIN = join(CIRCUITS_DIR, "native", "target", "release", "stun-prover");

export const nativeProverAvailable = (): boolean => existsSync(NATIVE_PROVER_BIN);

export class NativeSidecar {
  private readonly waiting: ((line: string) => void)[] = [];
  private exited = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on("line", (line) => this.waiting.shift()?.(line));
    child.on("exit", () => {
      this.exited = true;
      for (const w of this.waiting.splice(0)) w(JSON.stringify({ error: "native prover exited" }));
    });
  }

  static async start(zkeyPath: string): Promise<NativeSidecar> {
    const child = spawn(NATIVE_PROVER_BIN, [zkeyPath], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const s = new NativeSidecar(child);
    const ready = JSON.parse(await s.next()) as { ready?: boolean; error?: string };
    if (ready.ready !== true) throw new Error(`native prover failed to start: ${ready.error ?? ""} ${stderr}`);
    return s;
  }

  private next(): Promise<string> {
    return new Promise((resolve) => {
      if (this.exited) resolve(JSON.stringify({ error: "native prover exited" }));
      else this.waiting.push(resolve);
    });
  }

  /** Proves from a full witness (index 0 = 1). Requests are answered in order. */
  async prove(witness: readonly bigint[]): Promise<Groth16Proof> {
    const frame = Buffer.alloc(4 + 32 * witness.length);
    frame.writeUInt32LE(witness.length, 0);
    witness.forEach((v, i) => {
      let x = v;
      for (let b = 0; b < 32; b++) {
        frame[4 + 32 * i + b] = Number(x & 0xffn);
        x >>= 8n;
      }
    });
    const reply = this.next();
    this.child.stdin.write(frame);
    const out = JSON.parse(await reply) as Groth16Proof & { error?: string };
    if (out.error !== undefined) throw new Error(`native prover: ${out.error}`);
    return out;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    await done;
  }
}
