/** reassign_provider (EVM MarketplaceExtension.reassignProvider): the matcher replaces a no-show lane past its own
 *  accept window; the no-show is penalised as at expiry; the replacement gets a fresh window, which expiry honours. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { BN, DEFAULT_PARAMS, Keypair, PublicKey, configPda, expectOk, providerPda, taskPda } from "./harness.js";
import {
  REWARD, SPECS, STAKE, type World, assign, drawAudit, failsClean, fetchProvider, fetchTask, finalize, providerMetas, reassign, submitResult,
  submitTask, world,
} from "./world.js";

const WINDOW = DEFAULT_PARAMS.acceptWindow;
const CHALLENGE = DEFAULT_PARAMS.challengePeriod;
const NO_SHOW_SLASH = (STAKE * BigInt(DEFAULT_PARAMS.slashBpsNoShow)) / 10000n;

const accept = (w: World, id: bigint, p: number) =>
  w.env.call("acceptTask", [new BN(id.toString())], { authority: w.providers[p]!.publicKey }, [w.providers[p]!]);
const expire = (w: World, id: bigint, lanes: number[]) => w.env.call("expireTask", [new BN(id.toString())], {}, [], providerMetas(w, lanes));

/** failsClean (the named error, no lamports moved) plus: no byte of Config, the tasks or the Provider accounts changed. */
async function refused(w: World, name: string, send: Parameters<typeof failsClean>[2], extra: PublicKey[] = []) {
  const keys = [configPda(), ...[1n, 2n, 3n].map(taskPda), ...w.providers.map((p) => providerPda(p.publicKey)), ...extra];
  const data = () => keys.map((k) => Buffer.from(w.env.svm.getAccount(k)?.data ?? []).toString("hex"));
  const before = data();
  await failsClean(w, name, send, extra);
  assert.deepEqual(data(), before, `state changed on a refused reassignment (${name})`);
}

