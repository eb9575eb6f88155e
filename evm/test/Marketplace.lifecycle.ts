import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, noReq, proofFor, rh, STAKE, STUN } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const fixture = () => deployFixture(ethers);
const E = (n: string) => ethers.parseEther(n);
const THASH = ethers.id("task-input");
const ETH = ethers.ZeroAddress;

describe("ComputeMarketplace lifecycle", function () {
  async function submit(f: Awaited<ReturnType<typeof fixture>>, r: number, opts: { token?: string; reward?: bigint; modelId?: string } = {}) {
    const reward = opts.reward ?? E("1");
    const token = opts.token ?? ETH;
    const deadline = (await time.latest()) + 3600;
    const req = { taskHash: THASH, modelId: opts.modelId ?? ethers.ZeroHash, token, reward, deadline, redundancy: r, requirements: noReq };
    const id = await f.computeMarketplace.nextTaskId();
    await f.computeMarketplace.connect(f.requester).submitTaskWith(req, { value: token === ETH ? reward : 0n });
    return { id, reward, deadline };
  }
  async function result(f: Awaited<ReturnType<typeof fixture>>, id: bigint, p: { address: string }, label: string) {
    const h = rh(ethers, label);
    const signer = f.providers.find((s) => s.address === p.address)!;
    return f.computeMarketplace.connect(signer).submitResult(id, h, proofFor(ethers, id, h, p.address));
  }

  it("r=3 with one wrong provider: majority paid 80/15/5, minority slashed and loses reputation", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    await f.modelRegistry.connect(f.creator).registerModel(ethers.id("model"));
    const { id, reward } = await submit(f, 3, { modelId: ethers.id("model") });
    await expect(m.connect(f.matcher).assignProviders(id, [f.p1.address, f.p2.address, f.p3.address]))
      .to.emit(m, "TaskAssigned").withArgs(id, [f.p1.address, f.p2.address, f.p3.address]);
    await expect(m.connect(f.p1).acceptTask(id)).to.emit(m, "TaskAccepted").withArgs(id, f.p1.address);
    await expect(result(f, id, f.p1, "good")).to.emit(m, "ResultSubmitted").withArgs(id, f.p1.address, rh(ethers, "good"));
    await result(f, id, f.p3, "bad");
    await result(f, id, f.p2, "good");
    let t = await m.getTask(id);
    expect(t.status).to.equal(5n); // Challengeable
    await expect(m.finalizeTask(id)).to.be.revertedWithCustomError(m, "ChallengeWindowOpen");
    await time.increase(86400);
    const treasury = f.addrs.treasury;
    const tx = m.finalizeTask(id);
    const each = (reward * 8000n) / 10000n / 2n;
    const creator = (reward * 500n) / 10000n;
    await expect(tx).to.emit(m, "PaymentSplit").withArgs(id, each, reward - each * 2n - creator, creator)
      .and.to.emit(m, "TaskCompleted").withArgs(id, f.p1.address, rh(ethers, "good"))
      .and.to.emit(m, "TaskCompleted").withArgs(id, f.p2.address, rh(ethers, "good"))
      .and.to.emit(f.providerRegistry, "Slashed").withArgs(f.p3.address, (STAKE * 1000n) / 10000n, 0)
      .and.to.emit(m, "TaskFinalized").withArgs(id);
    t = await m.getTask(id);
    expect(t.status).to.equal(7n);
    const [asg, results] = await m.getAssignments(id);
    expect(asg.map((a) => a.provider)).to.deep.equal([f.p1.address, f.p2.address, f.p3.address]);
    expect(asg.map((a) => a.state)).to.deep.equal([2n, 2n, 2n]);
    expect(asg.map((a) => a.resultIdx)).to.deep.equal([0n, 0n, 1n]);
    expect(results.slice(0, 2)).to.deep.equal([rh(ethers, "good"), rh(ethers, "bad")]);
    expect(await f.providerRegistry.indexOf(f.p3.address)).to.equal(3n);
    expect(await m.credits(f.p1.address, ETH)).to.equal(each);
    expect(await m.credits(f.p2.address, ETH)).to.equal(each);
    expect(await m.credits(f.p3.address, ETH)).to.equal(0n);
    expect(await m.credits(f.creator.address, ETH)).to.equal(creator);
    expect(await m.credits(treasury, ETH)).to.equal(reward - each * 2n - creator);
    expect(await f.providerRegistry.totalStakeOf(f.p3.address)).to.equal(STAKE - STAKE / 10n);
    expect(await f.stunToken.balanceOf(treasury)).to.equal(STAKE / 10n);
    const [score3, , wrong3] = await f.reputationRegistry.reputationOf(f.p3.address);
    expect(score3).to.equal(4000n);
    expect(wrong3).to.equal(1n);
    const [score1, ok1] = await f.reputationRegistry.reputationOf(f.p1.address);
    expect(score1).to.equal(5100n);
    expect(ok1).to.equal(1n);
    // jailed: p3 is no longer eligible
    const s2 = await submit(f, 1);
    await expect(m.connect(f.matcher).assignProviders(s2.id, [f.p3.address]))
      .to.be.revertedWithCustomError(m, "ProviderIneligible").withArgs(f.p3.address, 4);
    // pull payment
    await expect(m.connect(f.p1).withdraw(ETH)).to.changeEtherBalances(ethers, [f.p1, m], [each, -each]);
    await expect(m.connect(f.p1).withdraw(ETH)).to.be.revertedWithCustomError(m, "NothingToWithdraw");
  });

  it("r=1 via the seed interface (submitTask) pays provider/treasury; no model -> creator share to treasury", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const deadline = (await time.latest()) + 3600;
    const reward = E("2");
    await expect(m.connect(f.requester).submitTask(THASH, reward, deadline, { value: reward }))
      .to.emit(m, "TaskSubmitted").withArgs(1n, f.requester.address, reward);
    await m.connect(f.matcher).assignProviders(1n, [f.p4.address]);
    await expect(result(f, 1n, f.p4, "r")).to.emit(m, "TaskAccepted").withArgs(1n, f.p4.address);
    await time.increase(86400);
    await expect(m.finalizeTask(1n)).to.emit(m, "PaymentSplit").withArgs(1n, E("1.6"), E("0.4"), 0n);
    expect(await m.credits(f.addrs.treasury, ETH)).to.equal(E("0.4"));
  });

  it("USDC task: escrow pulled, paid in USDC", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const usdc = await f.usdc.getAddress();
    await f.usdc.connect(f.requester).approve(await m.getAddress(), 100_000_000n);
    const { id } = await submit(f, 1, { token: usdc, reward: 100_000_000n });
    expect(await f.usdc.balanceOf(await m.getAddress())).to.equal(100_000_000n);
    await m.connect(f.matcher).assignProviders(id, [f.p1.address]);
    await result(f, id, f.p1, "x");
    await time.increase(86400);
    await m.finalizeTask(id);
    await expect(m.connect(f.p1).withdraw(usdc)).to.changeTokenBalance(ethers, f.usdc, f.p1, 80_000_000n);
  });

  it("audit path: audit drawn at auditRateBps=10000; honest -> Challengeable; dishonest -> slashed and refunded", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    await m.setParameter(ethers.encodeBytes32String("auditRateBps"), 10000);
    const a = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address]);
    await expect(result(f, a.id, f.p1, "x")).to.emit(m, "AuditRequested").withArgs(a.id);
    expect((await m.getTask(a.id)).status).to.equal(4n);
    await expect(m.finalizeTask(a.id)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(a.id, 4);
    await expect(m.connect(f.other).resolveAudit(a.id, true)).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    await expect(m.connect(f.auditor).resolveAudit(a.id, true)).to.emit(m, "AuditResolved").withArgs(a.id, true);
    expect((await m.getTask(a.id)).status).to.equal(5n);

    const b = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(b.id, [f.p2.address]);
    await result(f, b.id, f.p2, "y");
    await expect(m.connect(f.auditor).resolveAudit(b.id, false))
      .to.emit(m, "AuditResolved").withArgs(b.id, false)
      .and.to.emit(m, "Refunded").withArgs(b.id, f.requester.address, b.reward)
      .and.to.emit(f.providerRegistry, "Slashed").withArgs(f.p2.address, STAKE / 10n, 2);
    expect((await m.getTask(b.id)).status).to.equal(8n);
    expect(await m.credits(f.requester.address, ETH)).to.equal(b.reward);
  });

  it("dispute path: bond posted; upheld -> Refunded (+bond, challenger share); rejected -> Finalized (bond forfeited)", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const a = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address]);
    await result(f, a.id, f.p1, "x");
    const bond = await m.disputeBondFor(a.id);
    expect(bond).to.equal(a.reward / 10n);
    await expect(m.connect(f.other).disputeTask(a.id, { value: bond })).to.be.revertedWithCustomError(m, "NotRequester");
    await expect(m.connect(f.requester).disputeTask(a.id, { value: bond - 1n })).to.be.revertedWithCustomError(m, "IncorrectValue");
    await expect(m.connect(f.requester).disputeTask(a.id, { value: bond }))
      .to.emit(m, "TaskDisputed").withArgs(a.id, f.requester.address, bond);
    const before = await f.stunToken.balanceOf(f.requester.address);
    await expect(m.connect(f.auditor).resolveDispute(a.id, false))
      .to.emit(m, "Refunded").withArgs(a.id, f.requester.address, a.reward + bond);
    expect((await m.getTask(a.id)).status).to.equal(9n);
    // challenger (requester) gets challengerShareBps (25%) of the slashed stake
    expect((await f.stunToken.balanceOf(f.requester.address)) - before).to.equal((STAKE / 10n) / 4n);

    const b = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(b.id, [f.p2.address]);
    await result(f, b.id, f.p2, "x");
    await m.connect(f.requester).disputeTask(b.id, { value: bond });
    await expect(m.connect(f.auditor).resolveDispute(b.id, true)).to.emit(m, "TaskFinalized").withArgs(b.id);
    expect(await m.credits(f.addrs.treasury, ETH)).to.equal(bond + b.reward / 5n);
    await time.increase(86400);
    const c = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(c.id, [f.p3.address]);
    await result(f, c.id, f.p3, "x");
    await time.increase(86400);
    await expect(m.connect(f.requester).disputeTask(c.id, { value: bond })).to.be.revertedWithCustomError(m, "ChallengeWindowClosed");
  });

  it("expiry: accept window lapses -> Expired, refund, no-show slashed; deadline with majority -> verification", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const a = await submit(f, 3);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address, f.p2.address, f.p3.address]);
    await m.connect(f.p1).acceptTask(a.id);
    await result(f, a.id, f.p2, "x");
    await expect(m.expireTask(a.id)).to.be.revertedWithCustomError(m, "NotExpirable");
    await time.increase(601);
    await expect(m.connect(f.p3).acceptTask(a.id)).to.be.revertedWithCustomError(m, "AcceptWindowClosed");
    await expect(m.expireTask(a.id))
      .to.emit(m, "TaskExpired").withArgs(a.id)
      .and.to.emit(m, "Refunded").withArgs(a.id, f.requester.address, a.reward)
      .and.to.emit(f.providerRegistry, "Slashed").withArgs(f.p3.address, (STAKE * 200n) / 10000n, 1);
    expect(await f.providerRegistry.totalStakeOf(f.p1.address)).to.equal(STAKE);
    expect(await f.providerRegistry.totalStakeOf(f.p2.address)).to.equal(STAKE);
    const [, , , noShows] = await f.reputationRegistry.reputationOf(f.p3.address);
    expect(noShows).to.equal(1n);

    const b = await submit(f, 3);
    await m.connect(f.matcher).assignProviders(b.id, [f.p1.address, f.p2.address, f.p4.address]);
    await result(f, b.id, f.p1, "y");
    await result(f, b.id, f.p2, "y");
    await m.connect(f.p4).acceptTask(b.id);
    await time.increaseTo(b.deadline + 1);
    await expect(result(f, b.id, f.p4, "y")).to.be.revertedWithCustomError(m, "DeadlinePassed");
    await expect(m.expireTask(b.id)).to.emit(f.providerRegistry, "Slashed").withArgs(f.p4.address, (STAKE * 200n) / 10000n, 1);
    expect((await m.getTask(b.id)).status).to.equal(5n);

    const c = await submit(f, 1);
    await time.increaseTo(c.deadline + 1);
    await expect(m.expireTask(c.id)).to.emit(m, "TaskExpired").withArgs(c.id);
    await expect(m.expireTask(c.id)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(c.id, 10);
  });

  it("r=2 disagreement -> no consensus -> Expired with refund and no slashing", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const a = await submit(f, 2);
    await m.connect(f.matcher).assignProviders(a.id, [f.p1.address, f.p2.address]);
    await result(f, a.id, f.p1, "x");
    await expect(result(f, a.id, f.p2, "y")).to.emit(m, "TaskExpired").withArgs(a.id);
    expect(await m.credits(f.requester.address, ETH)).to.equal(a.reward);
    expect(await f.providerRegistry.totalStakeOf(f.p1.address)).to.equal(STAKE);
  });

  it("cancel before assignment refunds; after assignment it reverts", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const a = await submit(f, 1);
    await expect(m.connect(f.other).cancelTask(a.id)).to.be.revertedWithCustomError(m, "NotRequester");
    await expect(m.connect(f.requester).cancelTask(a.id))
      .to.emit(m, "TaskCancelled").withArgs(a.id)
      .and.to.emit(m, "Refunded").withArgs(a.id, f.requester.address, a.reward);
    await expect(m.connect(f.requester).withdraw(ETH)).to.changeEtherBalance(ethers, f.requester, a.reward);
    const b = await submit(f, 1);
    await m.connect(f.matcher).assignProviders(b.id, [f.p1.address]);
    await expect(m.connect(f.requester).cancelTask(b.id)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(b.id, 2);
    void STUN;
  });
});
