#!/usr/bin/env -S node --import tsx
/**
 * `stun`: the STUN command line for requesters, providers and governance.
 *
 *   tsx sdk/src/cli/main.ts [global options] <command> ...
 *   global: --chain <name> (ethereum) --deployments <file> --key-index <n> | --keystore <file> [--password-env VAR]
 *           --json --blob-store <url> --keeper <url> --quiet
 *
 * Progress goes to stderr, results to stdout (JSON with --json). A failure prints `<ErrorName>: message` on
 * stderr (and {"error","message"} on stdout with --json) and exits 1.
 */
import { readFileSync, writeFileSync } from "node:fs";

import { Command, Option } from "commander";
import { formatUnits } from "ethers";

import { isContentId } from "../blobstore/content-id.js";
import { PRIVACY_LEVELS, TEE_TYPES, type PrivacyName, type Requirements, type TeeName } from "../chain/adapter.js";
import { InvalidArgumentError, StunError, decodeError } from "../errors.js";
import { feeSplitProposal, parameterProposal } from "../governance.js";
import { PARAMETERS, FEE_SPLIT_BOUNDS } from "../params.js";
import { CliContext, jsonBig, parseAmount, parseBigInt, parseInput, parseIntArg, type GlobalOptions } from "./context.js";

const program = new Command()
  .name("stun")
  .description("STUN decentralized GPU-compute marketplace: requesters, providers, governance")
  .option("--chain <name>", "chain in the deployments file", "ethereum")
  .option("--deployments <file>", "deployments file (default $STUN_DEPLOYMENTS or .devnet/deployments.json)")
  .option("--key-index <n>", "devnet account index (sdk/src/devnet-accounts.ts)")
  .option("--keystore <file>", "encrypted JSON keystore")
  .option("--password-env <var>", "env var holding the keystore password", "STUN_KEYSTORE_PASSWORD")
  .option("--json", "machine-readable output on stdout")
  .option("--blob-store <url>", "blob store URL (default from the deployments file)")
  .option("--keeper <url>", "keeper URL for price quotes (default from the deployments file)")
  .option("--quiet", "no progress on stderr")
  .showHelpAfterError();

let ctx: CliContext | undefined;
const context = (): CliContext => (ctx ??= new CliContext(program.opts<GlobalOptions>()));

const fmtTask = (t: Record<string, unknown>): string =>
  Object.entries(t)
    .map(([k, v]) => `${k.padEnd(14)} ${typeof v === "object" ? JSON.stringify(v, jsonBig) : String(v)}`)
    .join("\n");

function requirementsFrom(o: Record<string, string | undefined>): Requirements {
  const privacy = (o.privacy ?? "none") as PrivacyName;
  if (!PRIVACY_LEVELS.includes(privacy)) throw new InvalidArgumentError(`--privacy must be one of ${PRIVACY_LEVELS.join(", ")}`);
  return {
    gpuMemory: o.gpuMemory === undefined ? 0 : parseIntArg("--gpu-memory", o.gpuMemory),
    computeCapability: o.computeCapability === undefined ? 0 : parseIntArg("--compute-capability", o.computeCapability),
    gpuCount: o.gpuCount === undefined ? 0 : parseIntArg("--gpu-count", o.gpuCount),
    privacy,
    region: o.region ?? "",
    maxPrice: o.maxPrice === undefined ? 0n : parseAmount(o.maxPrice),
  };
}

// ------------------------------------------------------------------ requester
program
  .command("upload-model")
  .description("store a model in the blob store and register its content id on chain")
  .argument("<file>", "model file (ONNX)")
  .action(async (file: string) => {
    const c = context();
    const client = await c.client();
    const r = await client.uploadModel(new Uint8Array(readFileSync(file)), c.progress);
    c.print({ modelId: r.modelId, creator: r.creator, tx: r.tx?.hash ?? null }, () => `model ${r.modelId} (creator ${r.creator})`);
  });

