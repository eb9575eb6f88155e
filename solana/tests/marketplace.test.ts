/** Marketplace escrow in SOL: the task state machine, consensus, audit, dispute, the 80/15/5 split, expiry, refund. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { BN, bytes32, configPda, expectErr, expectOk, modelPda, taskPda } from "./harness.js";
import {
  REWARD, STAKE, assign, drawAudit, failsClean, fetchProvider, fetchTask, finalize, providerMetas, submitResult, submitTask, world, type World,
} from "./world.js";

const CHALLENGE = 86400;

async function toChallengeable(w: World, redundancy = 1, results: (1 | 2)[] = [1], modelId?: Buffer) {
  const { id, r } = await submitTask(w, { redundancy, modelId });
  expectOk(r);
  const idx = results.map((_, i) => i);
  expectOk(await assign(w, id, idx));
  drawAudit(w.env, id, false);
  for (let i = 0; i < results.length; i++) expectOk(await submitResult(w, id, i, results[i]));
  return id;
}

describe("happy paths", () => {
  test("r=1: submit, assign, accept, proof, challenge window, finalize with the 80/15/5 split, withdrawals, close", async () => {
    const w = await world();
    const { env, requester, providers } = w;
    const modelId = bytes32("model-a");
    const creator = env.newFunded(10n);
    expectOk(await env.call("registerModel", [[...modelId]], { creator: creator.publicKey }, [creator]));
    const reqBefore = env.balance(requester.publicKey);
    const { id, r } = await submitTask(w, { modelId });
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["TaskSubmitted"]);
    assert.equal(env.balance(requester.publicKey), reqBefore - REWARD - env.balance(taskPda(id)) + REWARD);
    const a = await assign(w, id, [0]);
    expectOk(a);
    assert.equal(a.events[0].name, "TaskAssigned");
    expectOk(await env.call("acceptTask", [new BN(id.toString())], { authority: providers[0].publicKey }, [providers[0]]));
    drawAudit(env, id, false);
    const s = await submitResult(w, id, 0, 1);
    expectOk(s);
    assert.deepEqual(s.events.map((e) => e.name), ["ResultSubmitted"]);
    let t = await fetchTask(env, id);
    assert.equal(t.status, 5); // Challengeable
    await failsClean(w, "ChallengeWindowOpen", () => finalize(w, id, [0], modelId), [modelPda(modelId)]);
    env.warp(CHALLENGE);
    // a provider account passed read-only cannot be credited
    await failsClean(w, "AccountNotWritable", () =>
      env.call("finalizeTask", [new BN(id.toString())], { model: modelPda(modelId) }, [], providerMetas(w, [0], false)), [modelPda(modelId)]);
    const taskBefore = env.balance(taskPda(id));
    const f = await finalize(w, id, [0], modelId);
    expectOk(f);
    assert.deepEqual(f.events.map((e) => e.name), ["ReputationUpdated", "TaskCompleted", "PaymentSplit", "TaskFinalized"]);
    const split = f.events.find((e) => e.name === "PaymentSplit")!.data as Record<string, BN>;
    assert.equal(split.provider.toString(), ((REWARD * 8000n) / 10000n).toString());
    assert.equal(split.treasury.toString(), ((REWARD * 1500n) / 10000n).toString());
    assert.equal(split.creator.toString(), ((REWARD * 500n) / 10000n).toString());
    assert.equal(env.balance(taskPda(id)), taskBefore - REWARD);
    t = await fetchTask(env, id);
    assert.equal(t.status, 7);
    const p0 = await fetchProvider(env, providers[0]);
    assert.equal(p0.earned.toString(), ((REWARD * 8000n) / 10000n).toString());
    assert.equal(p0.reputation, 5100);
    assert.equal(p0.successes, 1);
    // pull payments
    const pb = env.balance(providers[0].publicKey);
    expectOk(await env.call("withdrawEarnings", [], { authority: providers[0].publicKey }, [providers[0]]));
    assert.equal(env.balance(providers[0].publicKey), pb + (REWARD * 8000n) / 10000n);
    expectErr(await env.call("withdrawEarnings", [], { authority: providers[0].publicKey }, [providers[0]]), "NothingToWithdraw");
    const cb = env.balance(creator.publicKey);
    expectOk(await env.call("withdrawCreatorEarnings", [[...modelId]], { creator: creator.publicKey }, [creator]));
    assert.equal(env.balance(creator.publicKey), cb + (REWARD * 500n) / 10000n);
    expectOk(await env.call("withdrawTreasury", [], { treasury: env.treasury.publicKey }, []));
    assert.equal(env.balance(env.treasury.publicKey), (REWARD * 1500n) / 10000n);
    // close returns the rent
    const rent = env.balance(taskPda(id));
    const rb = env.balance(requester.publicKey);
    expectOk(await env.call("closeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]));
    assert.equal(env.balance(requester.publicKey), rb + rent);
    assert.equal(env.balance(taskPda(id)), 0n);
  });

  test("r=3, 2 agree: majority paid 80% split two ways, minority slashed, unregistered model's share to the treasury", async () => {
    const w = await world();
    const { env, providers } = w;
    const id = await toChallengeable(w, 3, [1, 1, 2]);
    const t = await fetchTask(env, id);
    assert.equal(t.status, 5);
    assert.equal(t.distinctResults, 2);
    env.warp(CHALLENGE);
    const f = await finalize(w, id, [0, 1, 2]);
    expectOk(f);
    const each = (REWARD * 8000n) / 10000n / 2n;
    const split = f.events.find((e) => e.name === "PaymentSplit")!.data as Record<string, BN>;
    assert.equal(split.provider.toString(), each.toString());
    assert.equal(split.creator.toString(), "0");
    assert.equal(split.treasury.toString(), (REWARD - 2n * each).toString());
    assert.equal(f.events.filter((e) => e.name === "TaskCompleted").length, 2);
    const slashed = f.events.find((e) => e.name === "Slashed")!.data as Record<string, unknown>;
    assert.ok((slashed.provider as import("@solana/web3.js").PublicKey).equals(providers[2].publicKey));
    const p2 = await fetchProvider(env, providers[2]);
    assert.equal(p2.stake.toString(), (STAKE / 2n).toString());
    assert.equal(p2.reputation, 4000);
    const c = await env.fetch<{ treasuryStun: BN; treasuryAccrued: BN }>("config", configPda());
    assert.equal(c.treasuryStun.toString(), (STAKE / 2n).toString());
    assert.equal(c.treasuryAccrued.toString(), (REWARD - 2n * each).toString());
    // the slashed STUN goes to a treasury-owned STUN account
    const { Keypair, mintPda, vaultPda } = await import("./harness.js");
    const wrong = Keypair.generate().publicKey;
    env.setTokenAccount(wrong, mintPda(), providers[0].publicKey, 0n);
    expectErr(await env.call("withdrawTreasuryStun", [], { destination: wrong }, []), "Unauthorized");
    const dest = Keypair.generate().publicKey;
    env.setTokenAccount(dest, mintPda(), env.treasury.publicKey, 0n);
    const vaultBefore = env.tokenBalance(vaultPda());
    expectOk(await env.call("withdrawTreasuryStun", [], { destination: dest }, []));
    assert.equal(env.tokenBalance(dest), STAKE / 2n);
    assert.equal(env.tokenBalance(vaultPda()), vaultBefore - STAKE / 2n);
    expectErr(await env.call("withdrawTreasuryStun", [], { destination: dest }, []), "NothingToWithdraw");
  });

  test("r=2 disagreeing results: no majority, task expires and is refunded", async () => {
    const w = await world();
    const { id } = await submitTask(w, { redundancy: 2 });
    expectOk(await assign(w, id, [0, 1]));
    expectOk(await submitResult(w, id, 0, 1));
    const r = await submitResult(w, id, 1, 2);
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["TaskAccepted", "ResultSubmitted", "TaskExpired", "Refunded"]);
    assert.equal((await fetchTask(w.env, id)).status, 10);
  });

  test("audit drawn from slot hashes -> Audited; honest verdict -> Challengeable -> Finalized", async () => {
    const w = await world();
    const { env } = w;
    const { id } = await submitTask(w);
    expectOk(await assign(w, id, [0]));
    drawAudit(env, id, true);
    const r = await submitResult(w, id, 0, 1);
    expectOk(r);
    assert.ok(r.events.some((e) => e.name === "AuditRequested"));
    assert.equal((await fetchTask(env, id)).status, 4);
    await failsClean(w, "Unauthorized", () => env.call("resolveAudit", [new BN(id.toString()), true], { auditor: w.requester.publicKey }, [w.requester], providerMetas(w, [0])));
    await failsClean(w, "InvalidState", () => finalize(w, id, [0]));
    expectOk(await env.call("resolveAudit", [new BN(id.toString()), true], { auditor: env.auditor.publicKey }, [env.auditor], providerMetas(w, [0])));
    assert.equal((await fetchTask(env, id)).status, 5);
    env.warp(CHALLENGE);
    expectOk(await finalize(w, id, [0]));
  });

  test("audit fails -> majority slashed, requester refunded (SlashedRefunded), close pays the refund", async () => {
    const w = await world();
    const { env, requester, providers } = w;
    const { id } = await submitTask(w);
    expectOk(await assign(w, id, [0]));
    drawAudit(env, id, true);
    expectOk(await submitResult(w, id, 0, 1));
    const r = await env.call("resolveAudit", [new BN(id.toString()), false], { auditor: env.auditor.publicKey }, [env.auditor], providerMetas(w, [0]));
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["AuditResolved", "Slashed", "ReputationUpdated", "Refunded"]);
    const t = await fetchTask(env, id);
    assert.equal(t.status, 8);
    assert.equal(t.refund.toString(), REWARD.toString());
    assert.equal((await fetchProvider(env, providers[0])).stake.toString(), (STAKE / 2n).toString());
    const held = env.balance(taskPda(id));
    const before = env.balance(requester.publicKey);
    expectOk(await env.call("closeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]));
    assert.equal(env.balance(requester.publicKey), before + held);
  });

  test("dispute: bond escrowed; upheld -> Refunded (reward + bond), majority slashed, challenger share recorded", async () => {
    const w = await world();
    const { env, requester } = w;
    const id = await toChallengeable(w);
    const before = env.balance(requester.publicKey);
    const d = await env.call("disputeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]);
    expectOk(d);
    const bond = (REWARD * 1000n) / 10000n;
    assert.equal(env.balance(requester.publicKey), before - bond);
    assert.equal((d.events[0].data.bond as BN).toString(), bond.toString());
    await failsClean(w, "InvalidState", () => env.call("disputeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]));
    const r = await env.call("resolveDispute", [new BN(id.toString()), false], { auditor: env.auditor.publicKey }, [env.auditor], providerMetas(w, [0]));
    expectOk(r);
    const t = await fetchTask(env, id);
    assert.equal(t.status, 9);
    assert.equal(t.refund.toString(), (REWARD + bond).toString());
    const slashedAmount = STAKE / 2n;
    assert.equal(t.challengerStun.toString(), (slashedAmount / 2n).toString());
    const c = await env.fetch<{ treasuryStun: BN }>("config", configPda());
    assert.equal(c.treasuryStun.toString(), (slashedAmount / 2n).toString());
    // close pays reward + bond (+ rent) in SOL and the challenger share in STUN
    const dest = (await import("./harness.js")).Keypair.generate().publicKey;
    env.setTokenAccount(dest, (await import("./harness.js")).mintPda(), requester.publicKey, 0n);
    const closeIx = () => env.call("closeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]);
    await failsClean(w, "InvalidInstruction", closeIx); // challenger share pending: payout accounts required
    const held = env.balance(taskPda(id));
    const rb = env.balance(requester.publicKey);
    const { vaultPda, TOKEN_PROGRAM } = await import("./harness.js");
    expectOk(await env.call("closeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester], [
      { pubkey: configPda(), isWritable: false }, { pubkey: vaultPda(), isWritable: true }, { pubkey: dest, isWritable: true }, { pubkey: TOKEN_PROGRAM, isWritable: false }]));
    assert.equal(env.balance(requester.publicKey), rb + held);
    assert.equal(env.tokenBalance(dest), slashedAmount / 2n);
  });

  test("dispute rejected -> Finalized, bond to the treasury; dispute after the window -> ChallengeWindowClosed", async () => {
    const w = await world();
    const { env, requester } = w;
    const id = await toChallengeable(w);
    expectOk(await env.call("disputeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]));
    const r = await env.call("resolveDispute", [new BN(id.toString()), true], { auditor: env.auditor.publicKey }, [env.auditor],
      [{ pubkey: modelPda(Buffer.alloc(32)), isWritable: true }, ...providerMetas(w, [0])]);
    expectOk(r);
    assert.equal((await fetchTask(env, id)).status, 7);
    const c = await env.fetch<{ treasuryAccrued: BN }>("config", configPda());
    assert.equal(c.treasuryAccrued.toString(), ((REWARD * 1000n) / 10000n + (REWARD * 1500n) / 10000n + (REWARD * 500n) / 10000n).toString());
    const id2 = await toChallengeable(w);
    env.warp(CHALLENGE);
    await failsClean(w, "ChallengeWindowClosed", () => env.call("disputeTask", [new BN(id2.toString())], { requester: requester.publicKey }, [requester]));
  });
});

describe("cancel, expiry, refunds", () => {
  test("cancel before assignment refunds; after assignment -> InvalidState; only the requester", async () => {
    const w = await world();
    const { env, requester } = w;
    const { id } = await submitTask(w);
    const other = env.newFunded();
    await failsClean(w, "Unauthorized", () => env.call("cancelTask", [new BN(id.toString())], { requester: other.publicKey }, [other]));
    const r = await env.call("cancelTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]);
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["TaskCancelled", "Refunded"]);
    const held = env.balance(taskPda(id));
    const before = env.balance(requester.publicKey);
    expectOk(await env.call("closeTask", [new BN(id.toString())], { requester: requester.publicKey }, [requester]));
    assert.equal(env.balance(requester.publicKey), before + held);
    const { id: id2 } = await submitTask(w);
    expectOk(await assign(w, id2, [0]));
    await failsClean(w, "InvalidState", () => env.call("cancelTask", [new BN(id2.toString())], { requester: requester.publicKey }, [requester]));
    await failsClean(w, "InvalidState", () => env.call("closeTask", [new BN(id2.toString())], { requester: requester.publicKey }, [requester]));
  });

  test("Submitted past the deadline expires; before it -> NotExpirable", async () => {
    const w = await world();
    const { env } = w;
    const { id } = await submitTask(w, { deadlineIn: 600 });
    const ex = () => env.call("expireTask", [new BN(id.toString())], {}, []);
    await failsClean(w, "NotExpirable", ex);
    env.warp(601);
    const r = await ex();
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["TaskExpired", "Refunded"]);
    await failsClean(w, "InvalidState", ex);
  });

  test("assigned providers that never deliver are slashed slashBpsNoShow; a majority already in goes to verification", async () => {
    const w = await world();
    const { env, providers } = w;
    env.warp(10); // assignment strictly after the last unpause
    const { id } = await submitTask(w, { redundancy: 3, deadlineIn: 7200 });
    expectOk(await assign(w, id, [0, 1, 2]));
    drawAudit(env, id, false);
    expectOk(await submitResult(w, id, 0, 1));
    expectOk(await submitResult(w, id, 1, 1));
    const ex = () => env.call("expireTask", [new BN(id.toString())], {}, [], providerMetas(w, [0, 1, 2]));
    // provider 2 neither accepted nor submitted: past the accept window it is a no-show even before the deadline
    env.warp(3601);
    const r = await ex();
    expectOk(r);
    assert.ok(r.events.some((e) => e.name === "Slashed"));
    assert.equal((await fetchProvider(env, providers[2])).stake.toString(), ((STAKE * 9000n) / 10000n).toString());
    assert.equal((await fetchProvider(env, providers[2])).noShows, 1);
    assert.equal((await fetchTask(env, id)).status, 10); // before the deadline: Expired
    // past the deadline with a majority in: verification instead of expiry
    const { id: id2 } = await submitTask(w, { redundancy: 3, deadlineIn: 7200 });
    expectOk(await assign(w, id2, [0, 1, 2]));
    drawAudit(env, id2, false);
    expectOk(await submitResult(w, id2, 0, 1));
    expectOk(await submitResult(w, id2, 1, 1));
    env.warp(7201);
    expectOk(await env.call("expireTask", [new BN(id2.toString())], {}, [], providerMetas(w, [0, 1, 2])));
    assert.equal((await fetchTask(env, id2)).status, 5);
    env.warp(CHALLENGE);
    const f = await finalize(w, id2, [0, 1, 2]);
    expectOk(f);
    assert.equal(f.events.filter((e) => e.name === "TaskCompleted").length, 2);
  });
});
