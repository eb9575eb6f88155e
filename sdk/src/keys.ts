/** Signers for the CLI and services: a devnet account index, or an encrypted JSON keystore + password. */
import { readFileSync } from "node:fs";

import { Wallet, type HDNodeWallet, type Provider } from "ethers";

import { devnetWallet } from "./devnet-accounts.js";
import { KeyError } from "./errors.js";

export interface KeySource {
  /** Devnet account index (sdk/src/devnet-accounts.ts). */
  readonly keyIndex?: number;
  /** Path of an encrypted JSON keystore (ethers / geth format). */
  readonly keystore?: string;
  /** Name of the environment variable holding the keystore password (default STUN_KEYSTORE_PASSWORD). */
  readonly passwordEnv?: string;
}

export async function loadSigner(src: KeySource, provider?: Provider): Promise<Wallet | HDNodeWallet> {
  if (src.keyIndex !== undefined && src.keystore !== undefined) throw new KeyError("give either a key index or a keystore, not both");
  if (src.keyIndex !== undefined) {
    try {
      const w = devnetWallet(src.keyIndex);
      return provider ? w.connect(provider) : w;
    } catch (e) {
      throw new KeyError((e as Error).message, { cause: e });
    }
  }
  if (src.keystore !== undefined) {
    const envName = src.passwordEnv ?? "STUN_KEYSTORE_PASSWORD";
    const password = process.env[envName];
    if (password === undefined) throw new KeyError(`keystore ${src.keystore}: set the password in $${envName}`);
    let json: string;
    try {
      json = readFileSync(src.keystore, "utf8");
    } catch (e) {
      throw new KeyError(`cannot read keystore ${src.keystore}: ${(e as Error).message}`, { cause: e });
    }
    try {
      const w = await Wallet.fromEncryptedJson(json, password);
      return provider ? w.connect(provider) : w;
    } catch (e) {
      throw new KeyError(`cannot decrypt keystore ${src.keystore}: ${(e as Error).message}`, { cause: e });
    }
  }
  throw new KeyError("no key: pass --key-index <n> (devnet) or --keystore <file> (password in $STUN_KEYSTORE_PASSWORD)");
}
