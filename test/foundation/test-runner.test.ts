import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { percentile } from "../../scripts/bench/types.js";
import { parseCounts } from "../../scripts/test-all.js";

describe("test-all summary parsing", () => {
  it("sums mocha/Hardhat per-runner lines and ignores the unindented total", () => {
    const out = "  12 passing (3s)\n  2 failing\n\n  4 passing\n\n14 passing\n2 failing\n";
    assert.deepEqual(parseCounts(out), { passed: 16, failed: 2 });
  });
  it("reads node:test spec and tap summaries", () => {
    assert.deepEqual(parseCounts("ℹ tests 5\nℹ pass 4\nℹ fail 1\n"), { passed: 4, failed: 1 });
    assert.deepEqual(parseCounts("# pass 7\n# fail 0\n"), { passed: 7, failed: 0 });
  });
  it("reads jest's Tests line", () => {
    assert.deepEqual(parseCounts("Tests:       1 failed, 12 passed, 13 total\n"), { passed: 12, failed: 1 });
  });
  it("strips colours and returns undefined when nothing is recognisable", () => {
    assert.deepEqual(parseCounts("\u001b[32m  3 passing\u001b[0m\n"), { passed: 3, failed: 0 });
    assert.equal(parseCounts("Segmentation fault\n"), undefined);
  });
});

describe("bench percentile", () => {
  it("uses nearest rank", () => {
    const xs = [5, 1, 4, 2, 3];
    assert.equal(percentile(xs, 50), 3);
    assert.equal(percentile(xs, 99), 5);
    assert.equal(percentile(xs, 0), 1);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
  });
  it("refuses an empty sample with a RangeError", () => {
    assert.throws(() => percentile([], 50), RangeError);
  });
});