program
  .command("submit")
  .description("submit a task: uploads input + spec, escrows the reward (approving ERC-20 first)")
  .requiredOption("--model <idOrFile>", "model content id (0x…) or a model file to upload")
  .requiredOption("--input <json>", "input: JSON number array, or @file")
  .option("--gpu-memory <GiB>")
  .option("--compute-capability <x10>")
  .option("--gpu-count <n>")
  .addOption(new Option("--privacy <level>").choices([...PRIVACY_LEVELS]).default("none"))
  .option("--region <code>")
  .option("--max-price <amount>")
  .option("--redundancy <r>", "1..3", "1")
  .option("--reward <amount>", "e.g. 10000000000000000 or 0.01eth / 5usdc; omitted: the keeper's quote")
  .option("--token <token>", "ETH | STUN | USDC | address", "ETH")
  .option("--deadline <seconds>", "seconds from now", "3600")
  .option("--wait", "wait until Finalized and print the verified output")
  .action(async (o: Record<string, string | boolean | undefined>) => {
    const c = context();
    const client = await c.client();
    let modelId = String(o.model);
    if (!isContentId(modelId)) modelId = (await client.uploadModel(new Uint8Array(readFileSync(modelId)), c.progress)).modelId;
    const task = await client.submitTask({
      modelId,
      input: parseInput(String(o.input)),
      requirements: requirementsFrom(o as Record<string, string | undefined>),
      redundancy: parseIntArg("--redundancy", String(o.redundancy)),
      reward: o.reward === undefined ? undefined : parseAmount(String(o.reward)),
      token: String(o.token),
      deadline: parseIntArg("--deadline", String(o.deadline)),
      onProgress: c.progress,
    });
    const out: Record<string, unknown> = { taskId: task.taskId, taskHash: task.taskHash, tx: task.tx?.hash };
    if (o.wait) {
      await task.wait({ onProgress: (s) => c.progress("status", { status: s }) });
      out.output = (await task.getOutput()).output;
    }
    c.print(out, () => `task ${task.taskId} submitted (tx ${task.tx?.hash})${out.output ? `\noutput ${JSON.stringify(out.output)}` : ""}`);
  });

program
  .command("status")
  .description("a task's on-chain state and assignments")
  .argument("<taskId>")
  .action(async (id: string) => {
    const c = context();
    const a = await c.adapter(false);
    const taskId = parseBigInt("taskId", id);
    const [t, asg] = await Promise.all([a.getTask(taskId), a.getAssignments(taskId)]);
    const view = { ...t, assignments: asg.assignments, results: asg.results };
    c.print(view, () => fmtTask(view));
  });

program
  .command("output")
  .description("fetch a finalized task's output, verified against the on-chain result hash")
  .argument("<taskId>")
  .option("--out <file>", "write the canonical output bytes to a file")
  .action(async (id: string, o: { out?: string }) => {
    const c = context();
    const client = await c.client(false);
    const r = await client.task(parseBigInt("taskId", id)).getOutput();
    if (o.out) writeFileSync(o.out, r.bytes);
    c.print({ output: r.output, provider: r.provider, resultHash: r.resultHash, blobId: r.blobId }, () => JSON.stringify(r.output));
  });

program
  .command("cancel")
  .description("cancel a task that is not assigned yet (reward credited back)")
  .argument("<taskId>")
  .action(async (id: string) => {
    const c = context();
    const tx = await (await c.adapter()).cancelTask(parseBigInt("taskId", id));
    c.print({ taskId: id, tx: tx.hash }, () => `task ${id} cancelled (tx ${tx.hash})`);
  });

program
  .command("dispute")
  .description("dispute a result during the challenge window (posts the bond)")
  .argument("<taskId>")
  .action(async (id: string) => {
    const c = context();
    const tx = await (await c.adapter()).disputeTask(parseBigInt("taskId", id), c.progress);
    c.print({ taskId: id, tx: tx.hash }, () => `task ${id} disputed (tx ${tx.hash})`);
  });

