/** `npm run bench -w indexer`: runs the indexer benchmark alone and prints its rows. */
import { runIndexerBench } from "./indexer-bench.js";

const rows = await runIndexerBench();
console.table(rows);
