/**
 * A task's agreed output: fetched from a majority provider's published output ref and verified against the
 * on-chain majority result hash. The requester's `TaskHandle.getOutput()` and the keeper's auditor both use it.
 */
import type { BlobClient } from "./blobstore/client.js";
import type { ContentId } from "./blobstore/content-id.js";
import type { ChainAdapter } from "./chain/adapter.js";
import { OutputUnavailableError, ResultMismatchError } from "./errors.js";
import { type CanonicalOutput, decodeOutput, outputRef, resultHashOf } from "./result.js";

export interface TaskOutput {
  readonly output: CanonicalOutput;
  readonly bytes: Uint8Array;
  readonly blobId: ContentId;
  readonly provider: string;
  readonly resultHash: string;
}

export interface AgreedOutputOptions {
  /** The majority result hash when the caller has it already (default: read from the chain). */
  readonly expected?: string;
  /**
   * Skip a majority provider whose published blob cannot be fetched or decoded and try the next (the auditor: such
   * a blob is no evidence either way). Default false: the error propagates.
   */
  readonly skipUnreadable?: boolean;
}

/**
 * The first majority provider's published output whose hash is the on-chain majority result. A provider whose
 * published output does not match is skipped; when none matches, ResultMismatchError; when nothing is published
 * (or there is no agreed result yet), OutputUnavailableError.
 */
export async function agreedOutput(a: ChainAdapter, blobs: BlobClient, taskId: bigint, opts: AgreedOutputOptions = {}): Promise<TaskOutput> {
  const expected = opts.expected ?? (await a.majorityResult(taskId));
  if (!expected) throw new OutputUnavailableError(taskId, "no agreed result on chain yet");
  const [task, { assignments }] = await Promise.all([a.getTask(taskId), a.getAssignments(taskId)]);
  let mismatch: ResultMismatchError | undefined;
  for (const x of assignments) {
    if (x.state !== "Submitted" || x.resultIdx !== task.majorityIdx) continue;
    let blobId: ContentId | undefined;
    let bytes: Uint8Array;
    let output: CanonicalOutput;
    try {
      blobId = await blobs.getRef(outputRef(a.chainId, taskId, x.provider));
      if (!blobId) continue;
      bytes = await blobs.get(blobId);
      output = decodeOutput(bytes);
    } catch (e) {
      if (opts.skipUnreadable) continue;
      throw e;
    }
    const actual = resultHashOf(output, a.chainId, a.marketplaceAddress, taskId);
    if (actual.toLowerCase() !== expected.toLowerCase()) {
      mismatch = new ResultMismatchError(taskId, expected, actual);
      continue;
    }
    return { output, bytes, blobId, provider: x.provider, resultHash: expected };
  }
  if (mismatch) throw mismatch;
  throw new OutputUnavailableError(taskId, "no majority provider published its output");
}
