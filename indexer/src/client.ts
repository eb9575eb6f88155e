/**
 * Small typed client for keepers and agents that read from the indexer's GraphQL API and fall back to the chain
 * when the indexer lags (or is down). No dependencies beyond `fetch`; import it from TypeScript as
 * `indexer/src/client.ts`.
 *
 *   const ix = new IndexerClient({ url: "http://127.0.0.1:4350/graphql", chainId: 31337, rpcUrl: "http://127.0.0.1:8545" });
 *   const { value, source } = await ix.withFallback(
 *     () => ix.openTasks({ gpuMemory: 80 }),
 *     () => readOpenTasksFromChain(),      // the caller's chain read
 *   );
 */

/** A GraphQL error response (message of each error), or an unreachable / non-JSON endpoint. */
export class IndexerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly errors?: readonly { message: string }[],
  ) {
    super(message);
    this.name = "IndexerError";
  }
}

export interface IndexerClientOptions {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4350/graphql */
  readonly url: string;
  /** EVM chain id whose rows this client reads. */
  readonly chainId: number;
  /** JSON-RPC endpoint of the same chain (for lagBlocks and the fallback). */
  readonly rpcUrl: string;
  /** withFallback reads the chain when the indexer is more than this many blocks behind (default 2). */
  readonly maxLagBlocks?: number;
  /** Per-request timeout in ms (default 2000). */
  readonly timeoutMs?: number;
}

export interface IndexerStatus {
  readonly chainId: number;
  readonly height: number;
  readonly finalizedHeight: number;
  readonly hash: string | null;
}

export type TaskStatus =
  | "SUBMITTED" | "ASSIGNED" | "VERIFYING" | "AUDITED" | "CHALLENGEABLE" | "DISPUTED" | "FINALIZED"
  | "SLASHED_REFUNDED" | "REFUNDED" | "EXPIRED" | "CANCELLED";

export interface TaskRow {
  readonly id: string;
  readonly chainId: number;
  readonly taskId: string;
  readonly requester: string;
  readonly reward: string;
  readonly token: string;
  readonly status: TaskStatus;
  readonly redundancy: number;
  readonly deadline: string | null;
  readonly gpuMemory: number;
  readonly computeCapability: number;
  readonly gpuCount: number;
  readonly privacy: number;
  readonly region: string;
  readonly maxPrice: string;
  readonly providers: string[];
  readonly createdBlock: number;
}

export interface TaskEventRow {
  readonly name: string;
  readonly status: TaskStatus;
  readonly provider: string | null;
  /** ProviderReassigned: the no-show replaced (`provider` is the replacement). */
  readonly noShow: string | null;
  readonly resultHash: string | null;
  readonly amount: string | null;
  readonly blockNumber: number;
  readonly logIndex: number;
  readonly timestamp: string;
  readonly txHash: string;
}

export interface ProviderHistory {
  readonly address: string;
  readonly active: boolean;
  readonly stake: string;
  readonly pendingUnstake: string;
  readonly totalSlashed: string;
  readonly slashCount: number;
  readonly reputation: string | null;
  readonly tasksCompleted: number;
  readonly earnings: { token: string; amount: string; tasks: number }[];
  readonly payouts: { task: { taskId: string }; token: string; amount: string; blockNumber: number }[];
  readonly slashes: { amount: string; reason: string; blockNumber: number; task: { taskId: string } | null }[];
  readonly reputationHistory: { score: string; blockNumber: number }[];
}

/** What a provider offers; open tasks whose requirements it meets (0 = no requirement on the task side). */
export interface ProviderOffer {
  readonly gpuMemory?: number;
  readonly computeCapability?: number;
  readonly gpuCount?: number;
  /** pricePerUnit: tasks with maxPrice 0 or >= this. */
  readonly price?: bigint;
  /** bytes4 region hex: tasks with no region or this one. */
  readonly region?: string;
}

const TASK_FIELDS = `id chainId taskId requester reward token status redundancy deadline gpuMemory computeCapability gpuCount
  privacy region maxPrice providers createdBlock`;

export class IndexerClient {
  readonly maxLagBlocks: number;
  private readonly timeoutMs: number;

  constructor(readonly opts: IndexerClientOptions) {
    this.maxLagBlocks = opts.maxLagBlocks ?? 2;
    this.timeoutMs = opts.timeoutMs ?? 2000;
  }

