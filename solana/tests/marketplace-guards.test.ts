/** Marketplace guards and errors: argument, role, eligibility, window, proof-binding, identity and pause checks; no
 *  lamports move on a failed transaction. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { BN, expectErr, expectOk, providerPda, taskPda } from "./harness.js";
import {
  REWARD, STAKE, assign, drawAudit, failsClean, fetchTask, submitResult, submitTask, world,
} from "./world.js";

describe("guards and errors (no lamports move on failure)", () => {
  test("submit_task argument checks", async () => {
    const w = await world();
    const { env } = w;
    const id = 1n;
    await failsClean(w, "TaskIdMismatch", async () => (await submitTask(w, { taskId: 2n })).r);
    await failsClean(w, "ZeroAmount", async () => (await submitTask(w, { reward: 0n })).r);
    await failsClean(w, "InvalidRedundancy", async () => (await submitTask(w, { redundancy: 4 })).r);
    await failsClean(w, "InvalidRedundancy", async () => (await submitTask(w, { redundancy: 0 })).r);
    await failsClean(w, "InvalidDeadline", async () => (await submitTask(w, { deadlineIn: -1 })).r);
    expectOk((await submitTask(w, { taskId: id })).r);
    assert.equal((await fetchTask(env, id)).reward.toString(), REWARD.toString());
  });

  test("assignment checks: matcher role, eligibility, duplicates, count", async () => {
    const w = await world();
    const { env, providers } = w;
    const { id } = await submitTask(w, { redundancy: 2 });
    await failsClean(w, "Unauthorized", () => assign(w, id, [0, 1], w.requester));
    await failsClean(w, "DuplicateProvider", () => assign(w, id, [0, 0]));
    await failsClean(w, "InvalidRedundancy", () => assign(w, id, [0]));
    expectOk(await env.call("requestUnstake", [new BN(STAKE.toString())], { authority: providers[1].publicKey }, [providers[1]]));
    await failsClean(w, "ProviderNotEligible", () => assign(w, id, [0, 1]));
    expectOk(await env.call("updateProvider", [{ gpuMemory: 8, computeCapability: 90, gpuCount: 8, region: 1 }, true], { authority: providers[2].publicKey }, [providers[2]]));
    await failsClean(w, "ProviderNotEligible", () => assign(w, id, [0, 2]));
    // a non-Provider account in the provider list
    await failsClean(w, "InvalidAccountOwner", () =>
      env.call("assignTask", [new BN(id.toString())], { matcher: env.matcher.publicKey }, [env.matcher], [
        { pubkey: providerPda(providers[0].publicKey), isWritable: false }, { pubkey: w.requester.publicKey, isWritable: false }]));
    await failsClean(w, "AccountDiscriminatorMismatch", () =>
      env.call("assignTask", [new BN(id.toString())], { matcher: env.matcher.publicKey }, [env.matcher], [
        { pubkey: providerPda(providers[0].publicKey), isWritable: false }, { pubkey: taskPda(id), isWritable: false }]));
  });

  test("accept/submit checks: assignment, windows, proof binding, field bounds, state", async () => {
    const w = await world();
    const { env, providers } = w;
    const { id } = await submitTask(w, { redundancy: 2, deadlineIn: 7200 });
    await failsClean(w, "InvalidState", () => submitResult(w, id, 0, 1));
    expectOk(await assign(w, id, [0, 1]));
    await failsClean(w, "NotAssignedProvider", () => submitResult(w, id, 2, 1));
    expectOk(await env.call("acceptTask", [new BN(id.toString())], { authority: providers[0].publicKey }, [providers[0]]));
    await failsClean(w, "AlreadyAccepted", () => env.call("acceptTask", [new BN(id.toString())], { authority: providers[0].publicKey }, [providers[0]]));
    // proof for result 1 presented with result 2's hash; proof bound to another task; proof of another provider
    await failsClean(w, "InvalidProof", async () => submitResult(w, id, 0, 1, { resultHash: (await import("./world.js")).proofFor(0, id, 2).resultHash }));
    await failsClean(w, "InvalidProof", async () => submitResult(w, id, 0, 1, { proof: (await import("./world.js")).proofFor(0, id + 1n, 1).proof }));
    await failsClean(w, "InvalidProof", async () => submitResult(w, id, 0, 1, { proof: (await import("./world.js")).proofFor(1, id, 1).proof }));
    await failsClean(w, "ResultHashOutOfField", () => submitResult(w, id, 0, 1, { resultHash: Array(32).fill(0xff) }));
    const badCoord = [...(await import("./world.js")).proofFor(0, id, 1).proof];
    badCoord.fill(0xff, 0, 32);
    await failsClean(w, "ProofCoordinateNotInField", () => submitResult(w, id, 0, 1, { proof: badCoord }));
    drawAudit(env, id, false);
    expectOk(await submitResult(w, id, 0, 1));
    await failsClean(w, "AlreadySubmitted", () => submitResult(w, id, 0, 1));
    env.warp(3601);
    await failsClean(w, "AcceptWindowClosed", () => submitResult(w, id, 1, 1));
    await failsClean(w, "AcceptWindowClosed", () => env.call("acceptTask", [new BN(id.toString())], { authority: providers[1].publicKey }, [providers[1]]));
    env.warp(7200);
    await failsClean(w, "DeadlinePassed", () => submitResult(w, id, 1, 1));
  });

  test("identity checks: fake slot hashes sysvar, fake system program, wrong task account, missing signer", async () => {
    const w = await world();
    const { env, providers, requester } = w;
    const { id } = await submitTask(w);
    expectOk(await assign(w, id, [0]));
    const fake = env.newFunded(1n).publicKey;
    const f = (await import("./world.js")).proofFor(0, id, 1);
    await failsClean(w, "InvalidProgramAccount", () =>
      env.call("submitResult", [new BN(id.toString()), f.resultHash, f.proof], { authority: providers[0].publicKey, slotHashes: fake }, [providers[0]]));
    await failsClean(w, "InvalidProgramAccount", async () => {
      const ix = await env.ix("submitTask", [new BN(2), [...Buffer.alloc(32)], [...Buffer.alloc(32)], new BN(1), new BN((env.now() + 100n).toString()), 1,
        { gpuMemory: 0, computeCapability: 0, gpuCount: 0, region: 0, privacy: 0 }], { requester: requester.publicKey, systemProgram: fake });
      return env.send([ix], [requester]);
    });
    // task 1's id with task 2's account (a PDA of another id): rejected
    expectOk((await submitTask(w)).r);
    await failsClean(w, "InvalidPda", () => env.call("cancelTask", [new BN(id.toString())], { requester: requester.publicKey, task: taskPda(2) }, [requester]));
    // requester account passed without its signature
    await failsClean(w, "MissingSignature", async () => {
      const ix = await env.ix("cancelTask", [new BN(2)], { requester: requester.publicKey });
      ix.keys.find((k) => k.pubkey.equals(requester.publicKey))!.isSigner = false;
      return env.send([ix], []);
    });
  });

  test("pause: guardian pauses (Paused everywhere that moves funds in), only governance unpauses", async () => {
    const w = await world();
    const { env } = w;
    await failsClean(w, "Unauthorized", () => env.call("setPaused", [true], { guardian: w.requester.publicKey }, [w.requester]));
    await failsClean(w, "Unauthorized", () => env.call("setPaused", [false], { guardian: env.guardian.publicKey }, [env.guardian]));
    const r = await env.call("setPaused", [true], { guardian: env.guardian.publicKey }, [env.guardian]);
    expectOk(r);
    assert.equal(r.events[0].name, "Paused");
    await failsClean(w, "Paused", async () => (await submitTask(w)).r);
  });

  test("unknown instruction and short data -> InvalidInstruction", async () => {
    const w = await world();
    const { env } = w;
    const web3 = (await import("@solana/web3.js")).default;
    for (const data of [Buffer.alloc(8, 7), Buffer.alloc(3)]) {
      const r = env.send([new web3.TransactionInstruction({ programId: env.program.programId, keys: [], data })]);
      expectErr(r, "InvalidInstruction");
    }
    // trailing bytes after valid arguments
    const ix = await env.ix("cancelTask", [new BN(1)], { requester: w.requester.publicKey });
    ix.data = Buffer.concat([ix.data, Buffer.from([0])]);
    expectErr(env.send([ix], [w.requester]), "InvalidInstruction");
  });
});
