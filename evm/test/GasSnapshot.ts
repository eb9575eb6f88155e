import { expect } from "chai";
import { readFileSync } from "node:fs";
import { network } from "hardhat";

import { measureGas } from "../scripts/gas-report.js";

/**
 * The committed gas snapshot (evm/gas-snapshot.json) is reviewed like code: any change to the marketplace's gas
 * must come with an updated snapshot (`npx hardhat run evm/scripts/gas-snapshot.ts`), or this test fails.
 * Only the mock-verifier figures are compared here (deterministic and fast); the real-proof figures are in the bench.
 */
describe("gas snapshot", () => {
  it("matches evm/gas-snapshot.json", async () => {
    const snap = JSON.parse(readFileSync("evm/gas-snapshot.json", "utf8")) as Record<string, unknown>;
    const { ethers } = await network.create();
    const now = await measureGas(ethers);
    const keys = ["submitTask", "assign", "submitResult", "submitResultLast", "finalizeR3", "lifecycleR3", "lifecycleR3Warm"] as const;
    expect(Object.fromEntries(keys.map((k) => [k, now[k]]))).to.deep.equal(Object.fromEntries(keys.map((k) => [k, snap[k]])));
  });
});
