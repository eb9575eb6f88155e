/**
 * The keeper service for one chain: matches open tasks to providers (priority queue + matcher -> assignProviders),
 * expires tasks past their deadline or with a no-show, finalizes after the challenge window, runs the audit flow
 * (re-executes with the provider agent's executor -> resolveAudit / resolveDispute; resolveStale once an audit or
 * dispute has waited past auditTimeout without a verdict), executes queued governance
 * proposals once the timelock is ready, and serves heartbeats and price quotes on loopback.
 *
 * Robustness:
 * - Idempotent: every action re-reads the task's on-chain state first and is sent only if its effect is not on
 *   chain yet; gas estimation runs before broadcast, so a transition someone else already made costs nothing.
 *   Events are deduplicated by (txHash, logIndex).
 * - Stateless across restarts: on start it scans every task id below nextTaskId and every ProposalQueued event
 *   since the deployment block, so a restarted keeper resumes where the chain is.
 * - RPC reads retry with bounded exponential backoff (sdk/src/retry.ts); a failed action is logged with its named
 *   error and retried on a later tick.
 *
 * Reassignment: the contract has no way to replace an assigned provider (assignProviders needs a Submitted task),
 * so a no-show (assigned, accept window passed, neither accepted nor submitted) is handled as expire-and-report:
 * expireTask (the no-show is penalised, the requester refunded) and a `noShow` event naming the next candidates.
 * Replacing in place would need `reassignProvider(uint256 taskId, address noShow, address replacement)`
 * (MATCHER_ROLE; Assigned, before the deadline, noShow past its accept window in the Assigned lane state: penalise
 * it, write `replacement` into its lane with a per-lane assignedAt so the new provider gets a full accept window).
 */
import type { Signer } from "ethers";

import { BlobClient } from "../../sdk/src/blobstore/client.js";
import type { TaskView } from "../../sdk/src/chain/adapter.js";
import { EvmAdapter } from "../../sdk/src/chain/evm.js";
import { chainDeployment, type ChainDeployment, type Deployments } from "../../sdk/src/deployments.js";
import { HeartbeatError } from "../../sdk/src/heartbeat.js";
import { DEVNET_SERVICES } from "../../scripts/lib/chains.js";
import { decodeError } from "../../sdk/src/errors.js";
import { Governance } from "../../sdk/src/governance.js";
import { resultHashOf, type CanonicalOutput } from "../../sdk/src/result.js";
import { sleep, type RetryOptions } from "../../sdk/src/retry.js";
import { HeartbeatBook } from "./heartbeats.js";
import { startKeeperHttp } from "./http.js";
import { matchProviders, type ProviderSnapshot, type TaskRequirements } from "./matcher.js";
import { DEFAULT_PRICING, PricingError, quotePrice, type PricedProvider, type PriceQuote, type PricingParams, type QuoteRequest } from "./pricing.js";
import { TaskQueue } from "./queue.js";

/** Re-executes a task spec (bytes) to its canonical output; default: provider-agent/src/executor.ts executeTask. */
export type AuditExecutor = (spec: Uint8Array, fetch: (id: string) => Promise<Uint8Array>) => Promise<CanonicalOutput>;

export type KeeperEvent =
  | { kind: "tx"; action: "assign" | "expire" | "finalize" | "resolveAudit" | "resolveDispute" | "resolveStale" | "executeProposal"; id: string; hash: string; detail?: unknown }
  | { kind: "noShow"; taskId: string; noShows: string[]; nextCandidates: string[]; note: string }
  | { kind: "error"; action: string; id: string; error: string; message: string }
  | { kind: "info"; message: string; detail?: unknown };

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

export interface Keeper {
  readonly url: string | undefined;
  readonly heartbeats: HeartbeatBook;
  /** Runs one pass now (tests); passes never overlap. */
  tick(): Promise<void>;
  quote(q: QuoteRequest): Promise<PriceQuote>;
  health(): Record<string, unknown>;
  stop(): Promise<void>;
}

