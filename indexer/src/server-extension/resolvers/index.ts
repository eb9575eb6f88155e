/**
 * Custom GraphQL queries (loaded by @subsquid/graphql-server from lib/server-extension/resolvers):
 *  - indexerStatus: per chain, the indexed head (hot) and finalized heights; used by the client's lagBlocks().
 *  - protocolTotals: aggregates openreader cannot express (sums per token, counts per status).
 * Types are given explicitly to every decorator: the package is compiled without emitDecoratorMetadata.
 */
import "reflect-metadata";
import typeGraphql from "type-graphql";
import type { EntityManager } from "typeorm";

// type-graphql is CommonJS without statically detectable named exports: take them from the default export.
const { Arg, Field, Int, ObjectType, Query, Resolver } = typeGraphql;

@ObjectType()
export class ChainIndexStatus {
  @Field(() => Int) chainId!: number;
  @Field(() => Int, { description: "highest indexed block (including unfinalized)" }) height!: number;
  @Field(() => Int, { description: "highest indexed block the processor treats as final" }) finalizedHeight!: number;
  @Field(() => String, { nullable: true }) hash!: string | null;
  constructor(p: ChainIndexStatus) {
    Object.assign(this, p);
  }
}

@ObjectType()
export class TokenTotals {
  @Field(() => String) token!: string;
  @Field(() => String, { description: "sum of task rewards" }) rewards!: string;
  @Field(() => String) providerPaid!: string;
  @Field(() => String) treasuryPaid!: string;
  @Field(() => String) creatorPaid!: string;
  @Field(() => String) refunded!: string;
  constructor(p: TokenTotals) {
    Object.assign(this, p);
  }
}

@ObjectType()
export class StatusCount {
  @Field(() => String) status!: string;
  @Field(() => Int) count!: number;
  constructor(p: StatusCount) {
    Object.assign(this, p);
  }
}

@ObjectType()
export class ProtocolTotals {
  @Field(() => Int) chainId!: number;
  @Field(() => Int) tasks!: number;
  @Field(() => [StatusCount]) tasksByStatus!: StatusCount[];
  @Field(() => Int) providers!: number;
  @Field(() => Int) activeProviders!: number;
  @Field(() => String) totalStake!: string;
  @Field(() => String) totalSlashed!: string;
  @Field(() => Int) slashes!: number;
  @Field(() => Int) disputes!: number;
  @Field(() => Int) audits!: number;
  @Field(() => Int) proposals!: number;
  @Field(() => [TokenTotals]) tokens!: TokenTotals[];
  constructor(p: ProtocolTotals) {
    Object.assign(this, p);
  }
}

type Row = Record<string, string | number | null>;

@Resolver()
export class StunResolver {
  constructor(private tx: () => Promise<EntityManager>) {}

  @Query(() => [ChainIndexStatus], { description: "Indexed height per chain (one Subsquid state schema per chain)." })
  async indexerStatus(): Promise<ChainIndexStatus[]> {
    const m = await this.tx();
    const schemas: { s: string }[] = await m.query(
      `SELECT table_schema AS s FROM information_schema.tables WHERE table_schema LIKE 'squid_processor_%' AND table_name = 'status' ORDER BY 1`,
    );
    const out: ChainIndexStatus[] = [];
    for (const { s } of schemas) {
      const chainId = Number(s.slice("squid_processor_".length));
      if (!Number.isInteger(chainId)) continue;
      const [r]: Row[] = await m.query(
        `SELECT f.height AS fin, f.hash AS fhash, h.height AS hot, h.hash AS hhash
           FROM "${s}".status f LEFT JOIN LATERAL (SELECT height, hash FROM "${s}".hot_block ORDER BY height DESC LIMIT 1) h ON true
          WHERE f.id = 0`,
      );
      if (!r) continue;
      const fin = Number(r.fin);
      const hot = r.hot == null ? fin : Number(r.hot);
      out.push(new ChainIndexStatus({ chainId, height: Math.max(fin, hot), finalizedHeight: fin, hash: (r.hhash ?? r.fhash) as string | null }));
    }
    return out;
  }

  @Query(() => [ProtocolTotals], { description: "Protocol totals per chain (all chains when chainId is omitted)." })
  async protocolTotals(@Arg("chainId", () => Int, { nullable: true }) chainId?: number): Promise<ProtocolTotals[]> {
    const m = await this.tx();
    const cid = chainId ?? null;
    const where = `($1::int IS NULL OR chain_id = $1)`;
    const chains: Row[] = await m.query(
      `SELECT chain_id FROM task WHERE ${where} UNION SELECT chain_id FROM provider WHERE ${where} ORDER BY 1`,
      [cid],
    );
    const out: ProtocolTotals[] = [];
    for (const c of chains) {
      const id = Number(c.chain_id);
      const [t]: Row[] = await m.query(`SELECT count(*)::int AS n FROM task WHERE chain_id = $1`, [id]);
      const byStatus: Row[] = await m.query(
        `SELECT status, count(*)::int AS n FROM task WHERE chain_id = $1 GROUP BY status ORDER BY status`,
        [id],
      );
      const [p]: Row[] = await m.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE active)::int AS a, coalesce(sum(stake), 0)::text AS stake,
                coalesce(sum(total_slashed), 0)::text AS slashed, coalesce(sum(slash_count), 0)::int AS sc
           FROM provider WHERE chain_id = $1`,
        [id],
      );
      const [x]: Row[] = await m.query(
        `SELECT (SELECT count(*) FROM dispute WHERE chain_id = $1)::int AS d, (SELECT count(*) FROM audit WHERE chain_id = $1)::int AS au,
                (SELECT count(*) FROM proposal WHERE chain_id = $1)::int AS pr`,
        [id],
      );
      const tokens: Row[] = await m.query(
        `SELECT tok.token,
                coalesce((SELECT sum(reward) FROM task WHERE chain_id = $1 AND token = tok.token), 0)::text AS rewards,
                coalesce((SELECT sum(provider_each * provider_count) FROM payment_split WHERE chain_id = $1 AND token = tok.token), 0)::text AS pp,
                coalesce((SELECT sum(treasury) FROM payment_split WHERE chain_id = $1 AND token = tok.token), 0)::text AS tp,
                coalesce((SELECT sum(creator) FROM payment_split WHERE chain_id = $1 AND token = tok.token), 0)::text AS cp,
                coalesce((SELECT sum(amount) FROM refund WHERE chain_id = $1 AND token = tok.token), 0)::text AS rf
           FROM (SELECT DISTINCT token FROM task WHERE chain_id = $1) tok ORDER BY tok.token`,
        [id],
      );
      out.push(
        new ProtocolTotals({
          chainId: id,
          tasks: Number(t?.n ?? 0),
          tasksByStatus: byStatus.map((r) => new StatusCount({ status: String(r.status), count: Number(r.n) })),
          providers: Number(p?.n ?? 0),
          activeProviders: Number(p?.a ?? 0),
          totalStake: String(p?.stake ?? "0"),
          totalSlashed: String(p?.slashed ?? "0"),
          slashes: Number(p?.sc ?? 0),
          disputes: Number(x?.d ?? 0),
          audits: Number(x?.au ?? 0),
          proposals: Number(x?.pr ?? 0),
          tokens: tokens.map(
            (r) =>
              new TokenTotals({
                token: String(r.token),
                rewards: String(r.rewards),
                providerPaid: String(r.pp),
                treasuryPaid: String(r.tp),
                creatorPaid: String(r.cp),
                refunded: String(r.rf),
              }),
          ),
        }),
      );
    }
    return out;
  }
}
