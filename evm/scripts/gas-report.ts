/**
 * Gas of one full 3-provider task (mock verifier, 256-byte proofs), measured from receipts.
 * The bench runner imports `measureGas(ethers)`; `gas-snapshot.ts` writes evm/gas-snapshot.json.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { attachStun, deployStun } from "./deploy.js";

export interface GasReport {
  submitTask: number;
  assign: number;
  /** Mean of the three submitResult calls (the last one also runs consensus + the audit draw). */
  submitResult: number;
  submitResultLast: number;
  finalizeR3: number;
  /** submitTaskWith + assign + 3 submitResult + finalize (no separate acceptTask: submitting accepts). */
  lifecycleR3: number;
  /** The same lifecycle for a second task (warm credit/treasury slots): the steady-state cost. */
  lifecycleR3Warm: number;
  note: string;
}

const FIELD = 21888242871839275222246405745857852743157000808658171839120591364806164480001n;

export async function measureGas(ethers: HardhatEthers): Promise<GasReport> {
  const [deployer, matcher, requester, p1, p2, p3] = await ethers.getSigners();
  if (!deployer || !matcher || !requester || !p1 || !p2 || !p3) throw new Error("need 6 signers");
  const verifier = await ethers.deployContract("MockResultVerifier", [], deployer);
  const ps = [p1, p2, p3];
  const addrs = await deployStun(ethers, {
    deployer,
    distribution: { recipients: [deployer.address, ...ps.map((p) => p.address)], amounts: [10n ** 24n, ...ps.map(() => 10n ** 22n)] },
    verifier: await verifier.getAddress(),
    matchers: [matcher.address],
    marketplaceParams: { auditRateBps: 0 },
    handOver: false,
  });
  const c = await attachStun(ethers, addrs);
  const market = c.computeMarketplace;
  for (const p of ps) {
    await (await c.stunToken.connect(p).approve(addrs.providerRegistry, ethers.MaxUint256)).wait();
    await (await c.providerRegistry.connect(p).register(
      { gpuModel: ethers.ZeroHash, vramGiB: 80, computeCapability: 90, gpuCount: 1, region: "0x00000000", pricePerUnit: 1n, tee: 0, attestationHash: ethers.ZeroHash },
      10n ** 21n,
    )).wait();
  }
  const gas = async (tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>) =>
    Number((await (await tx).wait())!.gasUsed);

  const once = async () => {
    const id = await market.nextTaskId();
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const reward = 10n ** 18n;
    const submitTask = await gas(market.connect(requester).submitTaskWith(
      { taskHash: ethers.id("t" + id), modelId: ethers.ZeroHash, token: ethers.ZeroAddress, reward, deadline: now + 3600, redundancy: 3,
        requirements: { maxPrice: 0n, gpuMemory: 40, computeCapability: 80, gpuCount: 1, privacy: 0, region: "0x00000000" } },
      { value: reward },
    ));
    const assign = await gas(market.connect(matcher).assignProviders(id, ps.map((p) => p.address)));
    const resultHash = ethers.toBeHex(BigInt(ethers.id("result")) % FIELD, 32);
    const subs: number[] = [];
    for (const p of ps) {
      const digest = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "bytes32", "address"], [id, resultHash, p.address]));
      subs.push(await gas(market.connect(p).submitResult(id, resultHash, digest + "00".repeat(224))));
    }
    await ethers.provider.send("evm_increaseTime", [86400]);
    const finalizeR3 = await gas(market.connect(deployer).finalizeTask(id));
    const total = submitTask + assign + subs.reduce((a, b) => a + b, 0) + finalizeR3;
    return { submitTask, assign, subs, finalizeR3, total };
  };
  const first = await once();
  const second = await once();
  return {
    submitTask: first.submitTask,
    assign: first.assign,
    submitResult: Math.round(first.subs.reduce((a, b) => a + b, 0) / first.subs.length),
    submitResultLast: first.subs[2]!,
    finalizeR3: first.finalizeR3,
    lifecycleR3: first.total,
    lifecycleR3Warm: second.total,
    note: "receipt gasUsed incl. 21k base per tx; MockResultVerifier (real Groth16 adds ~200k per submitResult)",
  };
}
