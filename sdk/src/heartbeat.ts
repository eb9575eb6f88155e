/**
 * Signed provider heartbeats: agents send them to the keeper, which skips providers whose last valid heartbeat is
 * stale. The signature is EIP-191 over keccak256(abi.encode("STUN/heartbeat/v1", chainId, provider, timestampMs,
 * activeTasks, capacity)), domain-separated by the tag and the chain id, so it cannot be replayed on another chain
 * or reused as any other signed message.
 */
import { AbiCoder, getAddress, getBytes, keccak256, verifyMessage, type Signer } from "ethers";

export const HEARTBEAT_TAG = "STUN/heartbeat/v1";

export interface Heartbeat {
  readonly chainId: number;
  readonly provider: string;
  readonly timestampMs: number;
  readonly activeTasks: number;
  readonly capacity: number;
}

export interface SignedHeartbeat extends Heartbeat {
  readonly signature: string;
}

export class HeartbeatError extends Error {
  constructor(
    readonly code: "BadSignature" | "Stale" | "FromFuture" | "Malformed",
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "HeartbeatError";
  }
}

export function heartbeatDigest(h: Heartbeat): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["string", "uint256", "address", "uint64", "uint32", "uint32"],
      [HEARTBEAT_TAG, h.chainId, h.provider, h.timestampMs, h.activeTasks, h.capacity],
    ),
  );
}

export async function signHeartbeat(signer: Signer, h: Omit<Heartbeat, "provider">): Promise<SignedHeartbeat> {
  const provider = await signer.getAddress();
  const body = { ...h, provider };
  return { ...body, signature: await signer.signMessage(getBytes(heartbeatDigest(body))) };
}

/** Checks shape, signer and freshness (`maxAgeMs`, and at most `maxSkewMs` in the future). Returns the provider. */
export function verifyHeartbeat(h: SignedHeartbeat, nowMs: number, maxAgeMs: number, maxSkewMs = 5_000): string {
  const ints = [h.chainId, h.timestampMs, h.activeTasks, h.capacity];
  if (!ints.every((v) => Number.isSafeInteger(v) && v >= 0) || typeof h.signature !== "string") {
    throw new HeartbeatError("Malformed", "fields must be non-negative integers and a signature");
  }
  let provider: string;
  try {
    provider = getAddress(h.provider);
  } catch {
    throw new HeartbeatError("Malformed", `provider ${String(h.provider)}`);
  }
  let signer: string;
  try {
    signer = verifyMessage(getBytes(heartbeatDigest({ ...h, provider })), h.signature);
  } catch {
    throw new HeartbeatError("BadSignature", "unparsable signature");
  }
  if (signer !== provider) throw new HeartbeatError("BadSignature", `signed by ${signer}, claims ${provider}`);
  if (h.timestampMs > nowMs + maxSkewMs) throw new HeartbeatError("FromFuture", `${h.timestampMs - nowMs} ms ahead`);
  if (nowMs - h.timestampMs > maxAgeMs) throw new HeartbeatError("Stale", `${nowMs - h.timestampMs} ms old`);
  return provider;
}
