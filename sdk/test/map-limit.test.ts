import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import { mapLimit } from "../src/map-limit.js";

describe("mapLimit", () => {
  it("keeps input order, never runs more than `limit` at once, and rejects with the first failure", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(x * 3);
      running--;
      return x * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
    assert.equal(peak, 2);
    assert.deepEqual(await mapLimit([], 4, async () => 1), []);
    await assert.rejects(mapLimit([1, 2, 3], 3, async (x) => (x === 2 ? Promise.reject(new Error("boom")) : x)), /boom/);
  });
});
