/**
 * Keeper entry point: `tsx keeper/src/main.ts [--chain ethereum ...] [--key-index 1] [--auditor-key-index 2]
 * [--port 8601] [--deployments .devnet/deployments.json] [--poll-ms 1000] [--no-heartbeats-required]`
 * (or --keystore <file> with the password in $STUN_KEYSTORE_PASSWORD; STUN_KEEPER_TRACE=1 logs every pass's timings). Without --chain it keeps every chain of the
 * deployments file behind one HTTP API. Runs until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";

import { loadDeployments } from "../../sdk/src/deployments.js";
import { DEVNET_ROLES } from "../../sdk/src/devnet-accounts.js";
import { loadSigner } from "../../sdk/src/keys.js";
import { startKeepers } from "./service.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chain: { type: "string", multiple: true },
      deployments: { type: "string" },
      "key-index": { type: "string" },
      keystore: { type: "string" },
      "auditor-key-index": { type: "string" },
      "no-auditor": { type: "boolean", default: false },
      port: { type: "string", default: "8601" },
      "poll-ms": { type: "string", default: "1000" },
      "no-heartbeats-required": { type: "boolean", default: false },
    },
  });
  const d = loadDeployments(values.deployments);
  const keyIndex = values.keystore ? undefined : Number(values["key-index"] ?? DEVNET_ROLES.keeper);
  const signer = await loadSigner({ keyIndex, keystore: values.keystore });
  const auditor = values["no-auditor"]
    ? undefined
    : await loadSigner({ keyIndex: Number(values["auditor-key-index"] ?? DEVNET_ROLES.auditor) });
  const keeper = await startKeepers({
    deployments: d,
    chains: values.chain,
    signer,
    auditor,
    blobStore: d.services.blobStore,
    port: Number(values.port),
    pollIntervalMs: Number(values["poll-ms"]),
    tracePasses: process.env.STUN_KEEPER_TRACE === "1",
    requireHeartbeats: !values["no-heartbeats-required"],
  });
  console.error(`[keeper] ${Object.keys(keeper.keepers).join(", ")}: serving ${keeper.url ?? "(no http)"}`);
  const stop = async (): Promise<void> => {
    await keeper.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  const err = e as Error;
  console.error(`[keeper] ${err.name}: ${err.message}`);
  process.exit(1);
});
