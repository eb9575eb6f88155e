/** `npx hardhat run evm/scripts/gas-snapshot.ts` -> evm/gas-snapshot.json */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { measureGas } from "./gas-report.js";

const { ethers } = await network.create();
const report = await measureGas(ethers);
const out = fileURLToPath(new URL("../gas-snapshot.json", import.meta.url));
writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
console.log(report);
