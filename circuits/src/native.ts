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

  /**
   * Proves from a circom .wtns binary (as WitnessCalculator.calculateWTNSBin returns it). Requests are answered in
   * order. Returns the proof and the witness values 1..=nPublic (the public signals).
   */
  async prove(wtns: Uint8Array, nPublic: number): Promise<{ proof: Groth16Proof; publicSignals: string[] }> {
    const { n8, count, data } = parseWtns(wtns);
    if (n8 !== 32) throw new Error(`native prover: BN254 witness expected, got ${n8}-byte elements`);
    const header = Buffer.alloc(4);
    header.writeUInt32LE(count, 0);
    const reply = this.next();
    this.child.stdin.write(header);
    this.child.stdin.write(data);
    const publicSignals: string[] = [];
    for (let i = 1; i <= nPublic; i++) {
      publicSignals.push(BigInt(`0x${Buffer.from(data.subarray(32 * i, 32 * i + 32)).reverse().toString("hex")}`).toString());
    }
    const out = JSON.parse(await reply) as Groth16Proof & { error?: string };
    if (out.error !== undefined) throw new Error(`native prover: ${out.error}`);
    return { proof: out, publicSignals };
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.stdin.end();
    await done;
  }
}

/** Minimal reader of circom's .wtns binary: section 1 = n8, prime, count; section 2 = count values (LE, n8 bytes). */
export function parseWtns(wtns: Uint8Array): { n8: number; count: number; data: Uint8Array } {
  const view = new DataView(wtns.buffer, wtns.byteOffset, wtns.byteLength);
  if (Buffer.from(wtns.subarray(0, 4)).toString("latin1") !== "wtns") throw new Error("not a wtns file");
  const nSections = view.getUint32(8, true);
  let off = 12;
  let n8 = 0;
  let count = 0;
  let data: Uint8Array | undefined;
  for (let k = 0; k < nSections; k++) {
    const type = view.getUint32(off, true);
    const size = Number(view.getBigUint64(off + 4, true));
    const body = off + 12;
    if (type === 1) {
      n8 = view.getUint32(body, true);
      count = view.getUint32(body + 4 + n8, true);
    } else if (type === 2) {
      data = wtns.subarray(body, body + size);
    }
    off = body + size;
  }
  if (data === undefined || data.length !== n8 * count) throw new Error("malformed wtns");
  return { n8, count, data };
}
