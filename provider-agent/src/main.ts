/**
 * CLI: tsx provider-agent/src/main.ts --deployments .devnet/deployments.json --chain ethereum \
 *        --keystore <file> --state <dir> [--metrics-port 9464] [--poll-ms 1000] [--heartbeat-ms 15000]
 *        [--capacity <parallel tasks, 1..64>] [--accept eager|lazy] [--stake <STUN wei>] [--region EU1] [--price <wei>] [--no-register] [--log-level info]
 * The keystore password comes from STUN_KEYSTORE_PASSWORD or STUN_KEYSTORE_PASSWORD_FILE (never argv).
 * Test/demo-only env: STUN_AGENT_FAULT=wrong-result|no-show, STUN_AGENT_TEST_DELAY_BEFORE_SUBMIT_MS=<ms>.
 * SIGINT/SIGTERM stop gracefully.
 */
import { parseArgs } from "node:util";

import { chainDeployment, loadDeployments } from "../../sdk/src/deployments.js";
import { type FaultMode, startAgent } from "./agent.js";
import { resolvePassword } from "./keystore.js";
import { type Level, createLogger } from "./log.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      deployments: { type: "string", default: ".devnet/deployments.json" },
      chain: { type: "string", default: "ethereum" },
      keystore: { type: "string" },
      "password-file": { type: "string" },
      state: { type: "string", default: ".provider-agent" },
      "metrics-port": { type: "string", default: "0" },
      "poll-ms": { type: "string", default: "1000" },
      "heartbeat-ms": { type: "string", default: "15000" },
      capacity: { type: "string", default: "1" },
      accept: { type: "string", default: "eager" },
      stake: { type: "string" },
      region: { type: "string" },
      price: { type: "string" },
      "no-register": { type: "boolean", default: false },
      "log-level": { type: "string", default: "info" },
    },
  });
  const log = createLogger({ level: values["log-level"] as Level });
  if (!values.keystore) throw new Error("--keystore <file> is required");
  const password = resolvePassword({ passwordFile: values["password-file"] });
  const d = loadDeployments(values.deployments);
  const c = chainDeployment(d, values.chain, ["computeMarketplace", "providerRegistry", "stunToken"]);
  if (!d.services.blobStore) throw new Error("the deployments file has no services.blobStore");
  const fault = process.env.STUN_AGENT_FAULT as FaultMode;
  if (fault !== undefined && fault !== "wrong-result" && fault !== "no-show") throw new Error(`STUN_AGENT_FAULT=${String(fault)}`);
  const delay = Number(process.env.STUN_AGENT_TEST_DELAY_BEFORE_SUBMIT_MS ?? 0);
  const capacity = Number(values.capacity);
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 64) throw new RangeError(`--capacity must be 1..64, got ${values.capacity}`);
  const accept = values.accept;
  if (accept !== "eager" && accept !== "lazy") throw new RangeError(`--accept must be eager or lazy, got ${String(accept)}`);
  const agent = await startAgent({
    rpcUrl: c.rpcUrl,
    chainId: c.chainId,
    contracts: {
      computeMarketplace: c.contracts.computeMarketplace as string,
      providerRegistry: c.contracts.providerRegistry as string,
      stunToken: c.contracts.stunToken as string,
    },
    blobStore: d.services.blobStore,
    keeper: d.services.keeper,
    keystore: { file: values.keystore, password },
    stateDir: values.state,
    startBlock: c.deployBlock,
    metricsPort: Number(values["metrics-port"]),
    pollIntervalMs: Number(values["poll-ms"]),
    heartbeatIntervalMs: Number(values["heartbeat-ms"]),
    stake: values.stake ? BigInt(values.stake) : undefined,
    region: values.region,
    pricePerUnit: values.price ? BigInt(values.price) : undefined,
    register: !values["no-register"],
    capacity,
    accept,
    fault,
    logger: log,
    testDelayBeforeSubmitMs: delay > 0 ? delay : undefined,
  });
  let stopping = false;
  const stop = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    log.info("signal", { signal: sig });
    agent.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e: Error) => {
  createLogger().error("fatal", { error: e.message });
  process.exit(1);
});
