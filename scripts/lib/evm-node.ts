import type { ChildProcess } from "node:child_process";
import { join } from "node:path";

import type { EvmChain } from "./chains.js";
import { ServiceStartError, spawnLogged, waitFor } from "./process.js";

/** JSON-RPC call over HTTP; returns `result` or throws with the node's error message. */
export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export const rpcUrl = (chain: EvmChain): string => `http://127.0.0.1:${chain.port}`;

/** True when something already answers JSON-RPC on the chain's port. */
export async function isUp(chain: EvmChain): Promise<boolean> {
  try {
    await rpc<string>(rpcUrl(chain), "eth_chainId");
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `hardhat node` for one chain, bound to 127.0.0.1 (Hardhat binds 0.0.0.0 inside containers unless told),
 * and waits until it answers with the expected chain id.
 */
export async function startEvmNode(chain: EvmChain, logDir: string): Promise<ChildProcess> {
  if (await isUp(chain)) {
    throw new ServiceStartError(chain.name, `port ${chain.port} is already in use (another devnet running?)`);
  }
  const child = spawnLogged(
    "hardhat",
    ["node", "--hostname", "127.0.0.1", "--port", String(chain.port), "--network", chain.name],
    join(logDir, `${chain.name}.log`),
  );
  let exited = false;
  child.once("exit", () => (exited = true));
  await waitFor(
    chain.name,
    async () => {
      if (exited) throw new ServiceStartError(chain.name, `exited early, see ${logDir}/${chain.name}.log`);
      const id = await rpc<string>(rpcUrl(chain), "eth_chainId");
      if (Number(id) !== chain.chainId) throw new ServiceStartError(chain.name, `chain id ${Number(id)}`);
      return true;
    },
    60_000,
  );
  return child;
}
