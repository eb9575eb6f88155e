/**
 * On-chain Groth16 verifiers (evm/contracts/zk), against fresh proofs from the TypeScript prover and the shared
 * vectors in circuits/vectors. Needs `npm run setup -w circuits` (circuits/build). Runs under both
 *   npx hardhat --config circuits/hardhat.zk.config.ts test mocha     and     npx hardhat test mocha
 */
import { expect } from "chai";
import type { BaseContract } from "ethers";
import { network } from "hardhat";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Groth16Proof, PublicSignals } from "snarkjs";

import { type VerifierSet, deployVerifiers, measureVerifyGas } from "../../../circuits/bench/gas.js";
import {
  BASE_FIELD,
  Prover,
  SCALAR_FIELD,
  VECTORS_DIR,
  encodeProof,
  inferenceInput,
  loadVerificationKey,
  resultCommitmentInput,
  terminateCurves,
  verifyProof,
} from "../../../circuits/src/index.js";

const { ethers } = await network.create();

const hex32 = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;
const addr = (v: bigint): string => ethers.getAddress(`0x${v.toString(16).padStart(40, "0")}`);

interface Vector {
  name: string;
  publicSignals: string[];
  proof: Groth16Proof;
  calldata: string;
  expected: { valid: boolean; evm: string };
}
const vectors = (file: string): Vector[] =>
  (JSON.parse(readFileSync(join(VECTORS_DIR, file), "utf8")) as { vectors: Vector[] }).vectors;

/** Calls the verifier and maps the outcome to the vectors' "true" | "false" | "revert:<Error>" notation. */
async function evmVerdict(c: BaseContract, fn: string, args: unknown[]): Promise<string> {
  try {
    return String(await c.getFunction(fn).staticCall(...args));
  } catch (e) {
    const data = (e as { data?: string }).data;
    const parsed = data ? c.interface.parseError(data) : null;
    if (parsed === null) throw e;
    return `revert:${parsed.name}`;
  }
}

// snarkjs keeps a curve with worker threads in globalThis; release it so the test process can exit.
after(async () => terminateCurves());

describe("zk: ResultVerifier (result_commitment, BN254)", function () {
  this.timeout(120_000);
  let prover: Prover;
  let v: VerifierSet;
  let verifier: BaseContract;
  let proof: Groth16Proof;
  let signals: PublicSignals;
  let calldata: string;
  const provider = 0x5fbdb2315678afecb367f032d93f642f64180aa3n;
  const taskId = 77n;

  before(async function () {
    prover = await Prover.load("result_commitment");
    v = await deployVerifiers(ethers);
    verifier = v.ours;
    const { input } = resultCommitmentInput({
      taskId,
      provider,
      result: Array.from({ length: 16 }, (_, i) => BigInt(i) ** 3n),
      salt: 987654321n,
    });
    ({ proof, publicSignals: signals } = await prover.prove(input));
    calldata = encodeProof(proof);
  });
  after(async () => prover.close());

  const call = (t: bigint, h: bigint, p: bigint, pr: string) =>
    verifier.getFunction("verifyResult").staticCall(t, hex32(h), addr(p), pr);

  it("accepts a valid proof (and so does the snarkjs baseline)", async function () {
    expect(await call(taskId, BigInt(signals[1]!), provider, calldata)).to.equal(true);
    const gas = await measureVerifyGas(v, proof, signals);
    expect(gas.oursOk).to.equal(true);
    expect(gas.snarkjsOk).to.equal(true);
  });

  it("refuses the proof for another task or another provider", async function () {
    expect(await call(taskId + 1n, BigInt(signals[1]!), provider, calldata)).to.equal(false);
    expect(await call(taskId, BigInt(signals[1]!), provider + 1n, calldata)).to.equal(false);
    expect(await call(taskId, BigInt(signals[1]!) ^ 1n, provider, calldata)).to.equal(false);
  });

  it("returns false for tampered proof bytes", async function () {
    for (const byte of [31, 63, 100, 200, 255]) {
      const b = ethers.getBytes(calldata);
      b[byte]! ^= 0x01;
      const out = await evmVerdict(verifier, "verifyResult", [taskId, hex32(BigInt(signals[1]!)), addr(provider), ethers.hexlify(b)]);
      // flipping a low bit keeps every word < q here, so the verifier must answer false (never revert, never true)
      expect(out, `byte ${byte}`).to.equal("false");
    }
  });

  it("reverts with PublicInputNotInField for inputs >= r", async function () {
    const r = SCALAR_FIELD.bn254;
    await expect(call(taskId + r, BigInt(signals[1]!), provider, calldata))
      .to.be.revertedWithCustomError(verifier, "PublicInputNotInField")
      .withArgs(0);
    await expect(call(taskId, BigInt(signals[1]!) + r, provider, calldata))
      .to.be.revertedWithCustomError(verifier, "PublicInputNotInField")
      .withArgs(1);
  });

  it("reverts with ProofCoordinateNotInField for coordinates >= q", async function () {
    const q = BASE_FIELD.bn254;
    for (let i = 0; i < 8; i++) {
      const words = Array.from({ length: 8 }, (_, k) => BigInt(`0x${calldata.slice(2 + 64 * k, 66 + 64 * k)}`));
      words[i] = words[i]! + q < 1n << 256n ? words[i]! + q : q;
      const bad = `0x${words.map((w) => w.toString(16).padStart(64, "0")).join("")}`;
      await expect(call(taskId, BigInt(signals[1]!), provider, bad))
        .to.be.revertedWithCustomError(verifier, "ProofCoordinateNotInField")
        .withArgs(i);
    }
  });

  it("reverts with InvalidProofLength for malformed calldata", async function () {
    for (const len of [0, 32, 255, 257, 288, 512]) {
      const bad = ethers.hexlify(new Uint8Array(len).fill(1));
      await expect(call(taskId, BigInt(signals[1]!), provider, bad))
        .to.be.revertedWithCustomError(verifier, "InvalidProofLength")
        .withArgs(len);
    }
  });

  it("agrees with the TypeScript verifier on the shared vectors", async function () {
    const vkey = loadVerificationKey("result_commitment");
    for (const vec of vectors("result_commitment.bn254.json")) {
      const [t, h, p] = vec.publicSignals.map(BigInt) as [bigint, bigint, bigint];
      const ts = await verifyProof(vkey, vec.proof, vec.publicSignals);
      expect(ts, vec.name).to.equal(vec.expected.valid);
      const evm = await evmVerdict(verifier, "verifyResult", [t, hex32(h), addr(p % (1n << 160n)), vec.calldata]);
      expect(evm, vec.name).to.equal(vec.expected.evm);
      // the on-chain verdict implies the TS one: only "true" is accepted by both
      expect(evm === "true", vec.name).to.equal(ts);
    }
  });

  it("costs no more gas than the snarkjs verifier, close to the precompile floor", async function () {
    const gas = await measureVerifyGas(v, proof, signals);
    console.log(`      verify gas (3 public inputs): ours ${gas.ours}, snarkjs ${gas.snarkjs}`);
    expect(gas.ours <= gas.snarkjs).to.equal(true);
    // precompile floor for 3 inputs: 45,000 + 4 * 34,000 + 3 * (6,000 + 150) = 199,450
    expect(gas.ours < 205_000n).to.equal(true);
  });
});

