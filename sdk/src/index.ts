/** Public entry point of @stun/sdk. */
export * from "./errors.js";
export * from "./retry.js";
export * from "./chain/adapter.js";
export * from "./chain/evm.js";
export * from "./client.js";
export * from "./governance.js";
export * from "./params.js";
export * from "./deployments.js";
export * from "./devnet-accounts.js";
export * from "./heartbeat.js";
export * from "./result.js";
export * from "./task-spec.js";
export * from "./keys.js";
export { BlobClient, contentId, isContentId, BlobHashMismatchError, BlobNotFoundError, type ContentId } from "./blobstore/index.js";
