/**
 * A private chain for the agent tests: one `hardhat node` on a free loopback port (so it never collides with a
 * devnet on 8545), the hub contracts deployed through evm/scripts/deploy.ts deployStun with the REAL Groth16
 * ResultVerifier, and a blob server on port 0. deployStun wants a HardhatEthers; a minimal shim over plain ethers +
 * the typechain factories provides the few members it uses.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { ContractFactory, JsonRpcProvider, NonceManager, Wallet, ZeroAddress, encodeBytes32String, isAddress, type HDNodeWallet } from "ethers";

import { deployStun, type StunAddresses } from "../../../evm/scripts/deploy.js";
import { type BlobServer, startBlobServer } from "../../../sdk/src/blobstore/server.js";
import { DEVNET_ROLES, devnetProvider, devnetWallet } from "../../../sdk/src/devnet-accounts.js";
import {
  ComputeMarketplace__factory,
  MarketplaceExtension__factory,
  ModelRegistry__factory,
  ProviderRegistry__factory,
  ReputationRegistry__factory,
  ResultVerifier__factory,
  StunGovernor__factory,
  StunTimelock__factory,
  StunToken__factory,
  type ComputeMarketplace,
  type StunToken,
} from "../../../types/ethers-contracts/index.js";

const STUN = 10n ** 18n;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface DevChain {
  rpcUrl: string;
  chainId: number;
  provider: JsonRpcProvider;
  addresses: StunAddresses;
  deployBlock: number;
  blobs: BlobServer;
  blobDir: string;
  /** Signer holding MATCHER_ROLE. */
  matcher: NonceManager;
  /** The requester (holds STUN and ETH). */
  requester: NonceManager;
  market: ComputeMarketplace;
  token: StunToken;
  providerKey(i: number): HDNodeWallet;
  stop(): Promise<void>;
}

const FACTORIES: Record<string, new (signer: NonceManager) => ContractFactory> = {
  StunToken: StunToken__factory as never,
  StunTimelock: StunTimelock__factory as never,
  StunGovernor: StunGovernor__factory as never,
  ReputationRegistry: ReputationRegistry__factory as never,
  ProviderRegistry: ProviderRegistry__factory as never,
  ModelRegistry: ModelRegistry__factory as never,
  ComputeMarketplace: ComputeMarketplace__factory as never,
  MarketplaceExtension: MarketplaceExtension__factory as never,
  ResultVerifier: ResultVerifier__factory as never,
};

async function waitRpc(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error("hardhat node exited early");
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(200);
  }
  throw new Error("hardhat node did not answer within 30 s");
}

export async function startDevChain(opts: { acceptWindow?: number } = {}): Promise<DevChain> {
  const port = await freePort();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const child = spawn("hardhat", ["node", "--hostname", "127.0.0.1", "--port", String(port), "--network", "ethereum"], {
    stdio: ["ignore", "ignore", "pipe"],
    cwd: join(import.meta.dirname, "..", "..", ".."),
  });
  let stderr = "";
  child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  try {
    await waitRpc(rpcUrl, child);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}: ${stderr.slice(-500)}`);
  }
  // a failure while deploying must not leak the node (a leaked child keeps the test process alive)
  let setup;
  try {
    setup = await (async () => {
      const provider = new JsonRpcProvider(rpcUrl, undefined, { batchMaxCount: 1, pollingInterval: 100 });
      const chainId = Number((await provider.getNetwork()).chainId);
      const deployer = new NonceManager(devnetWallet(DEVNET_ROLES.deployer).connect(provider));
      const matcher = new NonceManager(devnetWallet(DEVNET_ROLES.keeper).connect(provider));
      const requester = new NonceManager(devnetWallet(DEVNET_ROLES.requester).connect(provider));
      const deployBlock = await provider.getBlockNumber();

      const deployContract = async (name: string, args: unknown[]) => {
        const F = FACTORIES[name];
        if (!F) throw new Error(`test shim: no factory for ${name}`);
        const c = await new F(deployer).deploy(...args);
        await c.waitForDeployment();
        return c;
      };
      const shim = {
        deployContract,
        isAddress,
        ZeroAddress,
        encodeBytes32String,
        getSigners: async () => [deployer],
      } as unknown as HardhatEthers;
      const verifier = await deployContract("ResultVerifier", []);
      const providers = Array.from({ length: 6 }, (_, i) => devnetProvider(i).address);
      const addresses = await deployStun(shim, {
        deployer: Object.assign(deployer, { address: await deployer.getAddress() }) as never,
        distribution: {
          recipients: [await deployer.getAddress(), await requester.getAddress(), ...providers],
          amounts: [1_000_000n * STUN, 100_000n * STUN, ...providers.map(() => 10_000n * STUN)],
        },
        verifier: await verifier.getAddress(),
        matchers: [await matcher.getAddress()],
        marketplaceParams: { auditRateBps: 0, ...(opts.acceptWindow ? { acceptWindow: opts.acceptWindow } : {}) },
        timelockDelay: 3600,
        votingDelay: 1,
        votingPeriod: 86400,
        handOver: false,
      });
      const blobDir = mkdtempSync(join(tmpdir(), "stun-agent-blobs-"));
      const blobs = await startBlobServer(blobDir, 0);
      return { provider, chainId, deployer, matcher, requester, deployBlock, addresses, blobDir, blobs };
    })();
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  const { provider, chainId, matcher, requester, deployBlock, addresses, blobDir, blobs } = setup;
  return {
    rpcUrl,
    chainId,
    provider,
    addresses,
    deployBlock,
    blobs,
    blobDir,
    matcher,
    requester,
    market: ComputeMarketplace__factory.connect(addresses.computeMarketplace, matcher),
    token: StunToken__factory.connect(addresses.stunToken, requester),
    providerKey: devnetProvider,
    async stop() {
      provider.destroy();
      await blobs.close();
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Submits an ETH task for `taskHash` (modelId optional) and returns its id. */
export async function submitTask(c: DevChain, taskHash: string, modelId: string, redundancy = 1): Promise<bigint> {
  const market = ComputeMarketplace__factory.connect(c.addresses.computeMarketplace, c.requester);
  const now = (await c.provider.getBlock("latest"))?.timestamp ?? Math.floor(Date.now() / 1000);
  const reward = 10n ** 16n;
  const tx = await market.submitTaskWith(
    {
      taskHash,
      modelId,
      token: ZeroAddress,
      reward,
      deadline: BigInt(now + 3600),
      redundancy,
      requirements: { maxPrice: 0n, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" },
    },
    { value: reward },
  );
  const receipt = await tx.wait();
  for (const l of receipt?.logs ?? []) {
    const ev = market.interface.parseLog(l);
    if (ev?.name === "TaskSubmitted") return BigInt(ev.args.taskId as bigint);
  }
  throw new Error("no TaskSubmitted");
}

export async function assign(c: DevChain, taskId: bigint, providers: string[]): Promise<void> {
  await (await c.market.assignProviders(taskId, providers)).wait();
}

/** All ResultSubmitted events of a task. */
export async function resultsOf(c: DevChain, taskId: bigint): Promise<{ provider: string; resultHash: string }[]> {
  const logs = await c.market.queryFilter(c.market.filters.ResultSubmitted(taskId), c.deployBlock, "latest");
  return logs.map((l) => ({ provider: l.args.provider, resultHash: l.args.resultHash }));
}

export { Wallet };
