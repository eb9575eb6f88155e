/** Live provider availability from signed heartbeats (sdk/src/heartbeat.ts), verified and kept per provider. */
import { HeartbeatError, verifyHeartbeat, type SignedHeartbeat } from "../../sdk/src/heartbeat.js";

export interface Liveness {
  readonly provider: string;
  readonly lastMs: number;
  readonly activeTasks: number;
  readonly capacity: number;
}

export class HeartbeatBook {
  private readonly byProvider = new Map<string, Liveness>();

  constructor(
    readonly chainId: number,
    readonly ttlMs: number,
  ) {}

  /** Verifies and records a heartbeat; throws HeartbeatError (code BadSignature | Stale | FromFuture | Malformed | WrongChain). */
  accept(h: SignedHeartbeat, nowMs = Date.now()): Liveness {
    if (typeof h !== "object" || h === null) throw new HeartbeatError("Malformed", "body must be a JSON object");
    const provider = verifyHeartbeat(h, nowMs, this.ttlMs);
    if (h.chainId !== this.chainId) {
      throw Object.assign(new HeartbeatError("Malformed", `heartbeat for chain ${h.chainId}, this keeper serves ${this.chainId}`), { code: "WrongChain" });
    }
    const prev = this.byProvider.get(provider);
    if (prev && prev.lastMs >= h.timestampMs) return prev; // replay or out of order: keep the newer one
    const l: Liveness = { provider, lastMs: h.timestampMs, activeTasks: h.activeTasks, capacity: h.capacity };
    this.byProvider.set(provider, l);
    return l;
  }

  get(provider: string): Liveness | undefined {
    return this.byProvider.get(provider);
  }

  isLive(provider: string, nowMs = Date.now()): boolean {
    const l = this.byProvider.get(provider);
    return l !== undefined && nowMs - l.lastMs <= this.ttlMs;
  }

  live(nowMs = Date.now()): Liveness[] {
    return [...this.byProvider.values()].filter((l) => nowMs - l.lastMs <= this.ttlMs);
  }
}
