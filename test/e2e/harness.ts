/**
 * Shared harness of the end-to-end tests and benchmarks: the `npm start` devnet as a child process
 * (STUN_DEVNET_FLOW=0, optionally STUN_DEVNET_KEEPER=0), provider agents and the keeper as real child processes
 * (so that SIGKILL is a real kill -9), polling helpers and chain readers (ethers on 127.0.0.1:8545).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

import { Interface, JsonRpcProvider, type Log } from "ethers";

import { DEVNET_SERVICES } from "../../scripts/lib/chains.js";
import { writeKeystore } from "../../provider-agent/src/keystore.js";
import { StunClient } from "../../sdk/src/client.js";
import type { ChainDeployment, Deployments } from "../../sdk/src/deployments.js";
import { DEVNET_ROLES, devnetProvider, devnetWallet } from "../../sdk/src/devnet-accounts.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CHAIN = "ethereum";
export const MODEL_FILE = resolve(ROOT, "provider-agent/models/mlp-16-32-16.onnx");
export const BLOB_DIR = resolve(ROOT, ".devnet/blobs");
const PASSWORD = "stun-e2e-devnet-only";
export const KEEPER_URL = `http://127.0.0.1:${DEVNET_SERVICES.keeperPort}`;

export const MARKET = new Interface([
  "event TaskAssigned(uint256 indexed taskId, address[] providers)",
  "event TaskAccepted(uint256 indexed taskId, address indexed provider)",
  "event ResultSubmitted(uint256 indexed taskId, address indexed provider, bytes32 resultHash)",
  "event PaymentSplit(uint256 indexed taskId, uint256 provider, uint256 treasury, uint256 creator)",
  "event TaskCompleted(uint256 indexed taskId, address indexed provider, bytes32 resultHash)",
  "event TaskExpired(uint256 indexed taskId)",
  "event Refunded(uint256 indexed taskId, address indexed to, uint256 amount)",
  "event ProviderReassigned(uint256 indexed taskId, address indexed noShow, address indexed replacement)",
  "function assignProviders(uint256 taskId, address[] list)",
  "function acceptTask(uint256 taskId)",
  "function submitResult(uint256 taskId, bytes32 resultHash, bytes proof)",
  "function resolveAudit(uint256 taskId, bool honest)",
  "function resolveDispute(uint256 taskId, bool honest)",
  "function resolveStale(uint256 taskId)",
  "function finalizeTask(uint256 taskId)",
  "function expireTask(uint256 taskId)",
  "function credits(address account, address token) view returns (uint256)",
  "function nextTaskId() view returns (uint256)",
]);
export const REGISTRY = new Interface(["event Slashed(address indexed provider, uint256 amount, uint8 reason)"]);
/** SlashReason (evm/contracts/common/StunTypes.sol). */
export const SLASH = { WrongResult: 0, NoShow: 1 } as const;

