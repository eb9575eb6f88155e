import { expect } from "chai";
import { network } from "hardhat";
import { deployFixture, STUN } from "./helpers/fixture.js";

const { ethers, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

/** Handed-over deployment: the timelock is the only governance of every contract. */
const fixture = () => deployFixture(ethers, { handOver: true });
const openFixture = () => deployFixture(ethers);
const key = (s: string) => ethers.encodeBytes32String(s);

describe("Governance (StunGovernor + StunTimelock own every parameter)", function () {
  async function passAndQueue(f: Awaited<ReturnType<typeof fixture>>, target: string, calldata: string, desc: string) {
    await f.stunToken.connect(f.deployer).delegate(f.deployer.address);
    await time.increase(2);
    await f.governor.connect(f.deployer).propose([target], [0], [calldata], desc);
    const id = await f.governor.hashProposal([target], [0], [calldata], ethers.id(desc));
    await time.increase(2);
    await f.governor.connect(f.deployer).castVote(id, 1);
    await time.increase(86400 + 1);
    expect(await f.governor.state(id)).to.equal(4n);
    await f.governor.queue([target], [0], [calldata], ethers.id(desc));
    await time.increase(3601);
    return () => f.governor.execute([target], [0], [calldata], ethers.id(desc));
  }

  it("deployer holds no role after hand-over; direct setter calls revert", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    expect(await m.hasRole(await m.GOVERNANCE_ROLE(), f.deployer.address)).to.equal(false);
    expect(await m.hasRole(await m.GOVERNANCE_ROLE(), f.addrs.timelock)).to.equal(true);
    expect(await m.hasRole(await m.DEFAULT_ADMIN_ROLE(), f.deployer.address)).to.equal(false);
    expect(await f.timelock.hasRole(await f.timelock.DEFAULT_ADMIN_ROLE(), f.deployer.address)).to.equal(false);
    await expect(m.connect(f.deployer).setParameter(key("auditRateBps"), 5000))
      .to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    await expect(f.providerRegistry.connect(f.deployer).setParameter(key("minStake"), STUN))
      .to.be.revertedWithCustomError(f.providerRegistry, "AccessControlUnauthorizedAccount");
  });

  it("propose -> vote -> queue -> execute changes challengePeriod (ParameterChanged)", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const calldata = m.interface.encodeFunctionData("setParameter", [key("challengePeriod"), 7200]);
    const exec = await passAndQueue(f, await m.getAddress(), calldata, "challenge period 2h");
    await expect(exec()).to.emit(m, "ParameterChanged").withArgs(key("challengePeriod"), 86400, 7200);
    expect((await m.params()).challengePeriod).to.equal(7200n);
  });

  it("an out-of-bounds proposal passes the vote but its execution reverts with ParameterOutOfBounds", async function () {
    const f = await loadFixture(fixture);
    const m = f.computeMarketplace;
    const calldata = m.interface.encodeFunctionData("setParameter", [key("maxRedundancy"), 4]);
    const exec = await passAndQueue(f, await m.getAddress(), calldata, "redundancy 4");
    await expect(exec()).to.be.revertedWithCustomError(m, "ParameterOutOfBounds").withArgs(key("maxRedundancy"), 4, 1, 3);
    expect((await m.params()).maxRedundancy).to.equal(3n);
  });

  it("staked STUN keeps its voting power; delegation moves balance + stake", async function () {
    const f = await loadFixture(fixture);
    const tok = f.stunToken;
    await tok.connect(f.p1).delegate(f.p1.address);
    // p1 holds 10k, 2k of it staked
    expect(await tok.getVotes(f.p1.address)).to.equal(10_000n * STUN);
    await f.providerRegistry.connect(f.p1).stake(1_000n * STUN);
    expect(await tok.balanceOf(f.p1.address)).to.equal(7_000n * STUN);
    expect(await tok.stakedBalanceOf(f.p1.address)).to.equal(3_000n * STUN);
    expect(await tok.getVotes(f.p1.address)).to.equal(10_000n * STUN);
    // re-delegating moves balance + stake
    await tok.connect(f.p1).delegate(f.p2.address);
    expect(await tok.getVotes(f.p1.address)).to.equal(0n);
    expect(await tok.getVotes(f.p2.address)).to.equal(10_000n * STUN);
    await tok.connect(f.p1).delegate(f.p1.address);
    // plain transfers to the vault are refused
    await expect(tok.connect(f.p1).transfer(f.addrs.providerRegistry, 1n)).to.be.revertedWithCustomError(tok, "VaultTransferNotAllowed");
    await expect(tok.connect(f.p1).pullStake(f.p1.address, 1n)).to.be.revertedWithCustomError(tok, "NotStakingVault");
    await expect(tok.connect(f.p1).bindStakingVault(f.p1.address)).to.be.revertedWithCustomError(tok, "VaultBindingNotAllowed");
  });

  it("pause guardian pauses; only governance un-pauses", async function () {
    const f = await loadFixture(openFixture);
    const m = f.computeMarketplace;
    await expect(m.connect(f.other).pause()).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    await expect(m.connect(f.pauser).pause()).to.emit(m, "Paused").withArgs(f.pauser.address);
    const deadline = (await time.latest()) + 3600;
    await expect(m.connect(f.requester).submitTask(ethers.id("x"), 1n, deadline, { value: 1n }))
      .to.be.revertedWithCustomError(m, "EnforcedPause");
    await expect(m.connect(f.pauser).unpause()).to.be.revertedWithCustomError(m, "AccessControlUnauthorizedAccount");
    await expect(m.connect(f.deployer).unpause()).to.emit(m, "Unpaused").withArgs(f.deployer.address);
  });
});
