/**
 * Chain configuration of the indexer. `loadDeployments` reads the devnet's deployments file
 * (`.devnet/deployments.json`, written by scripts/devnet/start.ts) into one `ChainConfig` per EVM chain.
 */
import { readFileSync } from "node:fs";

/** Contract addresses the indexer listens to (names as in evm/scripts/deploy.ts `StunAddresses`). */
export interface StunContractAddresses {
  readonly computeMarketplace: string;
  readonly providerRegistry: string;
  readonly reputationRegistry: string;
  readonly modelRegistry: string;
  readonly governor?: string;
}

export interface ChainConfig {
  /** Short name (ethereum, base, arbitrum); also names the processor's state schema. */
  readonly name: string;
  /** EVM chain id, stored on every row. */
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: StunContractAddresses;
  /** First block to index (the deployment block; default 0). */
  readonly fromBlock?: number;
  /**
   * Blocks below head - finality are final. A reorg deeper than this crashes a Subsquid processor; the indexer
   * then wipes the chain's rows and re-indexes from `fromBlock` (see README "Reorgs"). Default 64.
   */
  readonly finality?: number;
  /** Head poll interval in ms for http:// endpoints (default 25). */
  readonly headPollMs?: number;
}

/** One entry of the devnet deployments file (scripts/devnet/deploy.ts `ChainDeployment`). */
export interface ChainDeployment {
  readonly chain: string;
  readonly protocolChainId?: number;
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: Record<string, string>;
  readonly deployBlock?: number;
}

export const DEFAULT_FINALITY = 64;
export const DEFAULT_HEAD_POLL_MS = 25;

/**
 * Chains of a deployments object (or file path) that have the indexed contracts deployed. Accepts the devnet's
 * file (`{chains: {name: ChainDeployment}, services}`, sdk/src/deployments.ts) or a bare `{name: ChainDeployment}`.
 */
export function loadDeployments(src: string | Record<string, ChainDeployment>): ChainConfig[] {
  const raw: unknown = typeof src === "string" ? JSON.parse(readFileSync(src, "utf8")) : src;
  const wrapped = raw as { chains?: Record<string, ChainDeployment> };
  const obj: Record<string, ChainDeployment> =
    typeof wrapped.chains === "object" && wrapped.chains !== null ? wrapped.chains : (raw as Record<string, ChainDeployment>);
  const out: ChainConfig[] = [];
  for (const [key, d] of Object.entries(obj)) {
    const c = d.contracts ?? {};
    if (!c.computeMarketplace || !c.providerRegistry || !c.reputationRegistry || !c.modelRegistry) continue;
    out.push({
      name: d.chain ?? key,
      chainId: d.chainId,
      rpcUrl: d.rpcUrl,
      fromBlock: d.deployBlock ?? 0,
      contracts: {
        computeMarketplace: c.computeMarketplace,
        providerRegistry: c.providerRegistry,
        reputationRegistry: c.reputationRegistry,
        modelRegistry: c.modelRegistry,
        governor: c.governor,
      },
    });
  }
  return out;
}

/** Name of the Subsquid state schema of a chain's processor. */
export const stateSchema = (c: Pick<ChainConfig, "chainId">): string => `squid_processor_${c.chainId}`;
