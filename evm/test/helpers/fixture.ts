import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { attachStun, deployStun, type StunDeployOptions } from "../../scripts/deploy.js";
import type { MockResultVerifier, TestUSDC } from "../../../types/ethers-contracts/index.js";

export const STUN = 10n ** 18n;
export const STAKE = 2_000n * STUN;

/** Default GPU specs used by test providers. */
export function specs(over: Partial<Record<string, unknown>> = {}) {
  return {
    gpuModel: "0x" + Buffer.from("H100").toString("hex").padEnd(64, "0"),
    vramGiB: 80,
    computeCapability: 90,
    gpuCount: 1,
    region: "0x45553100", // "EU1\0"
    pricePerUnit: 10n ** 15n,
    tee: 0,
    attestationHash: "0x" + "00".repeat(32),
    ...over,
  };
}

export const noReq = { maxPrice: 0n, gpuMemory: 0, computeCapability: 0, gpuCount: 0, privacy: 0, region: "0x00000000" };

/** The 256-byte proof the MockResultVerifier accepts (first word = keccak(taskId, resultHash, provider)). */
export function proofFor(ethers: HardhatEthers, taskId: bigint, resultHash: string, provider: string): string {
  const digest = ethers.keccak256(
    ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "bytes32", "address"], [taskId, resultHash, provider]),
  );
  return digest + "00".repeat(224);
}

/** A field-element result hash from a label. */
export function rh(ethers: HardhatEthers, label: string): string {
  const v = BigInt(ethers.id(label)) % 21888242871839275222246405745857852743157000808658171839120591364806164480001n;
  return ethers.toBeHex(v, 32);
}

/** Full deployment with deployer keeping governance (handOver false), 4 staked providers, audits off. */
export async function deployFixture(ethers: HardhatEthers, over: Partial<StunDeployOptions> = {}) {
  const signers = await ethers.getSigners();
  const [deployer, matcher, auditor, pauser, requester, p1, p2, p3, p4, creator, other] = signers as [
    (typeof signers)[number], (typeof signers)[number], (typeof signers)[number], (typeof signers)[number],
    (typeof signers)[number], (typeof signers)[number], (typeof signers)[number], (typeof signers)[number],
    (typeof signers)[number], (typeof signers)[number], (typeof signers)[number],
  ];
  const verifier = (await ethers.deployContract("MockResultVerifier")) as unknown as MockResultVerifier;
  const usdc = (await ethers.deployContract("TestUSDC")) as unknown as TestUSDC;
  const providers = [p1, p2, p3, p4];
  const addrs = await deployStun(ethers, {
    deployer,
    distribution: {
      recipients: [deployer.address, requester.address, ...providers.map((p) => p.address)],
      amounts: [1_000_000n * STUN, 100_000n * STUN, ...providers.map(() => 10_000n * STUN)],
    },
    verifier: await verifier.getAddress(),
    matchers: [matcher.address],
    auditors: [auditor.address],
    pausers: [pauser.address],
    allowedTokens: [await usdc.getAddress()],
    marketplaceParams: { auditRateBps: 0 },
    timelockDelay: 3600,
    votingDelay: 1,
    votingPeriod: 86400,
    handOver: false,
    ...over,
  });
  const c = await attachStun(ethers, addrs);
  const reg = await c.providerRegistry.getAddress();
  for (const p of providers) {
    await (await c.stunToken.connect(p).approve(reg, ethers.MaxUint256)).wait();
    await (await c.providerRegistry.connect(p).register(specs(), STAKE)).wait();
  }
  await (await usdc.mint(requester.address, 1_000_000n * 10n ** 6n)).wait();
  return { ...c, addrs, verifier, usdc, deployer, matcher, auditor, pauser, requester, p1, p2, p3, p4, creator, other, providers };
}
