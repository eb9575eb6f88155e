/**
 * Typed errors of the SDK. Every failure a caller can act on has its own class (and `name`), so a CLI can print
 * `NotRequester: ...` and a program can `catch (e) { if (e instanceof TaskExpiredError) ... }`.
 *
 * Contract reverts are decoded against the ABIs of every STUN contract into `ContractRevertError`, whose `name` is
 * the Solidity custom error's name (`InvalidState`, `NotRequester`, `ParameterOutOfBounds`, ...) and whose `args`
 * are the decoded arguments.
 */
import { Interface, type ErrorDescription } from "ethers";

import {
  ComputeMarketplace__factory,
  ModelRegistry__factory,
  ProviderRegistry__factory,
  StunGovernor__factory,
  StunTimelock__factory,
  StunToken__factory,
  TestUSDC__factory,
} from "../../types/ethers-contracts/index.js";

/** Base class of every SDK error. `code` is a stable machine-readable name (equal to `name`). */
export class StunError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}

/** A contract call reverted with a known custom error (`name` = the Solidity error name). */
export class ContractRevertError extends StunError {
  constructor(
    readonly errorName: string,
    readonly args: Record<string, unknown>,
    readonly signature: string,
    options?: { cause?: unknown },
  ) {
    super(errorName, `${errorName}(${formatArgs(args)})`, options);
  }
}

/** A revert whose data matches no STUN error (or a bare `require` without reason). */
export class UnknownRevertError extends StunError {
  constructor(
    readonly data: string | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("UnknownRevert", message, options);
  }
}

/** Transport-level failure talking to the node (connection refused, timeout, 5xx) after the retries ran out. */
export class RpcError extends StunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("RpcError", message, options);
  }
}

/** The task reached a terminal state other than Finalized. */
export class TaskFailedError extends StunError {
  constructor(
    code: "TaskExpired" | "TaskRefunded" | "TaskCancelled" | "TaskSlashedRefunded",
    readonly taskId: bigint,
    readonly status: string,
  ) {
    super(code, `task ${taskId} ended ${status}`);
  }
}
export class TaskExpiredError extends TaskFailedError {
  constructor(taskId: bigint) {
    super("TaskExpired", taskId, "Expired");
  }
}
export class TaskRefundedError extends TaskFailedError {
  constructor(taskId: bigint, status: "Refunded" | "SlashedRefunded" = "Refunded") {
    super(status === "Refunded" ? "TaskRefunded" : "TaskSlashedRefunded", taskId, status);
  }
}
export class TaskCancelledError extends TaskFailedError {
  constructor(taskId: bigint) {
    super("TaskCancelled", taskId, "Cancelled");
  }
}
export class TaskNotFoundError extends StunError {
  constructor(readonly taskId: bigint) {
    super("TaskNotFound", `task ${taskId} does not exist`);
  }
}
/** `wait()` gave up (its own timeout, not a chain state). */
export class WaitTimeoutError extends StunError {
  constructor(
    readonly taskId: bigint,
    readonly lastStatus: string,
  ) {
    super("WaitTimeout", `gave up waiting for task ${taskId} (last status ${lastStatus})`);
  }
}

/** The fetched output does not hash to the task's on-chain result hash. Nothing is returned. */
export class ResultMismatchError extends StunError {
  constructor(
    readonly taskId: bigint,
    readonly expected: string,
    readonly actual: string,
  ) {
    super("ResultMismatch", `output of task ${taskId} hashes to ${actual}, chain has ${expected}`);
  }
}
/** The task has no agreed result yet, or no provider in the majority published its output. */
export class OutputUnavailableError extends StunError {
  constructor(
    readonly taskId: bigint,
    detail: string,
  ) {
    super("OutputUnavailable", `task ${taskId}: ${detail}`);
  }
}

/** A governance parameter name the contracts do not know, or a value outside its on-chain bounds. */
export class UnknownParameterError extends StunError {
  constructor(
    readonly parameter: string,
    known: readonly string[],
  ) {
    super("UnknownParameter", `unknown parameter "${parameter}" (known: ${known.join(", ")})`);
  }
}
export class ParameterOutOfBoundsError extends StunError {
  constructor(
    readonly parameter: string,
    readonly value: bigint,
    readonly min: bigint,
    readonly max: bigint,
  ) {
    super("ParameterOutOfBounds", `${parameter} = ${value} is outside [${min}, ${max}]`);
  }
}
/** A governance step attempted in the wrong proposal state. */
export class ProposalStateError extends StunError {
  constructor(
    readonly proposalId: bigint,
    readonly state: string,
    readonly wanted: string,
  ) {
    super("ProposalState", `proposal ${proposalId} is ${state}, needs ${wanted}`);
  }
}
export class ProposalNotFoundError extends StunError {
  constructor(readonly proposalId: bigint) {
    super("ProposalNotFound", `no ProposalCreated event for proposal ${proposalId}`);
  }
}

