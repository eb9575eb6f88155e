/**
 * What a task's `taskHash` commits to: the sha256 content id of a canonical JSON task spec stored in the blob store.
 * The spec names the model (its content id is also the on-chain modelId) and the input blob.
 */
import { contentId, isContentId, type ContentId } from "./blobstore/content-id.js";

export interface TaskSpec {
  readonly v: 1;
  /** Content id of the model (an ONNX file); equals the task's on-chain modelId. */
  readonly model: ContentId;
  /** Content id of the input (JSON: {"input": number[]}). */
  readonly input: ContentId;
}

export class TaskSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskSpecError";
  }
}

/** Canonical bytes: keys in fixed order, no whitespace, so every party derives the same taskHash. */
export function encodeTaskSpec(s: TaskSpec): Uint8Array {
  if (!isContentId(s.model) || !isContentId(s.input)) throw new TaskSpecError("model and input must be content ids");
  return new TextEncoder().encode(JSON.stringify({ v: 1, model: s.model, input: s.input }));
}

export function decodeTaskSpec(bytes: Uint8Array): TaskSpec {
  let o: Partial<TaskSpec>;
  try {
    o = JSON.parse(new TextDecoder().decode(bytes)) as Partial<TaskSpec>;
  } catch {
    throw new TaskSpecError("task spec is not JSON");
  }
  if (o.v !== 1 || typeof o.model !== "string" || typeof o.input !== "string" || !isContentId(o.model) || !isContentId(o.input)) {
    throw new TaskSpecError("task spec must be {v:1, model, input} with content ids");
  }
  return { v: 1, model: o.model, input: o.input };
}

export const taskHashOf = (s: TaskSpec): ContentId => contentId(encodeTaskSpec(s));
