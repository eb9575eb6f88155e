/** TaskTracker's timers without a chain: due(), snooze(), and a log naming the task waking it. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ComputeMarketplace__factory } from "../../types/ethers-contracts/index.js";
import type { TaskView } from "../../sdk/src/chain/adapter.js";
import type { EvmAdapter } from "../../sdk/src/chain/evm.js";
import { TaskTracker } from "../src/tracker.js";

const iface = ComputeMarketplace__factory.createInterface();
const fakeChain = { marketplace: { interface: iface } } as unknown as EvmAdapter;

const view = (taskId: bigint, over: Partial<TaskView> = {}): TaskView => ({
  taskId,
  requester: "0x" + "11".repeat(20),
  status: "Assigned",
  deadline: 10_000n,
  assignedAt: 1_000n,
  redundancy: 1,
  majorityIdx: 0,
  resultCounts: 0,
  token: "0x" + "00".repeat(20),
  reward: 1n,
  bond: 0n,
  modelId: "0x" + "22".repeat(32),
  ...over,
});

describe("task tracker timers", () => {
  it("an Assigned task past its first accept window is due until snoozed; a log about it wakes it", () => {
    const tr = new TaskTracker(fakeChain, { fromBlock: 1 });
    tr.views.set(1n, view(1n));
    tr.views.set(2n, view(2n, { status: "Challengeable", deadline: 5_000n }));
    assert.deepEqual(tr.due(1_500n, 600n), []); // window open, challenge window running
    assert.deepEqual(tr.due(1_601n, 600n), [1n]);
    tr.snooze(1n, 2_200n); // e.g. a replacement's window closes then
    assert.deepEqual(tr.due(1_700n, 600n), []);
    assert.deepEqual(tr.due(2_200n, 600n), [1n]);
    tr.snooze(1n, 9_000n);
    const topic = iface.getEvent("TaskAccepted").topicHash;
    const apply = (tr as unknown as { apply(t: string[], d: string, dirty: Set<bigint>): void }).apply.bind(tr);
    const dirty = new Set<bigint>();
    apply([topic, "0x" + (1n).toString(16).padStart(64, "0"), "0x" + "00".repeat(12) + "33".repeat(20)], "0x", dirty);
    assert.deepEqual([...dirty], [1n]);
    assert.deepEqual(tr.due(2_300n, 600n), [1n], "woken by the log");
    assert.deepEqual(tr.due(5_000n, 600n), [1n, 2n], "the challenge window's end is due regardless");
  });
});
