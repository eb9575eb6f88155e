import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";
import { createRequire } from "node:module";

import { EVM_CHAINS } from "./scripts/lib/chains.js";

const require = createRequire(import.meta.url);

/** solc is pinned exactly in package.json; the wasm build ships in the npm `solc` package (no download). */
const SOLC_VERSION = "0.8.30";
/** Must be absolute: a relative path is imported as a bare package name (HHE908). */
const SOLC_PATH = process.env.SOLC_PATH ?? require.resolve("solc/soljson.js");

const optimizer = { enabled: true, runs: 200 };

const simulated = Object.fromEntries(
  EVM_CHAINS.map((c) => [
    c.name,
    { type: "edr-simulated" as const, chainType: c.chainType, chainId: c.chainId },
  ]),
);
const local = Object.fromEntries(
  EVM_CHAINS.map((c) => [
    `${c.name}Local`,
    { type: "http" as const, chainType: c.chainType, url: `http://127.0.0.1:${c.port}` },
  ]),
);

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin],
  paths: {
    sources: "evm/contracts",
    tests: { mocha: "evm/test", solidity: "evm/test" },
    cache: "cache",
    artifacts: "artifacts",
  },
  solidity: {
    profiles: {
      default: { version: SOLC_VERSION, path: SOLC_PATH, settings: { optimizer, evmVersion: "prague" } },
      production: {
        version: SOLC_VERSION,
        path: SOLC_PATH,
        settings: { optimizer, evmVersion: "prague", viaIR: true },
      },
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32 },
    },
  },
  networks: { ...simulated, ...local },
});
