/**
 * The keeper's view of providers: registry + reputation + heartbeats as matcher snapshots (cached for one poll
 * interval), the priced subset for quotes, candidate selection, and a task's requirements in matcher terms.
 */
import type { FullRequirements } from "../../sdk/src/chain/adapter.js";
import { decodeRequirements } from "../../sdk/src/chain/evm.js";
import type { KeeperContext } from "./context.js";
import type { HeartbeatBook } from "./heartbeats.js";
import { matchProviders, type ProviderSnapshot, type TaskRequirements } from "./matcher.js";
import type { PricedProvider } from "./pricing.js";

export interface ProviderSnapshots {
  readonly list: ProviderSnapshot[];
  readonly priced: PricedProvider[];
}

export interface ProviderView {
  /** Every registered provider as a matcher snapshot, and the eligible live ones priced (cached one poll interval). */
  snapshots(nowS: bigint): Promise<ProviderSnapshots>;
  /**
   * The best `k` provider ids for `req` (region pre-filter when the task names one), leaving out `exclude`, all of
   * one numerics class when one can fill `k` (matcher.ts); `onlyClass` restricts them to that class.
   */
  candidates(list: ProviderSnapshot[], req: TaskRequirements, k: number, exclude: Set<string>, onlyClass?: string): string[];
  requirementsOf(taskId: bigint): Promise<TaskRequirements>;
}

/** A task's requirements (SDK form, e.g. from its TaskDetails event) in matcher terms; maxPrice 0 = no cap. */
export function matcherRequirements(r: FullRequirements): TaskRequirements {
  const maxPrice = Number(r.maxPrice);
  return {
    gpuMemoryGiB: r.gpuMemory,
    computeCapability: r.computeCapability,
    gpuCount: r.gpuCount,
    region: r.region,
    privacy: r.privacy,
    maxPrice: maxPrice === 0 ? Number.MAX_VALUE : maxPrice,
  };
}

/**
 * `loadOf`: a provider's outstanding assignments as the keeper sees them on chain (tracker.ts); without it, the
 * load its last heartbeat reported. `requirementsFromLogs`: a task's requirements from its TaskDetails log
 * (tracker.ts); without it (or before the log is seen), the contract's copy.
 */
export function createProviderView(
  ctx: KeeperContext,
  heartbeats: HeartbeatBook,
  ttl: number,
  loadOf?: (provider: string) => number,
  requirementsFromLogs?: (taskId: bigint) => FullRequirements | undefined,
): ProviderView {
  const { chain, config } = ctx;
  const requireHb = config.requireHeartbeats ?? true;
  let snapshotCache: { at: number; list: ProviderSnapshot[]; priced: PricedProvider[] } | undefined;

  async function snapshots(nowS: bigint): Promise<ProviderSnapshots> {
    if (snapshotCache && Date.now() - snapshotCache.at < (config.pollIntervalMs ?? 1000)) {
      // registry/reputation reads are cached; the on-chain load is always current
      const c = snapshotCache;
      return loadOf ? { list: c.list.map((p) => ({ ...p, activeTasks: loadOf(p.id) })), priced: c.priced } : c;
    }
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
        activeTasks: loadOf ? loadOf(v.address) : (hb?.activeTasks ?? 0),
        capacity: hb?.capacity ?? 4,
        eligible,
        lastHeartbeatMs: live ? (hb?.lastMs ?? nowMs) : 0,
        numericsClass: v.specs.gpuModel,
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

  function candidates(list: ProviderSnapshot[], req: TaskRequirements, k: number, exclude: Set<string>, onlyClass?: string): string[] {
    const pool = req.region === "" ? list : list.filter((p) => p.region === req.region);
    const chosen = matchProviders(pool, req, { k, nowMs: Date.now(), heartbeatTtlMs: ttl, exclude, ...(onlyClass === undefined ? {} : { onlyClass }) });
    const classes = new Set(chosen.map((m) => m.numericsClass));
    if (classes.size > 1) ctx.log({ kind: "info", message: "no single numerics class can fill every lane: classes mixed", detail: { classes: [...classes], k } });
    return chosen.map((m) => m.id);
  }

  async function requirementsOf(taskId: bigint): Promise<TaskRequirements> {
    const logged = requirementsFromLogs?.(taskId);
    if (logged) return matcherRequirements(logged);
    // the contract's copy is readable while the task is Submitted
    return matcherRequirements(decodeRequirements(await chain.read(() => chain.marketplace.requirementsOf(taskId))));
  }

  return { snapshots, candidates, requirementsOf };
}
