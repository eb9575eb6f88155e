import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { BlobHashMismatchError, contentId } from "../../sdk/src/blobstore/content-id.js";
import { LruByteCache } from "../src/cache.js";
import { ContentFetcher } from "../src/fetcher.js";

const b = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);

describe("LRU byte cache", () => {
  it("evicts least recently used entries to stay within the byte budget", () => {
    const c = new LruByteCache(100);
    c.set("a", b(40));
    c.set("b", b(40));
    assert.ok(c.get("a")); // a is now most recent
    c.set("c", b(40)); // 120 > 100: evicts b
    assert.deepEqual(c.keys(), ["a", "c"]);
    assert.equal(c.bytes, 80);
    c.set("d", b(100)); // evicts everything else
    assert.deepEqual(c.keys(), ["d"]);
    c.set("huge", b(101)); // larger than the budget: not cached
    assert.equal(c.has("huge"), false);
    assert.deepEqual(c.keys(), ["d"]);
    c.set("d", b(10)); // replacing updates the byte count
    assert.equal(c.bytes, 10);
    assert.equal(c.get("zzz"), undefined);
    assert.equal(c.misses, 1);
    assert.equal(c.hits, 1);
  });

  it("the fetcher caches verified bytes and refuses (and never caches) a mismatch", async () => {
    const good = new TextEncoder().encode("model bytes");
    const id = contentId(good);
    let calls = 0;
    const f = new ContentFetcher({ get: async () => (calls++, good) }, 1024);
    assert.deepEqual(await f.get(id), good);
    assert.deepEqual(await f.get(id), good);
    assert.equal(calls, 1);
    // A client that returns the wrong bytes (a lying or buggy store) is caught by the fetcher too.
    const evil = new ContentFetcher({ get: async () => new TextEncoder().encode("tampered") }, 1024);
    await assert.rejects(evil.get(id), BlobHashMismatchError);
    assert.equal(evil.cache.size, 0);
  });
});
