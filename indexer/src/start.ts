/**
 * Starts the indexer: applies migrations, runs one processor process per chain and the GraphQL server
 * (loopback only). Used by `npm start` (via `npm run start -w indexer`), the tests and the benchmark.
 *
 *   const ix = await startIndexer({ deployments: ".devnet/deployments.json", dbUrl, gqlPort: 4350 });
 *   ...; await ix.stop();
 *
 * CLI: node indexer/lib/start.js [--deployments FILE] [--db URL] [--port N] [--log-dir DIR]
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { loadDeployments, type ChainConfig, type ChainDeployment } from "./config.js";

/** indexer/ (this file is indexer/src/start.ts or indexer/lib/start.js). */
export const INDEXER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(INDEXER_DIR, "..");
const BIN = (n: string) => join(ROOT, "node_modules", ".bin", n);
const LIB = (f: string) => join(INDEXER_DIR, "lib", f);

export interface StartIndexerOptions {
  /** Deployments file path or object (scripts/devnet/deploy.ts format), or explicit chain configs. */
  deployments?: string | Record<string, ChainDeployment>;
  chains?: ChainConfig[];
  /** postgres://user@host:port/db */
  dbUrl: string;
  /** GraphQL port on 127.0.0.1 (default 4350). */
  gqlPort?: number;
  /** Where processor and server logs go (default .devnet/logs); "inherit" prints them. */
  logDir?: string | "inherit";
  /** Overrides applied to every chain (finality, headPollMs, ...). */
  chainOverrides?: Partial<ChainConfig>;
  /** Restart a processor that exits unexpectedly (default true). */
  restart?: boolean;
}

export interface IndexerHandle {
  readonly graphqlUrl: string;
  readonly chains: readonly ChainConfig[];
  /** Starts a processor for one more chain. */
  addChain(c: ChainConfig): void;
  /** Stops (SIGTERM, then SIGKILL) and restarts one chain's processor (tests: crash/restart mid-stream). */
  restartProcessor(chainId: number, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** Compiles indexer/ (tsc -p indexer) when lib/ is missing or older than a source file. */
export function ensureBuilt(force = false): void {
  const main = LIB("main.js");
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
    return t;
  };
  if (!force && existsSync(main) && statSync(main).mtimeMs >= newest(join(INDEXER_DIR, "src"))) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", INDEXER_DIR], { stdio: "inherit" });
}

function spawnLogged(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, logDir: string | "inherit"): ChildProcess {
  const child = spawn(cmd, args, {
    cwd: INDEXER_DIR,
    env,
    stdio: logDir === "inherit" ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
  });
  if (logDir !== "inherit") {
    mkdirSync(logDir, { recursive: true });
    const out = createWriteStream(join(logDir, `${name}.log`), { flags: "a" });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  return child;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Applies the committed migrations (squid-typeorm-migration apply). */
export function migrate(dbUrl: string): void {
  execFileSync(process.execPath, [BIN("squid-typeorm-migration"), "apply"], {
    cwd: INDEXER_DIR,
    env: { ...process.env, DB_URL: dbUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function startIndexer(opts: StartIndexerOptions): Promise<IndexerHandle> {
  ensureBuilt();
  const chains = (opts.chains ?? (opts.deployments ? loadDeployments(opts.deployments) : [])).map((c) => ({
    ...c,
    ...opts.chainOverrides,
  }));
  const gqlPort = opts.gqlPort ?? 4350;
  const logDir = opts.logDir ?? resolve(ROOT, ".devnet", "logs");
  migrate(opts.dbUrl);
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    ...process.env,
    DB_URL: opts.dbUrl,
    SQD_LOG_LEVEL: process.env.SQD_LOG_LEVEL ?? "info",
    ...extra,
  });
  const preload = ["--import", LIB("loopback.js")];
  let stopping = false;
  const procs = new Map<number, ChildProcess>();
  const startProc = (c: ChainConfig) => {
    const child = spawnLogged(`indexer-${c.name}`, process.execPath, [...preload, LIB("main.js")], env({
      STUN_INDEXER_CHAIN: JSON.stringify(c),
      PROCESSOR_PROMETHEUS_PORT: "0",
    }), logDir);
    procs.set(c.chainId, child);
    child.once("exit", (code, sig) => {
      if (stopping || procs.get(c.chainId) !== child) return;
      if (opts.restart ?? true) {
        console.error(`[indexer] processor ${c.name} exited (${code ?? sig}); restarting in 1 s`);
        setTimeout(() => {
          if (!stopping && procs.get(c.chainId) === child) startProc(c);
        }, 1000);
      }
    });
  };
  for (const c of chains) startProc(c);
  const server = spawnLogged(
    "indexer-graphql",
    process.execPath,
    [...preload, BIN("squid-graphql-server"), "--no-squid-status", "--max-root-fields", "20"],
    env({ GQL_PORT: String(gqlPort) }),
    logDir,
  );
  const graphqlUrl = `http://127.0.0.1:${gqlPort}/graphql`;
  const stop = async () => {
    stopping = true;
    await Promise.all([...procs.values(), server].map((c) => stopChild(c)));
  };
  const until = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      await stop();
      throw new Error(`indexer GraphQL server exited (${server.exitCode}); see ${logDir}/indexer-graphql.log`);
    }
    try {
      const r = await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ indexerStatus { chainId } }" }),
      });
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`indexer GraphQL server not ready after 60 s; see ${logDir}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    graphqlUrl,
    chains,
    addChain(c) {
      const full = { ...c, ...opts.chainOverrides };
      chains.push(full);
      startProc(full);
    },
    async restartProcessor(chainId, signal = "SIGTERM") {
      const c = chains.find((x) => x.chainId === chainId);
      const p = procs.get(chainId);
      if (!c || !p) throw new Error(`no processor for chain ${chainId}`);
      procs.delete(chainId);
      await stopChild(p, signal);
      startProc(c);
    },
    stop,
  };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const arg = (name: string, def: string): string => {
    const i = process.argv.indexOf(name);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
  };
  const deployments = arg("--deployments", resolve(ROOT, ".devnet", "deployments.json"));
  const dbUrl = arg("--db", process.env.DB_URL ?? "postgres://stun@127.0.0.1:54329/stun");
  const port = Number(arg("--port", process.env.GQL_PORT ?? "4350"));
  const logDir = arg("--log-dir", resolve(ROOT, ".devnet", "logs"));
  startIndexer({ deployments, dbUrl, gqlPort: port, logDir })
    .then((ix) => {
      console.log(`[indexer] ${ix.chains.length} chain(s): ${ix.chains.map((c) => `${c.name}(${c.chainId})`).join(", ") || "none (no deployed contracts in deployments)"}`);
      console.log(`[indexer] GraphQL: ${ix.graphqlUrl} (logs in ${logDir})`);
      const bye = () => void ix.stop().then(() => process.exit(0));
      process.on("SIGINT", bye);
      process.on("SIGTERM", bye);
    })
    .catch((e: unknown) => {
      console.error(`[indexer] ${(e as Error).message}`);
      process.exit(1);
    });
}
