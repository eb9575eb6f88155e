/**
 * What every keeper loop shares: the config and event types, the chain adapters, the structured log, and `act`, the
 * one way a loop sends a transaction (per-action failure backoff, named errors logged).
 */
import type { Signer } from "ethers";

import type { EvmAdapter } from "../../sdk/src/chain/evm.js";
import type { ChainDeployment } from "../../sdk/src/deployments.js";
import { decodeError } from "../../sdk/src/errors.js";
import type { CanonicalOutput } from "../../sdk/src/result.js";
import type { RetryOptions } from "../../sdk/src/retry.js";
import type { PricingParams } from "./pricing.js";

/** Re-executes a task spec (bytes) to its canonical output; default: provider-agent/src/executor.ts executeTask. */
export type AuditExecutor = (spec: Uint8Array, fetch: (id: string) => Promise<Uint8Array>) => Promise<CanonicalOutput>;

export type KeeperEvent =
  | { kind: "tx"; action: "assign" | "reassign" | "expire" | "finalize" | "resolveAudit" | "resolveDispute" | "resolveStale" | "executeProposal"; id: string; hash: string; detail?: unknown }
  | { kind: "noShow"; taskId: string; noShows: string[]; nextCandidates: string[]; note: string }
  | { kind: "error"; action: string; id: string; error: string; message: string }
  | { kind: "info"; message: string; detail?: unknown };

export type TxAction = Extract<KeeperEvent, { kind: "tx" }>["action"];

export interface KeeperConfig {
  readonly deployment: ChainDeployment;
  /** MATCHER_ROLE signer: assigns, expires, finalizes, executes proposals. */
  readonly signer: Signer;
  /** AUDITOR_ROLE signer; without it the audit flow is off. */
  readonly auditor?: Signer;
  /** Blob store (task specs, models, inputs) for audits. */
  readonly blobStore?: string;
  /** Audit re-execution (default: the provider agent's executor, imported lazily). */
  readonly execute?: AuditExecutor;
  /** HTTP API port on 127.0.0.1 (0 = ephemeral; false = no HTTP). Default 0. */
  readonly port?: number | false;
  /** Main loop interval (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Log one `pass` info event per pass with its timings (diagnostics; the CLI sets it from STUN_KEEPER_TRACE=1). */
  readonly tracePasses?: boolean;
  /** Re-read every open task at least this often, besides the ones new logs name (ms, default 30 s). */
  readonly fullResyncMs?: number;
  /** A heartbeat older than this marks its provider unavailable (default 30 s). */
  readonly heartbeatTtlMs?: number;
  /** false: providers without heartbeats count as live (tests, or networks without agents). Default true. */
  readonly requireHeartbeats?: boolean;
  /** Execute queued governance proposals (default: when the deployment has a governor). */
  readonly governance?: boolean;
  readonly pricing?: Partial<PricingParams>;
  readonly retry?: RetryOptions;
  /** Structured log (default: JSON lines on stderr). */
  readonly log?: (e: KeeperEvent) => void;
}

/** A failed action is not retried for this long (ms). */
export const FAILURE_BACKOFF_MS = 5_000;

export interface KeeperContext {
  readonly config: KeeperConfig;
  /** MATCHER_ROLE adapter. */
  readonly chain: EvmAdapter;
  /** AUDITOR_ROLE adapter (same provider), when configured. */
  readonly auditorChain: EvmAdapter | undefined;
  readonly log: (e: KeeperEvent) => void;
  /** action key (`action:id`) -> ms of its last failure. */
  readonly failedAt: Map<string, number>;
  /** Sends unless the same action failed within FAILURE_BACKOFF_MS; logs the tx or the decoded error. */
  act(action: TxAction, id: string, send: () => Promise<{ hash: string }>, detail?: unknown): Promise<boolean>;
}

export function createContext(config: KeeperConfig, chain: EvmAdapter, auditorChain: EvmAdapter | undefined, log: (e: KeeperEvent) => void): KeeperContext {
  const failedAt = new Map<string, number>();
  async function act(action: TxAction, id: string, send: () => Promise<{ hash: string }>, detail?: unknown): Promise<boolean> {
    const key = `${action}:${id}`;
    const last = failedAt.get(key);
    if (last !== undefined && Date.now() - last < FAILURE_BACKOFF_MS) return false;
    try {
      const tx = await send();
      failedAt.delete(key);
      log({ kind: "tx", action, id, hash: tx.hash, detail });
      return true;
    } catch (e) {
      const err = decodeError(e) as Error;
      failedAt.set(key, Date.now());
      log({ kind: "error", action, id, error: err.name, message: err.message });
      return false;
    }
  }
  return { config, chain, auditorChain, log, failedAt, act };
}
