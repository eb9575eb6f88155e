/**
 * reassignProvider: the matcher replaces a no-show in place (penalised by the no-show rules; the replacement gets its
 * own full accept window). Every refusal names its error and leaves state and funds unchanged.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, noReq, proofFor, rh, STAKE, specs } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const fixture = () => deployFixture(ethers);
const key = (s: string) => ethers.encodeBytes32String(s);
const ETH = ethers.ZeroAddress;
const WINDOW = 600; // default acceptWindow
type F = Awaited<ReturnType<typeof fixture>>;

const req = { ...noReq, gpuMemory: 40, computeCapability: 80 };

/** r=3 task on p1, p2, p3; p1 and p2 submit "x"; p3 never shows. */
async function setup(f: F) {
  const m = f.computeMarketplace;
  const reward = ethers.parseEther("1");
  const deadline = (await time.latest()) + 3600;
  await m.connect(f.requester).submitTaskWith(
    { taskHash: ethers.id("in"), modelId: ethers.ZeroHash, token: ETH, reward, deadline, redundancy: 3, requirements: req },
    { value: reward },
  );
  const id = 1n;
  await m.connect(f.matcher).assignProviders(id, [f.p1.address, f.p2.address, f.p3.address]);
  for (const p of [f.p1, f.p2]) await m.connect(p).submitResult(id, rh(ethers, "x"), proofFor(ethers, id, rh(ethers, "x"), p.address));
  return { m, id, reward, deadline };
}

/** Everything a refused reassignment must leave as it was. */
async function snapshot(f: F, id: bigint) {
  const m = f.computeMarketplace;
  const [a, results] = await m.getAssignments(id);
  return {
    task: (await m.getTask(id)).toString(),
    lanes: a.map((x) => x.toString()),
    results: results.toString(),
    stakes: await Promise.all(f.providers.map((p) => f.providerRegistry.totalStakeOf(p.address))),
    balance: await ethers.provider.getBalance(await m.getAddress()),
  };
}

