/**
 * Non-EVM chains (Solana, TON): NOT IMPLEMENTED. This is the interface a poller must implement so that its events
 * land in the same database and GraphQL API as the EVM processors (see README "Solana and TON").
 *
 * There is deliberately no implementation: the Solana and TON programs do not emit the protocol events yet, and
 * Subsquid's Solana runner (@subsquid/batch-processor) and any TON indexer are not available here.
 */

/** Protocol chain ids (scripts/lib/chains.ts): Solana 4, TON 5. Rows use `chainId` = this protocol id. */
export type NonEvmChainKind = "solana" | "ton";

/** A chain position a poller can resume from and roll back to. */
export interface ChainCursor {
  /** Solana slot / TON masterchain seqno. */
  readonly height: number;
  /** Block hash (Solana blockhash, TON root hash) for reorg detection. */
  readonly hash: string;
}

/**
 * One protocol event, already decoded to the names and fields of docs/protocol.md "Events" (the same names as on
 * EVM), e.g. { name: "TaskSubmitted", args: { taskId, requester, reward } }. Addresses are the chain's native
 * text form (base58 / TON raw "0:…").
 */
export interface ProtocolEvent {
  readonly name: string;
  readonly args: Readonly<Record<string, string | number | boolean | bigint | readonly string[]>>;
  readonly cursor: ChainCursor;
  /** Position inside the block (instruction / message index), for ordering and ids. */
  readonly index: number;
  readonly txId: string;
  readonly timestamp: Date;
}

/** Where a poller writes: the indexer's handler logic applied to normalized events, in one DB transaction per batch. */
export interface EventSink {
  /** Applies `events` (ordered) and stores `cursor` atomically. */
  apply(events: readonly ProtocolEvent[], cursor: ChainCursor): Promise<void>;
  /** Undo everything above `cursor` (Solana: only finalized slots are read, so this is not expected to be called). */
  rollbackTo(cursor: ChainCursor): Promise<void>;
  /** The last applied cursor (resume point), or null for a fresh start. */
  lastCursor(): Promise<ChainCursor | null>;
}

export interface ChainPoller {
  readonly kind: NonEvmChainKind;
  /** Protocol chain id (4 Solana, 5 TON). */
  readonly chainId: number;
  /** Starts polling from `sink.lastCursor()`; resolves once running. */
  start(sink: EventSink): Promise<void>;
  /** Stops after the batch in flight is applied. */
  stop(): Promise<void>;
}
