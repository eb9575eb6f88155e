/**
 * Hardhat config for the ZK verifier contracts only (evm/contracts/zk + interfaces, tests in evm/test/zk), with its
 * own cache/artifacts under circuits/build so it never collides with the root build (which compiles all of
 * evm/contracts). Paths are relative to the REPO ROOT: Hardhat takes the closest package.json above the config as
 * the project root (circuits/) and refuses sources outside it (HHE900), so this config is loaded by
 * circuits/scripts/hardhat-zk.ts, which creates the runtime with the repo root as project root:
 *   npm run test:evm -w circuits        (= node --import tsx circuits/scripts/hardhat-zk.ts test mocha)
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
    sources: ["evm/contracts/zk", "evm/contracts/interfaces"],
    tests: { mocha: "evm/test/zk" },
    cache: "circuits/build/hh-cache",
    artifacts: "circuits/build/hh-artifacts",
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
