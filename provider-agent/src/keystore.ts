/**
 * The provider key lives in an encrypted JSON keystore (ethers Wallet.encrypt / scrypt, the geth/Web3 Secret
 * Storage format). The password comes from STUN_KEYSTORE_PASSWORD or a file (STUN_KEYSTORE_PASSWORD_FILE or the
 * `passwordFile` option); it is never taken from the command line (visible in `ps`) and never logged.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

import { Wallet, encryptKeystoreJson, type HDNodeWallet } from "ethers";

export class KeystoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeystoreError";
  }
}

/** The keystore password: the passwordFile option, else STUN_KEYSTORE_PASSWORD_FILE, else STUN_KEYSTORE_PASSWORD. */
export function resolvePassword(opts: { passwordFile?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const env = opts.env ?? process.env;
  const file = opts.passwordFile ?? env.STUN_KEYSTORE_PASSWORD_FILE;
  if (file) {
    try {
      return readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (e) {
      throw new KeystoreError(`cannot read keystore password file ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
    }
  }
  const pw = env.STUN_KEYSTORE_PASSWORD;
  if (pw === undefined || pw === "") throw new KeystoreError("no keystore password: set STUN_KEYSTORE_PASSWORD or STUN_KEYSTORE_PASSWORD_FILE");
  return pw;
}

/** Decrypts a keystore file. Errors never contain the password or key. */
export async function loadKeystore(file: string, password: string): Promise<Wallet | HDNodeWallet> {
  let json: string;
  try {
    json = readFileSync(file, "utf8");
  } catch (e) {
    throw new KeystoreError(`cannot read keystore ${file}: ${(e as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    return await Wallet.fromEncryptedJson(json, password);
  } catch {
    throw new KeystoreError(`cannot decrypt keystore ${file} (wrong password or corrupt file)`);
  }
}

/**
 * Encrypts `privateKey` into `file` (mode 0600). `scryptN` lowers the KDF cost for tests only (default: ethers'
 * 2^17).
 */
export async function writeKeystore(file: string, privateKey: string, password: string, opts: { scryptN?: number } = {}): Promise<string> {
  const w = new Wallet(privateKey);
  const json = opts.scryptN
    ? await encryptKeystoreJson({ address: w.address, privateKey: w.privateKey }, password, { scrypt: { N: opts.scryptN } })
    : await w.encrypt(password);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, json, { mode: 0o600 });
  return w.address;
}
