/**
 * The governance parameters the hub contracts know, with their on-chain bounds (evm/README.md; the contracts
 * refuse anything else with ParameterOutOfBounds / UnknownParameter). Checked locally before a proposal is sent,
 * so a doomed proposal never reaches a vote. The static bounds are necessary, not sufficient: the contracts also keep
 * maxTaskLifetime = maxTaskDuration + challengePeriod + 2 × auditTimeout below the registry's unbondingPeriod (so a
 * provider cannot unbond out of a task's slashing window), which depends on the current values and is checked on
 * chain only.
 */
import { ParameterOutOfBoundsError, UnknownParameterError } from "./errors.js";

const DAY = 86_400n;
const STUN = 10n ** 18n;

export interface ParameterSpec {
  readonly name: string;
  /** Which contract's setParameter(bytes32,uint256) takes it. */
  readonly contract: "computeMarketplace" | "providerRegistry";
  readonly min: bigint;
  readonly max: bigint;
  readonly unit: string;
}

export const PARAMETERS: readonly ParameterSpec[] = [
  { name: "slashBpsWrongResult", contract: "computeMarketplace", min: 100n, max: 10_000n, unit: "bps" },
  { name: "slashBpsNoShow", contract: "computeMarketplace", min: 10n, max: 5000n, unit: "bps" },
  { name: "auditRateBps", contract: "computeMarketplace", min: 0n, max: 10_000n, unit: "bps" },
  { name: "disputeBondBps", contract: "computeMarketplace", min: 100n, max: 10_000n, unit: "bps" },
  { name: "challengePeriod", contract: "computeMarketplace", min: 60n, max: 30n * DAY, unit: "s" },
  { name: "acceptWindow", contract: "computeMarketplace", min: 60n, max: DAY, unit: "s" },
  { name: "maxRedundancy", contract: "computeMarketplace", min: 1n, max: 3n, unit: "" },
  { name: "auditTimeout", contract: "computeMarketplace", min: 3600n, max: 30n * DAY, unit: "s" },
  { name: "maxTaskDuration", contract: "computeMarketplace", min: 3600n, max: 30n * DAY, unit: "s" },
  { name: "minStake", contract: "providerRegistry", min: STUN, max: 1_000_000_000n * STUN, unit: "wei STUN" },
  { name: "unbondingPeriod", contract: "providerRegistry", min: 3600n, max: 90n * DAY, unit: "s" },
  { name: "challengerShareBps", contract: "providerRegistry", min: 0n, max: 5000n, unit: "bps" },
  { name: "jailPeriod", contract: "providerRegistry", min: 3600n, max: 365n * DAY, unit: "s" },
];

/** setFeeSplit(provider, treasury, creator): each bounded, sum exactly 10000. */
export const FEE_SPLIT_BOUNDS = {
  providerBps: [5000n, 9500n],
  treasuryBps: [0n, 5000n],
  creatorBps: [0n, 2000n],
} as const;

export const parameterNames = (): string[] => [...PARAMETERS.map((p) => p.name), "feeSplit"];

/** The spec of `name` with `value` checked against its bounds; throws UnknownParameter / ParameterOutOfBounds. */
export function checkParameter(name: string, value: bigint): ParameterSpec {
  const spec = PARAMETERS.find((p) => p.name === name);
  if (!spec) throw new UnknownParameterError(name, parameterNames());
  if (value < spec.min || value > spec.max) throw new ParameterOutOfBoundsError(name, value, spec.min, spec.max);
  return spec;
}

export function checkFeeSplit(providerBps: bigint, treasuryBps: bigint, creatorBps: bigint): void {
  const vals = { providerBps, treasuryBps, creatorBps };
  for (const [k, [min, max]] of Object.entries(FEE_SPLIT_BOUNDS)) {
    const v = vals[k as keyof typeof vals];
    if (v < min || v > max) throw new ParameterOutOfBoundsError(k, v, min, max);
  }
  const sum = providerBps + treasuryBps + creatorBps;
  if (sum !== 10_000n) throw new ParameterOutOfBoundsError("feeSplitSum", sum, 10_000n, 10_000n);
}
