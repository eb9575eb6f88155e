/** Prints the TON bench rows: `npm run bench --workspace ton` (or `node --import tsx scripts/run-bench.ts` in ton/). */
import { runTonBench } from '../bench/ton-bench.js';

runTonBench().then((rows) => {
    for (const r of rows) console.log(`${r.metric.padEnd(24)} ${String(r.value).padStart(8)} ${r.unit}   ${r.baseline}: ${r.baselineValue}`);
}).catch((e: Error) => { console.error(e); process.exit(1); });
