/**
 * Deploys the STUN hub contracts on one EVM chain and wires their roles.
 *
 * `deployStun(ethers, opts)` is used by the tests, the gas report and the devnet (`npm start`); it returns plain
 * addresses (JSON-serialisable: the caller writes its deployments file) and `attachStun` turns them back into
 * typed contracts.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type {
  ComputeMarketplace,
  ModelRegistry,
  ProviderRegistry,
  ReputationRegistry,
  StunGovernor,
  StunTimelock,
  StunToken,
} from "../../types/ethers-contracts/index.js";

export interface StunDeployOptions {
  /** Signer that deploys and temporarily administers (default: first signer). */
  deployer?: HardhatEthersSigner;
  /** Initial STUN distribution (wei); the sum must not exceed 1e9 STUN. */
  distribution: { recipients: string[]; amounts: bigint[] };
  /** IResultVerifier address (the Groth16 verifier; tests pass the MockResultVerifier). Required. */
  verifier: string;
  /** Receiver of fees and slashed stake (default: the timelock). */
  treasury?: string;
  matchers?: string[];
  auditors?: string[];
  pausers?: string[];
  /** Extra ERC-20 payment tokens to allowlist (ETH and STUN are allowed by default). */
  allowedTokens?: string[];
  /** TimelockController min delay in seconds (default 2 days). */
  timelockDelay?: number;
  /** Governor settings in seconds (timestamp clock). Defaults: delay 1 day, period 1 week, threshold 0, quorum 4%. */
  votingDelay?: number;
  votingPeriod?: number;
  proposalThreshold?: bigint;
  quorumPercent?: number;
  /** Marketplace parameters by name (setParameter), e.g. { auditRateBps: 0n }. */
  marketplaceParams?: Record<string, bigint | number>;
  /** Provider registry parameters by name, e.g. { minStake: 10n ** 18n }. */
  registryParams?: Record<string, bigint | number>;
  /**
   * true (default): the timelock becomes the only admin/governance of every contract and the deployer renounces.
   * false: the timelock is granted the roles but the deployer keeps them too (tests, devnet shortcuts).
   */
  handOver?: boolean;
}

export interface StunAddresses {
  stunToken: string;
  timelock: string;
  governor: string;
  reputationRegistry: string;
  providerRegistry: string;
  modelRegistry: string;
  computeMarketplace: string;
  verifier: string;
  treasury: string;
}

export interface StunContracts {
  stunToken: StunToken;
  timelock: StunTimelock;
  governor: StunGovernor;
  reputationRegistry: ReputationRegistry;
  providerRegistry: ProviderRegistry;
  modelRegistry: ModelRegistry;
  computeMarketplace: ComputeMarketplace;
}

type Tx = Promise<{ wait: () => Promise<unknown> }>;
async function send(tx: Tx): Promise<void> {
  await (await tx).wait();
}

const paramKey = (ethers: HardhatEthers, name: string): string => ethers.encodeBytes32String(name);