describe("reassign_provider", () => {
  test("a no-show past its own window is replaced and penalised; the replacement accepts, submits, and is paid", async () => {
    const w = await world();
    const { env, providers } = w;
    env.warp(10); // assignment strictly after the last unpause
    const { id } = await submitTask(w, { redundancy: 2, deadlineIn: 4 * WINDOW });
    expectOk(await assign(w, id, [0, 1]));
    const assignedAt = env.now();
    expectOk(await accept(w, id, 1));
    env.warp(WINDOW + 1);
    const treasuryBefore = (await env.fetch<{ treasuryStun: BN }>("config", configPda())).treasuryStun;
    const r = await reassign(w, id, 0, 2);
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["ProviderReassigned", "Slashed", "ReputationUpdated"]);
    const ev = r.events[0]!.data as { task_id: BN; no_show: PublicKey; replacement: PublicKey }; // the IDL's field names
    assert.equal(ev.task_id.toString(), id.toString());
    assert.ok(ev.no_show.equals(providers[0]!.publicKey));
    assert.ok(ev.replacement.equals(providers[2]!.publicKey));
    // the lane passes to the replacement with a fresh window; the other lane keeps its own
    const t = await fetchTask(env, id);
    assert.equal(t.status, 2);
    assert.ok(t.providers[0].equals(providerPda(providers[2]!.publicKey)));
    assert.ok(t.providers[1].equals(providerPda(providers[1]!.publicKey)));
    assert.deepEqual(t.states.slice(0, 2), [0, 1]);
    assert.deepEqual(t.laneAssignedAt.slice(0, 2).map(String), [String(env.now()), String(assignedAt)]);
    // the no-show: slashBpsNoShow of its stake (to the treasury) and the NoShow reputation penalty
    const p0 = await fetchProvider(env, providers[0]!);
    assert.equal(p0.stake.toString(), (STAKE - NO_SHOW_SLASH).toString());
    assert.equal(p0.noShows, 1);
    assert.equal(p0.reputation, 4500);
    const c = await env.fetch<{ treasuryStun: BN }>("config", configPda());
    assert.equal(BigInt(c.treasuryStun.toString()) - BigInt(treasuryBefore.toString()), NO_SHOW_SLASH);
    // the task's first window is long closed, the replacement's is open
    const a = await accept(w, id, 2);
    expectOk(a);
    assert.deepEqual(a.events.map((e) => e.name), ["TaskAccepted"]);
    env.warp(100);
    drawAudit(env, id, false);
    expectOk(await submitResult(w, id, 2, 1));
    expectOk(await submitResult(w, id, 1, 1));
    assert.equal((await fetchTask(env, id)).status, 5); // Challengeable
    env.warp(CHALLENGE + 1);
    const f = await finalize(w, id, [2, 1]);
    expectOk(f);
    const each = (REWARD * BigInt(DEFAULT_PARAMS.providerBps)) / 10000n / 2n;
    const paid = f.events.filter((e) => e.name === "TaskCompleted").map((e) => (e.data.provider as PublicKey).toBase58());
    assert.deepEqual(paid, [providers[2]!.publicKey.toBase58(), providers[1]!.publicKey.toBase58()]);
    const p2 = await fetchProvider(env, providers[2]!);
    assert.equal(p2.earned.toString(), each.toString());
    assert.equal(p2.totalLatency.toString(), "100"); // latency from the lane's reassignment, not the task's assignment
    assert.equal((await fetchProvider(env, providers[0]!)).earned.toString(), "0");
  });

  test("expiry judges each lane by its own window: a replacement is not a no-show until its fresh window closes", async () => {
    const w = await world();
    const { env, providers } = w;
    env.warp(10);
    // r = 2: lane 0 reassigned, lane 1 never shows up -> expiry penalises lane 1 only
    const { id } = await submitTask(w, { redundancy: 2, deadlineIn: 4 * WINDOW });
    expectOk(await assign(w, id, [0, 1]));
    env.warp(WINDOW + 1);
    expectOk(await reassign(w, id, 0, 2));
    const r = await expire(w, id, [2, 1]);
    expectOk(r);
    const slashed = r.events.filter((e) => e.name === "Slashed").map((e) => (e.data.provider as PublicKey).toBase58());
    assert.deepEqual(slashed, [providers[1]!.publicKey.toBase58()]);
    assert.equal((await fetchProvider(env, providers[2]!)).stake.toString(), STAKE.toString());
    assert.equal((await fetchTask(env, id)).status, 10);
    // r = 1: after the reassignment nothing is expirable until the replacement's own window closes
    const { id: id2 } = await submitTask(w, { redundancy: 1, deadlineIn: 4 * WINDOW });
    expectOk(await assign(w, id2, [0]));
    env.warp(WINDOW + 1);
    expectOk(await reassign(w, id2, 0, 2));
    await refused(w, "NotExpirable", () => expire(w, id2, [2]));
    env.warp(WINDOW); // the window's last second
    await refused(w, "NotExpirable", () => expire(w, id2, [2]));
    env.warp(1);
    const r2 = await expire(w, id2, [2]);
    expectOk(r2);
    assert.deepEqual(r2.events.map((e) => e.name), ["Slashed", "ReputationUpdated", "TaskExpired", "Refunded"]);
    assert.equal((await fetchProvider(env, providers[2]!)).stake.toString(), (STAKE - NO_SHOW_SLASH).toString());
    // provider 0 was penalised twice (once per task's reassignment), never by expiry
    assert.equal((await fetchProvider(env, providers[0]!)).noShows, 2);
  });

  test("a pause since the lane's assignment waives the no-show penalty (as at expiry)", async () => {
    const w = await world();
    const { env, providers } = w;
    env.warp(10);
    const { id } = await submitTask(w, { redundancy: 1 });
    expectOk(await assign(w, id, [0]));
    env.warp(WINDOW + 1);
    // as if the guardian paused and governance unpaused since the assignment: Config.last_unpaused_at (its last
    // field) moves to now
    const acc = env.svm.getAccount(configPda())!;
    const data = Buffer.from(acc.data);
    data.writeBigInt64LE(env.now(), data.length - 8);
    env.svm.setAccount(configPda(), { ...acc, data });
    assert.equal(String((await env.fetch<{ lastUnpausedAt: BN }>("config", configPda())).lastUnpausedAt), String(env.now()));
    const r = await reassign(w, id, 0, 1);
    expectOk(r);
    assert.deepEqual(r.events.map((e) => e.name), ["ProviderReassigned"]);
    const p0 = await fetchProvider(env, providers[0]!);
    assert.equal(p0.stake.toString(), STAKE.toString());
    assert.equal(p0.noShows, 0);
  });

  test("refusals: role, state, window, lane, duplicates, eligibility, deadline, pause; nothing changes", async () => {
    const w = await world();
    const { env, providers } = w;
    env.warp(10);
    const { id } = await submitTask(w, { redundancy: 2, deadlineIn: 3 * WINDOW });
    const { id: unassigned } = await submitTask(w);
    await refused(w, "InvalidState", () => reassign(w, unassigned, 0, 2));
    await refused(w, "InvalidState", () => reassign(w, id, 0, 2));
    expectOk(await assign(w, id, [0, 1]));
    await refused(w, "AcceptWindowOpen", () => reassign(w, id, 0, 2));
    env.warp(WINDOW); // the window's last second: still open
    await refused(w, "AcceptWindowOpen", () => reassign(w, id, 0, 2));
    expectOk(await accept(w, id, 1));
    env.warp(1);
    await refused(w, "Unauthorized", () => reassign(w, id, 0, 2, w.requester));
    await refused(w, "Unauthorized", () => reassign(w, id, 0, 2, env.auditor));
    await refused(w, "NotNoShow", () => reassign(w, id, 1, 2)); // accepted
    drawAudit(env, id, false);
    expectOk(await submitResult(w, id, 1, 1));
    await refused(w, "NotNoShow", () => reassign(w, id, 1, 2)); // submitted
    await refused(w, "NotAssignedProvider", () => reassign(w, id, 2, 2));
    await refused(w, "DuplicateProvider", () => reassign(w, id, 0, 1));
    await refused(w, "DuplicateProvider", () => reassign(w, id, 0, 0));
    // ineligible replacements: registered but unstaked; inactive; specs below the requirements
    const fresh = env.newFunded(10n);
    expectOk(await env.call("registerProvider", [SPECS], { authority: fresh.publicKey }, [fresh]));
    await refused(w, "ProviderNotEligible", () => reassign(w, id, 0, providerPda(fresh.publicKey)), [providerPda(fresh.publicKey)]);
    const update = (specs: typeof SPECS, active: boolean) =>
      env.call("updateProvider", [specs, active], { authority: providers[2]!.publicKey }, [providers[2]!]);
    expectOk(await update(SPECS, false));
    await refused(w, "ProviderNotEligible", () => reassign(w, id, 0, 2));
    expectOk(await update({ ...SPECS, gpuMemory: 8 }, true));
    await refused(w, "ProviderNotEligible", () => reassign(w, id, 0, 2));
    expectOk(await update(SPECS, true));
    // not Provider accounts
    await refused(w, "AccountDiscriminatorMismatch", () => reassign(w, id, 0, taskPda(unassigned)));
    await refused(w, "InvalidAccountOwner", () => reassign(w, id, 0, Keypair.generate().publicKey));
    // past the deadline only expiry remains
    env.warp(3 * WINDOW);
    await refused(w, "DeadlinePassed", () => reassign(w, id, 0, 2));
    env.setTime(env.now() - BigInt(3 * WINDOW));
    expectOk(await env.call("setPaused", [true], { guardian: env.guardian.publicKey }, [env.guardian]));
    await refused(w, "Paused", () => reassign(w, id, 0, 2));
    // the refusals left the task as it was: lane 0 still provider 0, Assigned
    const t = await fetchTask(env, id);
    assert.ok(t.providers[0].equals(providerPda(providers[0]!.publicKey)));
    assert.deepEqual(t.states.slice(0, 2), [0, 2]);
    assert.equal((await fetchProvider(env, providers[0]!)).stake.toString(), STAKE.toString());
  });
});
