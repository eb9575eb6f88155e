/**
 * A Hardhat runtime for the ZK contracts only (circuits/hardhat.zk.config.ts) with the repo root as project root,
 * so it can compile evm/contracts/zk without touching the root build. Used by circuits/scripts/hardhat-zk.ts and
 * the gas benchmark.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { createHardhatRuntimeEnvironment, importUserConfig } from "hardhat/hre";

import { CIRCUITS_DIR, REPO_ROOT } from "./paths.js";

export const ZK_HARDHAT_CONFIG = join(CIRCUITS_DIR, "hardhat.zk.config.ts");

let cached: HardhatRuntimeEnvironment | undefined;

/**
 * Creates the runtime and installs it as Hardhat's global instance, so test files that `import { network } from
 * "hardhat"` get it (the CLI does the same for its --config). Hardhat does not export the setter; it lives in an
 * internal module of the exactly pinned hardhat 3.18.0.
 */
export async function zkHardhat(): Promise<HardhatRuntimeEnvironment> {
  if (cached !== undefined) return cached;
  const userConfig = await importUserConfig(ZK_HARDHAT_CONFIG);
  const hre = await createHardhatRuntimeEnvironment(userConfig, { config: ZK_HARDHAT_CONFIG }, REPO_ROOT);
  const hhRoot = dirname(dirname(dirname(createRequire(import.meta.url).resolve("hardhat/hre"))));
  const internal = pathToFileURL(join(hhRoot, "dist", "src", "internal", "global-hre-instance.js")).href;
  const g = (await import(internal)) as {
    getGlobalHardhatRuntimeEnvironment(): HardhatRuntimeEnvironment | undefined;
    setGlobalHardhatRuntimeEnvironment(h: HardhatRuntimeEnvironment): void;
  };
  if (g.getGlobalHardhatRuntimeEnvironment() === undefined) g.setGlobalHardhatRuntimeEnvironment(hre);
  cached = hre;
  return hre;
}
