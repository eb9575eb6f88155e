import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { BlobClient, BlobHashMismatchError, BlobNotFoundError, contentId, startBlobServer, type BlobServer } from "../src/blobstore/index.js";

describe("blob store", () => {
  const dir = mkdtempSync(join(tmpdir(), "stun-blobs-"));
  let server: BlobServer;
  let client: BlobClient;
  before(async () => {
    server = await startBlobServer(dir);
    client = new BlobClient(server.url);
  });
  after(() => server.close());

  it("binds to loopback and stores by sha256, idempotently", async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const bytes = new TextEncoder().encode("model weights");
    const id = await client.put(bytes);
    assert.equal(id, contentId(bytes));
    assert.equal(await client.put(bytes), id);
    assert.deepEqual(await client.get(id), bytes);
    assert.equal(readdirSync(dir).filter((f) => !f.endsWith(".tmp")).length, 1);
  });

  it("refuses a corrupted blob on read and returns nothing", async () => {
    const bytes = new TextEncoder().encode("original");
    const id = await client.put(bytes);
    writeFileSync(join(dir, id.slice(2)), "tampered");
    await assert.rejects(client.get(id), BlobHashMismatchError);
  });

  it("answers missing blobs with BlobNotFoundError and malformed ids with 400", async () => {
    await assert.rejects(client.get(`0x${"0".repeat(64)}`), BlobNotFoundError);
    await assert.rejects(client.get("0x1234"), TypeError);
    const res = await fetch(`${server.url}/blobs/not-a-hash`);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, "BadContentId");
  });

  it("keeps refs that point at content ids and refuses anything else", async () => {
    const id = await client.put(new Uint8Array([1, 2, 3]));
    assert.equal(await client.getRef("task-1-1"), undefined);
    await client.setRef("task-1-1", id);
    assert.equal(await client.getRef("task-1-1"), id);
    const res = await fetch(`${server.url}/refs/task-1-2`, { method: "PUT", body: "nope" });
    assert.equal(res.status, 400);
    assert.equal(await client.getRef("task-1-2"), undefined);
  });

  it("refuses ref names that are not one plain path segment, and keeps serving", async () => {
    const id = await client.put(new Uint8Array([4, 5, 6]));
    for (const name of ["..", ".", ".hidden", "a%2Fb", "x".repeat(129)]) {
      for (const method of ["GET", "PUT"]) {
        const status = await new Promise<number>((res, rej) => {
          const r = request({ host: "127.0.0.1", port: Number(new URL(server.url).port), path: `/refs/${name}`, method }, (x) => {
            x.resume();
            res(x.statusCode ?? 0);
          });
          r.on("error", rej);
          r.end(method === "PUT" ? id : undefined);
        });
        assert.equal(status, 400, `${method} /refs/${name}`);
      }
    }
    assert.deepEqual(await client.get(id), new Uint8Array([4, 5, 6]));
    assert.equal(readdirSync(dir).some((f) => f.endsWith(".tmp")), false);
  });
});