program
  .command("withdraw")
  .description("withdraw credited payouts/refunds")
  .option("--token <token>", "ETH | STUN | USDC | address", "ETH")
  .action(async (o: { token: string }) => {
    const c = context();
    const tx = await (await c.adapter()).withdraw(o.token);
    c.print({ token: o.token, tx: tx.hash }, () => `withdrawn (tx ${tx.hash})`);
  });

// ------------------------------------------------------------------ provider
const provider = program.command("provider").description("GPU providers: register, stake, unstake, status");
provider
  .command("register")
  .description("register GPU specs and stake STUN (approval sent when needed)")
  .option("--gpu-model <name>", "GPU model", "H100")
  .option("--vram <GiB>", "GPU memory", "80")
  .option("--compute-capability <x10>", "e.g. 90 for 9.0", "90")
  .option("--gpu-count <n>", "GPUs", "1")
  .option("--region <code>", "up to 4 characters", "")
  .option("--price <amount>", "price per unit of work (smallest units)", "1000000000000000")
  .addOption(new Option("--tee <type>").choices([...TEE_TYPES]).default("none"))
  .option("--stake <amount>", "e.g. 2000stun", "0")
  .action(async (o: Record<string, string>) => {
    const c = context();
    const a = await c.adapter();
    const tx = await a.registerProvider(
      {
        gpuModel: o.gpuModel ?? "H100",
        vramGiB: parseIntArg("--vram", o.vram ?? ""),
        computeCapability: parseIntArg("--compute-capability", o.computeCapability ?? ""),
        gpuCount: parseIntArg("--gpu-count", o.gpuCount ?? ""),
        region: o.region ?? "",
        pricePerUnit: parseAmount(o.price ?? "0"),
        tee: (o.tee ?? "none") as TeeName,
      },
      parseAmount(o.stake ?? "0"),
      c.progress,
    );
    c.print({ provider: await a.address(), tx: tx.hash }, () => `registered ${a.chain} provider (tx ${tx.hash})`);
  });
provider
  .command("stake")
  .argument("<amount>", "e.g. 1000stun")
  .action(async (amount: string) => {
    const c = context();
    const tx = await (await c.adapter()).stake(parseAmount(amount), c.progress);
    c.print({ amount: parseAmount(amount), tx: tx.hash }, () => `staked (tx ${tx.hash})`);
  });
provider
  .command("unstake")
  .description("request unstaking (unbonding period), or --withdraw what has unbonded")
  .argument("[amount]", "e.g. 500stun")
  .option("--withdraw", "withdraw unbonded stake")
  .action(async (amount: string | undefined, o: { withdraw?: boolean }) => {
    const c = context();
    const a = await c.adapter();
    if (o.withdraw) {
      const tx = await a.withdrawUnstaked();
      return c.print({ withdrawn: true, tx: tx.hash }, () => `unbonded stake withdrawn (tx ${tx.hash})`);
    }
    if (amount === undefined) throw new InvalidArgumentError("give an amount, or --withdraw");
    const tx = await a.requestUnstake(parseAmount(amount));
    const p = await a.getProvider(await a.address());
    c.print({ amount: parseAmount(amount), unlockAt: p.unlockAt, tx: tx.hash }, () => `unstake requested; unlocks at ${new Date(Number(p.unlockAt) * 1000).toISOString()}`);
  });
provider
  .command("status")
  .argument("[address]", "default: the key's address")
  .action(async (addr: string | undefined) => {
    const c = context();
    const a = await c.adapter(addr === undefined);
    const p = await a.getProvider(addr ?? (await a.address()));
    c.print(p, () => fmtTask({ ...p, stake: `${formatUnits(p.stake, 18)} STUN` }));
  });

