/**
 * The keeper service for one chain: matches open tasks to providers (priority queue + matcher -> assignProviders),
 * expires tasks past their deadline or with a no-show, finalizes after the challenge window, runs the audit flow
 * (re-executes with the provider agent's executor -> resolveAudit / resolveDispute; resolveStale once an audit or
 * dispute has waited past auditTimeout without a verdict), executes queued governance
 * proposals once the timelock is ready, and serves heartbeats and price quotes on loopback.
 *
 * This file is the wiring and the main loop; each concern lives in its own module: context.ts (config/event types,
 * `act`), providers.ts (snapshots, candidates, requirements), transitions.ts (deadlines, expiry, no-shows, finalize,
 * stale audits), audit.ts (re-execution and verdicts), assignment.ts (queue -> assignProviders), proposals.ts
 * (governance execution).
 *
 * Robustness:
 * - Idempotent: every action works from the task's on-chain state (re-read when a log names the task, and every
 *   30 s anyway) and gas estimation runs before broadcast, so a transition someone else already made, or one this
 *   keeper already sent before a restart, is refused at estimation and costs nothing.
 * - Stateless across restarts: on start it reads every task id below nextTaskId, replays the marketplace logs and
 *   every ProposalQueued event since the deployment block, so a restarted keeper resumes where the chain is.
 * - RPC reads retry with bounded exponential backoff (sdk/src/retry.ts); a failed action is logged with its named
 *   error and retried on a later tick.
 *
 * Reassignment: a no-show lane (past its own accept window, neither accepted nor submitted) is handed to the
 * matcher's next live eligible provider with reassignProvider (the no-show is penalised on chain, the replacement
 * gets a full accept window); with no candidate left the task is expired and refunded (expire-and-report).
 *
 * Throughput: the pass is event-driven (tracker.ts: only tasks named by new logs, or whose timer is due, are read)
 * and a pass's assignments, finalizations and deadline expiries go out as one batch (batch.ts).
 */
import { BlobClient } from "../../sdk/src/blobstore/client.js";
import { EvmAdapter } from "../../sdk/src/chain/evm.js";
import { chainDeployment, type Deployments } from "../../sdk/src/deployments.js";
import { HeartbeatError } from "../../sdk/src/heartbeat.js";
import { DEVNET_SERVICES } from "../../scripts/lib/chains.js";
import { decodeError } from "../../sdk/src/errors.js";
import { Governance } from "../../sdk/src/governance.js";
import { sleep } from "../../sdk/src/retry.js";
import { createQueueMatcher } from "./assignment.js";
import { createAuditor } from "./audit.js";
import { type BatchCall, sendBatch } from "./batch.js";
import { createContext, type KeeperConfig, type KeeperEvent } from "./context.js";
import { HeartbeatBook } from "./heartbeats.js";
import { startKeeperHttp } from "./http.js";
import { DEFAULT_PRICING, PricingError, quotePrice, type PriceQuote, type PricingParams, type QuoteRequest } from "./pricing.js";
import { createProposalExecutor } from "./proposals.js";
import { createProviderView } from "./providers.js";
import { TaskQueue } from "./queue.js";
import { TaskTracker } from "./tracker.js";
import { createTaskHandler } from "./transitions.js";

export type { AuditExecutor, KeeperConfig, KeeperEvent } from "./context.js";

export interface Keeper {
  readonly url: string | undefined;
  readonly heartbeats: HeartbeatBook;
  /** Runs one pass now (tests); passes never overlap. */
  tick(): Promise<void>;
  quote(q: QuoteRequest): Promise<PriceQuote>;
  health(): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startKeeper(config: KeeperConfig): Promise<Keeper> {
  const d = config.deployment;
  const log = config.log ?? ((e: KeeperEvent) => process.stderr.write(`[keeper:${d.chain}] ${JSON.stringify(e)}\n`));
  const chain = new EvmAdapter(d, { signer: config.signer, retry: config.retry });
  const auditorChain = config.auditor ? new EvmAdapter(d, { signer: config.auditor, provider: chain.provider, retry: config.retry }) : undefined;
  const gov = (config.governance ?? Boolean(d.contracts.governor)) ? new Governance(d, config.signer.connect(chain.provider)) : undefined;
  const blobs = config.blobStore ? new BlobClient(config.blobStore) : undefined;
  const ttl = config.heartbeatTtlMs ?? 30_000;
  const heartbeats = new HeartbeatBook(d.chainId, ttl);
  const queue = new TaskQueue();
  const pricing: PricingParams = { ...DEFAULT_PRICING, ...config.pricing };

  const ctx = createContext(config, chain, auditorChain, log);
  const tracker = new TaskTracker(chain, { fromBlock: d.deployBlock, fullResyncMs: config.fullResyncMs });
  const providers = createProviderView(ctx, heartbeats, ttl, (p) => tracker.load(p), (id) => tracker.requirementsOf(id));
  let deferred: BatchCall[] = [];
  const handle = createTaskHandler(ctx, queue, providers, tracker, createAuditor(ctx, blobs), (c) => deferred.push(c));
  const matchQueue = createQueueMatcher(ctx, queue, providers, tracker);
  const proposals = createProposalExecutor(ctx, gov);

  let stopped = false;

  // ---------------------------------------------------------------- main loop
  // One pass: apply the new marketplace logs, re-read the tasks they name, run the transitions of those tasks and
  // of the tasks whose time-driven transition is due, then match the queue and execute ready proposals.
  async function pass(): Promise<void> {
    const t0 = performance.now();
    const head = await chain.read(() => chain.provider.getBlock("latest"));
    if (!head) throw new Error("no latest block");
    const nowS = BigInt(head.timestamp);
    const [dirty, acceptWindow] = await Promise.all([tracker.sync(head.number), chain.read(() => chain.marketplace.params()).then((p) => p.acceptWindow)]);
    for (const id of [...dirty].filter((i) => !tracker.views.has(i))) queue.remove(id);
    const todo = new Set<bigint>([...dirty, ...tracker.due(nowS, acceptWindow)]);
    const t1 = performance.now();
    for (const id of [...todo].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (stopped) return;
      const t = tracker.views.get(id);
      if (t) await handle(t, nowS, acceptWindow);
    }
    const batch = deferred;
    deferred = [];
    const t2 = performance.now();
    await sendBatch(ctx, batch);
    const t3 = performance.now();
    const q0 = queue.size;
    await matchQueue(nowS);
    const t4 = performance.now();
    await proposals.run();
    if (config.tracePasses) {
      const ms = (a: number, b: number): number => Math.round(b - a);
      log({ kind: "info", message: "pass", detail: { syncMs: ms(t0, t1), reread: dirty.size, handled: todo.size, handleMs: ms(t1, t2), batched: batch.length, batchMs: ms(t2, t3), queued: q0, left: queue.size, matchMs: ms(t3, t4), totalMs: ms(t0, performance.now()) } });
    }
  }

  let running: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    if (!running) {
      running = pass()
        .catch((e: unknown) => {
          const err = decodeError(e) as Error;
          log({ kind: "error", action: "tick", id: "-", error: err.name, message: err.message });
        })
        .finally(() => {
          running = undefined;
        });
    }
    return running;
  };

