/**
 * CPU time of every process on the machine, grouped by its role in the devnet (from its command line), read from
 * /proc: the throughput bench samples it before and after its window to say where the CPU per task goes.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";

const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** Roles by command-line pattern, first match wins; the bench's own process (the requesters) is "requesters". */
const ROLES: [string, RegExp][] = [
  ["prover", /stun-prover/],
  ["agent", /provider-agent\/src\/main\.ts/],
  ["keeper", /keeper\/src\/main\.ts/],
  ["postgres", /postgres/],
  ["indexer", /indexer|sqd|squid/],
  ["evm node", /hardhat|edr/],
  ["devnet (blob store)", /scripts\/devnet\/start\.ts/],
];

export type CpuSample = Map<number, { role: string; ms: number }>;

function roleOf(pid: number, cmdline: string): string {
  if (pid === process.pid) return "requesters";
  const known = ROLES.find(([, re]) => re.test(cmdline))?.[0];
  if (known) return known;
  const words = cmdline.trim().split(" ");
  const script = words.find((w) => /\.(ts|js|mjs)$/.test(w)) ?? words[0] ?? "?";
  return `other (${script.split("/").slice(-2).join("/")})`;
}

/** utime + stime (ms) of every readable process, with its role. */
export function sampleCpu(): CpuSample {
  const out: CpuSample = new Map();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ms = ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      out.set(pid, { role: roleOf(pid, cmdline), ms });
    } catch {
      // the process ended between readdir and read
    }
  }
  return out;
}

/** CPU ms spent per role between two samples (a process absent from `before` counts from its start). */
export function cpuDelta(before: CpuSample, after: CpuSample): Map<string, number> {
  const roles = new Map<string, number>();
  for (const [pid, a] of after) {
    const d = a.ms - (before.get(pid)?.ms ?? 0);
    if (d > 0) roles.set(a.role, (roles.get(a.role) ?? 0) + d);
  }
  return roles;
}

export const CORES = availableParallelism();
