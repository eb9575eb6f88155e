/** The scripted scenario the tests index, with the rows it must produce. */
import { noReq, proofFor, rh, STAKE, STUN } from "../../evm/test/helpers/fixture.js";
import type { Conn, Fixture } from "./harness.js";

type Tx = Promise<{ wait: () => Promise<unknown> }>;
export const send = async (tx: Tx): Promise<void> => {
  await (await tx).wait();
};

export async function increaseTime(conn: Conn, seconds: number): Promise<void> {
  await conn.provider.request({ method: "evm_increaseTime", params: [seconds] });
  await conn.provider.request({ method: "evm_mine", params: [] });
}

export async function latest(conn: Conn): Promise<number> {
  const b = await conn.ethers.provider.getBlock("latest");
  return b!.timestamp;
}

/** Submits an ETH task of 1000 wei (`label` → taskHash, no model) with `req` (default: none) and returns its id. */
export async function submitEthTask(conn: Conn, f: Fixture, label: string, redundancy: number, ttl = 3600, req = noReq): Promise<bigint> {
  const m = f.computeMarketplace;
  const id = await m.nextTaskId();
  const { ethers } = conn;
  await send(m.connect(f.requester).submitTaskWith({
    taskHash: ethers.id(label), modelId: ethers.ZeroHash, token: ethers.ZeroAddress, reward: 1000n,
    deadline: (await latest(conn)) + ttl, redundancy, requirements: req,
  }, { value: 1000n }));
  return id;
}

/**
 * Task 1: r=1, p1, finalized (paid 0.8 ETH, 0.2 to the treasury, no model).
 * Task 2: r=3 with a model, p1+p2 agree, p3 differs; requester disputes; auditor upholds the dispute -> REFUNDED,
 *         p1 and p2 slashed (LOST_DISPUTE).
 * Task 3: cancelled. Task 4: open, needs 80 GiB / cc 90 / 1 GPU.
 * Also: a model, a parameter change, p4 requests unstake, a governance proposal with one vote.
 */
export async function runScenario(conn: Conn, f: Fixture) {
  const { ethers } = conn;
  const m = f.computeMarketplace;
  const E = (n: string) => ethers.parseEther(n);
  const result = async (id: bigint, p: (typeof f.providers)[number], label: string) => {
    const h = rh(ethers, label);
    await send(m.connect(p).submitResult(id, h, proofFor(ethers, id, h, p.address)));
  };
  const deadline = async () => (await latest(conn)) + 6 * 86400; // within maxTaskDuration (7 days)

  // task 0
  await send(m.connect(f.requester).submitTask(ethers.id("t0"), E("1"), await deadline(), { value: E("1") }));
  await send(m.connect(f.matcher).assignProviders(1n, [f.p1.address]));
  await send(m.connect(f.p1).acceptTask(1n));
  await result(1n, f.p1, "r0");

  // task 1 (model)
  const modelId = ethers.id("model-1");
  await send(f.modelRegistry.connect(f.creator).registerModel(modelId));
  await send(m.connect(f.requester).submitTaskWith({
    taskHash: ethers.id("t1"), modelId, token: ethers.ZeroAddress, reward: E("3"), deadline: await deadline(), redundancy: 3,
    requirements: { ...noReq, gpuMemory: 40 },
  }, { value: E("3") }));
  await send(m.connect(f.matcher).assignProviders(2n, [f.p1.address, f.p2.address, f.p3.address]));
  await result(2n, f.p1, "good");
  await result(2n, f.p2, "good");
  await result(2n, f.p3, "bad");
  const bond = await m.disputeBondFor(2n);
  await send(m.connect(f.requester).disputeTask(2n, { value: bond }));
  await send(m.connect(f.auditor).resolveDispute(2n, false));

  // task 2, task 3
  await send(m.connect(f.requester).submitTask(ethers.id("t2"), E("0.5"), await deadline(), { value: E("0.5") }));
  await send(m.connect(f.requester).cancelTask(3n));
  await send(m.connect(f.requester).submitTaskWith({
    taskHash: ethers.id("t3"), modelId: ethers.ZeroHash, token: ethers.ZeroAddress, reward: E("2"), deadline: await deadline(),
    redundancy: 1, requirements: { ...noReq, gpuMemory: 80, computeCapability: 90, gpuCount: 1 },
  }, { value: E("2") }));

  // finalize task 1 after the challenge window (1 day)
  await increaseTime(conn, 86400 + 1);
  await send(m.finalizeTask(1n));

  // registry / governance
  await send(m.setParameter(ethers.encodeBytes32String("disputeBondBps"), 600n));
  await send(f.providerRegistry.connect(f.p4).requestUnstake(STAKE / 4n));
  await send(f.stunToken.connect(f.deployer).delegate(f.deployer.address));
  await send(f.governor.connect(f.deployer).propose(
    [await m.getAddress()], [0n], [m.interface.encodeFunctionData("setParameter", [ethers.encodeBytes32String("disputeBondBps"), 700n])],
    "raise the dispute bond",
  ));
  await increaseTime(conn, 2);
  const proposalId = await f.governor.hashProposal(
    [await m.getAddress()], [0n], [m.interface.encodeFunctionData("setParameter", [ethers.encodeBytes32String("disputeBondBps"), 700n])],
    ethers.id("raise the dispute bond"),
  );
  await send(f.governor.connect(f.deployer).castVoteWithReason(proposalId, 1, "yes"));
  return { bond, proposalId, STAKE, STUN };
}
