/** Content-addressed fetches through the blob store, verified (BlobClient.get checks sha256) and LRU-cached. */
import { BlobClient } from "../../sdk/src/blobstore/client.js";
import { BlobHashMismatchError, contentId } from "../../sdk/src/blobstore/content-id.js";
import { LruByteCache } from "./cache.js";

export class ContentFetcher {
  readonly cache: LruByteCache;

  constructor(
    readonly blobs: Pick<BlobClient, "get">,
    maxCacheBytes = 256 * 1024 * 1024,
  ) {
    this.cache = new LruByteCache(maxCacheBytes);
  }

  /** Verified bytes of `id`; throws BlobHashMismatchError (nothing cached) on a mismatch. */
  async get(id: string): Promise<Uint8Array> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const bytes = await this.blobs.get(id);
    // Defence in depth: whatever client is plugged in, never cache or return unverified bytes.
    const actual = contentId(bytes);
    if (actual !== id) throw new BlobHashMismatchError(id, actual);
    this.cache.set(id, bytes);
    return bytes;
  }
}
