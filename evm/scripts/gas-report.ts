/**
 * Gas of one full 3-provider task, measured from receipts (gasUsed incl. the 21k base and calldata of each tx).
 *
 * - `measureGas(ethers)`: MockResultVerifier (256-byte dummy proofs) — the marketplace's own cost.
 * - `measureGasWithProofs(ethers)`: the real Groth16 `ResultVerifier` (evm/contracts/zk) and real proofs from
 *   circuits' Prover (needs `npm run setup -w circuits`) — the issue's `evm.gas.lifecycle.r3` goal (<= 1.1M).
 *
 * Both report the first task on a fresh deployment and a second (steady-state) task. The bench runner imports
 * them; `gas-snapshot.ts` writes evm/gas-snapshot.json.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
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

/** Per-step gas of one task. */
export interface LifecycleGas {
  submitTask: number;
  assign: number;
  /** Mean of the three submitResult calls (each verifies a real proof). */
  submitResult: number;
  finalizeR3: number;
  /** submitTaskWith + assign + 3 submitResult (+ acceptTask: none, submitting accepts) + finalizeTask. */
  lifecycleR3: number;
}

export interface GasReportWithProofs {
  /** First task on a fresh deployment (first-ever credit slots). */
  fresh: LifecycleGas;
  /** Second task (credit slots warm): the steady-state cost. */
  steady: LifecycleGas;
  note: string;
}

const FIELD = 21888242871839275222246405745857852743157000808658171839120591364806164480001n;

type ProofFn = (taskId: bigint, provider: string) => Promise<{ resultHash: string; proof: string }>;

interface StepGas {
  submitTask: number;
  assign: number;
  subs: number[];
  finalizeR3: number;
  total: number;
}

/** Deploys the hub with `verifierName`, registers 3 providers and returns a function running one r=3 task. */
async function lifecycleRunner(ethers: HardhatEthers, verifierName: string, proofFor: ProofFn) {
  const [deployer, matcher, requester, p1, p2, p3] = await ethers.getSigners();
  if (!deployer || !matcher || !requester || !p1 || !p2 || !p3) throw new Error("need 6 signers");
  const verifier = await ethers.deployContract(verifierName, [], deployer);
  const ps: HardhatEthersSigner[] = [p1, p2, p3];
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

  return async (): Promise<StepGas> => {
    const id = await market.nextTaskId();
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const reward = 10n ** 18n;
    // proofs are computed before the task's transactions so that proving time does not move block timestamps
    const proofs = await Promise.all(ps.map((p) => proofFor(id, p.address)));
    const submitTask = await gas(market.connect(requester).submitTaskWith(
      { taskHash: ethers.id("t" + id), modelId: ethers.ZeroHash, token: ethers.ZeroAddress, reward, deadline: now + 3600, redundancy: 3,
        requirements: { maxPrice: 0n, gpuMemory: 40, computeCapability: 80, gpuCount: 1, privacy: 0, region: "0x00000000" } },
      { value: reward },
    ));
    const assign = await gas(market.connect(matcher).assignProviders(id, ps.map((p) => p.address)));
    const subs: number[] = [];
    for (const [i, p] of ps.entries()) {
      subs.push(await gas(market.connect(p).submitResult(id, proofs[i]!.resultHash, proofs[i]!.proof)));
    }
    await ethers.provider.send("evm_increaseTime", [86400]);
    const finalizeR3 = await gas(market.connect(deployer).finalizeTask(id));
    const total = submitTask + assign + subs.reduce((a, b) => a + b, 0) + finalizeR3;
    return { submitTask, assign, subs, finalizeR3, total };
  };
}

const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);

export async function measureGas(ethers: HardhatEthers): Promise<GasReport> {
  const resultHash = ethers.toBeHex(BigInt(ethers.id("result")) % FIELD, 32);
  const once = await lifecycleRunner(ethers, "MockResultVerifier", async (id, provider) => {
    const digest = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "bytes32", "address"], [id, resultHash, provider]));
    return { resultHash, proof: digest + "00".repeat(224) };
  });
  const first = await once();
  const second = await once();
  return {
    submitTask: first.submitTask,
    assign: first.assign,
    submitResult: mean(first.subs),
    submitResultLast: first.subs[2]!,
    finalizeR3: first.finalizeR3,
    lifecycleR3: first.total,
    lifecycleR3Warm: second.total,
    note: "receipt gasUsed incl. 21k base per tx; MockResultVerifier (real Groth16 adds ~200k per submitResult)",
  };
}

/**
 * The r=3 lifecycle with the real Groth16 ResultVerifier and real result_commitment proofs (three agreeing
 * providers, same result and salt, each proof bound to its provider and task). The prover is closed at the end.
 */
export async function measureGasWithProofs(ethers: HardhatEthers): Promise<GasReportWithProofs> {
  // loaded lazily: snarkjs + the circuit artifacts are only needed here
  const { Prover, resultCommitmentInput } = await import("../../circuits/src/index.js");
  const prover = await Prover.load("result_commitment");
  try {
    const result = Array.from({ length: 16 }, (_, i) => BigInt(i + 1) ** 5n);
    const once = await lifecycleRunner(ethers, "ResultVerifier", async (taskId, provider) => {
      const { input, publicSignals } = resultCommitmentInput({ taskId, provider, result, salt: 0x5eed5a17n });
      const { calldata } = await prover.prove(input);
      return { resultHash: ethers.toBeHex(publicSignals[1]!, 32), proof: calldata };
    });
    const toGas = (s: StepGas): LifecycleGas => ({
      submitTask: s.submitTask,
      assign: s.assign,
      submitResult: mean(s.subs),
      finalizeR3: s.finalizeR3,
      lifecycleR3: s.total,
    });
    const fresh = toGas(await once());
    const steady = toGas(await once());
    return {
      fresh,
      steady,
      note: "receipt gasUsed incl. 21k base per tx; real Groth16 ResultVerifier + result_commitment proofs (3 verifications)",
    };
  } finally {
    await prover.close();
  }
}
