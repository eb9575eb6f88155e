/**
 * Writes one native-prover request frame (u32 LE count + witness values, see native/src/main.rs) for a sample
 * result_commitment input, so the sidecar can be benchmarked alone, e.g. on another machine:
 *   tsx circuits/scripts/witness-frame.ts frame.bin
 *   python3 -c 'import sys; sys.stdout.buffer.write(open("frame.bin","rb").read() * 200)' | stun-prover result_commitment.zkey
 */
import { writeFileSync } from "node:fs";

import { resultCommitmentInput } from "../src/inputs.js";
import { parseWtns } from "../src/native.js";
import { Prover } from "../src/prover.js";

const out = process.argv[2];
if (!out) throw new Error("usage: witness-frame.ts <out.bin>");
const prover = await Prover.load("result_commitment", { backend: "snarkjs" });
const { input } = resultCommitmentInput({
  taskId: 7n,
  provider: `0x${"11".repeat(20)}`,
  result: Array.from({ length: 16 }, (_, i) => BigInt(i * 977 + 3)),
  salt: 12345n,
});
const { count, data } = parseWtns(await prover.witness(input));
const header = Buffer.alloc(4);
header.writeUInt32LE(count, 0);
writeFileSync(out, Buffer.concat([header, data]));
await prover.close();
