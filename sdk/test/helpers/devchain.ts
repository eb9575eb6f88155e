/**
 * A private hardhat node with a fresh STUN deployment, for the SDK, CLI and keeper tests: same roles as the devnet
 * (sdk/src/devnet-accounts.ts), devnet-short governance, the MockResultVerifier (proofs = keccak(taskId,
 * resultHash, provider) in the first word) and a blob store on an ephemeral port.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { network } from "hardhat";
import { AbiCoder, keccak256 } from "ethers";

import { deployStun } from "../../../evm/scripts/deploy.js";
import { EVM_CHAINS } from "../../../scripts/lib/chains.js";
import { rpc, startEvmNode } from "../../../scripts/lib/evm-node.js";
import { stopChild } from "../../../scripts/lib/process.js";
import { startBlobServer, type BlobServer } from "../../src/blobstore/server.js";
import type { ChainDeployment } from "../../src/deployments.js";
import { DEVNET_ROLES, devnetWallet } from "../../src/devnet-accounts.js";

export const STUN = 10n ** 18n;

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
    const conn = await network.create({ network: "ethereumLocal", override: { url: rpcUrl } });
    let deployment: ChainDeployment;
    try {
      const { ethers } = conn;
      const signers = await ethers.getSigners();
      const at = (i: number) => {
        const s = signers[i];
        if (!s) throw new Error(`no account #${i}`);
        return s;
      };
      const deployer = at(DEVNET_ROLES.deployer);
      const nProviders = opts.providers ?? 4;
      const providers = Array.from({ length: DEVNET_ROLES.providerCount }, (_, i) => at(DEVNET_ROLES.providerBase + i));
      const deployBlock = await ethers.provider.getBlockNumber();
      const verifier = await ethers.deployContract("MockResultVerifier", [], deployer);
      const usdc = await ethers.deployContract("TestUSDC", [], deployer);
      const addresses = await deployStun(ethers, {
        deployer,
        distribution: {
          recipients: [deployer.address, at(DEVNET_ROLES.requester).address, ...providers.map((p) => p.address)],
          amounts: [500_000_000n * STUN, 1_000_000n * STUN, ...providers.map(() => 100_000n * STUN)],
        },
        verifier: await verifier.getAddress(),
        matchers: [at(DEVNET_ROLES.keeper).address],
        auditors: [at(DEVNET_ROLES.auditor).address],
        pausers: [at(DEVNET_ROLES.pauser).address],
        allowedTokens: [await usdc.getAddress()],
        votingDelay: 1,
        votingPeriod: 60,
        timelockDelay: 10,
        quorumPercent: 4,
        marketplaceParams: { auditRateBps: 0, ...opts.marketplaceParams },
        registryParams: opts.registryParams,
      });
      const token = await ethers.getContractAt("StunToken", addresses.stunToken, deployer);
      await (await token.delegate(deployer.address)).wait();
      await (await usdc.connect(deployer).getFunction("mint")(at(DEVNET_ROLES.requester).address, 1_000_000n * 10n ** 6n)).wait();
      const registry = await ethers.getContractAt("ProviderRegistry", addresses.providerRegistry);
      for (const p of providers.slice(0, nProviders)) {
        await (await token.connect(p).approve(addresses.providerRegistry, ethers.MaxUint256)).wait();
        await (await registry.connect(p).register(providerSpecs(), 2_000n * STUN)).wait();
      }
      deployment = {
        chain: hub.name,
        protocolChainId: hub.protocolChainId,
        chainId: hub.chainId,
        rpcUrl,
        deployBlock,
        contracts: { ...addresses, usdc: await usdc.getAddress() },
      };
    } finally {
      await conn.close();
    }
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
