/**
 * Hardhat config for the ZK verifier contracts only (evm/contracts/zk + interfaces, tests in evm/test/zk), with its
 * own cache/artifacts under circuits/build so it never collides with the root build. Run from the repo root:
 *   npx hardhat --config circuits/hardhat.zk.config.ts test mocha
 * The same tests also run under the root config (`npx hardhat test mocha`).
 */
import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** Must be absolute: a relative path is imported as a bare package name (HHE908). */
const SOLC_PATH = process.env.SOLC_PATH ?? require.resolve("solc/soljson.js");
const optimizer = { enabled: true, runs: 200 };

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin],
  paths: {
    sources: ["../evm/contracts/zk", "../evm/contracts/interfaces"],
    tests: { mocha: "../evm/test/zk" },
    cache: "build/hh-cache",
    artifacts: "build/hh-artifacts",
  },
  solidity: {
    profiles: {
      default: { version: "0.8.30", path: SOLC_PATH, settings: { optimizer, evmVersion: "prague" } },
    },
  },
  networks: {
    default: { type: "edr-simulated", chainType: "l1" },
  },
});
