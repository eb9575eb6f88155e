/**
 * Runs a Hardhat task with circuits/hardhat.zk.config.ts and the repo root as project root.
 *   node --import tsx circuits/scripts/hardhat-zk.ts test mocha
 *   node --import tsx circuits/scripts/hardhat-zk.ts build
 */
import { zkHardhat } from "../src/hardhat.js";

const task = process.argv.slice(2);
if (task.length === 0) throw new Error("usage: hardhat-zk.ts <task> [subtask]");
const hre = await zkHardhat();
await hre.tasks.getTask(task).run({});
// snarkjs/ffjavascript worker threads (and the EDR provider) would keep the process alive: exit explicitly.
process.exit(process.exitCode ?? 0);
