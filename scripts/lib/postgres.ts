import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { POSTGRES } from "./chains.js";
import { ServiceStartError } from "./process.js";

/** Finds the newest installed PostgreSQL server binaries (Debian puts them under /usr/lib/postgresql/N/bin). */
function pgBin(tool: string): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const p = join(root, v, "bin", tool);
      if (existsSync(p)) return p;
    }
  }
  return tool;
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/** Postgres refuses to run as root, so as root the server runs as the Debian `postgres` user. */
function runPg(tool: string, args: string[]): string {
  const bin = pgBin(tool);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv as string[], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export interface PgHandle {
  readonly dataDir: string;
  readonly port: number;
  readonly url: string;
  stop(): void;
}

/**
 * Starts Postgres in a project-local data directory on a non-default port, listening on 127.0.0.1 only, with
 * trust authentication for the local `stun` role (development only). Tests pass their own `baseDir` and `port`
 * so they never touch the devnet's cluster. Idempotent: reuses an initialised
 * directory and an already running server.
 */
export function startPostgres(baseDir: string, port: number = POSTGRES.port): PgHandle {
  const dataDir = resolve(baseDir, "pg");
  const socketDir = resolve(baseDir, "pg-socket");
  for (const d of [baseDir, dataDir, socketDir]) mkdirSync(d, { recursive: true });
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dataDir, uid, gid);
    chownSync(socketDir, uid, gid);
  }
  chmodSync(dataDir, 0o700);
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    runPg("initdb", ["-D", dataDir, "-U", POSTGRES.user, "--auth=trust", "--encoding=UTF8", "--no-instructions"]);
  }
  const opts = `-p ${port} -k ${socketDir} -c listen_addresses=${POSTGRES.host} -c fsync=off`;
  const status = (): boolean => {
    try {
      runPg("pg_ctl", ["-D", dataDir, "status"]);
      return true;
    } catch {
      return false;
    }
  };
  if (!status()) {
    try {
      runPg("pg_ctl", ["-D", dataDir, "-o", opts, "-l", join(dataDir, "server.log"), "-w", "-t", "60", "start"]);
    } catch (e) {
      throw new ServiceStartError("postgres", `${(e as Error).message}; see ${join(dataDir, "server.log")}`);
    }
  }
  try {
    runPg("createdb", ["-h", POSTGRES.host, "-p", String(port), "-U", POSTGRES.user, POSTGRES.database]);
  } catch {
    /* already exists */
  }
  return {
    dataDir,
    port,
    url: `postgres://${POSTGRES.user}@${POSTGRES.host}:${port}/${POSTGRES.database}`,
    stop: () => {
      if (status()) runPg("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
  };
}
