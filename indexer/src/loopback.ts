/**
 * Preload (`node --import ./lib/loopback.js ...`): forces every `server.listen(port)` without a host onto 127.0.0.1.
 * @subsquid/graphql-server and the processor's Prometheus endpoint otherwise listen on all interfaces.
 */
import net from "node:net";

const HOST = process.env.STUN_INDEXER_HOST ?? "127.0.0.1";
const orig = net.Server.prototype.listen;
net.Server.prototype.listen = function patchedListen(this: net.Server, ...args: unknown[]) {
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (typeof args[1] !== "string") args.splice(1, 0, HOST);
  } else if (first && typeof first === "object" && "port" in first && !("host" in first && (first as { host?: string }).host)) {
    args[0] = { ...(first as object), host: HOST };
  } else if (args.length === 0 || typeof first === "function" || first == null) {
    args.splice(0, first == null && args.length > 0 ? 1 : 0, 0, HOST);
  }
  return (orig as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof net.Server.prototype.listen;