  async function quote(q: QuoteRequest): Promise<PriceQuote> {
    const snap = await providers.snapshots(await chain.now());
    const providerBps = Number((await chain.read(() => chain.marketplace.params())).providerBps);
    return quotePrice(q, snap.priced, queue.size, { ...pricing, providerBps });
  }

  const health = (): Record<string, unknown> => ({ chain: d.chain, openTasks: tracker.views.size, queued: queue.size, pendingProposals: proposals.pending.size });

  const http =
    config.port === false
      ? undefined
      : await startKeeperHttp(
          {
            acceptHeartbeat: (h) => heartbeats.accept(h),
            quote: (q, name) => {
              if (name !== undefined && name !== d.chain) throw new PricingError("BadRequest", `this keeper serves ${d.chain}, not ${name}`);
              return quote(q);
            },
            health: () => health(),
          },
          config.port ?? 0,
        );

  const interval = config.pollIntervalMs ?? 1000;
  const loop = (async () => {
    while (!stopped) {
      await tick();
      await sleep(interval);
    }
  })();
  log({ kind: "info", message: "keeper started", detail: { chain: d.chain, http: http?.url, matcher: await config.signer.getAddress(), auditor: config.auditor ? await config.auditor.getAddress() : null } });

  return {
    url: http?.url,
    heartbeats,
    tick,
    quote,
    health,
    stop: async () => {
      stopped = true;
      await loop;
      await running;
      await http?.close();
      chain.provider.destroy();
    },
  };
}

export interface MultiKeeperConfig extends Omit<KeeperConfig, "deployment" | "port"> {
  /** The deployments file contents (sdk/src/deployments.ts loadDeployments()). */
  readonly deployments: Deployments;
  /** Chains to keep (default: every chain in the file). */
  readonly chains?: readonly string[];
  /** One HTTP API for all chains on 127.0.0.1 (default DEVNET_SERVICES.keeperPort = 8601; 0 = ephemeral; false = none). */
  readonly port?: number | false;
}

export interface MultiKeeper {
  readonly url: string | undefined;
  readonly keepers: Readonly<Record<string, Keeper>>;
  stop(): Promise<void>;
}

/**
 * One keeper per chain behind a single HTTP API (what `npm start` runs): heartbeats are routed by their chainId,
 * `GET /quote?chain=<name>` picks the chain (default: the first, the hub).
 */
export async function startKeepers(config: MultiKeeperConfig): Promise<MultiKeeper> {
  const names = config.chains ?? Object.keys(config.deployments.chains);
  const keepers: Record<string, Keeper> = {};
  const byChainId = new Map<number, Keeper>();
  try {
    for (const name of names) {
      const deployment = chainDeployment(config.deployments, name, ["computeMarketplace", "providerRegistry"]);
      const k = await startKeeper({ ...config, deployment, port: false, blobStore: config.blobStore ?? config.deployments.services.blobStore });
      keepers[name] = k;
      byChainId.set(deployment.chainId, k);
    }
  } catch (e) {
    await Promise.all(Object.values(keepers).map((k) => k.stop()));
    throw e;
  }
  const first = names[0];
  const http =
    config.port === false
      ? undefined
      : await startKeeperHttp(
          {
            acceptHeartbeat: (h) => {
              const k = typeof h === "object" && h !== null ? byChainId.get(h.chainId) : undefined;
              if (!k) throw Object.assign(new HeartbeatError("Malformed", `no keeper for chain ${String((h as { chainId?: unknown })?.chainId)}`), { code: "WrongChain" });
              return k.heartbeats.accept(h);
            },
            quote: (q, name) => {
              const k = keepers[name ?? first ?? ""];
              if (!k) throw new PricingError("BadRequest", `unknown chain ${name} (have ${names.join(", ")})`);
              return k.quote(q);
            },
            health: () => Object.fromEntries(Object.entries(keepers).map(([n, k]) => [n, k.health()])),
          },
          config.port ?? DEVNET_SERVICES.keeperPort,
        );
  return {
    url: http?.url,
    keepers,
    stop: async () => {
      await http?.close();
      await Promise.all(Object.values(keepers).map((k) => k.stop()));
    },
  };
}
