/**
 * Devnet accounts: the well-known Hardhat development mnemonic, one index per role. These keys are public and
 * must never hold value on a real network.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

export const DEVNET_MNEMONIC = "test test test test test test test test test test test junk";

export const DEVNET_ROLES = {
  deployer: 0,
  keeper: 1,
  auditor: 2,
  pauser: 3,
  requester: 4,
  /** Providers use indexes PROVIDER_BASE .. PROVIDER_BASE + PROVIDER_COUNT - 1. */
  providerBase: 5,
  providerCount: 10,
  creator: 15,
} as const;

export function devnetWallet(index: number): HDNodeWallet {
  if (!Number.isInteger(index) || index < 0 || index > 19) throw new RangeError(`devnet account index ${index} is not 0..19`);
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEVNET_MNEMONIC), `m/44'/60'/0'/0/${index}`);
}

export const devnetProvider = (i: number): HDNodeWallet => {
  if (i < 0 || i >= DEVNET_ROLES.providerCount) throw new RangeError(`provider ${i} is not 0..${DEVNET_ROLES.providerCount - 1}`);
  return devnetWallet(DEVNET_ROLES.providerBase + i);
};
