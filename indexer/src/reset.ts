/**
 * Recovery from reorgs deeper than the finality window (and from a devnet chain restarted under the same chain id):
 * a Subsquid processor refuses to start when its last finalized block is no longer on the chain. Before starting a
 * chain's processor we compare the stored finalized block with the chain; on a mismatch we delete that chain's rows
 * and its state schema, and the processor re-indexes from `fromBlock`.
 */
import pg from "pg";

import { stateSchema, type ChainConfig } from "./config.js";

/** Tables with a chain_id column, children before parents (foreign keys). */
export const TABLES_CHILD_FIRST = [
  "task_event", "assignment", "stake_event", "slash", "reputation_update", "payout", "provider_earning", "payment_split",
  "refund", "audit", "dispute", "provider_spec_change", "vote", "parameter_change", "pause_event", "model",
  "task", "provider", "proposal",
] as const;

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Deletes one chain's indexed rows and processor state. */
export async function wipeChain(db: InstanceType<typeof pg.Client>, chainId: number): Promise<void> {
  await db.query("BEGIN");
  try {
    for (const t of TABLES_CHILD_FIRST) await db.query(`DELETE FROM "${t}" WHERE chain_id = $1`, [chainId]);
    await db.query(`DROP SCHEMA IF EXISTS "${stateSchema({ chainId })}" CASCADE`);
    await db.query("COMMIT");
  } catch (e) {
    await db.query("ROLLBACK");
    throw e;
  }
}

/**
 * Returns "ok" when the processor can resume, "reset" when the stored chain state was not on the chain and was
 * wiped.
 */
export async function ensureSameChain(dbUrl: string, c: ChainConfig, log: (m: string) => void = () => {}): Promise<"ok" | "reset"> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const schema = stateSchema(c);
    const exists = await db.query("SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'status'", [schema]);
    if (exists.rowCount === 0) return "ok";
    const { rows } = await db.query<{ height: number; hash: string | null }>(`SELECT height, hash FROM "${schema}".status WHERE id = 0`);
    const st = rows[0];
    if (!st || st.height < 0 || !st.hash) return "ok";
    const block = await rpc<{ hash: string } | null>(c.rpcUrl, "eth_getBlockByNumber", ["0x" + Number(st.height).toString(16), false]);
    if (block && block.hash.toLowerCase() === st.hash.toLowerCase()) return "ok";
    log(`chain ${c.chainId}: indexed block ${st.height}#${st.hash.slice(0, 10)} is not on the chain (deep reorg or restarted chain): re-indexing`);
    await wipeChain(db, c.chainId);
    return "reset";
  } finally {
    await db.end();
  }
}
