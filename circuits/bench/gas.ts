/** Gas measurement of the verifier contracts (shared by evm/test/zk and circuits/bench/zk-bench.ts). */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract } from "ethers";
import type { Groth16Proof, PublicSignals } from "snarkjs";

import { encodeProof, proofWords } from "../src/encoding.js";

export interface VerifierSet {
  ours: BaseContract;
  snarkjs: BaseContract;
  probe: BaseContract;
}

export async function deployVerifiers(ethers: HardhatEthers): Promise<VerifierSet> {
  const [ours, snarkjs, probe] = await Promise.all(
    ["ResultVerifier", "SnarkjsResultVerifier", "VerifierGasProbe"].map(async (n) => {
      const c = await ethers.deployContract(n);
      await c.waitForDeployment();
      return c;
    }),
  );
  return { ours: ours!, snarkjs: snarkjs!, probe: probe! };
}

interface ProbeResult {
  gasUsed: bigint;
  success: boolean;
  ret: string;
}

async function probeCall(probe: BaseContract, target: BaseContract, data: string): Promise<ProbeResult> {
  const r = (await probe.getFunction("measure").staticCall(await target.getAddress(), data)) as unknown as [
    bigint,
    boolean,
    string,
  ];
  return { gasUsed: r[0], success: r[1], ret: r[2] };
}

const word = (v: bigint | string): string => `0x${BigInt(v).toString(16).padStart(64, "0")}`;

/**
 * Execution gas of one verification (3 public inputs) by our ResultVerifier and by the stock snarkjs verifier,
 * each measured by VerifierGasProbe around a warm STATICCALL (no 21k base, no calldata cost). Also returns each
 * verdict so callers can assert both accepted.
 */
export async function measureVerifyGas(
  v: VerifierSet,
  proof: Groth16Proof,
  signals: PublicSignals,
): Promise<{ ours: bigint; snarkjs: bigint; oursOk: boolean; snarkjsOk: boolean }> {
  const [taskId, resultHash, provider] = signals.map((s) => BigInt(s)) as [bigint, bigint, bigint];
  const oursData = v.ours.interface.encodeFunctionData("verifyResult", [
    taskId,
    word(resultHash),
    `0x${provider.toString(16).padStart(40, "0")}`,
    encodeProof(proof),
  ]);
  const w = proofWords(proof);
  const snarkData = v.snarkjs.interface.encodeFunctionData("verifyProof", [
    [w[0], w[1]],
    [
      [w[2], w[3]],
      [w[4], w[5]],
    ],
    [w[6], w[7]],
    [taskId, resultHash, provider],
  ]);
  const a = await probeCall(v.probe, v.ours, oursData);
  const b = await probeCall(v.probe, v.snarkjs, snarkData);
  const decode = (c: BaseContract, fn: string, r: ProbeResult): boolean =>
    r.success && (c.interface.decodeFunctionResult(fn, r.ret)[0] as boolean);
  return {
    ours: a.gasUsed,
    snarkjs: b.gasUsed,
    oursOk: decode(v.ours, "verifyResult", a),
    snarkjsOk: decode(v.snarkjs, "verifyProof", b),
  };
}
