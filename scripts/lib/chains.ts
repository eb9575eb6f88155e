/**
 * The local devnet's EVM chains. `protocolChainId` is STUN's own u32 chain id used by the bridge codec
 * (docs/bridge.md); `chainId` is the EVM chain id of the local node.
 */
export interface EvmChain {
  readonly name: "ethereum" | "base" | "arbitrum";
  readonly protocolChainId: number;
  readonly chainId: number;
  readonly chainType: "l1" | "op";
  readonly port: number;
  /** The hub holds native STUN and governance; spokes hold wrapped STUN. */
  readonly role: "hub" | "spoke";
}

export const EVM_CHAINS: readonly EvmChain[] = [
  { name: "ethereum", protocolChainId: 1, chainId: 31337, chainType: "l1", port: 8545, role: "hub" },
  { name: "base", protocolChainId: 2, chainId: 8453, chainType: "op", port: 8546, role: "spoke" },
  { name: "arbitrum", protocolChainId: 3, chainId: 42161, chainType: "op", port: 8547, role: "spoke" },
];

/** Postgres for the indexer: project-local data directory, non-default port, loopback only. */
export const POSTGRES = { host: "127.0.0.1", port: 54329, user: "stun", database: "stun" } as const;

/** Loopback ports of the devnet's off-chain services. */
export const DEVNET_SERVICES = { blobStorePort: 8600, keeperPort: 8601, graphqlPort: 4350 } as const;
