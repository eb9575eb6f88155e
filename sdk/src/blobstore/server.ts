/**
 * A content-addressed blob store served over HTTP on loopback (the devnet's stand-in for IPFS/S3):
 *   PUT  /blobs          body = bytes       -> 201 {"id":"0x<sha256>","size":n}  (idempotent)
 *   GET  /blobs/0x<sha256>                  -> 200 bytes | 404 | 400 for a malformed id
 *   PUT  /refs/<name>    body = content id  -> 204   (a mutable pointer, e.g. a task's output; readers verify
 *   GET  /refs/<name>                       -> 200 content id | 404          the target against on-chain hashes)
 * Blobs are files named by their hash under `dir`; a write lands in a temp file and is renamed, so a crash never
 * leaves a partial blob under a valid name.
 */
import { createServer, type Server } from "node:http";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { contentId, isContentId } from "./content-id.js";

export interface BlobServer {
  readonly url: string;
  close(): Promise<void>;
}

export const MAX_BLOB_BYTES = 64 * 1024 * 1024;

export async function startBlobServer(dir: string, port = 0, host = "127.0.0.1"): Promise<BlobServer> {
  mkdirSync(dir, { recursive: true });
  const server: Server = createServer((req, res) => {
    const send = (code: number, body: unknown): void => {
      res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.method === "PUT" && req.url === "/blobs") {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BLOB_BYTES) {
          send(413, { error: "BlobTooLarge", max: MAX_BLOB_BYTES });
          req.destroy();
        } else chunks.push(c);
      });
      req.on("end", () => {
        if (res.writableEnded) return;
        const bytes = Buffer.concat(chunks);
        const id = contentId(bytes);
        const file = join(dir, id.slice(2));
        if (!existsSync(file)) {
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, bytes);
          renameSync(tmp, file);
        }
        send(201, { id, size: bytes.length });
      });
      return;
    }
    const ref = /^\/refs\/(.*)$/.exec(req.url ?? "");
    if (ref) {
      // A name is one path segment: no separators and no leading dot, so "." and ".." cannot escape refs/.
      if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(ref[1] ?? "")) {
        return send(400, { error: "BadRefName", name: (ref[1] ?? "").slice(0, 80) });
      }
      const file = join(dir, "refs", ref[1] ?? "");
      if (req.method === "GET") {
        if (!existsSync(file)) return send(404, { error: "RefNotFound", name: ref[1] });
        res.writeHead(200, { "content-type": "text/plain" }).end(readFileSync(file, "utf8"));
        return;
      }
      if (req.method === "PUT") {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          const id = body.trim();
          if (!isContentId(id)) return send(400, { error: "BadContentId", id: id.slice(0, 80) });
          mkdirSync(join(dir, "refs"), { recursive: true });
          writeFileSync(`${file}.tmp`, id);
          renameSync(`${file}.tmp`, file);
          res.writeHead(204).end();
        });
        return;
      }
    }
    const m = req.method === "GET" ? /^\/blobs\/(.+)$/.exec(req.url ?? "") : null;
    if (m) {
      const id = m[1] ?? "";
      if (!isContentId(id)) return send(400, { error: "BadContentId", id });
      const file = join(dir, id.slice(2));
      if (!existsSync(file)) return send(404, { error: "BlobNotFound", id });
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(readFileSync(file));
      return;
    }
    send(404, { error: "NoSuchRoute" });
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  const addr = server.address();
  const actualPort = typeof addr === "object" && addr ? addr.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