/** The keeper's pricing endpoint failed or is not configured. */
export class QuoteError extends StunError {
  constructor(
    code: "QuoteUnavailable" | "NoProviders" | "KeeperUnreachable",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Bad input from the caller (CLI flags, options). */
export class InvalidArgumentError extends StunError {
  constructor(message: string) {
    super("InvalidArgument", message);
  }
}
export class KeyError extends StunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("KeyError", message, options);
  }
}

function formatArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .map(([k, v]) => `${k}=${typeof v === "bigint" ? v.toString() : String(v)}`)
    .join(", ");
}

/** Union of every STUN contract's errors (plus OZ AccessControl/ERC20/Governor errors they inherit). */
let cachedIface: Interface | undefined;
export function stunErrorInterface(): Interface {
  if (cachedIface) return cachedIface;
  const seen = new Set<string>();
  const frags: string[] = [];
  for (const abi of [
    ComputeMarketplace__factory.abi,
    ProviderRegistry__factory.abi,
    ModelRegistry__factory.abi,
    StunGovernor__factory.abi,
    StunTimelock__factory.abi,
    StunToken__factory.abi,
    TestUSDC__factory.abi,
  ]) {
    for (const f of new Interface(abi).fragments) {
      if (f.type !== "error") continue;
      const s = f.format("full");
      if (!seen.has(s)) {
        seen.add(s);
        frags.push(s);
      }
    }
  }
  cachedIface = new Interface(frags);
  return cachedIface;
}

/** Finds revert data in an ethers error (top level, `info.error.data`, nested `error.data`). */
function revertData(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  const walk = (x: unknown, depth: number): string | undefined => {
    if (x === null || typeof x !== "object" || depth > 6 || seen.has(x)) return undefined;
    seen.add(x);
    const o = x as Record<string, unknown>;
    if (typeof o.data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(o.data)) return o.data;
    if (o.data && typeof o.data === "object") {
      const d = (o.data as Record<string, unknown>).data;
      if (typeof d === "string" && /^0x[0-9a-fA-F]{8,}$/.test(d)) return d;
    }
    for (const k of ["info", "error", "cause", "revert", "payload"]) {
      const r = walk(o[k], depth + 1);
      if (r) return r;
    }
    return undefined;
  };
  return walk(e, 0);
}

const TRANSPORT_CODES = new Set(["NETWORK_ERROR", "SERVER_ERROR", "TIMEOUT", "ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET"]);

/** True when `e` is a transport failure worth retrying (not a revert, not a caller mistake). */
export function isTransientRpcError(e: unknown): boolean {
  if (e instanceof StunError) return e instanceof RpcError;
  const o = e as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  if (typeof o?.code === "string" && TRANSPORT_CODES.has(o.code)) return true;
  if (typeof o?.cause?.code === "string" && TRANSPORT_CODES.has(o.cause.code)) return true;
  const msg = typeof o?.message === "string" ? o.message : "";
  return /ECONNREFUSED|ECONNRESET|socket hang up|fetch failed|timeout/i.test(msg) && !/revert/i.test(msg);
}

/**
 * Turns anything thrown by an ethers call into a typed error: a decoded `ContractRevertError`, an `RpcError`, or
 * the original `StunError`; other errors pass through unchanged.
 */
export function decodeError(e: unknown): unknown {
  if (e instanceof StunError) return e;
  const data = revertData(e);
  if (data) {
    let desc: ErrorDescription | null = null;
    try {
      desc = stunErrorInterface().parseError(data);
    } catch {
      desc = null;
    }
    if (desc) {
      const args: Record<string, unknown> = {};
      desc.fragment.inputs.forEach((input, i) => {
        args[input.name || `arg${i}`] = desc.args[i];
      });
      return new ContractRevertError(desc.name, args, desc.signature, { cause: e });
    }
    return new UnknownRevertError(data, `reverted with unrecognised data ${data.slice(0, 74)}`, { cause: e });
  }
  const code = (e as { code?: unknown })?.code;
  if (code === "CALL_EXCEPTION") {
    const reason = (e as { reason?: unknown }).reason;
    return new UnknownRevertError(undefined, `reverted${typeof reason === "string" ? `: ${reason}` : " without data"}`, { cause: e });
  }
  if (isTransientRpcError(e)) return new RpcError((e as Error).message ?? String(e), { cause: e });
  return e;
}

/** Runs `fn`, rethrowing through `decodeError`. */
export async function decoded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw decodeError(e);
  }
}