/** Deploys and wires the hub contracts; returns their addresses. */
export async function deployStun(ethers: HardhatEthers, opts: StunDeployOptions): Promise<StunAddresses> {
  const deployer = opts.deployer ?? (await ethers.getSigners())[0];
  if (deployer === undefined) throw new Error("deployStun: no signer");
  if (!ethers.isAddress(opts.verifier) || opts.verifier === ethers.ZeroAddress) {
    throw new Error("deployStun: opts.verifier must be a non-zero address");
  }
  const me = await deployer.getAddress();
  const deploy = async <T>(name: string, args: unknown[]): Promise<T> => {
    const c = await ethers.deployContract(name, args, deployer);
    await c.waitForDeployment();
    return c as unknown as T;
  };

  const stunToken = await deploy<StunToken>("StunToken", [opts.distribution.recipients, opts.distribution.amounts]);
  const timelock = await deploy<StunTimelock>("StunTimelock", [opts.timelockDelay ?? 2 * 86400, [], [ethers.ZeroAddress], me]);
  const governor = await deploy<StunGovernor>("StunGovernor", [
    await stunToken.getAddress(),
    await timelock.getAddress(),
    opts.votingDelay ?? 86400,
    opts.votingPeriod ?? 7 * 86400,
    opts.proposalThreshold ?? 0n,
    opts.quorumPercent ?? 4,
  ]);
  const timelockAddr = await timelock.getAddress();
  const governorAddr = await governor.getAddress();
  await send(timelock.grantRole(await timelock.PROPOSER_ROLE(), governorAddr));
  await send(timelock.grantRole(await timelock.CANCELLER_ROLE(), governorAddr));

  const treasury = opts.treasury ?? timelockAddr;
  const reputationRegistry = await deploy<ReputationRegistry>("ReputationRegistry", [me]);
  const providerRegistry = await deploy<ProviderRegistry>("ProviderRegistry", [
    await stunToken.getAddress(),
    await reputationRegistry.getAddress(),
    treasury,
    me,
  ]);
  await send(stunToken.connect(deployer).bindStakingVault(await providerRegistry.getAddress()));
  const modelRegistry = await deploy<ModelRegistry>("ModelRegistry", []);
  const marketArgs = [
    me,
    opts.verifier,
    treasury,
    await providerRegistry.getAddress(),
    await reputationRegistry.getAddress(),
    await modelRegistry.getAddress(),
    await stunToken.getAddress(),
  ];
  // reassignProvider / expireTask live in an extension the marketplace delegatecalls (24 KB code limit)
  const extension = await deploy<{ getAddress(): Promise<string> }>("MarketplaceExtension", marketArgs);
  const computeMarketplace = await deploy<ComputeMarketplace>("ComputeMarketplace", [...marketArgs, await extension.getAddress()]);
  const market = await computeMarketplace.getAddress();

  await send(reputationRegistry.grantRole(await reputationRegistry.REGISTRY_ROLE(), await providerRegistry.getAddress()));
  await send(reputationRegistry.grantRole(await reputationRegistry.MARKETPLACE_ROLE(), market));
  await send(providerRegistry.grantRole(await providerRegistry.SLASHER_ROLE(), market));
  // unbondingPeriod > the marketplace's maxTaskLifetime from now on; new providers' and creators' credit slots open
  await send(providerRegistry.setMarketplace(market));
  await send(modelRegistry.bindMarketplace(market));
  for (const a of opts.matchers ?? []) await send(computeMarketplace.grantRole(await computeMarketplace.MATCHER_ROLE(), a));
  for (const a of opts.auditors ?? []) await send(computeMarketplace.grantRole(await computeMarketplace.AUDITOR_ROLE(), a));
  for (const a of opts.pausers ?? []) await send(computeMarketplace.grantRole(await computeMarketplace.PAUSER_ROLE(), a));
  for (const t of opts.allowedTokens ?? []) await send(computeMarketplace.setTokenAllowed(t, true));
  for (const [k, v] of Object.entries(opts.marketplaceParams ?? {})) {
    await send(computeMarketplace.setParameter(paramKey(ethers, k), v));
  }
  for (const [k, v] of Object.entries(opts.registryParams ?? {})) {
    await send(providerRegistry.setParameter(paramKey(ethers, k), v));
  }

  // Governance: the timelock administers everything; by default the deployer then renounces.
  const admin = await computeMarketplace.DEFAULT_ADMIN_ROLE();
  const gov = await computeMarketplace.GOVERNANCE_ROLE();
  for (const c of [providerRegistry, computeMarketplace]) {
    await send(c.grantRole(admin, timelockAddr));
    await send(c.grantRole(gov, timelockAddr));
  }
  await send(reputationRegistry.grantRole(admin, timelockAddr));
  if (opts.handOver ?? true) {
    for (const c of [providerRegistry, computeMarketplace]) {
      await send(c.renounceRole(gov, me));
      await send(c.renounceRole(admin, me));
    }
    await send(reputationRegistry.renounceRole(admin, me));
    await send(timelock.renounceRole(await timelock.DEFAULT_ADMIN_ROLE(), me));
  }

  return {
    stunToken: await stunToken.getAddress(),
    timelock: timelockAddr,
    governor: governorAddr,
    reputationRegistry: await reputationRegistry.getAddress(),
    providerRegistry: await providerRegistry.getAddress(),
    modelRegistry: await modelRegistry.getAddress(),
    computeMarketplace: market,
    verifier: opts.verifier,
    treasury,
  };
}

/** Typed contract instances for deployed addresses (optionally connected to `signer`). */
export async function attachStun(
  ethers: HardhatEthers,
  a: StunAddresses,
  signer?: HardhatEthersSigner,
): Promise<StunContracts> {
  const at = async <T>(name: string, addr: string): Promise<T> =>
    (await ethers.getContractAt(name, addr, signer)) as unknown as T;
  return {
    stunToken: await at<StunToken>("StunToken", a.stunToken),
    timelock: await at<StunTimelock>("StunTimelock", a.timelock),
    governor: await at<StunGovernor>("StunGovernor", a.governor),
    reputationRegistry: await at<ReputationRegistry>("ReputationRegistry", a.reputationRegistry),
    providerRegistry: await at<ProviderRegistry>("ProviderRegistry", a.providerRegistry),
    modelRegistry: await at<ModelRegistry>("ModelRegistry", a.modelRegistry),
    computeMarketplace: await at<ComputeMarketplace>("ComputeMarketplace", a.computeMarketplace),
  };
}