/** Polls `f` until it returns something other than undefined (or throws after `ms`). */
export async function until<T>(what: string, f: () => Promise<T | undefined> | T | undefined, ms = 60_000, everyMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A child process with its output captured line by line. */
export class Proc {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    for (const stream of [proc.stdout, proc.stderr]) {
      let buf = "";
      stream?.on("data", (b: Buffer) => {
        buf += b.toString();
        const parts = buf.split("\n");
        buf = parts.pop() ?? "";
        this.lines.push(...parts);
      });
    }
    this.exited = new Promise((r) => proc.once("exit", (code) => r(code)));
  }
  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
  output(last = 40): string {
    return this.lines.slice(-last).join("\n");
  }
  async waitFor(re: RegExp, ms = 60_000): Promise<string> {
    return until(`${this.name}: ${re}`, () => {
      const hit = this.lines.find((l) => re.test(l));
      if (hit !== undefined) return hit;
      if (!this.alive) throw new Error(`${this.name} exited (${this.proc.exitCode ?? this.proc.signalCode}) before ${re}:\n${this.output()}`);
      return undefined;
    }, ms).catch((e: Error) => {
      throw new Error(`${e.message}\n--- ${this.name} output ---\n${this.output()}`);
    });
  }
  /** kill -9 and wait for the exit. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.proc.kill("SIGKILL");
    await this.exited;
  }
}

function node(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  // node --import tsx directly (no tsx wrapper process), so that SIGKILL hits the real process.
  const proc = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return new Proc(name, proc);
}

export interface Devnet {
  readonly proc: Proc;
  readonly deployments: Deployments;
  /** A deployments file for the agents and the keeper child processes (services.keeper set). */
  readonly file: string;
  readonly chain: ChainDeployment;
  readonly rpc: JsonRpcProvider;
  /** A scratch directory for keystores and agent state (fresh per devnet). */
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s devnet without the main flow (STUN_DEVNET_FLOW=0). `keeper: false` starts no keeper
 * (STUN_DEVNET_KEEPER=0): the test spawns its own with `spawnKeeper`.
 */
export async function startDevnet(opts: { keeper: boolean; dir: string }): Promise<Devnet> {
  const env: NodeJS.ProcessEnv = { STUN_DEVNET_FLOW: "0", STUN_DEVNET_KEEPER: opts.keeper ? "1" : "0" };
  const proc = node("devnet", ["scripts/devnet/start.ts"], env);
  await proc.waitFor(/Press Ctrl-C/, 180_000);
  const deployments = JSON.parse(readFileSync(resolve(ROOT, ".devnet/deployments.json"), "utf8")) as Deployments;
  const chain = deployments.chains[CHAIN];
  if (!chain) throw new Error("no ethereum chain in the deployments");
  mkdirSync(opts.dir, { recursive: true });
  const file = join(opts.dir, "deployments.json");
  writeFileSync(file, JSON.stringify({ ...deployments, services: { ...deployments.services, keeper: KEEPER_URL } }, null, 2));
  const rpc = new JsonRpcProvider(chain.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 200, cacheTimeout: -1 });
  const stop = async (): Promise<void> => {
    rpc.destroy();
    if (!proc.alive) return;
    proc.proc.kill("SIGINT");
    const timer = setTimeout(() => void proc.kill9(), 60_000);
    await proc.exited;
    clearTimeout(timer);
  };
  return { proc, deployments, file, chain, rpc, dir: opts.dir, stop };
}

export interface AgentProc extends Proc {
  readonly index: number;
  readonly address: string;
  readonly stateDir: string;
  readonly metricsUrl: string;
}

/** Spawns the provider-agent CLI for devnet provider `i` (keystore written with scryptN 2^12). */
export async function spawnAgent(
  d: Devnet,
  i: number,
  opts: { fault?: "wrong-result" | "no-show"; delayBeforeSubmitMs?: number; stateSuffix?: string; capacity?: number; accept?: "eager" | "lazy"; pollMs?: number } = {},
): Promise<AgentProc> {
  const keystore = join(d.dir, "keystores", `provider-${i}.json`);
  mkdirSync(join(d.dir, "keystores"), { recursive: true });
  if (!existsSync(keystore)) await writeKeystore(keystore, devnetProvider(i).privateKey, PASSWORD, { scryptN: 1 << 12 });
  const stateDir = join(d.dir, "agents", `provider-${i}${opts.stateSuffix ?? ""}`);
  const port = 9200 + i;
  const env: NodeJS.ProcessEnv = { STUN_KEYSTORE_PASSWORD: PASSWORD };
  if (opts.fault) env.STUN_AGENT_FAULT = opts.fault;
  if (opts.delayBeforeSubmitMs) env.STUN_AGENT_TEST_DELAY_BEFORE_SUBMIT_MS = String(opts.delayBeforeSubmitMs);
  const args = ["provider-agent/src/main.ts", "--deployments", d.file, "--chain", CHAIN, "--keystore", keystore, "--state", stateDir];
  args.push("--metrics-port", String(port), "--poll-ms", String(opts.pollMs ?? 200), "--heartbeat-ms", "1000", "--log-level", "info");
  args.push("--capacity", String(opts.capacity ?? 1), "--accept", opts.accept ?? "eager");
  const p = node(`provider-${i}`, args, env);
  return Object.assign(p, { index: i, address: devnetProvider(i).address, stateDir, metricsUrl: `http://127.0.0.1:${port}/metrics` });
}

