import { createHash } from "node:crypto";

/** Content ids are the sha256 of the bytes: `0x` + 64 hex digits, the same value stored on-chain as bytes32. */
export type ContentId = `0x${string}`;

export function contentId(bytes: Uint8Array): ContentId {
  return `0x${createHash("sha256").update(bytes).digest("hex")}`;
}

export function isContentId(s: string): s is ContentId {
  return /^0x[0-9a-f]{64}$/.test(s);
}

/** Fetched bytes whose sha256 is not the content id asked for. Nothing is returned or cached. */
export class BlobHashMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`blob hash mismatch: expected ${expected}, got ${actual}`);
    this.name = "BlobHashMismatchError";
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`blob ${id} not found`);
    this.name = "BlobNotFoundError";
  }
}
