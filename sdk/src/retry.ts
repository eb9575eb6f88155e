/** Bounded retry with exponential backoff for transient RPC failures (reverts and caller errors are not retried). */
import { RpcError, decodeError, isTransientRpcError } from "./errors.js";

export interface RetryOptions {
  /** Total attempts, including the first (default 5). */
  readonly attempts?: number;
  /** First delay in ms (default 200); doubles up to `maxDelayMs` (default 5000), with ±20% jitter. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, opts.attempts ?? 5);
  let delay = opts.baseDelayMs ?? 200;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientRpcError(e)) throw decodeError(e);
      if (i >= attempts) throw new RpcError(`gave up after ${attempts} attempts: ${(e as Error).message}`, { cause: e });
      const d = Math.round(delay * (0.8 + Math.random() * 0.4));
      opts.onRetry?.(i, d, e);
      await sleep(d);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5000);
    }
  }
}
