/**
 * A private hardhat node with a fresh STUN deployment, for the SDK, CLI and keeper tests: same roles as the devnet
 * (sdk/src/devnet-accounts.ts), devnet-short governance, the MockResultVerifier (proofs = keccak(taskId,
 * resultHash, provider) in the first word) and a blob store on an ephemeral port.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { AbiCoder, JsonRpcProvider, MaxUint256, NonceManager, keccak256 } from "ethers";

import { deployChain } from "../../../scripts/devnet/deploy.js";
import { ProviderRegistry__factory, StunToken__factory } from "../../../types/ethers-contracts/index.js";
import { EVM_CHAINS } from "../../../scripts/lib/chains.js";
import { rpc, startEvmNode } from "../../../scripts/lib/evm-node.js";
import { stopChild } from "../../../scripts/lib/process.js";
import { startBlobServer, type BlobServer } from "../../src/blobstore/server.js";
import type { ChainDeployment } from "../../src/deployments.js";
import { DEVNET_ROLES, devnetWallet } from "../../src/devnet-accounts.js";

export const STUN = 10n ** 18n;

/** The contract's default challenge window (1 day); these tests advance time past it explicitly. */
const DEFAULT_CHALLENGE_PERIOD = 86_400;

/** Registers and stakes (2000 STUN) devnet providers 0..n-1 with providerSpecs(). */
async function registerProviders(rpcUrl: string, d: ChainDeployment, n: number): Promise<void> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  try {
    for (let i = 0; i < n; i++) {
      // NonceManager: the node's "pending" nonce can lag one receipt behind (research G9).
      const w = new NonceManager(devnetWallet(DEVNET_ROLES.providerBase + i).connect(provider));
      await (await StunToken__factory.connect(d.contracts.stunToken!, w).approve(d.contracts.providerRegistry!, MaxUint256)).wait();
      await (await ProviderRegistry__factory.connect(d.contracts.providerRegistry!, w).register(providerSpecs(), 2_000n * STUN)).wait();
    }
  } finally {
    provider.destroy();
  }
}

export interface Devchain {
  readonly deployment: ChainDeployment;
  readonly rpcUrl: string;
  readonly blobs: BlobServer;
  readonly dir: string;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  /** evm_increaseTime + evm_mine. */
  advance(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export interface DevchainOptions {
  readonly port: number;
  /** Providers (devnet provider indexes 0..n-1) registered and staked at deployment (default 4). */
  readonly providers?: number;
  readonly marketplaceParams?: Record<string, bigint | number>;
  readonly registryParams?: Record<string, bigint | number>;
}

export const providerSpecs = (over: Record<string, unknown> = {}) => ({
  gpuModel: "0x" + Buffer.from("H100").toString("hex").padEnd(64, "0"),
  vramGiB: 80,
  computeCapability: 90,
  gpuCount: 1,
  region: "0x45553100",
  pricePerUnit: 10n ** 15n,
  tee: 0,
  attestationHash: "0x" + "00".repeat(32),
  ...over,
});

/** The proof the MockResultVerifier accepts. */
export function mockProof(taskId: bigint, resultHash: string, provider: string): string {
  const digest = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "bytes32", "address"], [taskId, resultHash, provider]));
  return digest + "00".repeat(224);
}

export async function startDevchain(opts: DevchainOptions): Promise<Devchain> {
  const hub = EVM_CHAINS[0];
  if (!hub) throw new Error("no hub chain");
  const dir = mkdtempSync(join(tmpdir(), "stun-devchain-"));
  const rpcUrl = `http://127.0.0.1:${opts.port}`;
  let node: ChildProcess | undefined;
  let blobs: BlobServer | undefined;
  try {
    node = await startEvmNode({ ...hub, port: opts.port }, dir);
    blobs = await startBlobServer(join(dir, "blobs"), 0);
    const deployment = await deployChain(hub, {
      rpcUrl,
      verifier: "MockResultVerifier",
      marketplaceParams: { auditRateBps: 0, challengePeriod: DEFAULT_CHALLENGE_PERIOD, ...opts.marketplaceParams },
      registryParams: opts.registryParams,
    });
    await registerProviders(rpcUrl, deployment, opts.providers ?? 4);
    const b = blobs;
    const n = node;
    return {
      deployment,
      rpcUrl,
      blobs: b,
      dir,
      rpc: <T>(method: string, params: unknown[] = []) => rpc<T>(rpcUrl, method, params),
      advance: async (seconds: number) => {
        await rpc(rpcUrl, "evm_increaseTime", [seconds]);
        await rpc(rpcUrl, "evm_mine", []);
      },
      stop: async () => {
        await b.close();
        await stopChild(n);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await blobs?.close();
    if (node) await stopChild(node);
    throw e;
  }
}

export const wallet = devnetWallet;
