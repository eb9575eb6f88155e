/**
 * Audit/dispute timeout (resolveStale, auditTimeout) and the unstake lock (open assignments per provider).
 * Each case checks the named error and that a refused call leaves state unchanged.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, noReq, proofFor, rh, STAKE, STUN } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const fixture = () => deployFixture(ethers);
const key = (s: string) => ethers.encodeBytes32String(s);
const E = (n: string) => ethers.parseEther(n);
const ETH = ethers.ZeroAddress;
const DAY = 86400;
type F = Awaited<ReturnType<typeof fixture>>;

async function submit(f: F, r: number) {
  const reward = E("1");
  const deadline = (await time.latest()) + 3600;
  const id = await f.computeMarketplace.nextTaskId();
  await f.computeMarketplace.connect(f.requester).submitTaskWith(
    { taskHash: ethers.id("in"), modelId: ethers.ZeroHash, token: ETH, reward, deadline, redundancy: r, requirements: noReq },
    { value: reward },
  );
  return { id, reward };
}
async function result(f: F, id: bigint, p: (typeof f.providers)[number], label: string) {
  const h = rh(ethers, label);
  return f.computeMarketplace.connect(p).submitResult(id, h, proofFor(ethers, id, h, p.address));
}
const active = async (f: F) => Promise.all(f.providers.map((p) => f.providerRegistry.activeAssignmentsOf(p.address)));

describe("auditTimeout and resolveStale", function () {
  it("auditTimeout is a bounded governance parameter (default 7 days)", async function () {
    const { computeMarketplace: m, other } = await loadFixture(fixture);
    expect(await m.auditTimeout()).to.equal(7n * BigInt(DAY));
    await expect(m.setParameter(key("auditTimeout"), 3599)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("auditTimeout"), 3599, 3600, 30 * DAY);
    await expect(m.setParameter(key("auditTimeout"), 30 * DAY + 1)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds");
    await expect(m.connect(other).setParameter(key("auditTimeout"), DAY)).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    expect(await m.auditTimeout()).to.equal(7n * BigInt(DAY));
    await expect(m.setParameter(key("auditTimeout"), DAY)).to.emit(m, "ParameterChanged").withArgs(key("auditTimeout"), 7 * DAY, DAY);
    expect(await m.auditTimeout()).to.equal(BigInt(DAY));
  });

  it("an audit the auditor never rules on: refused before the deadline, then anyone unwinds it (refund, no slash, locks released)", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    await m.setParameter(key("auditRateBps"), 10000);
    const a = await submit(f, 3);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address, f.p2.address, f.p3.address]);
    for (const p of [f.p1, f.p2, f.p3]) await result(f, a.id, p, "x");
    const t = await m.getTask(a.id);
    expect(t.status).to.equal(4n); // Audited
    const staleAfter = BigInt(await time.latest()) + 7n * BigInt(DAY);
    expect(t.deadline).to.equal(staleAfter);
    await expect(m.resolveStale(a.id)).to.be.revertedWithCustomError(m, "AuditNotStale").withArgs(a.id, staleAfter);
    await time.increaseTo(staleAfter - 1n); // next block is at staleAfter: still refused
    await expect(m.connect(f.other).resolveStale(a.id)).to.be.revertedWithCustomError(m, "AuditNotStale");
    expect((await m.getTask(a.id)).status).to.equal(4n);
    expect(await active(f)).to.deep.equal([1n, 1n, 1n, 0n]);
    // paused: the safety valve stays open
    await m.connect(f.pauser).pause();
    await expect(m.connect(f.other).resolveStale(a.id))
      .to.emit(m, "AuditTimedOut").withArgs(a.id)
      .and.to.emit(m, "Refunded").withArgs(a.id, f.requester.address, a.reward)
      .and.not.to.emit(f.providerRegistry, "Slashed")
      .and.not.to.emit(m, "AuditResolved");
    expect((await m.getTask(a.id)).status).to.equal(9n); // Refunded
    expect(await m.credits(f.requester.address, ETH)).to.equal(a.reward);
    expect(await active(f)).to.deep.equal([0n, 0n, 0n, 0n]);
    for (const p of [f.p1, f.p2, f.p3]) expect(await f.providerRegistry.totalStakeOf(p.address)).to.equal(STAKE);
    await expect(m.connect(f.auditor).resolveAudit(a.id, false)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(a.id, 9);
    await expect(m.resolveStale(a.id)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(a.id, 9);
  });

  it("a dispute the auditor never rules on: reward and bond back to the requester; late verdicts still work before it", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    await m.setParameter(key("auditTimeout"), 3600);
    const a = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address]);
    await result(f, a.id, f.p1, "x");
    await expect(m.resolveStale(a.id)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(a.id, 5); // Challengeable
    const bond = await m.disputeBondFor(a.id);
    await m.connect(f.requester).disputeTask(a.id, { value: bond });
    const staleAfter = BigInt(await time.latest()) + 3600n;
    expect((await m.getTask(a.id)).deadline).to.equal(staleAfter);
    await expect(m.resolveStale(a.id)).to.be.revertedWithCustomError(m, "AuditNotStale").withArgs(a.id, staleAfter);
    await time.increaseTo(staleAfter + 1n);
    await expect(m.resolveStale(a.id))
      .to.emit(m, "AuditTimedOut").withArgs(a.id)
      .and.to.emit(m, "Refunded").withArgs(a.id, f.requester.address, a.reward + bond)
      .and.not.to.emit(f.providerRegistry, "Slashed");
    await expect(m.connect(f.requester).withdraw(ETH)).to.changeEtherBalance(ethers, f.requester, a.reward + bond);
    expect(await f.providerRegistry.activeAssignmentsOf(f.p1.address)).to.equal(0n);

    // the auditor may still rule after the deadline as long as nobody has unwound the task
    const b = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(b.id, [f.p2.address]);
    await result(f, b.id, f.p2, "x");
    await m.connect(f.requester).disputeTask(b.id, { value: bond });
    await time.increase(7200);
    await expect(m.connect(f.auditor).resolveDispute(b.id, true)).to.emit(m, "TaskFinalized").withArgs(b.id);
    await expect(m.resolveStale(b.id)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(b.id, 7);
  });
});

describe("unstake lock while assigned", function () {
  it("requestUnstake and withdrawUnstaked refuse with ActiveAssignments while a task is open, state unchanged", async function () {
    const f = await loadFixture(fixture);
    const { computeMarketplace: m, providerRegistry: r } = f;
    // p1 unbonds part of its stake before it is assigned
    await r.connect(f.p1).requestUnstake(STUN);
    const a = await submit(f, 2);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address, f.p2.address]);
    expect(await active(f)).to.deep.equal([1n, 1n, 0n, 0n]);
    const before = await r.getProvider(f.p2.address);
    await expect(r.connect(f.p2).requestUnstake(STUN)).to.be.revertedWithCustomError(r, "ActiveAssignments").withArgs(f.p2.address, 1);
    const after = await r.getProvider(f.p2.address);
    expect(after.stake_).to.equal(before.stake_);
    expect(after.unbonding).to.equal(0n);
    await time.increase(7 * DAY);
    // the unbonding stake stays slashable while the task is open
    await expect(r.connect(f.p1).withdrawUnstaked()).to.be.revertedWithCustomError(r, "ActiveAssignments").withArgs(f.p1.address, 1);
    expect(await r.totalStakeOf(f.p1.address)).to.equal(STAKE);
    // deadline passed, nobody delivered: expiry slashes both no-shows (from stake + unbonding) and releases them
    await expect(m.expireTask(a.id)).to.emit(m, "TaskExpired");
    expect(await active(f)).to.deep.equal([0n, 0n, 0n, 0n]);
    await expect(r.connect(f.p1).withdrawUnstaked()).to.emit(r, "Unstaked");
    await expect(r.connect(f.p2).requestUnstake(STUN)).to.emit(r, "UnstakeRequested");
    expect(await r.activeAssignmentsOf(f.other.address)).to.equal(0n);
  });

  it("every terminal path releases each assigned provider exactly once; open paths keep the lock", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const all = [f.p1.address, f.p2.address, f.p3.address];
    // finalize (with a slashed minority)
    const a = await submit(f, 3);
    await m.connect(f.matcher).assignProviders(a.id, all);
    await result(f, a.id, f.p1, "x");
    await result(f, a.id, f.p2, "x");
    await result(f, a.id, f.p3, "y");
    expect(await active(f)).to.deep.equal([1n, 1n, 1n, 0n]); // Challengeable: still slashable by a dispute
    // a second, concurrent task on p1 and p4
    const b = await submit(f, 2);
    await m.connect(f.matcher).assignProviders(b.id, [f.p1.address, f.p4.address]);
    expect(await active(f)).to.deep.equal([2n, 1n, 1n, 1n]);
    // no consensus (r=2 disagreement) -> Expired at the last result
    await result(f, b.id, f.p1, "x");
    await expect(result(f, b.id, f.p4, "y")).to.emit(m, "TaskExpired");
    expect(await active(f)).to.deep.equal([1n, 1n, 1n, 0n]);
    await time.increase(DAY);
    await m.finalizeTask(a.id);
    expect(await active(f)).to.deep.equal([0n, 0n, 0n, 0n]);
    // accept window lapse -> Expired
    const c = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(c.id, [f.p2.address]);
    await time.increase(601);
    await m.expireTask(c.id);
    // deadline with a majority -> verification keeps the lock; failed audit releases
    await m.setParameter(key("auditRateBps"), 10000);
    await time.increase(7 * DAY); // slashed providers' jail ends
    const d = await submit(f, 3);
    await m.connect(f.matcher).assignProviders(d.id, all);
    await result(f, d.id, f.p1, "x");
    await result(f, d.id, f.p2, "x");
    await time.increase(3601);
    await m.expireTask(d.id); // p3 no-show; majority in -> Audited
    expect((await m.getTask(d.id)).status).to.equal(4n);
    expect(await active(f)).to.deep.equal([1n, 1n, 1n, 0n]);
    await m.connect(f.auditor).resolveAudit(d.id, false);
    expect(await active(f)).to.deep.equal([0n, 0n, 0n, 0n]);
    // upheld dispute releases; cancel of an unassigned task touches nothing
    await m.setParameter(key("auditRateBps"), 0);
    const e = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(e.id, [f.p4.address]);
    await result(f, e.id, f.p4, "x");
    await m.connect(f.requester).disputeTask(e.id, { value: await m.disputeBondFor(e.id) });
    expect(await active(f)).to.deep.equal([0n, 0n, 0n, 1n]);
    await m.connect(f.auditor).resolveDispute(e.id, false);
    const g = await submit(f, 1);
    await m.connect(f.requester).cancelTask(g.id);
    expect(await active(f)).to.deep.equal([0n, 0n, 0n, 0n]);
  });

  it("lockAssigned / unlockAssigned are marketplace-only (SLASHER_ROLE)", async function () {
    const f = await loadFixture(fixture);
    const r = f.providerRegistry;
    await expect(r.connect(f.other).lockAssigned([f.p1.address], noReq)).to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount");
    await expect(r.connect(f.other).unlockAssigned(1n)).to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount");
    expect(await r.activeAssignmentsOf(f.p1.address)).to.equal(0n);
  });
});

describe("credit slots", function () {
  it("withdraw keeps the slot open (credits read 0, a second withdraw is refused)", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    expect(await m.credits(f.addrs.treasury, ETH)).to.equal(0n);
    await expect(m.connect(f.p1).withdraw(ETH)).to.be.revertedWithCustomError(m, "NothingToWithdraw").withArgs(f.p1.address, ETH);
    const a = await submit(f, 1);
    await m.connect(f.requester).cancelTask(a.id);
    expect(await m.credits(f.requester.address, ETH)).to.equal(a.reward);
    await expect(m.connect(f.requester).withdraw(ETH)).to.changeEtherBalance(ethers, f.requester, a.reward);
    expect(await m.credits(f.requester.address, ETH)).to.equal(0n);
    await expect(m.connect(f.requester).withdraw(ETH)).to.be.revertedWithCustomError(m, "NothingToWithdraw");
    expect(await ethers.provider.getBalance(await m.getAddress())).to.equal(0n);
  });
});