// ------------------------------------------------------------------ governance
const gov = program.command("gov").description("governance: parameters, proposals, votes, timelock");
gov
  .command("params")
  .description("known parameters and their on-chain bounds")
  .action(() => {
    const c = context();
    const list = [...PARAMETERS.map((p) => ({ ...p })), { name: "feeSplit", contract: "computeMarketplace", bounds: FEE_SPLIT_BOUNDS, note: "sum 10000" }];
    c.print(list, () => PARAMETERS.map((p) => `${p.name.padEnd(20)} [${p.min}, ${p.max}] ${p.unit} (${p.contract})`).join("\n") + "\nfeeSplit             provider [5000,9500] treasury [0,5000] creator [0,2000], sum 10000");
  });
gov
  .command("propose")
  .description("propose a parameter change (name and bounds checked locally first)")
  .option("--param <name>", "parameter name (see `stun gov params`)")
  .option("--value <v>", "new value")
  .option("--fee-split <p,t,c>", "provider,treasury,creator bps")
  .option("--description <text>")
  .action(async (o: { param?: string; value?: string; feeSplit?: string; description?: string }) => {
    const c = context();
    let actions;
    if (o.feeSplit) {
      const parts = o.feeSplit.split(",").map((x) => parseBigInt("--fee-split", x));
      if (parts.length !== 3) throw new InvalidArgumentError("--fee-split needs provider,treasury,creator");
      actions = feeSplitProposal(c.chain, [parts[0] ?? 0n, parts[1] ?? 0n, parts[2] ?? 0n], o.description);
    } else {
      if (!o.param || o.value === undefined) throw new InvalidArgumentError("give --param and --value, or --fee-split");
      actions = parameterProposal(c.chain, o.param, parseBigInt("--value", o.value), o.description);
    }
    const g = await c.governance();
    c.progress("propose", { description: actions.description });
    const { proposalId, tx } = await g.propose(actions);
    c.print({ proposalId, tx: tx.hash, description: actions.description }, () => `proposal ${proposalId} (tx ${tx.hash})`);
  });
const proposalCmd = (name: string, desc: string, fn: (id: bigint, o: Record<string, string>) => Promise<{ hash: string }>): void => {
  gov
    .command(name)
    .description(desc)
    .argument("<proposalId>")
    .addOption(new Option("--support <s>", "vote: for | against | abstain").choices(["for", "against", "abstain"]).default("for"))
    .action(async (id: string, o: Record<string, string>) => {
      const c = context();
      const pid = parseBigInt("proposalId", id);
      const tx = await fn(pid, o);
      const state = await (await c.governance()).state(pid);
      c.print({ proposalId: pid, tx: tx.hash, state }, () => `${name}: proposal ${pid} is ${state} (tx ${tx.hash})`);
    });
};
proposalCmd("vote", "cast a vote (proposal must be Active)", async (id, o) =>
  (await context().governance()).vote(id, ({ against: 0, for: 1, abstain: 2 } as const)[o.support as "for"] ?? 1),
);
proposalCmd("queue", "queue a Succeeded proposal in the timelock", async (id) => (await context().governance()).queue(id));
proposalCmd("execute", "execute a Queued proposal whose timelock delay has passed", async (id) => (await context().governance()).execute(id));
gov
  .command("status")
  .argument("<proposalId>")
  .action(async (id: string) => {
    const c = context();
    const info = await (await c.governance()).info(parseBigInt("proposalId", id));
    c.print(info, () => fmtTask({ ...info }));
  });

// ------------------------------------------------------------------ run
program.parseAsync(process.argv).then(
  () => ctx?.close(),
  (e: unknown) => {
    const err = decodeError(e) as Error;
    const name = err instanceof StunError ? err.name : err.name || "Error";
    process.stderr.write(`${name}: ${err.message}\n`);
    if (program.opts<GlobalOptions>().json) process.stdout.write(JSON.stringify({ error: name, message: err.message }) + "\n");
    ctx?.close();
    process.exit(1);
  },
);
