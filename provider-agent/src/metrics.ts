/** Prometheus metrics on a loopback HTTP port (GET /metrics). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import client from "prom-client";

export interface AgentMetrics {
  readonly registry: client.Registry;
  readonly tasksReceived: client.Counter<string>;
  readonly tasksCompleted: client.Counter<"ep">;
  readonly taskFailures: client.Counter<"reason">;
  readonly executionSeconds: client.Histogram<"ep">;
  readonly proveSeconds: client.Histogram<"backend">;
  readonly activeTasks: client.Gauge<string>;
  readonly heartbeats: client.Counter<"outcome">;
  readonly gpus: client.Gauge<string>;
}

export function createMetrics(): AgentMetrics {
  const registry = new client.Registry();
  const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    tasksReceived: new client.Counter({ name: "stun_agent_tasks_received_total", help: "Assignments to this provider seen", registers: [registry] }),
    tasksCompleted: new client.Counter({
      name: "stun_agent_tasks_completed_total",
      help: "Results submitted on-chain, by execution provider",
      labelNames: ["ep"],
      registers: [registry],
    }),
    taskFailures: new client.Counter({
      name: "stun_agent_task_failures_total",
      help: "Tasks that failed, by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    executionSeconds: new client.Histogram({
      name: "stun_agent_execution_seconds",
      help: "Model inference time (session.run), by execution provider",
      labelNames: ["ep"],
      buckets,
      registers: [registry],
    }),
    proveSeconds: new client.Histogram({
      name: "stun_agent_prove_seconds",
      help: "Groth16 proving time (witness + proof), by prover backend",
      labelNames: ["backend"],
      buckets,
      registers: [registry],
    }),
    activeTasks: new client.Gauge({ name: "stun_agent_active_tasks", help: "Tasks in progress", registers: [registry] }),
    heartbeats: new client.Counter({ name: "stun_agent_heartbeats_total", help: "Heartbeats sent, by outcome", labelNames: ["outcome"], registers: [registry] }),
    gpus: new client.Gauge({ name: "stun_agent_gpus", help: "GPUs detected by nvidia-smi (0 = CPU fallback)", registers: [registry] }),
  };
}

export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveMetrics(registry: client.Registry, port = 0, host = "127.0.0.1"): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/metrics") {
      registry
        .metrics()
        .then((body) => res.writeHead(200, { "content-type": registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
