import assert from "node:assert/strict";
import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import {
  BRIDGE_MESSAGE_LENGTH,
  BridgeCodecError,
  MessageKind,
  ProtocolChain,
  decode,
  ed25519Digest,
  encode,
  toBytes32,
  type BridgeMessage,
} from "../src/bridge/codec.js";
import { buildVectors } from "../src/bridge/vectors.js";

interface Vectors {
  setVersion: number;
  validators: { publicKey: string }[];
  valid: { message: Record<string, string | number>; hex: string; ed25519Digest: string; signatures: string[] }[];
  invalid: { name: string; hex: string; error: string }[];
}
const FILE = new URL("../../bridge/vectors/bridge-message.json", import.meta.url);
const vectors = JSON.parse(readFileSync(FILE, "utf8")) as Vectors;
const bytes = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex.slice(2), "hex"));
const fromJson = (m: Record<string, string | number>): BridgeMessage =>
  ({ ...m, nonce: BigInt(m.nonce as string), amount: BigInt(m.amount as string) }) as unknown as BridgeMessage;
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

const sample: BridgeMessage = {
  version: 1,
  kind: MessageKind.Transfer,
  srcChain: ProtocolChain.Base,
  dstChain: ProtocolChain.Ethereum,
  nonce: 7n,
  token: toBytes32("0x01"),
  sender: toBytes32("0x02"),
  recipient: toBytes32("0x03"),
  amount: 5n,
  payloadHash: toBytes32("0x"),
};

describe("bridge message codec", () => {
  it("the committed vectors are exactly what the codec produces (no drift)", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(buildVectors())), vectors);
  });

  it("encodes and decodes every valid vector byte for byte, with the digest validators sign", () => {
    for (const v of vectors.valid) {
      const m = fromJson(v.message);
      const enc = encode(m);
      assert.equal(enc.length, BRIDGE_MESSAGE_LENGTH);
      assert.equal(`0x${Buffer.from(enc).toString("hex")}`, v.hex);
      assert.deepEqual(decode(bytes(v.hex)), m);
      assert.equal(`0x${Buffer.from(ed25519Digest(m, vectors.setVersion)).toString("hex")}`, v.ed25519Digest);
    }
  });

  it("every vector signature verifies under its validator's key and not under another set version", () => {
    for (const v of vectors.valid) {
      const m = fromJson(v.message);
      v.signatures.forEach((sig, i) => {
        const pub = createPublicKey({
          key: Buffer.concat([SPKI_ED25519_PREFIX, bytes(vectors.validators[i]!.publicKey)]),
          format: "der",
          type: "spki",
        });
        assert.ok(verify(null, ed25519Digest(m, vectors.setVersion), pub, bytes(sig)));
        assert.ok(!verify(null, ed25519Digest(m, vectors.setVersion + 1), pub, bytes(sig)));
      });
    }
  });

  it("validators are strictly ascending by public key", () => {
    const keys = vectors.validators.map((v) => v.publicKey);
    for (let i = 1; i < keys.length; i++) assert.ok(keys[i - 1]! < keys[i]!);
  });

  it("refuses every invalid vector with the named error", () => {
    for (const v of vectors.invalid) {
      assert.throws(
        () => decode(bytes(v.hex)),
        (e: unknown) => e instanceof BridgeCodecError && e.code === v.error,
        v.name,
      );
    }
  });

  it("refuses out-of-range fields and malformed bytes32 on encode", () => {
    const bad: [Partial<BridgeMessage>, string][] = [
      [{ nonce: 1n << 64n }, "OutOfRange"],
      [{ nonce: -1n }, "OutOfRange"],
      [{ amount: 1n << 128n }, "OutOfRange"],
      [{ token: "0x1234" }, "BadBytes32"],
      [{ dstChain: ProtocolChain.Base }, "SameChain"],
      [{ srcChain: 0 }, "UnknownChain"],
      [{ kind: 0 as MessageKind }, "UnknownKind"],
      [{ version: 0 }, "UnsupportedVersion"],
    ];
    for (const [patch, code] of bad) {
      assert.throws(() => encode({ ...sample, ...patch }), (e: unknown) => e instanceof BridgeCodecError && e.code === code, code);
    }
    assert.throws(() => ed25519Digest(sample, 2 ** 32), (e: unknown) => e instanceof BridgeCodecError && e.code === "OutOfRange");
  });

  it("left-pads addresses to bytes32 and refuses non-hex", () => {
    assert.equal(toBytes32("0xAB"), `0x${"0".repeat(62)}ab`);
    assert.throws(() => toBytes32("0xzz"), BridgeCodecError);
  });
});
