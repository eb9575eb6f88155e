import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { AUDIT_TOLERANCE_QUANTA, withinQuanta } from "../src/audit.js";

describe("audit tolerance", () => {
  it("same shape and every value within the quanta, nothing else", () => {
    const a = { shape: [1, 3], q: [10, -4, 7] };
    assert.equal(AUDIT_TOLERANCE_QUANTA, 1);
    assert.ok(withinQuanta(a, { shape: [1, 3], q: [11, -5, 7] }, 1));
    assert.ok(!withinQuanta(a, { shape: [1, 3], q: [12, -4, 7] }, 1));
    assert.ok(!withinQuanta(a, { shape: [3, 1], q: [10, -4, 7] }, 1));
    assert.ok(!withinQuanta(a, { shape: [1, 2], q: [10, -4] }, 1));
    assert.ok(withinQuanta(a, a, 0));
  });
});