describe("zk: InferenceVerifier (verifiable_inference, BN254)", function () {
  this.timeout(120_000);

  it("accepts a valid inference proof and refuses other providers / inputs", async function () {
    const verifier = await ethers.deployContract("InferenceVerifier");
    const prover = await Prover.load("verifiable_inference");
    try {
      const x = Array.from({ length: 16 }, (_, i) => BigInt((i * 911) % 8000) - 4000n);
      const { input } = inferenceInput(5n, 0xabcn, x);
      const { proof, publicSignals } = await prover.prove(input);
      const [t, h, p, ih] = publicSignals.map(BigInt) as [bigint, bigint, bigint, bigint];
      const f = verifier.getFunction("verifyInference");
      const pr = encodeProof(proof);
      expect(await f.staticCall(t, hex32(h), addr(p), hex32(ih), pr)).to.equal(true);
      expect(await f.staticCall(t, hex32(h), addr(p + 1n), hex32(ih), pr)).to.equal(false);
      expect(await f.staticCall(t, hex32(h), addr(p), hex32(ih + 1n), pr)).to.equal(false);
      await expect(f.staticCall(t, hex32(h), addr(p), hex32(ih + SCALAR_FIELD.bn254), pr))
        .to.be.revertedWithCustomError(verifier, "PublicInputNotInField")
        .withArgs(3);
    } finally {
      await prover.close();
    }
  });

  it("agrees with the TypeScript verifier on the shared vectors", async function () {
    const verifier = await ethers.deployContract("InferenceVerifier");
    const vkey = loadVerificationKey("verifiable_inference");
    for (const vec of vectors("verifiable_inference.bn254.json")) {
      const [t, h, p, ih] = vec.publicSignals.map(BigInt) as [bigint, bigint, bigint, bigint];
      expect(await verifyProof(vkey, vec.proof, vec.publicSignals), vec.name).to.equal(vec.expected.valid);
      const evm = await evmVerdict(verifier, "verifyInference", [t, hex32(h), addr(p), hex32(ih), vec.calldata]);
      expect(evm, vec.name).to.equal(vec.expected.evm);
    }
  });
});
