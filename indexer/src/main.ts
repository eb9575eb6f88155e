/**
 * One chain's processor (one process per chain). Config: STUN_INDEXER_CHAIN (JSON ChainConfig) and DB_URL.
 *   node --import ./lib/loopback.js lib/main.js
 */
import { TypeormDatabase } from "@subsquid/typeorm-store";

import { stateSchema, type ChainConfig } from "./config.js";
import { makeHandler } from "./handler.js";
import { makeProcessor } from "./processor.js";
import { ensureSameChain } from "./reset.js";

const raw = process.env.STUN_INDEXER_CHAIN;
const dbUrl = process.env.DB_URL;
if (!raw || !dbUrl) {
  console.error("main.js: set STUN_INDEXER_CHAIN (JSON chain config) and DB_URL");
  process.exit(2);
}
const chain = JSON.parse(raw) as ChainConfig;
await ensureSameChain(dbUrl, chain, (m) => console.error(m));
makeProcessor(chain).run(
  new TypeormDatabase({ supportHotBlocks: true, stateSchema: stateSchema(chain), isolationLevel: "READ COMMITTED" }),
  makeHandler(chain),
);
