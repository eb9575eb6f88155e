/**
 * Sends many keeper transactions in one go (a pass's assignments, finalizations and deadline expiries):
 * 1. every call is estimated in parallel: a call the contract would refuse (already done by someone, wrong state)
 *    is logged with its named error and never broadcast, as with `act`;
 * 2. the survivors are signed with consecutive nonces and broadcast back to back, without waiting for each receipt;
 * 3. the receipts are awaited together.
 * A call that failed within FAILURE_BACKOFF_MS is skipped, like `act`. After a broadcast error the nonce is re-read
 * from the node, so one refused transaction does not strand the ones after it.
 */
import type { ContractTransaction, TransactionRequest } from "ethers";

import { decodeError, StunError } from "../../sdk/src/errors.js";
import { FAILURE_BACKOFF_MS, type KeeperContext, type TxAction } from "./context.js";
import { mapLimit } from "../../sdk/src/map-limit.js";

export interface BatchCall {
  readonly action: TxAction;
  readonly id: string;
  /** The unsigned call (e.g. `marketplace.finalizeTask.populateTransaction(id)`). */
  readonly populate: () => Promise<ContractTransaction>;
  readonly detail?: unknown;
}

/** Parallel gas estimations. */
const ESTIMATE_CONCURRENCY = 16;
/** Gas limit = estimate + 20 %. */
const GAS_HEADROOM_DIV = 5n;

/** Sends `calls` from the context's matcher signer; resolves to one success flag per call, in order. */
export async function sendBatch(ctx: KeeperContext, calls: readonly BatchCall[]): Promise<boolean[]> {
  const { chain, failedAt, log } = ctx;
  const ok = calls.map(() => false);
  if (calls.length === 0) return ok;
  const signer = chain.signer;
  if (!signer) throw new StunError("KeyError", "the keeper needs a signer");
  const from = await signer.getAddress();
  const fail = (k: number, e: unknown): void => {
    const c = calls[k] as BatchCall;
    const err = decodeError(e) as Error;
    failedAt.set(`${c.action}:${c.id}`, Date.now());
    log({ kind: "error", action: c.action, id: c.id, error: err.name, message: err.message });
  };

  const now = Date.now();
  const live = calls.map((c, k) => ({ c, k })).filter(({ c }) => {
    const last = failedAt.get(`${c.action}:${c.id}`);
    return last === undefined || now - last >= FAILURE_BACKOFF_MS;
  });
  const estimated = await mapLimit(live, ESTIMATE_CONCURRENCY, async ({ c, k }) => {
    try {
      const tx = await c.populate();
      const gas = await chain.provider.estimateGas({ ...tx, from });
      return { k, tx: { ...tx, gasLimit: gas + gas / GAS_HEADROOM_DIV } as TransactionRequest };
    } catch (e) {
      fail(k, e);
      return undefined;
    }
  });
  const ready = estimated.filter((x): x is { k: number; tx: TransactionRequest } => x !== undefined);
  if (ready.length === 0) return ok;

  const [fee, network] = await Promise.all([chain.provider.getFeeData(), chain.provider.getNetwork()]);
  let nonce = await chain.provider.getTransactionCount(from, "pending");
  const sent: { k: number; hash: string }[] = [];
  for (const { k, tx } of ready) {
    try {
      // EIP-1559 fees where the chain has them, else a legacy gas price
      const pricing =
        fee.maxFeePerGas !== null
          ? { type: 2, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas }
          : { type: 0, gasPrice: fee.gasPrice };
      const raw = await signer.signTransaction({ ...tx, from, nonce, chainId: network.chainId, ...pricing });
      const res = await chain.provider.broadcastTransaction(raw);
      nonce++;
      sent.push({ k, hash: res.hash });
    } catch (e) {
      fail(k, e);
      nonce = await chain.provider.getTransactionCount(from, "pending");
    }
  }

  await Promise.all(
    sent.map(async ({ k, hash }) => {
      const c = calls[k] as BatchCall;
      try {
        const r = await chain.provider.waitForTransaction(hash, 1, 60_000);
        if (!r || r.status !== 1) throw new StunError("TxReverted", `${c.action} ${c.id}: transaction ${hash} ${r ? "reverted" : "not mined in 60 s"}`);
        failedAt.delete(`${c.action}:${c.id}`);
        ok[k] = true;
        log({ kind: "tx", action: c.action, id: c.id, hash, detail: c.detail });
      } catch (e) {
        fail(k, e);
      }
    }),
  );
  return ok;
}
