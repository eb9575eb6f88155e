/**
 * Fast path for finalized batches: one multi-row INSERT (or INSERT ... ON CONFLICT (id) DO UPDATE) per table and
 * 60k parameters, built from the TypeORM entity metadata, instead of TypeORM's per-row query builder (which took
 * ~90% of the handler time in the ingest benchmark).
 *
 * Only used when the batch is final: @subsquid/typeorm-store 1.5.1 records hot-block changes (for rollback) inside
 * Store.insert/upsert, and it does so only when `store.changes` is set. Hot batches keep the normal Store API.
 */
import type { Store } from "@subsquid/typeorm-store";
import type { EntityManager } from "typeorm";

interface StoreInternals {
  readonly changes?: unknown;
  em(): EntityManager;
}

/** The store's EntityManager when this batch does not need change tracking (final blocks), else null. */
export function fastEm(store: Store): EntityManager | null {
  const s = store as unknown as StoreInternals;
  return s.changes === undefined && typeof s.em === "function" ? s.em() : null;
}

const PARAMS_PER_QUERY = 60_000;

/**
 * Writes `entities` (all of one class) with raw SQL; `upsert` updates every non-id column on conflict. A relation
 * that is `undefined` on an entity (loaded without its relations) is left out of that entity's column list, so an
 * upsert keeps the stored foreign key, as Store.upsert does.
 */
export async function rawWrite(em: EntityManager, entities: readonly object[], mode: "insert" | "upsert"): Promise<void> {
  if (entities.length === 0) return;
  const meta = em.connection.getMetadata(entities[0]!.constructor);
  const rels = meta.columns.filter((c) => c.relationMetadata);
  const groups = new Map<string, object[]>();
  for (const e of entities) {
    const sig = rels.map((c) => (c.relationMetadata!.getEntityValue(e as never) === undefined ? "0" : "1")).join("");
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = []));
    g.push(e);
  }
  for (const [sig, group] of groups) {
    const skip = new Set(rels.filter((_c, i) => sig[i] === "0"));
    await writeGroup(em, meta.tableName, meta.columns.filter((c) => !skip.has(c)), group, mode);
  }
}

type Col = ReturnType<EntityManager["connection"]["getMetadata"]>["columns"][number];

async function writeGroup(em: EntityManager, table: string, cols: Col[], entities: readonly object[], mode: "insert" | "upsert"): Promise<void> {
  const names = cols.map((c) => `"${c.databaseName}"`).join(", ");
  const updatable = cols.filter((c) => !c.isPrimary);
  const conflict =
    mode === "upsert"
      ? updatable.length > 0
        ? ` ON CONFLICT ("id") DO UPDATE SET ${updatable.map((c) => `"${c.databaseName}" = EXCLUDED."${c.databaseName}"`).join(", ")}`
        : ` ON CONFLICT ("id") DO NOTHING`
      : "";
  const perQuery = Math.max(1, Math.floor(PARAMS_PER_QUERY / cols.length));
  for (let i = 0; i < entities.length; i += perQuery) {
    const chunk = entities.slice(i, i + perQuery);
    const params: unknown[] = [];
    const rows = chunk.map((e) => {
      const ph = cols.map((c) => {
        let v: unknown;
        if (c.relationMetadata) {
          const rel = c.relationMetadata.getEntityValue(e as never) as { id?: string } | null | undefined;
          v = rel == null ? null : rel.id;
        } else {
          v = c.getEntityValue(e as never, true);
        }
        params.push(v === undefined ? null : v);
        return `$${params.length}`;
      });
      return `(${ph.join(", ")})`;
    });
    await em.query(`INSERT INTO "${table}" (${names}) VALUES ${rows.join(", ")}${conflict}`, params);
  }
}
