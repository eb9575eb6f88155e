/**
 * Builds the shared bridge test vectors (bridge/vectors/bridge-message.json) that every chain's decoder and
 * signature check is tested against. Validator keys come from fixed seeds: test keys, never used on a network.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";

import {
  BridgeCodecError,
  MessageKind,
  ProtocolChain,
  ed25519Digest,
  encode,
  toBytes32,
  type BridgeMessage,
} from "./codec.js";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface TestValidator {
  readonly seed: string;
  readonly publicKey: string;
}

/** `n` ed25519 validators from fixed seeds, sorted strictly ascending by public key (the order signers use). */
export function testValidators(n: number): TestValidator[] {
  return Array.from({ length: n }, (_, i) => {
    const seed = createHash("sha256").update(`stun-test-validator-${i}`).digest();
    const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
    const spki = createPublicKey(key).export({ format: "der", type: "spki" });
    return { seed: `0x${seed.toString("hex")}`, publicKey: `0x${spki.subarray(-32).toString("hex")}` };
  }).sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1));
}

export function ed25519Sign(seedHex: string, message: Uint8Array): string {
  const seed = Buffer.from(seedHex.slice(2), "hex");
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  return `0x${sign(null, message, key).toString("hex")}`;
}

const json = (m: BridgeMessage): Record<string, string | number> => ({
  ...m,
  nonce: m.nonce.toString(),
  amount: m.amount.toString(),
});

const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;

export function buildVectors(): unknown {
  const validators = testValidators(3);
  const setVersion = 1;
  const valid: BridgeMessage[] = [
    {
      version: 1,
      kind: MessageKind.Transfer,
      srcChain: ProtocolChain.Ethereum,
      dstChain: ProtocolChain.Ton,
      nonce: 1n,
      token: toBytes32("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
      sender: toBytes32("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
      recipient: `0x${"ab".repeat(32)}`,
      amount: 10n ** 18n,
      payloadHash: `0x${"00".repeat(32)}`,
    },
    {
      version: 1,
      kind: MessageKind.Transfer,
      srcChain: ProtocolChain.Solana,
      dstChain: ProtocolChain.Ethereum,
      nonce: (1n << 64n) - 1n,
      token: `0x${"11".repeat(32)}`,
      sender: `0x${"22".repeat(32)}`,
      recipient: toBytes32("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
      amount: (1n << 128n) - 1n,
      payloadHash: `0x${"00".repeat(32)}`,
    },
    {
      version: 1,
      kind: MessageKind.Governance,
      srcChain: ProtocolChain.Ethereum,
      dstChain: ProtocolChain.Solana,
      nonce: 42n,
      token: `0x${"00".repeat(32)}`,
      sender: toBytes32("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"),
      recipient: `0x${"00".repeat(32)}`,
      amount: 0n,
      payloadHash: `0x${createHash("sha256").update("auditRateBps=2000").digest("hex")}`,
    },
  ];
  const base = encode(valid[0] as BridgeMessage);
  const patched = (at: number, bytes: number[]): string => {
    const b = Buffer.from(base);
    Buffer.from(bytes).copy(b, at);
    return hex(b);
  };
  const invalid = [
    { name: "too short", hex: hex(base.subarray(0, 161)), error: "BadLength" },
    { name: "too long", hex: hex(Buffer.concat([base, Buffer.from([0])])), error: "BadLength" },
    { name: "version 2", hex: patched(0, [2]), error: "UnsupportedVersion" },
    { name: "kind 3", hex: patched(1, [3]), error: "UnknownKind" },
    { name: "unknown destination chain 9", hex: patched(6, [0, 0, 0, 9]), error: "UnknownChain" },
    { name: "source equals destination", hex: patched(6, [0, 0, 0, 1]), error: "SameChain" },
  ];
  return {
    description:
      "STUN bridge message vectors. encoding: big-endian, 162 bytes. ed25519Digest = sha256(ascii 'STUN/bridge/v1' || u32 BE setVersion || message). Validator keys are TEST keys from fixed seeds, sorted ascending by public key.",
    setVersion,
    validators,
    valid: valid.map((m, i) => {
      const digest = ed25519Digest(m, setVersion);
      return {
        name: ["hub to TON transfer", "Solana to hub, max nonce and amount", "governance to Solana"][i],
        message: json(m),
        hex: hex(encode(m)),
        ed25519Digest: hex(digest),
        signatures: validators.map((v) => ed25519Sign(v.seed, digest)),
      };
    }),
    invalid,
  };
}

export { BridgeCodecError };
