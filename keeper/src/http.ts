/**
 * The keeper's HTTP API, bound to loopback:
 *   POST /heartbeat   JSON SignedHeartbeat -> 204 | 400 {"error": "BadSignature"|"Stale"|"FromFuture"|"Malformed"|"WrongChain"}
 *   GET  /quote?[chain=<name>&]gpuMemory=&computeCapability=&gpuCount=&privacy=&region=&maxPrice=&redundancy=&units=
 *                     -> 200 {"reward": "<wei>", ...} | 409 {"error":"NoProviders"} | 400 {"error":"BadRequest"}
 *   GET  /health      -> 200 {"ok": true, ...}
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import { HeartbeatError, type SignedHeartbeat } from "../../sdk/src/heartbeat.js";
import type { Liveness } from "./heartbeats.js";
import { PricingError, type PriceQuote, type QuoteRequest } from "./pricing.js";

export interface KeeperApi {
  /** Verifies and records a heartbeat (routing by its chainId); throws HeartbeatError. */
  acceptHeartbeat(h: SignedHeartbeat): Liveness;
  /** `chain`: the ?chain= query parameter (a deployments-file chain name), if any. */
  quote(q: QuoteRequest, chain: string | undefined): Promise<PriceQuote>;
  health(): Record<string, unknown>;
}

const MAX_BODY = 16 * 1024;
const PRIVACY = ["none", "tee", "zk-inference", "fhe"] as const;

function send(res: ServerResponse, code: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(code).end();
    return;
  }
  res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(body, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HeartbeatError("Malformed", "body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function parseQuoteQuery(params: URLSearchParams): QuoteRequest {
  const int = (name: string, def: number): number => {
    const raw = params.get(name);
    if (raw === null || raw === "") return def;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < 0) throw new PricingError("BadRequest", `${name}=${raw} is not a non-negative integer`);
    return v;
  };
  const privacy = params.get("privacy") ?? "none";
  if (!(PRIVACY as readonly string[]).includes(privacy)) throw new PricingError("BadRequest", `privacy=${privacy}`);
  const maxPriceRaw = params.get("maxPrice") ?? "0";
  if (!/^\d+$/.test(maxPriceRaw)) throw new PricingError("BadRequest", `maxPrice=${maxPriceRaw}`);
  const region = params.get("region") ?? "";
  if (region.length > 4) throw new PricingError("BadRequest", `region=${region}`);
  return {
    gpuMemory: int("gpuMemory", 0),
    computeCapability: int("computeCapability", 0),
    gpuCount: int("gpuCount", 0),
    privacy: privacy as QuoteRequest["privacy"],
    region,
    maxPrice: BigInt(maxPriceRaw),
    redundancy: int("redundancy", 1),
    units: int("units", 1),
  };
}

export async function startKeeperHttp(api: KeeperApi, port: number, host = "127.0.0.1"): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://keeper");
      try {
        if (req.method === "POST" && url.pathname === "/heartbeat") {
          let body: unknown;
          try {
            body = JSON.parse(await readBody(req));
          } catch (e) {
            if (e instanceof HeartbeatError) throw e;
            throw new HeartbeatError("Malformed", "body is not JSON");
          }
          const l = api.acceptHeartbeat(body as SignedHeartbeat);
          return send(res, 200, { ok: true, provider: l.provider });
        }
        if (req.method === "GET" && url.pathname === "/quote") {
          return send(res, 200, await api.quote(parseQuoteQuery(url.searchParams), url.searchParams.get("chain") ?? undefined));
        }
        if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { ok: true, ...api.health() });
        return send(res, 404, { error: "NoSuchRoute" });
      } catch (e) {
        if (e instanceof HeartbeatError) return send(res, 400, { error: (e as { code: string }).code, message: e.message });
        if (e instanceof PricingError) return send(res, e.code === "NoProviders" ? 409 : 400, { error: e.code, message: e.message });
        return send(res, 500, { error: (e as Error).name ?? "Error", message: (e as Error).message });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  const addr = server.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  return { url: `http://${host}:${actual}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}
