/**
 * Audit/dispute timeout (resolveStale, auditTimeout) and the unbonding-period bound that replaced the unstake lock.
 * Each case checks the named error and that a refused call leaves state unchanged.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, noReq, proofFor, rh, STAKE } from "./helpers/fixture.js";

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

describe("auditTimeout and resolveStale", function () {
  it("auditTimeout is a bounded governance parameter (default 7 days)", async function () {
    const { computeMarketplace: m, other } = await loadFixture(fixture);
    expect(await m.auditTimeout()).to.equal(7n * BigInt(DAY));
    // max: 30 d, capped so that maxTaskLifetime (7 d + 1 d + 2 * auditTimeout) stays below unbondingPeriod (30 d)
    const cap = Math.floor((30 * DAY - 1 - 8 * DAY) / 2);
    await expect(m.setParameter(key("auditTimeout"), 3599)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("auditTimeout"), 3599, 3600, cap);
    await expect(m.setParameter(key("auditTimeout"), cap + 1)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("auditTimeout"), cap + 1, 3600, cap);
    await expect(m.setParameter(key("auditTimeout"), 30 * DAY + 1)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds");
    await expect(m.connect(other).setParameter(key("auditTimeout"), DAY)).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    expect(await m.auditTimeout()).to.equal(7n * BigInt(DAY));
    await expect(m.setParameter(key("auditTimeout"), DAY)).to.emit(m, "ParameterChanged").withArgs(key("auditTimeout"), 7 * DAY, DAY);
    expect(await m.auditTimeout()).to.equal(BigInt(DAY));
  });

  it("an audit the auditor never rules on: refused before the deadline, then anyone unwinds it (refund, no slash)", async function () {
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
    // paused: the safety valve stays open
    await m.connect(f.pauser).pause();
    await expect(m.connect(f.other).resolveStale(a.id))
      .to.emit(m, "AuditTimedOut").withArgs(a.id)
      .and.to.emit(m, "Refunded").withArgs(a.id, f.requester.address, a.reward)
      .and.not.to.emit(f.providerRegistry, "Slashed")
      .and.not.to.emit(m, "AuditResolved");
    expect((await m.getTask(a.id)).status).to.equal(9n); // Refunded
    expect(await m.credits(f.requester.address, ETH)).to.equal(a.reward);
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

describe("unbonding period above the task lifetime (no unstake lock)", function () {
  it("an assigned provider may unbond at once, cannot withdraw within the task's lifetime, and is slashed from stake + unbonding", async function () {
    const f = await loadFixture(fixture);
    const { computeMarketplace: m, providerRegistry: r } = f;
    const a = await submit(f, 2);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address, f.p2.address]);
    const assignedAt = BigInt(await time.latest());
    // p1 unbonds its whole stake right after the assignment: allowed now
    await expect(r.connect(f.p1).requestUnstake(STAKE)).to.emit(r, "UnstakeRequested");
    const unlockAt = (await r.getProvider(f.p1.address)).unlockAt;
    expect(unlockAt).to.be.greaterThan(assignedAt + (await m.maxTaskLifetime()));
    await time.increase(3601);
    await expect(r.connect(f.p1).withdrawUnstaked()).to.be.revertedWithCustomError(r, "StillUnbonding").withArgs(unlockAt);
    // deadline passed, nobody delivered: the no-show penalty reaches p1's unbonding stake
    const bps = (await m.params()).slashBpsNoShow;
    const cut = (STAKE * bps) / 10000n;
    await expect(m.expireTask(a.id)).to.emit(r, "Slashed").withArgs(f.p1.address, cut, 1);
    expect(await r.totalStakeOf(f.p1.address)).to.equal(STAKE - cut);
    expect((await r.getProvider(f.p1.address)).unbonding).to.equal(STAKE - cut);
    await time.increaseTo(unlockAt);
    await expect(r.connect(f.p1).withdrawUnstaked()).to.emit(r, "Unstaked").withArgs(f.p1.address, STAKE - cut);
  });

  it("both sides keep maxTaskLifetime < unbondingPeriod; binding a marketplace checks it too", async function () {
    const f = await loadFixture(fixture);
    const { computeMarketplace: m, providerRegistry: r } = f;
    expect(await r.marketplace()).to.equal(await m.getAddress());
    expect(await m.maxTaskLifetime()).to.equal(22n * BigInt(DAY)); // 7 d duration + 1 d challenge + 2 * 7 d audit
    // marketplace side: challengePeriod / maxTaskDuration capped at unbondingPeriod - 1 - the other terms
    const capCp = 30 * DAY - 1 - 21 * DAY;
    await expect(m.setParameter(key("challengePeriod"), capCp + 1)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("challengePeriod"), capCp + 1, 60, capCp);
    await expect(m.setParameter(key("challengePeriod"), capCp)).to.emit(m, "ParameterChanged");
    await expect(m.setParameter(key("maxTaskDuration"), 7 * DAY + 1)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("maxTaskDuration"), 7 * DAY + 1, 3600, 7 * DAY);
    expect(await m.maxTaskLifetime()).to.equal(BigInt(30 * DAY - 1));
    // registry side: cannot go down to the lifetime
    await expect(r.setParameter(key("unbondingPeriod"), 30 * DAY - 1)).to.be.revertedWithCustomError(r, "ParameterOutOfBounds").withArgs(key("unbondingPeriod"), 30 * DAY - 1, 30 * DAY, 90 * DAY);
    // raising unbonding makes room
    await r.setParameter(key("unbondingPeriod"), 90 * DAY);
    await expect(m.setParameter(key("maxTaskDuration"), 30 * DAY)).to.emit(m, "ParameterChanged").withArgs(key("maxTaskDuration"), 7 * DAY, 30 * DAY);
    // binding a marketplace whose lifetime exceeds the current unbondingPeriod is refused, state unchanged
    const r2 = await ethers.deployContract("ProviderRegistry", [f.addrs.stunToken, f.addrs.reputationRegistry, f.addrs.treasury, f.deployer.address]);
    await expect(r2.setMarketplace(await m.getAddress())).to.be.revertedWithCustomError(r2, "ParameterOutOfBounds");
    expect(await r2.marketplace()).to.equal(ethers.ZeroAddress);
    await expect(r2.setMarketplace(ethers.ZeroAddress)).to.be.revertedWithCustomError(r2, "ZeroAddress");
    await expect(r2.connect(f.other).setMarketplace(await m.getAddress())).to.be.revertedWithCustomError(r2, "AccessControlUnauthorizedAccount");
    expect(await r2.minUnbondingPeriod()).to.equal(3600n);
  });

  it("deadlines: at most maxTaskDuration away at submission and at assignment", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const now = await time.latest();
    const far = now + 7 * DAY + 100;
    await expect(m.connect(f.requester).submitTask(ethers.id("in"), 1n, far, { value: 1n })).to.be.revertedWithCustomError(m, "InvalidDeadline").withArgs(far);
    const deadline = now + 7 * DAY - 10;
    await m.connect(f.requester).submitTask(ethers.id("in"), 1n, deadline, { value: 1n });
    // governance shortens maxTaskDuration: the task can no longer be assigned (its lifetime would exceed the bound)
    await m.setParameter(key("maxTaskDuration"), DAY);
    await expect(m.connect(f.matcher).assignProviders(1n, [f.p1.address])).to.be.revertedWithCustomError(m, "DeadlineTooFar");
    expect((await m.getTask(1n)).status).to.equal(1n);
  });
});

describe("credit slots opened at account creation", function () {
  it("registration opens a provider's ETH and STUN slots, model registration the creator's; openCredits is open to anyone", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const stunAddr = f.addrs.stunToken;
    // the fixture's providers registered after the binding: their slots are open (credits read 0)
    await expect(f.providerRegistry.connect(f.other).register(
      { gpuModel: ethers.ZeroHash, vramGiB: 8, computeCapability: 70, gpuCount: 1, region: "0x00000000", pricePerUnit: 1n, tee: 0, attestationHash: ethers.ZeroHash }, 0n,
    )).to.emit(m, "CreditOpened").withArgs(f.other.address, ETH).and.to.emit(m, "CreditOpened").withArgs(f.other.address, stunAddr);
    await expect(f.modelRegistry.connect(f.creator).registerModel(ethers.id("model"))).to.emit(m, "CreditOpened").withArgs(f.creator.address, ETH);
    expect(await m.credits(f.creator.address, ETH)).to.equal(0n);
    await expect(m.connect(f.creator).withdraw(ETH)).to.be.revertedWithCustomError(m, "NothingToWithdraw");
    // idempotent: nothing to open again
    await expect(m.openCredits(f.creator.address)).not.to.emit(m, "CreditOpened");
    await expect(m.connect(f.other).onProviderRegistered(f.other.address, 1n)).to.be.revertedWithCustomError(m, "NotProviderRegistry").withArgs(f.other.address);
    // the model registry binds once, by its deployer
    await expect(f.modelRegistry.bindMarketplace(await m.getAddress())).to.be.revertedWithCustomError(f.modelRegistry, "BindRefused");
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
