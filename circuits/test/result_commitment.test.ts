import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { bls12_381 } from "@noble/curves/bls12-381";
import * as snarkjs from "snarkjs";

import { decodeProof, encodeProof, encodeSolanaProof, encodeTonProof } from "../src/encoding.js";
import { BASE_FIELD } from "../src/fields.js";
import { resultCommitmentInput } from "../src/inputs.js";
import { nativeProverAvailable } from "../src/native.js";
import { Prover, loadVerificationKey, terminateCurves, verifyProof } from "../src/prover.js";
import { toTonVerifyingKey } from "../src/vkey.js";
import { witness } from "./helpers.js";

const provider = 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266n;
const result = Array.from({ length: 16 }, (_, i) => BigInt(i + 1) * 1_000_000_007n);
const salt = 0xdeadbeefn;
let bn: Prover;
let bls: Prover;

before(async () => {
  bn = await Prover.load("result_commitment");
  bls = await Prover.load("result_commitment", { curve: "bls12381" });
});
after(async () => {
  await bn.close();
  await bls.close();
  await terminateCurves();
});

const bump = (s: string[], i: number, v?: bigint) => s.map((x, j) => (j === i ? (v ?? BigInt(x) + 1n).toString() : x));

test("BN254: valid proof verifies; another task / provider / result is refused", async () => {
  const { input } = resultCommitmentInput({ taskId: 5n, provider, result, salt });
  const { proof, publicSignals, calldata } = await bn.prove(input);
  assert.deepEqual(publicSignals, [5n, BigInt(input.resultHash as string), provider].map(String));
  assert.equal(await bn.verify(proof, publicSignals), true);
  assert.equal(await bn.verify(proof, bump(publicSignals, 0)), false, "other task");
  assert.equal(await bn.verify(proof, bump(publicSignals, 2, provider + 1n)), false, "other provider");
  assert.equal(await bn.verify(proof, bump(publicSignals, 1)), false, "other result");

  // calldata is word for word snarkjs exportSolidityCallData, and round-trips
  const sol = await snarkjs.groth16.exportSolidityCallData(proof, publicSignals);
  const words = [...sol.matchAll(/0x[0-9a-f]{64}/g)].map((m) => m[0].slice(2));
  assert.equal(calldata, `0x${words.slice(0, 8).join("")}`);
  assert.equal(await verifyProof(bn.vkey, decodeProof(calldata), publicSignals), true);
  assert.equal(encodeProof(decodeProof(calldata)), calldata);

  // Solana instruction bytes: -A || B || C || inputs
  const ix = encodeSolanaProof(proof, publicSignals);
  assert.equal(ix.length, 256 + 32 * 3);
  const negAy = BigInt(`0x${Buffer.from(ix.subarray(32, 64)).toString("hex")}`);
  assert.equal(negAy, BASE_FIELD.bn254 - BigInt(proof.pi_a[1] as string));
});

test("BLS12-381 (TON): valid proof verifies, replay refused, compressed points decode to the same points", async () => {
  const { input } = resultCommitmentInput({ taskId: 5n, provider, result, salt, curve: "bls12381" });
  const { proof, publicSignals, calldata } = await bls.prove(input);
  assert.equal(calldata, "");
  assert.equal(await bls.verify(proof, publicSignals), true);
  assert.equal(await bls.verify(proof, bump(publicSignals, 0)), false);
  assert.equal(await bls.verify(proof, bump(publicSignals, 2, provider + 1n)), false);

  const ton = encodeTonProof(proof);
  const a = bls12_381.G1.ProjectivePoint.fromHex(ton.a).toAffine();
  assert.deepEqual([a.x, a.y], [BigInt(proof.pi_a[0] as string), BigInt(proof.pi_a[1] as string)]);
  const b = bls12_381.G2.ProjectivePoint.fromHex(ton.b).toAffine();
  const pb = proof.pi_b as string[][];
  assert.deepEqual([b.x.c0, b.x.c1, b.y.c0, b.y.c1], [pb[0]![0], pb[0]![1], pb[1]![0], pb[1]![1]].map((v) => BigInt(v!)));
  const vk = loadVerificationKey("result_commitment", "bls12381");
  const tvk = toTonVerifyingKey(vk);
  const beta = bls12_381.G2.ProjectivePoint.fromHex(tvk.beta).toAffine();
  assert.equal(beta.y.c1, BigInt(vk.vk_beta_2[1][1]));
  assert.equal(tvk.ic.length, 4);
});

test("witness fails for a provider >= 2^160 and for a wrong salt", async () => {
  const { input } = resultCommitmentInput({ taskId: 5n, provider, result, salt });
  await assert.rejects(witness("result_commitment", { ...input, provider: (1n << 160n).toString() }), /Assert Failed/);
  await assert.rejects(witness("result_commitment", { ...input, salt: "1" }), /Assert Failed/);
  assert.throws(() => resultCommitmentInput({ taskId: 5n, provider: 1n << 160n, result, salt }), RangeError);
});

test("TS verifier refuses non-canonical encodings that snarkjs alone would accept", async () => {
  const { input } = resultCommitmentInput({ taskId: 6n, provider, result, salt });
  const { proof, publicSignals } = await bn.prove(input);
  const aliased = JSON.parse(JSON.stringify(proof)) as typeof proof;
  aliased.pi_c[1] = (BigInt(aliased.pi_c[1] as string) + BASE_FIELD.bn254).toString();
  assert.equal(await verifyProof(bn.vkey, aliased, publicSignals), false);
  assert.equal(await verifyProof(bn.vkey, proof, publicSignals.slice(0, 2)), false);
});

test("both prover backends (snarkjs, native sidecar when built) produce proofs the verifiers accept", async (t) => {
  const { input } = resultCommitmentInput({ taskId: 8n, provider, result, salt });
  const backends = nativeProverAvailable() ? (["snarkjs", "native"] as const) : (["snarkjs"] as const);
  if (!nativeProverAvailable()) t.diagnostic("native sidecar not built (npm run build:native -w circuits): skipped");
  for (const backend of backends) {
    const p = await Prover.load("result_commitment", { backend });
    try {
      assert.equal(p.backend, backend);
      const { proof, publicSignals, calldata } = await p.prove(input);
      assert.equal(await p.verify(proof, publicSignals), true, backend);
      assert.equal(await p.verify(proof, bump(publicSignals, 2, provider + 1n)), false, backend);
      assert.equal(calldata, encodeProof(proof));
      await assert.rejects(p.prove({ ...input, salt: "1" }), /Assert Failed/);
    } finally {
      await p.close();
    }
  }
});

test("concurrent prove() calls on one Prover are serialized and all verify", async () => {
  const inputs = [11n, 12n, 13n].map((taskId) => resultCommitmentInput({ taskId, provider, result, salt }).input);
  const outs = await Promise.all(inputs.map((i) => bn.prove(i)));
  for (const [k, o] of outs.entries()) {
    assert.equal(o.publicSignals[0], String(11 + k));
    assert.equal(await bn.verify(o.proof, o.publicSignals), true);
  }
});
