import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, noReq, proofFor, rh } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const fixture = () => deployFixture(ethers);
const key = (s: string) => ethers.encodeBytes32String(s);
const ETH = ethers.ZeroAddress;
const FIELD = 21888242871839275222246405745857852743157000808658171839120591364806164480001n;

describe("ComputeMarketplace reverts and guards", function () {
  async function base() {
    const f = await loadFixture(fixture);
    const deadline = (await time.latest()) + 3600;
    const req = { taskHash: ethers.id("in"), modelId: ethers.ZeroHash, token: ETH, reward: 1000n, deadline, redundancy: 1, requirements: noReq };
    return { f, m: f.computeMarketplace, deadline, req };
  }

  it("submitTask / submitTaskWith validation leaves no state behind", async function () {
    const { f, m, deadline, req } = await base();
    const r = m.connect(f.requester);
    await expect(r.submitTask(ethers.ZeroHash, 1n, deadline, { value: 1n })).to.be.revertedWithCustomError(m, "ZeroTaskHash");
    await expect(r.submitTask(ethers.id("x"), 0n, deadline)).to.be.revertedWithCustomError(m, "ZeroReward");
    await expect(r.submitTask(ethers.id("x"), 1n, (await time.latest()) - 1, { value: 1n })).to.be.revertedWithCustomError(m, "InvalidDeadline");
    await expect(r.submitTask(ethers.id("x"), 2n, deadline, { value: 1n })).to.be.revertedWithCustomError(m, "IncorrectValue").withArgs(2n, 1n);
    await expect(r.submitTaskWith({ ...req, reward: 2n ** 128n }, { value: 0n })).to.be.revertedWithCustomError(m, "RewardTooLarge");
    await expect(r.submitTaskWith({ ...req, redundancy: 0 }, { value: 1000n })).to.be.revertedWithCustomError(m, "InvalidRedundancy").withArgs(0, 3);
    await expect(r.submitTaskWith({ ...req, redundancy: 4 }, { value: 1000n })).to.be.revertedWithCustomError(m, "InvalidRedundancy").withArgs(4, 3);
    await expect(r.submitTaskWith({ ...req, token: f.other.address })).to.be.revertedWithCustomError(m, "TokenNotAllowed").withArgs(f.other.address);
    const usdc = await f.usdc.getAddress();
    await f.usdc.connect(f.requester).approve(await m.getAddress(), 10n ** 12n);
    await expect(r.submitTaskWith({ ...req, token: usdc }, { value: 1n })).to.be.revertedWithCustomError(m, "IncorrectValue").withArgs(0, 1);
    const fee = await ethers.deployContract("FeeOnTransferToken");
    await m.setTokenAllowed(await fee.getAddress(), true);
    await fee.mint(f.requester.address, 10n ** 20n);
    await fee.connect(f.requester).approve(await m.getAddress(), 10n ** 20n);
    await expect(r.submitTaskWith({ ...req, token: await fee.getAddress(), reward: 1000n }))
      .to.be.revertedWithCustomError(m, "FeeOnTransferToken").withArgs(await fee.getAddress(), 1000n, 990n);
    expect(await m.nextTaskId()).to.equal(1n);
    expect(await ethers.provider.getBalance(await m.getAddress())).to.equal(0n);
    await expect(r.submitTaskWith(req, { value: 1000n }))
      .to.emit(m, "TaskDetails");
    await m.setTokenAllowed(ETH, false);
    await expect(r.submitTask(ethers.id("x"), 1n, deadline, { value: 1n })).to.be.revertedWithCustomError(m, "TokenNotAllowed").withArgs(ETH);
  });

  it("assignProviders guards", async function () {
    const { f, m, req } = await base();
    await m.connect(f.requester).submitTaskWith({ ...req, redundancy: 2, requirements: { ...noReq, gpuMemory: 100 } }, { value: 1000n });
    await m.connect(f.requester).submitTaskWith({ ...req, redundancy: 2 }, { value: 1000n });
    const r1 = await m.requirementsOf(1n);
    expect(r1.gpuMemory).to.equal(100n);
    expect((await m.requirementsOf(2n)).gpuMemory).to.equal(0n);
    const mm = m.connect(f.matcher);
    await expect(m.connect(f.other).assignProviders(2n, [f.p1.address, f.p2.address])).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    await expect(mm.assignProviders(9n, [f.p1.address])).to.be.revertedWithCustomError(m, "InvalidState").withArgs(9n, 0);
    await expect(mm.assignProviders(2n, [f.p1.address])).to.be.revertedWithCustomError(m, "WrongProviderCount").withArgs(2, 1);
    await expect(mm.assignProviders(2n, [f.p1.address, f.p1.address])).to.be.revertedWithCustomError(m, "DuplicateProvider").withArgs(f.p1.address);
    await expect(mm.assignProviders(2n, [f.p1.address, f.other.address])).to.be.revertedWithCustomError(m, "ProviderIneligible").withArgs(f.other.address, 1);
    await expect(mm.assignProviders(1n, [f.p1.address, f.p2.address])).to.be.revertedWithCustomError(m, "ProviderIneligible").withArgs(f.p1.address, 5);
    expect((await m.getTask(2n)).status).to.equal(1n);
    await mm.assignProviders(2n, [f.p1.address, f.p2.address]);
    await expect(mm.assignProviders(2n, [f.p1.address, f.p2.address])).to.be.revertedWithCustomError(m, "InvalidState").withArgs(2n, 2);
    await time.increase(3601);
    await expect(mm.assignProviders(1n, [f.p3.address, f.p4.address])).to.be.revertedWithCustomError(m, "DeadlinePassed");
  });

  it("acceptTask / submitResult guards", async function () {
    const { f, m, req } = await base();
    await m.connect(f.requester).submitTaskWith({ ...req, redundancy: 2 }, { value: 1000n });
    const h = rh(ethers, "x");
    await expect(m.connect(f.p1).acceptTask(1n)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(1n, 1);
    await expect(m.connect(f.p1).submitResult(1n, h, "0x")).to.be.revertedWithCustomError(m, "InvalidState");
    await m.connect(f.matcher).assignProviders(1n, [f.p1.address, f.p2.address]);
    await expect(m.connect(f.p3).acceptTask(1n)).to.be.revertedWithCustomError(m, "NotAssignedProvider").withArgs(1n, f.p3.address);
    await m.connect(f.p1).acceptTask(1n);
    await expect(m.connect(f.p1).acceptTask(1n)).to.be.revertedWithCustomError(m, "AlreadyAccepted");
    await expect(m.connect(f.p3).submitResult(1n, h, proofFor(ethers, 1n, h, f.p3.address))).to.be.revertedWithCustomError(m, "NotAssignedProvider");
    await expect(m.connect(f.p1).submitResult(1n, ethers.toBeHex(FIELD, 32), "0x")).to.be.revertedWithCustomError(m, "ResultHashOutOfField");
    await expect(m.connect(f.p1).submitResult(1n, h, proofFor(ethers, 1n, h, f.p2.address))).to.be.revertedWithCustomError(m, "InvalidProof");
    await expect(m.connect(f.p1).submitResult(1n, h, "0x")).to.be.revertedWithCustomError(m, "InvalidProof");
    await m.connect(f.p1).submitResult(1n, h, proofFor(ethers, 1n, h, f.p1.address));
    await expect(m.connect(f.p1).submitResult(1n, h, proofFor(ethers, 1n, h, f.p1.address))).to.be.revertedWithCustomError(m, "AlreadySubmitted");
    await time.increase(601);
    await expect(m.connect(f.p2).submitResult(1n, h, proofFor(ethers, 1n, h, f.p2.address))).to.be.revertedWithCustomError(m, "AcceptWindowClosed");
  });

  it("pause blocks entry points; cancel, expire and withdraw stay open", async function () {
    const { f, m, req } = await base();
    await m.connect(f.requester).submitTaskWith(req, { value: 1000n });
    await m.connect(f.requester).submitTaskWith(req, { value: 1000n });
    await m.connect(f.matcher).assignProviders(2n, [f.p1.address]);
    await m.connect(f.pauser).pause();
    await expect(m.connect(f.requester).submitTaskWith(req, { value: 1000n })).to.be.revertedWithCustomError(m, "EnforcedPause");
    await expect(m.connect(f.matcher).assignProviders(1n, [f.p2.address])).to.be.revertedWithCustomError(m, "EnforcedPause");
    await expect(m.connect(f.p1).acceptTask(2n)).to.be.revertedWithCustomError(m, "EnforcedPause");
    await expect(m.connect(f.p1).submitResult(2n, rh(ethers, "x"), "0x")).to.be.revertedWithCustomError(m, "EnforcedPause");
    await expect(m.finalizeTask(2n)).to.be.revertedWithCustomError(m, "EnforcedPause");
    await m.connect(f.requester).cancelTask(1n);
    await time.increase(3601);
    // no-show penalty waived while paused
    await expect(m.expireTask(2n)).to.emit(m, "TaskExpired").and.not.to.emit(f.providerRegistry, "Slashed");
    await expect(m.connect(f.requester).withdraw(ETH)).to.changeEtherBalance(ethers, f.requester, 2000n);
  });

  it("marketplace parameters: bounds, fee split sum, zero addresses, roles", async function () {
    const { f, m } = await base();
    await expect(m.setParameter(key("slashBpsWrongResult"), 99)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("slashBpsWrongResult"), 99, 100, 10000);
    await expect(m.setParameter(key("acceptWindow"), 0)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds");
    await expect(m.setParameter(key("bogus"), 0)).to.be.revertedWithCustomError(m, "UnknownParameter").withArgs(key("bogus"));
    await expect(m.setParameter(key("slashBpsNoShow"), 300)).to.emit(m, "ParameterChanged").withArgs(key("slashBpsNoShow"), 200, 300);
    await expect(m.setFeeSplit(8000, 1500, 400)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("feeSplitSum"), 9900, 10000, 10000);
    await expect(m.setFeeSplit(4000, 5000, 1000)).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("providerBps"), 4000, 5000, 9500);
    await expect(m.setFeeSplit(7000, 1000, 2000)).to.emit(m, "ParameterChanged").withArgs(key("creatorBps"), 500, 2000);
    await expect(m.setVerifier(ethers.ZeroAddress)).to.be.revertedWithCustomError(m, "ZeroAddress");
    await expect(m.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(m, "ZeroAddress");
    await expect(m.setVerifier(f.other.address)).to.emit(m, "ParameterChanged");
    await expect(m.setTreasury(f.other.address)).to.emit(m, "ParameterChanged");
    await expect(m.connect(f.other).setFeeSplit(8000, 1500, 500)).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    await expect(m.connect(f.other).setTokenAllowed(ETH, false)).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    const F = await ethers.getContractFactory("ComputeMarketplace");
    const a = f.addrs;
    const ext = await m.extension();
    await expect(F.deploy(f.deployer.address, ethers.ZeroAddress, a.treasury, a.providerRegistry, a.reputationRegistry, a.modelRegistry, a.stunToken, ext))
      .to.be.revertedWithCustomError(m, "ZeroAddress");
    await expect(F.deploy(f.deployer.address, a.verifier, a.treasury, a.providerRegistry, a.reputationRegistry, a.modelRegistry, ethers.ZeroAddress, ext))
      .to.be.revertedWithCustomError(m, "ZeroAddress");
    // an extension built for other registries (or no contract at all) is refused
    await expect(F.deploy(f.deployer.address, a.verifier, a.treasury, a.reputationRegistry, a.reputationRegistry, a.modelRegistry, a.stunToken, ext))
      .to.be.revertedWithCustomError(m, "ExtensionMismatch").withArgs(ext);
    await expect(F.deploy(f.deployer.address, a.verifier, a.treasury, a.providerRegistry, a.reputationRegistry, a.modelRegistry, a.stunToken, f.other.address))
      .to.be.revertedWithCustomError(m, "ExtensionMismatch").withArgs(f.other.address);
  });

  it("state guards on finalize / dispute / resolve / expire; refunds to a contract that rejects ETH are credited", async function () {
    const { f, m, req } = await base();
    await expect(m.finalizeTask(1n)).to.be.revertedWithCustomError(m, "InvalidState").withArgs(1n, 0);
    await expect(m.connect(f.requester).disputeTask(1n)).to.be.revertedWithCustomError(m, "InvalidState");
    await expect(m.connect(f.auditor).resolveAudit(1n, true)).to.be.revertedWithCustomError(m, "InvalidState");
    await expect(m.connect(f.auditor).resolveDispute(1n, true)).to.be.revertedWithCustomError(m, "InvalidState");
    await expect(m.expireTask(1n)).to.be.revertedWithCustomError(m, "InvalidState");
    await m.connect(f.requester).submitTaskWith(req, { value: 1000n });
    await expect(m.expireTask(1n)).to.be.revertedWithCustomError(m, "NotExpirable").withArgs(1n);
    const rej = await ethers.deployContract("RejectEther");
    await rej.submit(await m.getAddress(), ethers.id("in"), req.deadline, { value: 5n });
    await time.increase(3601);
    await m.expireTask(2n);
    expect(await m.credits(await rej.getAddress(), ETH)).to.equal(5n);
    const data = m.interface.encodeFunctionData("withdraw", [ETH]);
    // the rejecting requester cannot pull ETH, but nobody else is blocked
    const [ok] = await rej.call.staticCall(await m.getAddress(), data);
    expect(ok).to.equal(false);
    await m.expireTask(1n);
    await expect(m.connect(f.requester).withdraw(ETH)).to.changeEtherBalance(ethers, f.requester, 1000n);
  });
});
