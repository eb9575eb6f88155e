/** `npx hardhat run evm/scripts/gas-snapshot.ts` -> evm/gas-snapshot.json */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { network } from "hardhat";
import { measureGas, measureGasWithProofs } from "./gas-report.js";

const mock = await measureGas((await network.create()).ethers);
const withProofs = await measureGasWithProofs((await network.create()).ethers);
const report = { ...mock, withProofs };
const out = fileURLToPath(new URL("../gas-snapshot.json", import.meta.url));
writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
console.log(JSON.stringify(report, null, 2));
