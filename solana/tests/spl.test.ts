/** Marketplace escrow in an SPL token: escrow PDA, the split as pull payments (claim_spl), SPL dispute bond, refund. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";

import { BN, Env, Keypair, PublicKey, TOKEN_PROGRAM, bytes32, configPda, expectErr, expectOk, modelPda, pda, providerPda, u64le } from "./harness.js";
import { REQ, assign, drawAudit, finalize, submitResult, world, type World } from "./world.js";

const USDC = 1_000_000n; // 6 decimals
const REWARD = 100n * USDC;
const escrowPda = (id: bigint) => pda("escrow", u64le(id));

function setMint(env: Env, mint: PublicKey) {
  const d = Buffer.alloc(82);
  d.writeUInt32LE(1, 0);
  Keypair.generate().publicKey.toBuffer().copy(d, 4);
  d.writeBigUInt64LE(10n ** 15n, 36);
  d[44] = 6;
  d[45] = 1;
  env.svm.setAccount(mint, { lamports: Number(env.svm.minimumBalanceForRentExemption(82n)), data: d, owner: TOKEN_PROGRAM, executable: false });
}

async function splWorld() {
  const w = await world();
  const mint = Keypair.generate().publicKey;
  setMint(w.env, mint);
  const reqToken = Keypair.generate().publicKey;
  w.env.setTokenAccount(reqToken, mint, w.requester.publicKey, 1000n * USDC);
  return { w, mint, reqToken };
}

async function submitSpl(w: World, mint: PublicKey, reqToken: PublicKey, id: bigint, modelId = Buffer.alloc(32)) {
  return w.env.call("submitTaskSpl",
    [new BN(id.toString()), [...createHash("sha256").update(`t${id}`).digest()], [...modelId], new BN(REWARD.toString()), new BN((w.env.now() + 7200n).toString()), 1, REQ],
    { requester: w.requester.publicKey, paymentMint: mint, requesterToken: reqToken }, [w.requester]);
}

const claim = (w: World, id: bigint, slot: number, claimant: Keypair, destination: PublicKey, owner: PublicKey) =>
  w.env.call("claimSpl", [new BN(id.toString()), slot], { claimant: claimant.publicKey, destination, ownerAccount: owner }, [claimant]);

describe("SPL escrow", () => {
  test("escrow, finalize, claims of the 80/15/5 split, no double claim, wrong claimant", async () => {
    const { w, mint, reqToken } = await splWorld();
    const { env, providers } = w;
    const modelId = bytes32("spl-model");
    const creator = env.newFunded(1n);
    expectOk(await env.call("registerModel", [[...modelId]], { creator: creator.publicKey }, [creator]));
    const r = await submitSpl(w, mint, reqToken, 1n, modelId);
    expectOk(r);
    assert.equal(env.tokenBalance(escrowPda(1n)), REWARD);
    assert.equal(env.tokenBalance(reqToken), 900n * USDC);
    const t = await env.fetch<{ paymentMint: PublicKey }>("task", pda("task", u64le(1)));
    assert.ok(t.paymentMint.equals(mint));
    expectOk(await assign(w, 1n, [0]));
    drawAudit(env, 1n, false);
    expectOk(await submitResult(w, 1n, 0, 1));
    env.warp(86400);
    expectOk(await finalize(w, 1n, [0], modelId));
    assert.equal(env.tokenBalance(escrowPda(1n)), REWARD); // nothing pushed
    const dest = [0, 1, 2].map(() => Keypair.generate().publicKey);
    env.setTokenAccount(dest[0], mint, providers[0].publicKey, 0n);
    env.setTokenAccount(dest[1], mint, creator.publicKey, 0n);
    env.setTokenAccount(dest[2], mint, env.treasury.publicKey, 0n);
    expectErr(await claim(w, 1n, 0, providers[1], dest[0], providerPda(providers[0].publicKey)), "Unauthorized");
    expectErr(await claim(w, 1n, 1, providers[0], dest[0], providerPda(providers[0].publicKey)), "NotAssignedProvider");
    expectOk(await claim(w, 1n, 0, providers[0], dest[0], providerPda(providers[0].publicKey)));
    expectErr(await claim(w, 1n, 0, providers[0], dest[0], providerPda(providers[0].publicKey)), "NothingToWithdraw");
    expectErr(await claim(w, 1n, 3, providers[0], dest[1], modelPda(modelId)), "Unauthorized");
    expectOk(await claim(w, 1n, 3, creator, dest[1], modelPda(modelId)));
    expectOk(await claim(w, 1n, 4, env.treasury, dest[2], configPda()));
    assert.equal(env.tokenBalance(dest[0]), (REWARD * 8000n) / 10000n);
    assert.equal(env.tokenBalance(dest[1]), (REWARD * 500n) / 10000n);
    assert.equal(env.tokenBalance(dest[2]), (REWARD * 1500n) / 10000n);
    assert.equal(env.tokenBalance(escrowPda(1n)), 0n);
    expectErr(await claim(w, 1n, 5, w.requester, reqToken, configPda()), "NothingToWithdraw");
    expectErr(await claim(w, 1n, 9, w.requester, reqToken, configPda()), "InvalidInstruction");
    // provider SOL earnings untouched by an SPL task
    assert.equal((await env.fetch<{ earned: BN }>("provider", providerPda(providers[0].publicKey))).earned.toString(), "0");
  });

  test("SPL dispute bond, upheld dispute refunds reward + bond from the escrow; cancel refund; close after claiming", async () => {
    const { w, mint, reqToken } = await splWorld();
    const { env, requester } = w;
    expectOk(await submitSpl(w, mint, reqToken, 1n));
    expectOk(await assign(w, 1n, [0]));
    drawAudit(env, 1n, false);
    expectOk(await submitResult(w, 1n, 0, 1));
    const bond = (REWARD * 1000n) / 10000n;
    const dispute = () => env.call("disputeTask", [new BN(1)], { requester: requester.publicKey }, [requester],
      [{ pubkey: reqToken, isWritable: true }, { pubkey: escrowPda(1n), isWritable: true }, { pubkey: TOKEN_PROGRAM, isWritable: false }]);
    expectOk(await dispute());
    assert.equal(env.tokenBalance(escrowPda(1n)), REWARD + bond);
    const { providerMetas } = await import("./world.js");
    expectOk(await env.call("resolveDispute", [new BN(1), false], { auditor: env.auditor.publicKey }, [env.auditor], providerMetas(w, [0])));
    expectErr(await env.call("closeTask", [new BN(1)], { requester: requester.publicKey }, [requester]), "InvalidState"); // claim first
    expectOk(await claim(w, 1n, 5, requester, reqToken, configPda()));
    assert.equal(env.tokenBalance(reqToken), 1000n * USDC);
    // the challenger share is STUN from the stake vault: close with the payout accounts
    const stunDest = Keypair.generate().publicKey;
    const { mintPda, vaultPda } = await import("./harness.js");
    env.setTokenAccount(stunDest, mintPda(), requester.publicKey, 0n);
    expectOk(await env.call("closeTask", [new BN(1)], { requester: requester.publicKey }, [requester], [
      { pubkey: configPda(), isWritable: false }, { pubkey: vaultPda(), isWritable: true }, { pubkey: stunDest, isWritable: true }, { pubkey: TOKEN_PROGRAM, isWritable: false }]));
    // cancel path
    expectOk(await submitSpl(w, mint, reqToken, 2n));
    expectOk(await env.call("cancelTask", [new BN(2)], { requester: requester.publicKey }, [requester]));
    expectOk(await claim(w, 2n, 5, requester, reqToken, configPda()));
    assert.equal(env.tokenBalance(reqToken), 1000n * USDC);
    expectOk(await env.call("closeTask", [new BN(2)], { requester: requester.publicKey }, [requester]));
  });

  test("SOL task cannot be claimed through claim_spl; wrong escrow account -> InvalidPda", async () => {
    const { w, mint, reqToken } = await splWorld();
    const { submitTask } = await import("./world.js");
    expectOk((await submitTask(w)).r);
    expectErr(await claim(w, 1n, 5, w.requester, reqToken, configPda()), "InvalidState");
    expectOk(await submitSpl(w, mint, reqToken, 2n));
    expectOk(await w.env.call("cancelTask", [new BN(2)], { requester: w.requester.publicKey }, [w.requester]));
    const r = await w.env.call("claimSpl", [new BN(2), 5], { claimant: w.requester.publicKey, destination: reqToken, ownerAccount: configPda(), escrow: reqToken }, [w.requester]);
    expectErr(r, "InvalidPda");
  });
});
