import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, specs, STAKE, STUN } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const fixture = () => deployFixture(ethers);
const key = (s: string) => ethers.encodeBytes32String(s);

describe("StunToken", function () {
  it("mints the distribution, enforces the cap and array shapes, uses the timestamp clock", async function () {
    const [a, b] = await ethers.getSigners();
    const F = await ethers.getContractFactory("StunToken");
    await expect(F.deploy([a!.address], [1n, 2n])).to.be.revertedWithCustomError(F, "DistributionLengthMismatch").withArgs(1, 2);
    await expect(F.deploy([], [])).to.be.revertedWithCustomError(F, "DistributionLengthMismatch");
    const cap = 10n ** 27n;
    await expect(F.deploy([a!.address, b!.address], [cap, 1n])).to.be.revertedWithCustomError(F, "SupplyCapExceeded").withArgs(cap + 1n, cap);
    const t = await F.deploy([a!.address, b!.address], [5n, 7n]);
    expect(await t.totalSupply()).to.equal(12n);
    expect(await t.balanceOf(b!.address)).to.equal(7n);
    expect(await t.CLOCK_MODE()).to.equal("mode=timestamp");
    expect(await t.clock()).to.equal(BigInt(await time.latest()));
  });
});

describe("ProviderRegistry", function () {
  it("register: emits, initialises reputation, stakes; reverts on duplicates and bad specs", async function () {
    const f = await loadFixture(fixture);
    const r = f.providerRegistry;
    await f.stunToken.connect(f.other).approve(await r.getAddress(), ethers.MaxUint256);
    await expect(r.connect(f.other).register(specs({ vramGiB: 0 }), 0)).to.be.revertedWithCustomError(r, "InvalidSpecs");
    await expect(r.connect(f.other).register(specs(), 1n)).to.be.revertedWithCustomError(f.stunToken, "ERC20InsufficientBalance");
    await expect(r.connect(f.other).register(specs(), 0)).to.emit(r, "ProviderRegistered");
    await expect(r.connect(f.other).register(specs(), 0)).to.be.revertedWithCustomError(r, "AlreadyRegistered").withArgs(f.other.address);
    const [score] = await f.reputationRegistry.reputationOf(f.other.address);
    expect(score).to.equal(5000n);
    expect(await r.checkEligibility(f.other.address, { maxPrice: 0, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" })).to.equal(3n);
  });

  it("stake / requestUnstake / withdrawUnstaked with the unbonding period", async function () {
    const f = await loadFixture(fixture);
    const r = f.providerRegistry;
    await expect(r.connect(f.other).stake(1n)).to.be.revertedWithCustomError(r, "NotRegistered").withArgs(f.other.address);
    await expect(r.connect(f.p1).stake(0)).to.be.revertedWithCustomError(r, "ZeroAmount");
    await expect(r.connect(f.p1).stake(STUN)).to.emit(r, "Staked").withArgs(f.p1.address, STUN);
    await expect(r.connect(f.p1).requestUnstake(STAKE + 2n * STUN)).to.be.revertedWithCustomError(r, "InsufficientStake");
    await expect(r.connect(f.p1).requestUnstake(0)).to.be.revertedWithCustomError(r, "ZeroAmount");
    await expect(r.connect(f.p1).withdrawUnstaked()).to.be.revertedWithCustomError(r, "NothingUnbonding");
    const tx = await r.connect(f.p1).requestUnstake(STUN);
    const unlockAt = BigInt((await time.latest()) + 30 * 86400); // default unbondingPeriod
    await expect(tx).to.emit(r, "UnstakeRequested").withArgs(f.p1.address, STUN, unlockAt);
    await expect(r.connect(f.p1).withdrawUnstaked()).to.be.revertedWithCustomError(r, "StillUnbonding").withArgs(unlockAt);
    await time.increaseTo(unlockAt);
    const before = await f.stunToken.balanceOf(f.p1.address);
    await expect(r.connect(f.p1).withdrawUnstaked()).to.emit(r, "Unstaked").withArgs(f.p1.address, STUN);
    expect(await f.stunToken.balanceOf(f.p1.address)).to.equal(before + STUN);
    expect(await r.totalStakeOf(f.p1.address)).to.equal(STAKE);
  });

  it("slash: only SLASHER_ROLE, takes stake then unbonding, pays treasury/challenger, jails, moves votes", async function () {
    const f = await loadFixture(fixture);
    const r = f.providerRegistry;
    await expect(r.connect(f.other).slash(f.p1.address, 100, ethers.ZeroAddress, 0)).to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount");
    await r.grantRole(await r.SLASHER_ROLE(), f.deployer.address);
    await expect(r.slash(f.p1.address, 10001, ethers.ZeroAddress, 0)).to.be.revertedWithCustomError(r, "InvalidBps").withArgs(10001);
    await f.stunToken.connect(f.p1).delegate(f.p1.address);
    await r.connect(f.p1).requestUnstake(STAKE / 2n);
    const votes = await f.stunToken.getVotes(f.p1.address);
    // 75% of 2000 = 1500: 1000 from stake, 500 from unbonding
    await expect(r.slash(f.p1.address, 7500, f.other.address, 0)).to.emit(r, "Slashed").withArgs(f.p1.address, 1500n * STUN, 0);
    const [, stake, unbonding, , jailedUntil] = await r.getProvider(f.p1.address);
    expect(stake).to.equal(0n);
    expect(unbonding).to.equal(500n * STUN);
    expect(jailedUntil).to.equal(BigInt((await time.latest()) + 7 * 86400));
    expect(await f.stunToken.balanceOf(f.other.address)).to.equal(375n * STUN); // 25% challenger share
    expect(await f.stunToken.balanceOf(f.addrs.treasury)).to.equal(1125n * STUN);
    expect(await f.stunToken.getVotes(f.p1.address)).to.equal(votes - 1500n * STUN);
    // slashing never exceeds stake
    await r.slash(f.p1.address, 10000, ethers.ZeroAddress, 1);
    expect(await r.totalStakeOf(f.p1.address)).to.equal(0n);
  });

  it("eligibility reasons", async function () {
    const f = await loadFixture(fixture);
    const r = f.providerRegistry;
    const base = { maxPrice: 0n, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" };
    expect(await r.checkEligibility(f.other.address, base)).to.equal(1n);
    expect(await r.checkEligibility(f.p1.address, base)).to.equal(0n);
    expect(await r.checkEligibility(f.p1.address, { ...base, gpuMemory: 81 })).to.equal(5n);
    expect(await r.checkEligibility(f.p1.address, { ...base, computeCapability: 91 })).to.equal(6n);
    expect(await r.checkEligibility(f.p1.address, { ...base, gpuCount: 2 })).to.equal(7n);
    expect(await r.checkEligibility(f.p1.address, { ...base, region: "0x55533100" })).to.equal(8n);
    expect(await r.checkEligibility(f.p1.address, { ...base, region: "0x45553100" })).to.equal(0n);
    expect(await r.checkEligibility(f.p1.address, { ...base, privacy: 1 })).to.equal(9n);
    expect(await r.checkEligibility(f.p1.address, { ...base, maxPrice: 1n })).to.equal(10n);
    await expect(r.connect(f.p1).updateProvider(specs({ tee: 1 }), false)).to.emit(r, "ProviderUpdated");
    expect(await r.checkEligibility(f.p1.address, base)).to.equal(2n);
    await r.connect(f.p1).updateProvider(specs({ tee: 1 }), true);
    expect(await r.checkEligibility(f.p1.address, { ...base, privacy: 1 })).to.equal(0n);
    await expect(r.connect(f.other).updateProvider(specs(), true)).to.be.revertedWithCustomError(r, "NotRegistered");
  });

  it("parameters: bounds, unknown names, treasury zero address, ParameterChanged", async function () {
    const f = await loadFixture(fixture);
    const r = f.providerRegistry;
    await expect(r.setParameter(key("minStake"), 0)).to.be.revertedWithCustomError(r, "ParameterOutOfBounds").withArgs(key("minStake"), 0, STUN, 10n ** 27n);
    await expect(r.setParameter(key("unbondingPeriod"), 60)).to.be.revertedWithCustomError(r, "ParameterOutOfBounds");
    await expect(r.setParameter(key("challengerShareBps"), 5001)).to.be.revertedWithCustomError(r, "ParameterOutOfBounds");
    await expect(r.setParameter(key("jailPeriod"), 0)).to.be.revertedWithCustomError(r, "ParameterOutOfBounds");
    await expect(r.setParameter(key("nope"), 1)).to.be.revertedWithCustomError(r, "UnknownParameter");
    await expect(r.setParameter(key("minStake"), 5000n * STUN)).to.emit(r, "ParameterChanged").withArgs(key("minStake"), 1000n * STUN, 5000n * STUN);
    expect(await r.checkEligibility(f.p1.address, { maxPrice: 0, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" })).to.equal(3n);
    // unbondingPeriod must exceed the bound marketplace's maxTaskLifetime (7 d + 1 d + 2 * 7 d by default)
    const life = await f.computeMarketplace.maxTaskLifetime();
    expect(life).to.equal(22n * 86400n);
    expect(await r.minUnbondingPeriod()).to.equal(life + 1n);
    await expect(r.setParameter(key("unbondingPeriod"), life)).to.be.revertedWithCustomError(r, "ParameterOutOfBounds")
      .withArgs(key("unbondingPeriod"), life, life + 1n, 90 * 86400);
    await expect(r.setParameter(key("unbondingPeriod"), life + 1n)).to.emit(r, "ParameterChanged")
      .withArgs(key("unbondingPeriod"), 30 * 86400, life + 1n);
    await expect(r.setParameter(key("challengerShareBps"), 0)).to.emit(r, "ParameterChanged");
    await expect(r.setParameter(key("jailPeriod"), 3600)).to.emit(r, "ParameterChanged");
    await expect(r.setTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(r, "ZeroAddress");
    await expect(r.setTreasury(f.other.address)).to.emit(r, "ParameterChanged");
    await expect(r.connect(f.other).setTreasury(f.other.address)).to.be.revertedWithCustomError(r, "AccessControlUnauthorizedAccount");
  });
});

describe("ModelRegistry / ReputationRegistry", function () {
  it("models: first registration wins, no overwrite, zero id refused", async function () {
    const f = await loadFixture(fixture);
    const m = f.modelRegistry;
    const id = ethers.id("llama");
    await expect(m.connect(f.creator).registerModel(ethers.ZeroHash)).to.be.revertedWithCustomError(m, "ZeroModelId");
    await expect(m.connect(f.creator).registerModel(id)).to.emit(m, "ModelRegistered").withArgs(id, f.creator.address);
    await expect(m.connect(f.other).registerModel(id)).to.be.revertedWithCustomError(m, "ModelAlreadyRegistered").withArgs(id, f.creator.address);
    expect(await m.creatorOf(id)).to.equal(f.creator.address);
  });

  it("reputation: only the marketplace records; bounded 0..10000; latency average", async function () {
    const f = await loadFixture(fixture);
    const rep = f.reputationRegistry;
    await expect(rep.connect(f.other).record(f.p1.address, 0, 10)).to.be.revertedWithCustomError(rep, "AccessControlUnauthorizedAccount");
    await expect(rep.connect(f.other).initialize(f.p1.address)).to.be.revertedWithCustomError(rep, "AccessControlUnauthorizedAccount");
    await rep.grantRole(await rep.MARKETPLACE_ROLE(), f.deployer.address);
    for (let i = 0; i < 6; i++) await rep.record(f.p1.address, 1, 0);
    let [score, , wrong] = await rep.reputationOf(f.p1.address);
    expect(score).to.equal(0n);
    expect(wrong).to.equal(6n);
    await expect(rep.record(f.p1.address, 0, 10)).to.emit(rep, "ReputationUpdated").withArgs(f.p1.address, 100);
    await rep.record(f.p1.address, 0, 7200);
    let successes, avg;
    [score, successes, , , avg] = await rep.reputationOf(f.p1.address);
    expect(score).to.equal(150n);
    expect(successes).to.equal(2n);
    expect(avg).to.equal(3605n);
    for (let i = 0; i < 60; i++) await rep.record(f.p2.address, 0, 0);
    [score] = await rep.reputationOf(f.p2.address);
    expect(score).to.equal(10000n);
    await rep.record(f.p2.address, 2, 0);
    const [s2, , , noShows] = await rep.reputationOf(f.p2.address);
    expect(s2).to.equal(9500n);
    expect(noShows).to.equal(1n);
  });
});
