/** Shared CLI plumbing: global options -> deployments, signer, adapters; output (--json) and progress (stderr). */
import { readFileSync } from "node:fs";

import { parseUnits, type Signer } from "ethers";

import type { ProgressFn } from "../chain/adapter.js";
import { EvmAdapter, jsonRpcProvider } from "../chain/evm.js";
import { StunClient } from "../client.js";
import { chainDeployment, loadDeployments, type ChainDeployment, type Deployments } from "../deployments.js";
import { InvalidArgumentError, StunError } from "../errors.js";
import { Governance } from "../governance.js";
import { loadSigner } from "../keys.js";

export interface GlobalOptions {
  deployments?: string;
  chain: string;
  keyIndex?: string;
  keystore?: string;
  passwordEnv?: string;
  json?: boolean;
  blobStore?: string;
  keeper?: string;
  quiet?: boolean;
}

export class CliContext {
  private cached?: { d: Deployments; c: ChainDeployment };
  private signerP?: Promise<Signer>;

  constructor(readonly opts: GlobalOptions) {}

  get deployments(): Deployments {
    return this.load().d;
  }
  get chain(): ChainDeployment {
    return this.load().c;
  }
  private load(): { d: Deployments; c: ChainDeployment } {
    if (!this.cached) {
      const d = loadDeployments(this.opts.deployments);
      this.cached = { d, c: chainDeployment(d, this.opts.chain, ["computeMarketplace"]) };
    }
    return this.cached;
  }

  readonly provider = (): ReturnType<typeof jsonRpcProvider> => (this.providerInst ??= jsonRpcProvider(this.chain.rpcUrl, this.chain.chainId));
  private providerInst?: ReturnType<typeof jsonRpcProvider>;

  signer(): Promise<Signer> {
    this.signerP ??= (async () => {
      const keyIndex = this.opts.keyIndex === undefined ? undefined : Number(this.opts.keyIndex);
      if (keyIndex !== undefined && !Number.isInteger(keyIndex)) throw new InvalidArgumentError(`--key-index ${this.opts.keyIndex} is not an integer`);
      return loadSigner({ keyIndex, keystore: this.opts.keystore, passwordEnv: this.opts.passwordEnv }, this.provider());
    })();
    return this.signerP;
  }

  async adapter(needSigner = true): Promise<EvmAdapter> {
    return new EvmAdapter(this.chain, { provider: this.provider(), signer: needSigner ? await this.signer() : undefined });
  }

  async client(needSigner = true): Promise<StunClient> {
    const blobStore = this.opts.blobStore ?? this.deployments.services.blobStore;
    if (!blobStore) throw new StunError("DeploymentIncomplete", "no blob store: pass --blob-store or run the devnet");
    return new StunClient({ adapter: await this.adapter(needSigner), blobStore, keeperUrl: this.opts.keeper ?? this.deployments.services.keeper, pollIntervalMs: 500 });
  }

  async governance(): Promise<Governance> {
    return new Governance(this.chain, await this.signer());
  }

  readonly progress: ProgressFn = (stage, detail) => {
    if (!this.opts.quiet) process.stderr.write(`[stun] ${stage}${detail ? " " + JSON.stringify(detail, jsonBig) : ""}\n`);
  };

  /** Prints a result: JSON on stdout with --json, else the human text. */
  print(value: unknown, human: () => string): void {
    process.stdout.write((this.opts.json ? JSON.stringify(value, jsonBig, 2) : human()) + "\n");
  }

  close(): void {
    this.providerInst?.destroy();
  }
}

export const jsonBig = (_k: string, v: unknown): unknown => (typeof v === "bigint" ? v.toString() : v);

/** "1000" (smallest units), "0.01eth", "2000stun" (18 decimals), "5usdc" (6 decimals). */
export function parseAmount(s: string): bigint {
  const m = /^(\d+(?:\.\d+)?)\s*(eth|ether|stun|usdc)?$/i.exec(s.trim());
  if (!m || !m[1]) throw new InvalidArgumentError(`amount "${s}" is not an integer or <n>eth|stun|usdc`);
  const unit = m[2]?.toLowerCase();
  if (!unit) {
    if (m[1].includes(".")) throw new InvalidArgumentError(`amount "${s}": smallest units must be an integer (or add a unit)`);
    return BigInt(m[1]);
  }
  return parseUnits(m[1], unit === "usdc" ? 6 : 18);
}

export function parseBigInt(name: string, s: string): bigint {
  if (!/^\d+$/.test(s.trim())) throw new InvalidArgumentError(`${name} "${s}" is not a non-negative integer`);
  return BigInt(s.trim());
}

export function parseIntArg(name: string, s: string): number {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 0) throw new InvalidArgumentError(`${name} "${s}" is not a non-negative integer`);
  return v;
}

/** A JSON number array, inline ("[1,2,3]") or from a file ("@input.json"; {"input": [...]} also accepted). */
export function parseInput(s: string): number[] {
  const text = s.startsWith("@") ? readFileSync(s.slice(1), "utf8") : s;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError("--input must be a JSON array of numbers (or @file)");
  }
  const arr = Array.isArray(v) ? v : (v as { input?: unknown })?.input;
  if (!Array.isArray(arr) || !arr.every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new InvalidArgumentError("--input must be a JSON array of finite numbers");
  }
  return arr as number[];
}
