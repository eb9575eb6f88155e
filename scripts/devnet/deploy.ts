/**
 * Deploys the protocol to a devnet-shaped chain: a result verifier (the real Groth16 ResultVerifier from circuits'
 * development keys, or the MockResultVerifier for unit-level tests), a USDC-like test token (TestUSDC, devnet and
 * tests only), and the hub contracts through evm/scripts/deploy.ts, with devnet-short governance delays. Roles
 * follow sdk/src/devnet-accounts.ts. `npm start` and the packages' test chains share this one path.
 */
import { network } from "hardhat";

import { deployStun } from "../../evm/scripts/deploy.js";
import type { ChainDeployment } from "../../sdk/src/deployments.js";
import { DEVNET_ROLES } from "../../sdk/src/devnet-accounts.js";
import type { EvmChain } from "../lib/chains.js";

const STUN = 10n ** 18n;

/** Governance on the devnet: minutes instead of days, so a user can walk a proposal through with the CLI. */
export const DEVNET_GOVERNANCE = { votingDelay: 1, votingPeriod: 60, timelockDelay: 10, quorumPercent: 4 } as const;

export interface DevnetDeployOptions {
  /** JSON-RPC URL of the node (default: the chain's devnet port). */
  readonly rpcUrl?: string;
  readonly verifier?: "ResultVerifier" | "MockResultVerifier";
  readonly marketplaceParams?: Record<string, bigint | number>;
  readonly registryParams?: Record<string, bigint | number>;
}

export async function deployChain(chain: EvmChain, opts: DevnetDeployOptions = {}): Promise<ChainDeployment> {
  const rpcUrl = opts.rpcUrl ?? `http://127.0.0.1:${chain.port}`;
  const conn = await network.create({ network: `${chain.name}Local`, override: { url: rpcUrl } });
  try {
    const { ethers } = conn;
    const signers = await ethers.getSigners();
    const at = (i: number) => {
      const s = signers[i];
      if (!s) throw new Error(`${chain.name}: the node has no account #${i}`);
      return s;
    };
    const deployer = at(DEVNET_ROLES.deployer);
    const providers = Array.from({ length: DEVNET_ROLES.providerCount }, (_, i) => at(DEVNET_ROLES.providerBase + i));
    const deployBlock = await ethers.provider.getBlockNumber();

    const verifier = await ethers.deployContract(opts.verifier ?? "ResultVerifier", [], deployer);
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
      // Devnet: the shortest challenge window the contract allows (bounds [60 s, 30 d]); mainnet default is 1 day.
      marketplaceParams: { challengePeriod: 60, ...opts.marketplaceParams },
      registryParams: opts.registryParams,
      ...DEVNET_GOVERNANCE,
    });
    // Voting power needs delegation; the deployer holds the devnet's governance majority.
    const token = await ethers.getContractAt("StunToken", addresses.stunToken, deployer);
    await (await token.delegate(deployer.address)).wait();
    await (await usdc.connect(deployer).getFunction("mint")(at(DEVNET_ROLES.requester).address, 1_000_000n * 10n ** 6n)).wait();

    return {
      chain: chain.name,
      protocolChainId: chain.protocolChainId,
      chainId: chain.chainId,
      rpcUrl,
      deployBlock,
      contracts: { ...addresses, usdc: await usdc.getAddress() },
    };
  } finally {
    await conn.close();
  }
}

/** Deploys to each running chain, one after another (each is its own node). */
export async function deployAll(chains: readonly EvmChain[]): Promise<Record<string, ChainDeployment>> {
  const out: Record<string, ChainDeployment> = {};
  for (const chain of chains) out[chain.name] = await deployChain(chain);
  return out;
}
