/**
 * The chain-adapter interface: what the SDK, the CLI and the keeper need from one chain's STUN deployment, in
 * chain-neutral types (bigint amounts, string addresses, named states). `EvmAdapter` implements it for the EVM hub
 * and spokes; Solana and TON adapters implement the same interface (not yet written: `kind` is reserved).
 */

export const TASK_STATUSES = [
  "None",
  "Submitted",
  "Assigned",
  "Verifying",
  "Audited",
  "Challengeable",
  "Disputed",
  "Finalized",
  "SlashedRefunded",
  "Refunded",
  "Expired",
  "Cancelled",
] as const;
export type TaskStatusName = (typeof TASK_STATUSES)[number];
export const TERMINAL_STATUSES: ReadonlySet<TaskStatusName> = new Set(["Finalized", "SlashedRefunded", "Refunded", "Expired", "Cancelled"]);

export const ASSIGNMENT_STATES = ["Assigned", "Accepted", "Submitted"] as const;
export type AssignmentStateName = (typeof ASSIGNMENT_STATES)[number];

export const PRIVACY_LEVELS = ["none", "tee", "zk-inference", "fhe"] as const;
export type PrivacyName = (typeof PRIVACY_LEVELS)[number];

export const TEE_TYPES = ["none", "intel-tdx", "amd-sev-snp", "aws-nitro", "nvidia-cc"] as const;
export type TeeName = (typeof TEE_TYPES)[number];

/** Task requirements (docs/protocol.md). Zero / omitted = no requirement. */
export interface Requirements {
  /** GiB. */
  readonly gpuMemory?: number;
  /** ×10 (8.9 -> 89). */
  readonly computeCapability?: number;
  readonly gpuCount?: number;
  readonly privacy?: PrivacyName;
  /** Up to 4 ASCII characters ("EU1"), or "" for any. */
  readonly region?: string;
  /** Highest price per unit a provider may ask, in the payment token's smallest unit. */
  readonly maxPrice?: bigint;
}
export type FullRequirements = { readonly [K in keyof Requirements]-?: NonNullable<Requirements[K]> };

export interface TaskView {
  readonly taskId: bigint;
  readonly requester: string;
  readonly status: TaskStatusName;
  /** Submitted/Assigned/Audited: the result deadline; Challengeable/Disputed: the end of the challenge window (unix s). */
  readonly deadline: bigint;
  readonly assignedAt: bigint;
  readonly redundancy: number;
  readonly majorityIdx: number;
  readonly resultCounts: number;
  /** Payment token; the zero address is ETH. */
  readonly token: string;
  readonly reward: bigint;
  readonly bond: bigint;
  readonly modelId: string;
}

export interface AssignmentView {
  readonly provider: string;
  readonly state: AssignmentStateName;
  /**
   * Seconds. Once the lane's result is in: from the lane's assignment to its result. Before: the lane's assignment
   * time as an offset from the task's `assignedAt` (0 for the original lanes; later for a replacement, whose accept
   * window opens then).
   */
  readonly latency: number;
  readonly resultIdx: number;
}

export interface TaskAssignments {
  /** The first `redundancy` lanes. */
  readonly assignments: readonly AssignmentView[];
  /** Distinct result hashes submitted so far. */
  readonly results: readonly string[];
}

/** Fields of the TaskDetails event (the task hash is only emitted, never stored). */
export interface TaskDetails {
  readonly taskId: bigint;
  readonly taskHash: string;
  readonly modelId: string;
  readonly token: string;
  readonly deadline: bigint;
  readonly redundancy: number;
  readonly requirements: FullRequirements;
}

export interface SubmitTaskParams {
  readonly taskHash: string;
  readonly modelId: string;
  /** Token address (zero address = ETH). */
  readonly token: string;
  readonly reward: bigint;
  /** Unix seconds. */
  readonly deadline: bigint;
  readonly redundancy: number;
  readonly requirements: Requirements;
}

export interface ProviderSpecsInput {
  readonly gpuModel: string;
  readonly vramGiB: number;
  readonly computeCapability: number;
  readonly gpuCount: number;
  readonly region: string;
  readonly pricePerUnit: bigint;
  readonly tee: TeeName;
  /** bytes32, default zero. */
  readonly attestationHash?: string;
}

export interface ProviderView {
  readonly address: string;
  readonly specs: Required<ProviderSpecsInput>;
  readonly stake: bigint;
  readonly unbonding: bigint;
  readonly unlockAt: bigint;
  readonly jailedUntil: bigint;
  readonly registered: boolean;
  readonly active: boolean;
  readonly reputationBps: number;
  readonly successes: number;
  readonly wrongResults: number;
  readonly noShows: number;
  readonly avgLatencyS: number;
}

export interface TxResult {
  readonly hash: string;
  readonly blockNumber: number;
}

/** Progress of a multi-step operation (approvals, uploads, transactions), for stderr or a UI. */
export type ProgressFn = (stage: string, detail?: Record<string, unknown>) => void;

export interface ChainAdapter {
  readonly kind: "evm" | "solana" | "ton";
  /** Chain name in the deployments file ("ethereum", "base", ...). */
  readonly chain: string;
  /** The chain's own id (EVM chain id). */
  readonly chainId: bigint;
  /** STUN's u32 chain id (scripts/lib/chains.ts). */
  readonly protocolChainId: number;
  /** Address of the marketplace program/contract (used in result-hash salts). */
  readonly marketplaceAddress: string;

  /** The signer's address (throws KeyError when read-only). */
  address(): Promise<string>;
  /** Latest block time, unix seconds. */
  now(): Promise<bigint>;
  /** Resolves "ETH" | "STUN" | "USDC" | an address to the token address. */
  resolveToken(token: string): string;

  registerModel(modelId: string): Promise<TxResult>;
  modelCreator(modelId: string): Promise<string | undefined>;

  /** Approves (ERC-20) when needed, then submits; returns the new task id. */
  submitTask(p: SubmitTaskParams, progress?: ProgressFn): Promise<{ taskId: bigint; tx: TxResult }>;
  getTask(taskId: bigint): Promise<TaskView>;
  getAssignments(taskId: bigint): Promise<TaskAssignments>;
  getTaskDetails(taskId: bigint): Promise<TaskDetails | undefined>;
  /** The agreed (majority) result hash, once consensus was reached; undefined before. */
  majorityResult(taskId: bigint): Promise<string | undefined>;
  cancelTask(taskId: bigint): Promise<TxResult>;
  disputeTask(taskId: bigint, progress?: ProgressFn): Promise<TxResult>;
  credits(account: string, token: string): Promise<bigint>;
  withdraw(token: string): Promise<TxResult>;

  registerProvider(specs: ProviderSpecsInput, stake: bigint, progress?: ProgressFn): Promise<TxResult>;
  stake(amount: bigint, progress?: ProgressFn): Promise<TxResult>;
  requestUnstake(amount: bigint): Promise<TxResult>;
  withdrawUnstaked(): Promise<TxResult>;
  getProvider(address: string): Promise<ProviderView>;
}