export async function agentStarted(a: Proc): Promise<void> {
  await a.waitFor(/"msg":"agent started"/, 90_000);
}

/** Spawns the keeper CLI (keeper account 1, auditor 2, port 8601, poll `pollMs`) and waits until it serves. */
export async function spawnKeeper(d: Devnet, pollMs = 500): Promise<Proc> {
  const args = ["keeper/src/main.ts", "--deployments", d.file, "--chain", CHAIN, "--key-index", "1", "--auditor-key-index", "2"];
  const p = node("keeper", [...args, "--port", String(DEVNET_SERVICES.keeperPort), "--poll-ms", String(pollMs)]);
  await p.waitFor(/\[keeper\] .*serving/, 60_000);
  return p;
}

/** Waits until the keeper counts exactly `n` live providers (fresh heartbeats) for an r=1 quote. */
export async function liveProviders(n: number, ms = 60_000): Promise<void> {
  let last = "";
  await until(`${n} live providers at the keeper`, async () => {
    const res = await fetch(`${KEEPER_URL}/quote?chain=${CHAIN}&redundancy=1&units=1`).catch(() => undefined);
    if (!res) return undefined;
    last = await res.text();
    if (res.status !== 200) return undefined;
    return (JSON.parse(last) as { candidates: number }).candidates === n ? true : undefined;
  }, ms, 250).catch((e: Error) => {
    throw new Error(`${e.message}; last quote: ${last}`);
  });
}

/** Advances chain time (hardhat evm_increaseTime + evm_mine). Local devnet only. */
export async function fastForward(rpc: JsonRpcProvider, seconds: number): Promise<void> {
  await rpc.send("evm_increaseTime", [seconds]);
  await rpc.send("evm_mine", []);
}

export function client(d: Devnet, role: number, pollIntervalMs = 200): StunClient {
  return StunClient.fromDeployments({ deployments: d.deployments, chain: CHAIN, signer: devnetWallet(role).connect(d.rpc), pollIntervalMs });
}
export const requesterClient = (d: Devnet): StunClient => client(d, DEVNET_ROLES.requester);
export const creatorClient = (d: Devnet): StunClient => client(d, DEVNET_ROLES.creator);

/** The 16-float input every test task uses (varied by `k`). */
export const inputOf = (k: number): number[] => Array.from({ length: 16 }, (_, i) => Math.sin(i + 1 + k));

const topicOf = (id: bigint): string => `0x${id.toString(16).padStart(64, "0")}`;

/** Parsed marketplace events `name` for `taskId`. */
export async function marketEvents(d: Devnet, name: string, taskId: bigint): Promise<ReturnType<Interface["parseLog"]>[]> {
  const ev = MARKET.getEvent(name);
  if (!ev) throw new Error(`unknown event ${name}`);
  const logs: Log[] = await d.rpc.getLogs({ address: d.chain.contracts.computeMarketplace, topics: [ev.topicHash, topicOf(taskId)], fromBlock: d.chain.deployBlock });
  return logs.map((l) => MARKET.parseLog(l));
}

