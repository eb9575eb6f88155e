/**
 * The deployments file `npm start` writes (`.devnet/deployments.json`) and every client reads: per chain, its RPC
 * and contract addresses; and the devnet's off-chain services.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export interface ChainDeployment {
  readonly chain: string;
  readonly protocolChainId: number;
  readonly chainId: number;
  readonly rpcUrl: string;
  /** Contract name -> address (stunToken, computeMarketplace, providerRegistry, ...). */
  readonly contracts: Readonly<Record<string, string>>;
  /** Block the contracts were deployed at (indexers start there). */
  readonly deployBlock: number;
}

export interface DevnetServices {
  /** Content-addressed blob store (models, inputs, outputs), HTTP on loopback. */
  readonly blobStore?: string;
  /** Keeper API: heartbeats and price quotes. */
  readonly keeper?: string;
  /** Indexer GraphQL endpoint. */
  readonly graphql?: string;
}

export interface Deployments {
  readonly chains: Readonly<Record<string, ChainDeployment>>;
  readonly services: DevnetServices;
}

export const DEFAULT_DEPLOYMENTS_FILE = ".devnet/deployments.json";

/** A deployments file that is missing, unreadable or lacks what the caller needs. */
export class DeploymentsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeploymentsError";
  }
}

export function loadDeployments(file: string = process.env.STUN_DEPLOYMENTS ?? DEFAULT_DEPLOYMENTS_FILE): Deployments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(resolve(file), "utf8"));
  } catch (e) {
    throw new DeploymentsError(`cannot read deployments file ${file} (is the devnet running? npm start): ${(e as Error).message}`);
  }
  const d = parsed as Partial<Deployments>;
  if (typeof d !== "object" || d === null || typeof d.chains !== "object" || d.chains === null) {
    throw new DeploymentsError(`${file}: no "chains" object`);
  }
  return { chains: d.chains, services: d.services ?? {} };
}

/** The deployment of one chain, with the named contracts required to be present. */
export function chainDeployment(d: Deployments, chain: string, required: readonly string[] = []): ChainDeployment {
  const c = d.chains[chain];
  if (!c) throw new DeploymentsError(`chain "${chain}" is not in the deployments file (have: ${Object.keys(d.chains).join(", ")})`);
  for (const name of required) {
    if (!c.contracts[name]) throw new DeploymentsError(`chain "${chain}" has no ${name} deployed`);
  }
  return c;
}
