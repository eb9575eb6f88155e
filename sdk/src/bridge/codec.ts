/**
 * The bridge message codec: one byte layout on every chain (docs/protocol.md, "Bridge message").
 *
 *   version u8 | kind u8 | srcChain u32 | dstChain u32 | nonce u64 | token bytes32 | sender bytes32 |
 *   recipient bytes32 | amount u128 | payloadHash bytes32            (big-endian, 162 bytes)
 *
 * ed25519 validators (Solana, TON) sign `sha256("STUN/bridge/v1" || setVersion u32 BE || message)`, so a
 * signature is bound to the protocol, the codec version and the validator set that made it.
 * The shared byte-level vectors are in bridge/vectors/bridge-message.json.
 */
import { createHash } from "node:crypto";

export const BRIDGE_CODEC_VERSION = 1;
export const BRIDGE_MESSAGE_LENGTH = 162;
export const ED25519_DOMAIN = "STUN/bridge/v1";

export enum MessageKind {
  Transfer = 1,
  Governance = 2,
}

/** Protocol chain ids (u32), not EVM chain ids. */
export const ProtocolChain = { Ethereum: 1, Base: 2, Arbitrum: 3, Solana: 4, Ton: 5 } as const;

export interface BridgeMessage {
  readonly version: number;
  readonly kind: MessageKind;
  readonly srcChain: number;
  readonly dstChain: number;
  readonly nonce: bigint;
  /** 32-byte values as 0x-prefixed hex (EVM addresses left-padded with zeros). */
  readonly token: string;
  readonly sender: string;
  readonly recipient: string;
  readonly amount: bigint;
  readonly payloadHash: string;
}

export type CodecErrorCode =
  | "BadLength"
  | "UnsupportedVersion"
  | "UnknownKind"
  | "UnknownChain"
  | "SameChain"
  | "OutOfRange"
  | "BadBytes32";

/** A message the codec refuses, with a code that the on-chain decoders mirror. */
export class BridgeCodecError extends Error {
  constructor(
    readonly code: CodecErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "BridgeCodecError";
  }
}

const KNOWN_CHAINS = new Set<number>(Object.values(ProtocolChain));
const U32 = 0xffff_ffffn;
const U64 = (1n << 64n) - 1n;
const U128 = (1n << 128n) - 1n;

function checkRange(name: string, v: bigint, max: bigint): void {
  if (v < 0n || v > max) throw new BridgeCodecError("OutOfRange", `${name}=${v}`);
}

function bytes32(name: string, hex: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new BridgeCodecError("BadBytes32", `${name} must be 0x + 64 hex digits`);
  return Buffer.from(hex.slice(2), "hex");
}

/** Checks what every destination checks before anything else: version, kind, known and distinct chains. */
export function validate(m: BridgeMessage): void {
  if (m.version !== BRIDGE_CODEC_VERSION) throw new BridgeCodecError("UnsupportedVersion", `version ${m.version}`);
  if (m.kind !== MessageKind.Transfer && m.kind !== MessageKind.Governance) {
    throw new BridgeCodecError("UnknownKind", `kind ${m.kind}`);
  }
  for (const [name, id] of [["srcChain", m.srcChain], ["dstChain", m.dstChain]] as const) {
    checkRange(name, BigInt(id), U32);
    if (!KNOWN_CHAINS.has(id)) throw new BridgeCodecError("UnknownChain", `${name} ${id}`);
  }
  if (m.srcChain === m.dstChain) throw new BridgeCodecError("SameChain", `chain ${m.srcChain}`);
  checkRange("nonce", m.nonce, U64);
  checkRange("amount", m.amount, U128);
}

export function encode(m: BridgeMessage): Uint8Array {
  validate(m);
  const out = Buffer.alloc(BRIDGE_MESSAGE_LENGTH);
  let o = 0;
  out.writeUInt8(m.version, o++);
  out.writeUInt8(m.kind, o++);
  out.writeUInt32BE(m.srcChain, o);
  out.writeUInt32BE(m.dstChain, (o += 4));
  out.writeBigUInt64BE(m.nonce, (o += 4));
  o += 8;
  for (const [name, v] of [["token", m.token], ["sender", m.sender], ["recipient", m.recipient]] as const) {
    out.set(bytes32(name, v), o);
    o += 32;
  }
  out.writeBigUInt64BE(m.amount >> 64n, o);
  out.writeBigUInt64BE(m.amount & U64, o + 8);
  o += 16;
  out.set(bytes32("payloadHash", m.payloadHash), o);
  return new Uint8Array(out);
}

export function decode(bytes: Uint8Array): BridgeMessage {
  if (bytes.length !== BRIDGE_MESSAGE_LENGTH) {
    throw new BridgeCodecError("BadLength", `${bytes.length} bytes, expected ${BRIDGE_MESSAGE_LENGTH}`);
  }
  const b = Buffer.from(bytes);
  const hex = (from: number): string => `0x${b.subarray(from, from + 32).toString("hex")}`;
  const m: BridgeMessage = {
    version: b.readUInt8(0),
    kind: b.readUInt8(1),
    srcChain: b.readUInt32BE(2),
    dstChain: b.readUInt32BE(6),
    nonce: b.readBigUInt64BE(10),
    token: hex(18),
    sender: hex(50),
    recipient: hex(82),
    amount: (b.readBigUInt64BE(114) << 64n) | b.readBigUInt64BE(122),
    payloadHash: hex(130),
  };
  validate(m);
  return m;
}

/** The digest ed25519 validators sign for a message under validator set `setVersion`. */
export function ed25519Digest(m: BridgeMessage, setVersion: number): Uint8Array {
  checkRange("setVersion", BigInt(setVersion), U32);
  const v = Buffer.alloc(4);
  v.writeUInt32BE(setVersion);
  return new Uint8Array(createHash("sha256").update(ED25519_DOMAIN, "ascii").update(v).update(encode(m)).digest());
}

/** Left-pads a 20-byte EVM address (or any shorter hex) to a bytes32 hex string. */
export function toBytes32(hex: string): string {
  const body = hex.replace(/^0x/, "").toLowerCase();
  if (!/^[0-9a-f]{0,64}$/.test(body)) throw new BridgeCodecError("BadBytes32", hex);
  return `0x${body.padStart(64, "0")}`;
}
