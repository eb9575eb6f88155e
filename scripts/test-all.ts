/**
 * `npm test`: runs every check and test suite of the monorepo in order, streams their output, and ends with one
 * summary line `N passed, N failed` counted over all suites. Exit code 1 on any failure.
 *
 * A "check" (lint, typecheck, build) counts as one test. A suite's counts are read from its runner's summary
 * (mocha / Hardhat, node:test, jest); a suite that exits non-zero without a parsable failure count adds one failure.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

type Kind = "check" | "suite";
interface Step {
  readonly name: string;
  readonly kind: Kind;
  readonly cmd: string;
  readonly args: readonly string[];
}
interface Outcome {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly seconds: number;
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, "");

/** Reads pass/fail counts from mocha/Hardhat ("N passing"), node:test ("ℹ pass N") and jest ("Tests: ...") output. */
export function parseCounts(output: string): { passed: number; failed: number } | undefined {
  const text = stripAnsi(output);
  const sum = (re: RegExp): number | undefined => {
    const all = [...text.matchAll(re)].map((m) => Number(m[1]));
    return all.length ? all.reduce((a, b) => a + b, 0) : undefined;
  };
  const jest = text.match(/^Tests:\s+(.*)$/m);
  if (jest?.[1]) {
    const n = (label: string): number => Number(jest[1]?.match(new RegExp(`(\\d+) ${label}`))?.[1] ?? 0);
    return { passed: n("passed"), failed: n("failed") };
  }
  // Hardhat's `test` task prints a per-runner summary and a total; the per-runner lines are indented.
  const mochaPassed = sum(/^[ \t]+(\d+) passing/gm);
  if (mochaPassed !== undefined) return { passed: mochaPassed, failed: sum(/^[ \t]+(\d+) failing/gm) ?? 0 };
  const nodePassed = sum(/^[ℹ#] pass (\d+)$/gm);
  if (nodePassed !== undefined) return { passed: nodePassed, failed: sum(/^[ℹ#] fail (\d+)$/gm) ?? 0 };
  return undefined;
}

/** A step that runs longer than this is killed and counted as failed (STUN_TEST_STEP_TIMEOUT_S, default 20 min). */
const STEP_TIMEOUT_S = Number(process.env.STUN_TEST_STEP_TIMEOUT_S ?? 1200);
const running = new Set<number>();
function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });
}

function run(step: Step): Promise<Outcome> {
  const started = Date.now();
  console.log(`\n━━ ${step.name} ━━ ${step.cmd} ${step.args.join(" ")}`);
  return new Promise((resolvePromise) => {
    // its own process group, so a step that hangs is killed with everything it started
    const child = spawn(step.cmd, step.args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" }, detached: true });
    running.add(child.pid ?? 0);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n[test-all] ${step.name}: no end after ${STEP_TIMEOUT_S} s; killing it (counted as a failure)`);
      killGroup(child.pid);
    }, STEP_TIMEOUT_S * 1000);
    let out = "";
    const collect = (chunk: Buffer, sink: NodeJS.WriteStream): void => {
      out += chunk.toString();
      sink.write(chunk);
    };
    child.stdout.on("data", (c: Buffer) => collect(c, process.stdout));
    child.stderr.on("data", (c: Buffer) => collect(c, process.stderr));
    // a straggler holding the pipes would keep "close" from firing: end the group as soon as the step exits
    child.on("exit", () => killGroup(child.pid));
    child.on("close", (code) => {
      clearTimeout(timer);
      running.delete(child.pid ?? 0);
      const seconds = (Date.now() - started) / 1000;
      if (timedOut) {
        resolvePromise({ name: `${step.name} (timed out)`, passed: parseCounts(out)?.passed ?? 0, failed: Math.max(1, parseCounts(out)?.failed ?? 0), seconds });
        return;
      }
      if (step.kind === "check") {
        resolvePromise({ name: step.name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, seconds });
        return;
      }
      const counts = parseCounts(out) ?? { passed: 0, failed: 0 };
      const failed = code !== 0 && counts.failed === 0 ? 1 : counts.failed;
      resolvePromise({ name: step.name, passed: counts.passed, failed, seconds });
    });
  });
}

/** Workspaces (from the root package.json) that declare their own `test` script, in declaration order. */
function workspaceSuites(): Step[] {
  const root = JSON.parse(readFileSync("package.json", "utf8")) as { workspaces: string[] };
  return root.workspaces.flatMap((ws) => {
    const pkg = JSON.parse(readFileSync(`${ws}/package.json`, "utf8")) as { scripts?: Record<string, string> };
    return pkg.scripts?.test ? [{ name: `${ws} tests`, kind: "suite" as const, cmd: "npm", args: ["test", "--workspace", ws] }] : [];
  });
}

async function main(): Promise<void> {
  const steps: Step[] = [
    { name: "lint: typescript (eslint)", kind: "check", cmd: "eslint", args: ["."] },
    { name: "lint: solidity (solhint)", kind: "check", cmd: "solhint", args: ["--disc", "--noPoster", "evm/contracts/**/*.sol"] },
    { name: "build: contracts", kind: "check", cmd: "hardhat", args: ["build"] },
    { name: "typecheck (tsc)", kind: "check", cmd: "tsc", args: ["--noEmit", "-p", "tsconfig.json"] },
    { name: "evm: solidity tests (unit, fuzz, invariant)", kind: "suite", cmd: "hardhat", args: ["test", "solidity"] },
    { name: "evm: mocha tests", kind: "suite", cmd: "hardhat", args: ["test", "mocha"] },
    ...workspaceSuites(),
  ];
  const outcomes: Outcome[] = [];
  for (const step of steps) outcomes.push(await run(step));

  console.log("\n━━ summary ━━");
  console.table(outcomes.map((o) => ({ suite: o.name, passed: o.passed, failed: o.failed, seconds: o.seconds.toFixed(1) })));
  const passed = outcomes.reduce((a, o) => a + o.passed, 0);
  const failed = outcomes.reduce((a, o) => a + o.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