const TOKEN_SCALE_DEFAULT = 10n ** 18n;

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
  const requireHb = config.requireHeartbeats ?? true;
  const usdc = d.contracts.usdc?.toLowerCase();

  const open = new Set<bigint>(); // non-terminal tasks
  let nextId = 1n; // first task id not yet discovered
  const seenEvents = new Set<string>();
  const pendingProposals = new Set<bigint>();
  let govFromBlock = d.deployBlock;
  const failedAt = new Map<string, number>(); // action key -> ms of last failure (backoff)
  let stopped = false;

  const tokenScale = (token: string): bigint => (usdc && token.toLowerCase() === usdc ? 10n ** 6n : TOKEN_SCALE_DEFAULT);

  async function act(action: Extract<KeeperEvent, { kind: "tx" }>["action"], id: string, send: () => Promise<{ hash: string }>, detail?: unknown): Promise<boolean> {
    const key = `${action}:${id}`;
    const last = failedAt.get(key);
    if (last !== undefined && Date.now() - last < 5_000) return false;
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

  // ---------------------------------------------------------------- providers
  let snapshotCache: { at: number; list: ProviderSnapshot[]; priced: PricedProvider[] } | undefined;
  async function providerSnapshots(nowS: bigint): Promise<{ list: ProviderSnapshot[]; priced: PricedProvider[] }> {
    if (snapshotCache && Date.now() - snapshotCache.at < (config.pollIntervalMs ?? 1000)) return snapshotCache;
    const [addrs, minStake] = await Promise.all([chain.listProviders(), chain.read(() => chain.registry.minStake())]);
    const views = await Promise.all(addrs.map((a) => chain.getProvider(a)));
    const nowMs = Date.now();
    const list: ProviderSnapshot[] = [];
    const priced: PricedProvider[] = [];
    for (const v of views) {
      const hb = heartbeats.get(v.address);
      const live = requireHb ? heartbeats.isLive(v.address, nowMs) : true;
      const eligible = v.registered && v.active && v.stake >= minStake && v.jailedUntil <= nowS;
      list.push({
        id: v.address,
        gpuMemoryGiB: v.specs.vramGiB,
        computeCapability: v.specs.computeCapability,
        gpuCount: v.specs.gpuCount,
        region: v.specs.region,
        tee: v.specs.tee !== "none",
        pricePerUnit: Number(v.specs.pricePerUnit),
        reputationBps: v.reputationBps,
        completed: v.successes,
        failed: v.wrongResults + v.noShows,
        avgLatencyMs: v.avgLatencyS * 1000,
        activeTasks: hb?.activeTasks ?? 0,
        capacity: hb?.capacity ?? 4,
        eligible,
        lastHeartbeatMs: live ? (hb?.lastMs ?? nowMs) : 0,
      });
      if (eligible && live) {
        priced.push({
          id: v.address,
          pricePerUnit: v.specs.pricePerUnit,
          gpuMemoryGiB: v.specs.vramGiB,
          computeCapability: v.specs.computeCapability,
          gpuCount: v.specs.gpuCount,
          region: v.specs.region,
          tee: v.specs.tee !== "none",
        });
      }
    }
    snapshotCache = { at: Date.now(), list, priced };
    return snapshotCache;
  }

  function candidates(list: ProviderSnapshot[], req: TaskRequirements, k: number, exclude: Set<string>): string[] {
    const pool = req.region === "" ? list : list.filter((p) => p.region === req.region);
    return matchProviders(pool, req, { k, nowMs: Date.now(), heartbeatTtlMs: ttl, exclude }).map((m) => m.id);
  }

  async function requirementsOf(taskId: bigint): Promise<TaskRequirements> {
    const r = await chain.read(() => chain.marketplace.requirementsOf(taskId));
    const maxPrice = Number(r.maxPrice);
    return {
      gpuMemoryGiB: Number(r.gpuMemory),
      computeCapability: Number(r.computeCapability),
      gpuCount: Number(r.gpuCount),
      region: Buffer.from(r.region.slice(2), "hex").toString("utf8").replace(/\0+$/, ""),
      privacy: (["none", "tee", "zk-inference", "fhe"] as const)[Number(r.privacy)] ?? "none",
      maxPrice: maxPrice === 0 ? Number.MAX_VALUE : maxPrice,
    };
  }

  // ---------------------------------------------------------------- per-task transitions
  async function handle(t: TaskView, nowS: bigint, acceptWindow: bigint): Promise<void> {
    const id = t.taskId;
    switch (t.status) {
      case "Submitted": {
        if (nowS > t.deadline) {
          queue.remove(id);
          await act("expire", id.toString(), () => chain.send(() => chain.marketplace.expireTask(id)), { reason: "deadline" });
          return;
        }
        const r = await requirementsOf(id);
        queue.upsert({ taskId: id, reward: t.reward, tokenScale: tokenScale(t.token), redundancy: t.redundancy, gpuCount: r.gpuCount, deadline: t.deadline });
        return;
      }
      case "Assigned": {
        queue.remove(id);
        const { assignments } = await chain.getAssignments(id);
        const pastDeadline = nowS > t.deadline;
        const pastAccept = nowS > t.assignedAt + acceptWindow;
        const noShows = assignments.filter((a) => (pastDeadline ? a.state !== "Submitted" : a.state === "Assigned")).map((a) => a.provider);
        if (!(pastDeadline || pastAccept) || noShows.length === 0) return;
        let next: string[] = [];
        if (!pastDeadline) {
          try {
            const snap = await providerSnapshots(nowS);
            next = candidates(snap.list, { gpuMemoryGiB: 0, computeCapability: 0, gpuCount: 0, region: "", privacy: "none", maxPrice: Number.MAX_VALUE }, noShows.length, new Set(assignments.map((a) => a.provider)));
          } catch {
            next = [];
          }
        }
        const sent = await act("expire", id.toString(), () => chain.send(() => chain.marketplace.expireTask(id)), { reason: pastDeadline ? "deadline" : "noShow", noShows });
        if (sent && !pastDeadline) {
          log({
            kind: "noShow",
            taskId: id.toString(),
            noShows,
            nextCandidates: next,
            note: "contract cannot replace an assigned provider: task expired (no-show penalised, requester refunded); reassignment needs reassignProvider(taskId, noShow, replacement)",
          });
        }
        return;
      }
      case "Challengeable":
        if (nowS >= t.deadline) await act("finalize", id.toString(), () => chain.send(() => chain.marketplace.finalizeTask(id)));
        return;
      case "Audited":
      case "Disputed":
        // deadline = the audit timeout: past it, anyone unwinds the task (refund, nobody slashed).
        if (nowS > t.deadline) {
          await act("resolveStale", id.toString(), () => chain.send(() => chain.marketplace.resolveStale(id)));
          return;
        }
        if (auditorChain) await audit(t);
        return;
      default:
        return;
    }
  }

  let executor: AuditExecutor | undefined = config.execute;
  async function loadExecutor(): Promise<AuditExecutor> {
    if (executor) return executor;
    const mod = await import("../../provider-agent/src/executor.js");
    executor = async (spec, fetch) => (await mod.executeTask(spec, { fetch })).output;
    return executor;
  }

  async function audit(t: TaskView): Promise<void> {
    const id = t.taskId;
    const action = t.status === "Audited" ? "resolveAudit" : "resolveDispute";
    const key = `${action}:${id}`;
    const last = failedAt.get(key);
    if (last !== undefined && Date.now() - last < 5_000) return;
    if (!auditorChain || !blobs) {
      log({ kind: "error", action, id: id.toString(), error: "AuditUnavailable", message: "auditor signer and blob store are both needed" });
      failedAt.set(key, Date.now());
      return;
    }
    let honest: boolean;
    try {
      const [details, expected] = await Promise.all([chain.getTaskDetails(id), chain.majorityResult(id)]);
      if (!details || !expected) throw new Error("task details or majority result missing");
      const spec = await blobs.get(details.taskHash);
      const output = await (await loadExecutor())(spec, (cid) => blobs.get(cid));
      honest = resultHashOf(output, chain.chainId, chain.marketplaceAddress, id).toLowerCase() === expected.toLowerCase();
    } catch (e) {
      failedAt.set(key, Date.now());
      const err = e as Error;
      log({ kind: "error", action, id: id.toString(), error: err.name === "Error" ? "AuditExecutionFailed" : err.name, message: err.message });
      return;
    }
    // State may have moved while executing: re-check before reporting.
    const now = await chain.statusOf(id);
    if (now !== t.status) return;
    const m = auditorChain.marketplace;
    await act(action, id.toString(), () => auditorChain.send(() => (action === "resolveAudit" ? m.resolveAudit(id, honest) : m.resolveDispute(id, honest))), { honest });
  }

  // ---------------------------------------------------------------- matching
  async function matchQueue(nowS: bigint): Promise<void> {
    if (queue.size === 0) return;
    const snap = await providerSnapshots(nowS);
    const load = new Map<string, number>();
    for (const t of queue.ordered(nowS)) {
      if (t.deadline < nowS) continue;
      const status = await chain.statusOf(t.taskId); // fresh: never assign twice
      if (status !== "Submitted") {
        queue.remove(t.taskId);
        continue;
      }
      const req = await requirementsOf(t.taskId);
      const list = snap.list.map((p) => (load.has(p.id) ? { ...p, activeTasks: p.activeTasks + (load.get(p.id) ?? 0) } : p));
      const chosen = candidates(list, req, t.redundancy, new Set());
      if (chosen.length < t.redundancy) continue; // not enough live eligible providers now: stays queued
      const ok = await act("assign", t.taskId.toString(), () => chain.send(() => chain.marketplace.assignProviders(t.taskId, chosen)), { providers: chosen });
      if (ok) {
        queue.remove(t.taskId);
        for (const p of chosen) load.set(p, (load.get(p) ?? 0) + 1);
      }
    }
  }

  // ---------------------------------------------------------------- governance
  async function governance(): Promise<void> {
    if (!gov) return;
    const latest = await chain.read(() => chain.provider.getBlockNumber());
    if (latest >= govFromBlock) {
      const logs = await chain.read(() => gov.governor.queryFilter(gov.governor.filters.ProposalQueued(), govFromBlock, latest));
      for (const l of logs) {
        const key = `${l.transactionHash}:${l.index}`;
        if (seenEvents.has(key)) continue;
        seenEvents.add(key);
        pendingProposals.add(l.args.proposalId);
      }
      govFromBlock = latest + 1;
    }
    for (const pid of pendingProposals) {
      const state = await gov.state(pid);
      if (state !== "Queued") {
        pendingProposals.delete(pid);
        continue;
      }
      if (!(await gov.isReady(pid))) continue;
      if (await act("executeProposal", pid.toString(), () => gov.execute(pid))) pendingProposals.delete(pid);
    }
  }

  // ---------------------------------------------------------------- main loop
  async function pass(): Promise<void> {
    const nowS = await chain.now();
    const next = await chain.read(() => chain.marketplace.nextTaskId());
    for (let id = nextId; id < next; id++) open.add(id);
    nextId = next;
    const acceptWindow = (await chain.read(() => chain.marketplace.params())).acceptWindow;
    for (const id of [...open].sort((a, b) => (a < b ? -1 : 1))) {
      if (stopped) return;
      const t = await chain.getTask(id).catch((e: unknown) => {
        throw decodeError(e);
      });
      if (["Finalized", "SlashedRefunded", "Refunded", "Expired", "Cancelled"].includes(t.status)) {
        open.delete(id);
        queue.remove(id);
        continue;
      }
      await handle(t, nowS, acceptWindow);
    }
    await matchQueue(nowS);
    await governance();
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
    const snap = await providerSnapshots(await chain.now());
    const providerBps = Number((await chain.read(() => chain.marketplace.params())).providerBps);
    return quotePrice(q, snap.priced, queue.size, { ...pricing, providerBps });
  }

  const health = (): Record<string, unknown> => ({ chain: d.chain, openTasks: open.size, queued: queue.size, pendingProposals: pendingProposals.size });

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
