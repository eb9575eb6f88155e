/**
 * Signed heartbeats to the keeper (`POST ${keeper}/heartbeat`): one now, then every `intervalMs` (timer unref'd).
 */
import type { HDNodeWallet, Wallet } from "ethers";

import { signHeartbeat } from "../../sdk/src/heartbeat.js";
import type { Logger } from "./log.js";
import type { AgentMetrics } from "./metrics.js";

export function startHeartbeats(
  keeper: string,
  wallet: Wallet | HDNodeWallet,
  chainId: number,
  load: () => { activeTasks: number; capacity: number },
  intervalMs: number,
  metrics: AgentMetrics,
  log: Logger,
): NodeJS.Timeout {
  const beat = async (): Promise<void> => {
    try {
      const body = await signHeartbeat(wallet, { chainId, timestampMs: Date.now(), ...load() });
      const res = await fetch(`${keeper}/heartbeat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`keeper answered ${res.status}`);
      metrics.heartbeats.inc({ outcome: "ok" });
    } catch (e) {
      metrics.heartbeats.inc({ outcome: "error" });
      log.warn("heartbeat failed", { error: (e as Error).message });
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), intervalMs);
  timer.unref();
  return timer;
}