/** Slashed events of the provider registry for `provider` since block `fromBlock`. */
export async function slashes(d: Devnet, provider: string, fromBlock: number): Promise<{ amount: bigint; reason: number }[]> {
  const ev = REGISTRY.getEvent("Slashed")!;
  const logs = await d.rpc.getLogs({
    address: d.chain.contracts.providerRegistry,
    topics: [ev.topicHash, `0x${provider.slice(2).toLowerCase().padStart(64, "0")}`],
    fromBlock,
  });
  return logs.map((l) => {
    const p = REGISTRY.parseLog(l)!;
    return { amount: p.args.amount as bigint, reason: Number(p.args.reason) };
  });
}

/** ETH credit (pull payment) of `account` in the marketplace. */
export async function ethCredit(d: Devnet, account: string): Promise<bigint> {
  const data = MARKET.encodeFunctionData("credits", [account, "0x0000000000000000000000000000000000000000"]);
  const raw = await d.rpc.call({ to: d.chain.contracts.computeMarketplace, data });
  return MARKET.decodeFunctionResult("credits", raw)[0] as bigint;
}

/** Prometheus counter value `name{labels...}` (summed over matching series) from an agent's /metrics. */
export async function metric(url: string, name: string, labelMatch = ""): Promise<number> {
  const text = await (await fetch(url)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name) || !line.includes(labelMatch)) continue;
    const v = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (Number.isFinite(v)) sum += v;
  }
  return sum;
}

/**
 * Every transaction sent by `from` (lower-cased) from `fromBlock` to the head, keyed `function:taskId` (or the
 * selector for calls the marketplace interface does not know), with its count and how many reverted.
 */
export async function txCounts(d: Devnet, from: readonly string[], fromBlock: number): Promise<Map<string, { count: number; reverted: number }>> {
  const who = new Set(from.map((a) => a.toLowerCase()));
  const head = await d.rpc.getBlockNumber();
  const out = new Map<string, { count: number; reverted: number }>();
  for (let n = fromBlock; n <= head; n++) {
    const block = await d.rpc.send("eth_getBlockByNumber", [`0x${n.toString(16)}`, true]) as { transactions: { from: string; to: string | null; input: string; hash: string }[] };
    for (const tx of block.transactions) {
      if (!who.has(tx.from.toLowerCase())) continue;
      let key = `${tx.to ?? "create"}:${tx.input.slice(0, 10)}`;
      try {
        const parsed = tx.to?.toLowerCase() === d.chain.contracts.computeMarketplace!.toLowerCase() ? MARKET.parseTransaction({ data: tx.input }) : null;
        if (parsed) key = `${parsed.name}:${String(parsed.args[0])}`;
      } catch {
        // not a marketplace call we know: keyed by selector
      }
      const receipt = await d.rpc.getTransactionReceipt(tx.hash);
      const e = out.get(key) ?? { count: 0, reverted: 0 };
      e.count++;
      if (receipt?.status !== 1) e.reverted++;
      out.set(key, e);
    }
  }
  return out;
}

/**
 * Waits for the task to be Finalized, fast-forwarding the 60 s challenge window as soon as it is Challengeable
 * (the devnet's 10 % audit draw may put it through Audited first; the keeper's auditor resolves that).
 */
export async function finalizeFast(d: Devnet, c: StunClient, taskId: bigint, timeoutMs = 120_000): Promise<string[]> {
  const seen: string[] = [];
  let forwarded = false;
  await c.task(taskId).wait({
    timeoutMs,
    onProgress: (s) => {
      seen.push(s);
      if (s === "Challengeable" && !forwarded) {
        forwarded = true;
        void fastForward(d.rpc, 61).catch(() => undefined);
      }
    },
  });
  return seen;
}

/** The journal of an agent has reached `phase` for `taskId`. */
export function journalHas(stateDir: string, taskId: bigint, phase: string): boolean {
  const f = join(stateDir, "journal.jsonl");
  if (!existsSync(f)) return false;
  return readFileSync(f, "utf8")
    .split("\n")
    .some((l) => l.includes(`"taskId":"${taskId}"`) && l.includes(`"phase":"${phase}"`));
}
