/**
 * Idempotent registration and staking: approves, registers or tops up the stake only for what is still missing.
 */
import type { ProviderRegistry, StunToken } from "../../types/ethers-contracts/index.js";
import { type HardwareInfo, specsFromHardware } from "./gpu.js";
import type { Logger } from "./log.js";

export interface RegistrationParams {
  readonly me: string;
  readonly registryAddress: string;
  readonly hardware: HardwareInfo;
  readonly stake?: bigint;
  readonly region?: string;
  readonly pricePerUnit?: bigint;
}

export async function ensureRegistered(
  registry: ProviderRegistry,
  token: StunToken,
  serialTx: <T>(f: () => Promise<T>) => Promise<T>,
  log: Logger,
  p: RegistrationParams,
): Promise<void> {
  const { me } = p;
  const specs = specsFromHardware(p.hardware, { region: p.region, pricePerUnit: p.pricePerUnit });
  const info = await registry.getProvider(me);
  const want = p.stake ?? (await registry.minStake());
  const registered = info.registered;
  const staked = info.stake_;
  const missing = want > staked ? want - staked : 0n;
  if (missing > 0n) {
    const balance = await token.balanceOf(me);
    if (balance < missing) throw new Error(`STUN balance ${balance} is below the stake still needed (${missing}); fund ${me}`);
    const allowance = await token.allowance(me, p.registryAddress);
    if (allowance < missing) {
      await serialTx(async () => (await token.approve(p.registryAddress, missing)).wait());
      log.info("approved stake", { amount: missing });
    }
  }
  if (!registered) {
    await serialTx(async () => (await registry.register(specs, missing)).wait());
    log.info("registered", { address: me, specs, staked: missing });
  } else if (missing > 0n) {
    await serialTx(async () => (await registry.stake(missing)).wait());
    log.info("staked", { address: me, amount: missing });
  } else {
    log.info("already registered and staked", { address: me, stake: staked });
  }
}
