/**
 * The pipeline's chain primitives for one marketplace: the failure type its retry policy classifies, the task's
 * TaskDetails lookup (taskHash, modelId) and the submitResult calldata encoder. ABI pieces are looked up once (the
 * contract's Interface searches its ABI, hashing signatures, on each use by name or topic).
 */
import { AbiCoder, type Interface, type JsonRpcProvider, concat } from "ethers";

import { decodeRawLog, getRawLogs } from "./watcher.js";

/** A task that failed for `reason` (the retry policy and the failure metric key on it). */
export class TaskFailure extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** Blocks searched back from the head before the whole range (TaskDetails is emitted at submission). */
const RECENT_BLOCKS = 2000;

export interface TaskDetailsReader {
  /** The head the event watcher last read: the search starts below it without reading the head again. */
  noteHead(block: number): void;
  /** The task's TaskDetails event; TaskFailure("no-details") when there is none or it does not parse. */
  taskHashOf(taskId: bigint): Promise<{ taskHash: string; modelId: string }>;
}

export function taskDetailsReader(provider: JsonRpcProvider, iface: Interface, marketAddr: string, startBlock: number): TaskDetailsReader {
  const event = iface.getEvent("TaskDetails");
  if (!event) throw new Error("the marketplace ABI has no TaskDetails event");
  let watcherHead: number | undefined;
  return {
    noteHead(block) {
      watcherHead = block;
    },
    async taskHashOf(taskId) {
      const topics = [event.topicHash, "0x" + taskId.toString(16).padStart(64, "0")];
      const head = watcherHead ?? (await provider.getBlockNumber()); // a stale head only widens the range to "latest"
      const recent = Math.max(startBlock, head - RECENT_BLOCKS);
      let logs = await getRawLogs(provider, marketAddr, topics, recent, "latest");
      if (logs.length === 0 && recent > startBlock) logs = await getRawLogs(provider, marketAddr, topics, startBlock, recent);
      const l = logs[0];
      if (!l) throw new TaskFailure("no-details", `no TaskDetails event for task ${taskId}`);
      let args;
      try {
        args = decodeRawLog(iface, event, l);
      } catch {
        throw new TaskFailure("no-details", "unparsable TaskDetails");
      }
      return { taskHash: String(args.taskHash), modelId: String(args.modelId) };
    },
  };
}

/** The calldata of submitResult(taskId, resultHash, proof), from an encoder built once. */
export function submitResultEncoder(iface: Interface): (taskId: bigint, resultHash: string, proof: string) => string {
  const fn = iface.getFunction("submitResult");
  if (!fn) throw new Error("the marketplace ABI has no submitResult");
  return (taskId, resultHash, proof) => concat([fn.selector, AbiCoder.defaultAbiCoder().encode(fn.inputs, [taskId, resultHash, proof])]);
}