  /** Runs a GraphQL query; throws IndexerError with the server's messages on errors. */
  async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: globalThis.AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new IndexerError(`indexer unreachable at ${this.opts.url}: ${(e as Error).message}`);
    }
    let body: { data?: T; errors?: { message: string }[] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new IndexerError(`indexer answered HTTP ${res.status} without JSON`, res.status);
    }
    if (body.errors?.length) {
      throw new IndexerError(body.errors.map((e) => e.message).join("; "), res.status, body.errors);
    }
    if (body.data === undefined) throw new IndexerError(`indexer answered HTTP ${res.status} without data`, res.status);
    return body.data;
  }

  /** The indexer's progress on this client's chain (null when it has not indexed this chain yet). */
  async status(): Promise<IndexerStatus | null> {
    const d = await this.query<{ indexerStatus: IndexerStatus[] }>("{ indexerStatus { chainId height finalizedHeight hash } }");
    return d.indexerStatus.find((s) => s.chainId === this.opts.chainId) ?? null;
  }

  /** Chain head minus the indexed height (>= 0); Infinity when the indexer is unreachable or has no state for the chain. */
  async lagBlocks(): Promise<number> {
    const [head, st] = await Promise.all([this.chainHead(), this.status().catch(() => null)]);
    if (!st) return Number.POSITIVE_INFINITY;
    return Math.max(0, head - st.height);
  }

  /**
   * Reads from the indexer when it is at most `maxLagBlocks` behind and answers; otherwise (lagging, down or
   * erroring) from the chain. `source` says which answered.
   */
  async withFallback<T>(
    fromIndexer: () => Promise<T>,
    fromChain: () => Promise<T>,
    opts: { maxLagBlocks?: number } = {},
  ): Promise<{ value: T; source: "indexer" | "chain"; lag: number }> {
    const max = opts.maxLagBlocks ?? this.maxLagBlocks;
    const lag = await this.lagBlocks().catch(() => Number.POSITIVE_INFINITY);
    if (lag <= max) {
      try {
        return { value: await fromIndexer(), source: "indexer", lag };
      } catch {
        /* fall through to the chain */
      }
    }
    return { value: await fromChain(), source: "chain", lag };
  }

  async chainHead(): Promise<number> {
    const res = await fetch(this.opts.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
      signal: globalThis.AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await res.json()) as { result?: string; error?: { message: string } };
    if (!body.result) throw new Error(`eth_blockNumber: ${body.error?.message ?? "no result"}`);
    return Number(body.result);
  }

  // ---- typed queries

  /** Open (SUBMITTED) tasks on this chain that a provider with `offer` can take, highest reward first. */
  async openTasks(offer: ProviderOffer = {}, page: { limit?: number; offset?: number } = {}): Promise<TaskRow[]> {
    const and: Record<string, unknown>[] = [{ chainId_eq: this.opts.chainId, status_eq: "SUBMITTED" }];
    const caps: Record<string, unknown> = {};
    if (offer.gpuMemory !== undefined) caps.gpuMemory_lte = offer.gpuMemory;
    if (offer.computeCapability !== undefined) caps.computeCapability_lte = offer.computeCapability;
    if (offer.gpuCount !== undefined) caps.gpuCount_lte = offer.gpuCount;
    and.push(caps);
    if (offer.price !== undefined) and.push({ OR: [{ maxPrice_eq: "0" }, { maxPrice_gte: offer.price.toString() }] });
    if (offer.region !== undefined) and.push({ OR: [{ region_eq: "0x00000000" }, { region_eq: offer.region }] });
    const d = await this.query<{ tasks: TaskRow[] }>(
      `query($where: TaskWhereInput, $limit: Int, $offset: Int) {
        tasks(where: $where, orderBy: [reward_DESC, taskId_ASC], limit: $limit, offset: $offset) { ${TASK_FIELDS} } }`,
      { where: { AND: and }, limit: page.limit ?? 100, offset: page.offset ?? 0 },
    );
    return d.tasks;
  }

  async task(taskId: bigint | number | string): Promise<TaskRow | null> {
    const d = await this.query<{ taskById: TaskRow | null }>(`query($id: String!) { taskById(id: $id) { ${TASK_FIELDS} } }`, {
      id: `${this.opts.chainId}-${taskId}`,
    });
    return d.taskById;
  }

  /** A task's timeline: every marketplace event in chain order, with the status after it. */
  async taskTimeline(taskId: bigint | number | string): Promise<TaskEventRow[]> {
    const d = await this.query<{ taskEvents: TaskEventRow[] }>(
      `query($id: String!) { taskEvents(where: {task: {id_eq: $id}}, orderBy: [blockNumber_ASC, logIndex_ASC]) {
        name status provider noShow resultHash amount blockNumber logIndex timestamp txHash } }`,
      { id: `${this.opts.chainId}-${taskId}` },
    );
    return d.taskEvents;
  }

  /** A provider's state, earnings per token, payouts, slashes and reputation over time. */
  async providerHistory(address: string): Promise<ProviderHistory | null> {
    const d = await this.query<{ providerById: ProviderHistory | null }>(
      `query($id: String!) { providerById(id: $id) { address active stake pendingUnstake totalSlashed slashCount reputation tasksCompleted
        earnings { token amount tasks }
        payouts(orderBy: blockNumber_ASC) { task { taskId } token amount blockNumber }
        slashes(orderBy: blockNumber_ASC) { amount reason blockNumber task { taskId } }
        reputationHistory(orderBy: blockNumber_ASC) { score blockNumber } } }`,
      { id: `${this.opts.chainId}-${address.toLowerCase()}` },
    );
    return d.providerById;
  }
}
