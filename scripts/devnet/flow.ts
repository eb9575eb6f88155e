/**
 * The main flow `npm start` runs on the devnet, end to end on real parts: three provider agents (encrypted
 * keystores, real ONNX execution, real Groth16 proofs), the keeper (matcher, audits, finalize), and a requester
 * submitting a task through the SDK with redundancy 3 and an ETH reward. It ends with the agreed output (verified
 * against the on-chain result hash) and the 80/15/5 payout read from the PaymentSplit event.
 *
 * The only shortcut: the 60 s challenge window is fast-forwarded with evm_increaseTime (local devnet only).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";

import { Interface, formatEther, parseEther } from "ethers";

import { startAgent, type Agent } from "../../provider-agent/src/agent.js";
import { writeKeystore } from "../../provider-agent/src/keystore.js";
import { createLogger } from "../../provider-agent/src/log.js";
import { jsonRpcProvider } from "../../sdk/src/chain/evm.js";
import { StunClient } from "../../sdk/src/client.js";
import type { Deployments } from "../../sdk/src/deployments.js";
import { DEVNET_ROLES, devnetProvider, devnetWallet } from "../../sdk/src/devnet-accounts.js";

/** Devnet-only keystore password: these keys are the public Hardhat development accounts. */
export const DEVNET_KEYSTORE_PASSWORD = "stun-devnet-only";
const MODEL_FILE = "provider-agent/models/mlp-16-32-16.onnx";
const CHAIN = "ethereum";

export interface FlowResult {
  readonly taskId: bigint;
  readonly output: readonly number[];
  readonly split: { providerEach: bigint; providers: number; treasury: bigint; creator: bigint; reward: bigint };
  readonly ms: number;
}

/** Starts `n` provider agents for the hub chain (keystores under devnetDir/keystores). */
export async function startProviderAgents(d: Deployments, devnetDir: string, n = 3): Promise<Agent[]> {
  const chain = d.chains[CHAIN];
  if (!chain || !d.services.blobStore) throw new Error("deployments lack the hub chain or the blob store");
  // Every `npm start` deploys fresh chains, so journals of an earlier run describe tasks that no longer exist.
  rmSync(resolve(devnetDir, "agents"), { recursive: true, force: true });
  const agents: Agent[] = [];
  for (let i = 0; i < n; i++) {
    const file = resolve(devnetDir, "keystores", `provider-${i}.json`);
    mkdirSync(resolve(devnetDir, "keystores"), { recursive: true });
    // Low scrypt cost: devnet keys only. Production keystores keep ethers' default.
    await writeKeystore(file, devnetProvider(i).privateKey, DEVNET_KEYSTORE_PASSWORD, { scryptN: 1 << 12 });
    agents.push(
      await startAgent({
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        contracts: {
          computeMarketplace: chain.contracts.computeMarketplace!,
          providerRegistry: chain.contracts.providerRegistry!,
          stunToken: chain.contracts.stunToken!,
        },
        blobStore: d.services.blobStore,
        keeper: d.services.keeper,
        keystore: { file, password: DEVNET_KEYSTORE_PASSWORD },
        stateDir: resolve(devnetDir, "agents", `provider-${i}`),
        startBlock: chain.deployBlock,
        metricsPort: 9100 + i,
        heartbeatIntervalMs: 2_000,
        pollIntervalMs: 250,
        logger: createLogger({ level: "warn" }),
      }),
    );
  }
  return agents;
}

/** Submits one r=3 task as the requester, waits until it is paid, and returns the output and the split. */
export async function runMainFlow(d: Deployments, log: (line: string) => void = console.log): Promise<FlowResult> {
  const chain = d.chains[CHAIN]!;
  // The SDK's provider factory: no response cache, so back-to-back transactions from one signer get fresh nonces.
  const rpc = jsonRpcProvider(chain.rpcUrl, chain.chainId, 250);
  const started = Date.now();
  const creator = StunClient.fromDeployments({ deployments: d, chain: CHAIN, signer: devnetWallet(DEVNET_ROLES.creator).connect(rpc) });
  const { modelId } = await creator.uploadModel(new Uint8Array(readFileSync(MODEL_FILE)));
  log(`  model ${modelId} registered by the creator ${devnetWallet(DEVNET_ROLES.creator).address}`);

  const requester = StunClient.fromDeployments({
    deployments: d,
    chain: CHAIN,
    signer: devnetWallet(DEVNET_ROLES.requester).connect(rpc),
    pollIntervalMs: 250,
  });
  const reward = parseEther("0.3");
  const input = Array.from({ length: 16 }, (_, i) => Math.sin(i + 1));
  const task = await requester.submitTask({ modelId, input, redundancy: 3, reward, token: "ETH", deadline: 600 });
  log(`  task ${task.taskId} submitted: redundancy 3, reward ${formatEther(reward)} ETH in escrow`);

  let forwarded = false;
  await task.wait({
    onProgress: (status) => {
      log(`  task ${task.taskId}: ${status}`);
      if (status === "Challengeable" && !forwarded) {
        forwarded = true;
        log("  fast-forwarding the 60 s challenge window (evm_increaseTime, local devnet only)");
        void rpc.send("evm_increaseTime", [61]).then(() => rpc.send("evm_mine", []));
      }
    },
    timeoutMs: 180_000,
  });
  const { output, provider } = await task.getOutput();
  log(`  output (verified against the on-chain result hash, published by ${provider}): [${output.q.slice(0, 6).join(", ")}, ...] / 256`);

  const market = new Interface(["event PaymentSplit(uint256 indexed taskId, uint256 provider, uint256 treasury, uint256 creator)"]);
  const event = market.getEvent("PaymentSplit")!;
  const logs = await rpc.getLogs({
    address: chain.contracts.computeMarketplace,
    topics: [event.topicHash, `0x${task.taskId.toString(16).padStart(64, "0")}`],
    fromBlock: chain.deployBlock,
  });
  const last = logs.at(-1);
  if (!last) throw new Error(`task ${task.taskId} finalized without a PaymentSplit event`);
  const e = market.parseLog(last)!;
  const providerEach = e.args.provider as bigint;
  const providers = (await requester.adapter.getAssignments(task.taskId)).assignments.filter((a) => a.state === "Submitted").length;
  const split = { providerEach, providers, treasury: e.args.treasury as bigint, creator: e.args.creator as bigint, reward };
  rpc.destroy();
  return { taskId: task.taskId, output: output.q, split, ms: Date.now() - started };
}

export function describeSplit(s: FlowResult["split"]): string {
  const pct = (v: bigint): string => `${(Number((v * 10_000n) / s.reward) / 100).toFixed(2)}%`;
  const paid = s.providerEach * BigInt(s.providers);
  return [
    `  providers: ${s.providers} x ${formatEther(s.providerEach)} ETH = ${formatEther(paid)} ETH (${pct(paid)})`,
    `  treasury:  ${formatEther(s.treasury)} ETH (${pct(s.treasury)})`,
    `  creator:   ${formatEther(s.creator)} ETH (${pct(s.creator)})`,
    `  total:     ${formatEther(paid + s.treasury + s.creator)} ETH of ${formatEther(s.reward)} ETH escrowed`,
  ].join("\n");
}