describe("reassignProvider", function () {
  it("replaces a no-show: penalised, the replacement gets a full accept window, the task finalizes with it", async function () {
    const f = await loadFixture(fixture);
    const { m, id, reward } = await setup(f);
    await time.increase(WINDOW + 1);
    const bps = (await m.params()).slashBpsNoShow;
    const cut = (STAKE * bps) / 10000n;
    await expect(m.connect(f.matcher).reassignProvider(id, f.p3.address, f.p4.address, req))
      .to.emit(m, "ProviderReassigned").withArgs(id, f.p3.address, f.p4.address)
      .and.to.emit(f.providerRegistry, "Slashed").withArgs(f.p3.address, cut, 1)
      .and.to.emit(f.reputationRegistry, "ReputationUpdated").withArgs(f.p3.address, 4500);
    const reassignedAt = BigInt(await time.latest());
    const t = await m.getTask(id);
    const [a] = await m.getAssignments(id);
    expect(a.map((x) => x.provider)).to.deep.equal([f.p1.address, f.p2.address, f.p4.address]);
    expect(a[2]!.state).to.equal(0n);
    expect(a[2]!.latency).to.equal(reassignedAt - t.assignedAt); // lane offset until its result
    expect(t.status).to.equal(2n);
    // the task's own window is long over, the lane's is not: nothing to expire
    await expect(m.expireTask(id)).to.be.revertedWithCustomError(m, "NotExpirable").withArgs(id);
    await time.increase(WINDOW - 5);
    await expect(m.connect(f.p4).submitResult(id, rh(ethers, "x"), proofFor(ethers, id, rh(ethers, "x"), f.p4.address)))
      .to.emit(m, "TaskAccepted").withArgs(id, f.p4.address);
    const [b] = await m.getAssignments(id);
    expect(b[2]!.latency).to.equal(BigInt(await time.latest()) - reassignedAt);
    expect((await m.getTask(id)).status).to.equal(5n); // Challengeable
    await time.increase(86400);
    const each = (reward * 8000n) / 10000n / 3n;
    await expect(m.finalizeTask(id)).to.emit(m, "TaskCompleted").withArgs(id, f.p4.address, rh(ethers, "x"));
    for (const p of [f.p1, f.p2, f.p4]) expect(await m.credits(p.address, ETH)).to.equal(each);
    expect(await m.credits(f.p3.address, ETH)).to.equal(0n);
  });

  it("a replacement that does not show either can be expired (or replaced) after its own window", async function () {
    const f = await loadFixture(fixture);
    const { m, id } = await setup(f);
    await time.increase(WINDOW + 1);
    await m.connect(f.matcher).reassignProvider(id, f.p3.address, f.p4.address, req);
    await expect(m.connect(f.matcher).reassignProvider(id, f.p4.address, f.p3.address, req))
      .to.be.revertedWithCustomError(m, "AcceptWindowOpen");
    await expect(m.connect(f.p4).acceptTask(id)).to.emit(m, "TaskAccepted").withArgs(id, f.p4.address);
    await expect(m.connect(f.matcher).reassignProvider(id, f.p4.address, f.p3.address, req))
      .to.be.revertedWithCustomError(m, "NotNoShow").withArgs(id, f.p4.address);
  });

  it("refusals name their error and change nothing", async function () {
    const f = await loadFixture(fixture);
    const { m, id, deadline } = await setup(f);
    const mm = m.connect(f.matcher);
    // before the no-show's window closes
    const assignedAt = (await m.getTask(id)).assignedAt;
    let before = await snapshot(f, id);
    await expect(mm.reassignProvider(id, f.p3.address, f.p4.address, req))
      .to.be.revertedWithCustomError(m, "AcceptWindowOpen").withArgs(id, assignedAt + BigInt(WINDOW));
    await time.increase(WINDOW + 1);
    before = await snapshot(f, id);
    const cases: [Promise<unknown>, string][] = [
      [m.connect(f.other).reassignProvider(id, f.p3.address, f.p4.address, req), "AccessControlUnauthorizedAccount"],
      [mm.reassignProvider(id, f.p3.address, f.p4.address, noReq), "RequirementsMismatch"],
      [mm.reassignProvider(id, f.p4.address, f.other.address, req), "NotAssignedProvider"],
      [mm.reassignProvider(id, f.other.address, f.p4.address, req), "NotAssignedProvider"],
      [mm.reassignProvider(id, f.p1.address, f.p4.address, req), "NotNoShow"],
      [mm.reassignProvider(id, f.p3.address, f.p1.address, req), "DuplicateProvider"],
      [mm.reassignProvider(id, f.p3.address, f.p3.address, req), "DuplicateProvider"],
      [mm.reassignProvider(id, f.p3.address, f.other.address, req), "ProviderIneligible"],
      [mm.reassignProvider(2n, f.p3.address, f.p4.address, req), "InvalidState"],
    ];
    for (const [tx, err] of cases) await expect(tx).to.be.revertedWithCustomError(m, err);
    expect(await snapshot(f, id)).to.deep.equal(before);
    // a replacement that fails the requirements (specs)
    await f.providerRegistry.connect(f.p4).updateProvider(specs({ vramGiB: 24 }), true);
    await expect(mm.reassignProvider(id, f.p3.address, f.p4.address, req))
      .to.be.revertedWithCustomError(m, "ProviderIneligible").withArgs(f.p4.address, 5); // GpuMemory
    await f.providerRegistry.connect(f.p4).updateProvider(specs(), true);
    // paused
    await m.connect(f.pauser).pause();
    await expect(mm.reassignProvider(id, f.p3.address, f.p4.address, req)).to.be.revertedWithCustomError(m, "EnforcedPause");
    await m.unpause();
    // maxTaskDuration lowered below the remaining time
    await m.setParameter(key("maxTaskDuration"), 3600);
    await m.setParameter(key("challengePeriod"), 60);
    expect(await snapshot(f, id)).to.deep.equal(before);
    // past the deadline
    await time.increaseTo(deadline + 1);
    await expect(mm.reassignProvider(id, f.p3.address, f.p4.address, req)).to.be.revertedWithCustomError(m, "DeadlinePassed");
    expect(await snapshot(f, id)).to.deep.equal(before);
  });

  it("refuses a task whose deadline is now further than maxTaskDuration away (DeadlineTooFar)", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const deadline = (await time.latest()) + 2 * 86400;
    await m.connect(f.requester).submitTaskWith(
      { taskHash: ethers.id("in"), modelId: ethers.ZeroHash, token: ETH, reward: 1000n, deadline, redundancy: 1, requirements: req },
      { value: 1000n },
    );
    await m.connect(f.matcher).assignProviders(1n, [f.p1.address]);
    await time.increase(WINDOW + 1);
    await m.setParameter(key("maxTaskDuration"), 86400);
    const before = await snapshot(f, 1n);
    await expect(m.connect(f.matcher).reassignProvider(1n, f.p1.address, f.p2.address, req))
      .to.be.revertedWithCustomError(m, "DeadlineTooFar");
    expect(await snapshot(f, 1n)).to.deep.equal(before);
  });

  it("waives the penalty if the marketplace was paused since the no-show's assignment", async function () {
    const f = await loadFixture(fixture);
    const { m, id } = await setup(f);
    await m.connect(f.pauser).pause();
    await m.unpause();
    await time.increase(WINDOW + 1);
    await expect(m.connect(f.matcher).reassignProvider(id, f.p3.address, f.p4.address, req))
      .to.emit(m, "ProviderReassigned").and.not.to.emit(f.providerRegistry, "Slashed");
    expect(await f.providerRegistry.totalStakeOf(f.p3.address)).to.equal(STAKE);
  });
});
