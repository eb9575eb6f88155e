/** Compiles every contract (or the ones named) and prints the code size: `node --import tsx scripts/check.ts [Name...]`. */
import { compileContract, CONTRACTS, ContractName } from '../wrappers/compile.js';

async function main() {
    const names = (process.argv.length > 2 ? process.argv.slice(2) : Object.keys(CONTRACTS)) as ContractName[];
    for (const n of names) {
        const c = await compileContract(n);
        console.log(`${n}: ok, code hash ${c.hash().toString('hex').slice(0, 16)}…`);
    }
}
main().catch((e: Error) => { console.error(e.message); process.exit(1); });
