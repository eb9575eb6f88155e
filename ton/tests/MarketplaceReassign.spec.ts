// Marketplace: no-show reassignment by the matcher (ReassignProvider), per-lane accept windows at accept and expiry.
import { Address, Cell, toNano } from '@ton/core';
import { SandboxContract, TreasuryContract } from '@ton/sandbox';
import '@ton/test-utils';
import { Errors } from '../wrappers/errors.js';
import { decodeEvents } from '../wrappers/events.js';
import { Event, TaskStatus } from '../wrappers/Marketplace.js';
import { STUN, T0, World, expectStunConserved, proofFor, tonTask, world } from './fixture.js';
import { eventTags, plain } from './helpers.js';

const WINDOW = 600;   // DEFAULT_PARAMS.acceptWindow

/** the marketplace's data cell, every provider's record and the STUN/TON it holds: what a refused message must not change */
async function snapshot(w: World) {
    const c = await w.blockchain.getContract(w.market.address);
    const data = c.accountState?.type === 'active' ? c.accountState.state.data : null;
    const providers = await Promise.all(w.providers.map((p) => w.market.getProvider(p.address)));
    return { data: data ? (data as Cell).hash().toString('hex') : null, providers, stun: await w.stun(w.market.address), ton: c.balance };
}

/** sends a ReassignProvider from `from`; expects it refused with `code`, bounced, and nothing changed */
async function expectRefused(w: World, from: SandboxContract<TreasuryContract>, taskId: bigint, noShow: Address, replacement: Address, code: number) {
    const before = await snapshot(w);
    expect(before.data).not.toBeNull();
    const r = await w.market.sendReassignProvider(from.getSender(), taskId, noShow, replacement);
    expect(r.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: code });
    expect(r.transactions).toHaveTransaction({ from: w.market.address, to: from.address, inMessageBounced: true });
    expect(r.externals).toHaveLength(0);
    const after = await snapshot(w);
    expect(after.data).toBe(before.data);
    expect(after.providers).toEqual(before.providers);
    expect(after.stun).toBe(before.stun);
    expect(after.ton).toBeGreaterThanOrEqual(before.ton - toNano('0.001'));   // at most storage fees
}

/** a world with an r = 2 TON task (3 TON) assigned at T0 to provider1 and provider2; `accepts`: the lanes that accept */
async function assignedPair(accepts: number[] = []) {
    const w = await world();
    const [p1, p2, p3] = w.providers.map((p) => p.address) as [Address, Address, Address];
    const { taskId } = await tonTask(w, toNano('3'), 2);
    await w.market.sendAssign(w.matcher.getSender(), taskId, [p1, p2]);
    for (const i of accepts) await w.market.sendAccept(w.providers[i].getSender(), taskId);
    return { w, p1, p2, p3, taskId };
}

/** the three providers' stakes */
const stakes = (w: World) => Promise.all(w.providers.map(async (p) => (await w.market.getProvider(p.address)).stake));

describe('Marketplace: no-show reassignment (ReassignProvider)', () => {
    it('a no-show past its window is replaced and penalised; the replacement\'s real proof verifies and the task completes', async () => {
        const w = await world();
        const [p1, p2, p3] = w.providers.map((p) => p.address);
        const { taskId } = await tonTask(w, toNano('10'), 2, 0n);
        expect(taskId).toBe(1n);
        await w.market.sendAssign(w.matcher.getSender(), taskId, [p1, p2]);
        const first = proofFor('provider1', taskId);
        await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, first.resultHash, first.proof);

        w.blockchain.now = T0 + WINDOW + 1;
        const r = await w.market.sendReassignProvider(w.matcher.getSender(), taskId, p2, p3);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(eventTags(r.transactions)).toEqual([Event.ProviderReassigned, Event.Slashed, Event.ReputationUpdated]);
        expect(plain(decodeEvents(r.externals))).toEqual(plain([
            { name: 'ProviderReassigned', taskId, noShow: p2, replacement: p3 },
            { name: 'Slashed', provider: p2, amount: 20n * STUN, reason: 'noShow' },   // slashBpsNoShow 2% of 1000
            { name: 'ReputationUpdated', provider: p2, score: 4500 },
        ]));
        const noShow = await w.market.getProvider(p2);
        expect(noShow.stake).toBe(980n * STUN);
        expect(noShow.noShows).toBe(1);
        expect(noShow.reputation).toBe(4500);
        expect((await w.market.getState()).treasuryStun).toBe(20n * STUN);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Assigned);
        await expectStunConserved(w);

        // the no-show no longer holds the lane
        const old = proofFor('provider2', taskId);
        let s = await w.market.sendSubmitResult(w.providers[1].getSender(), taskId, old.resultHash, old.proof);
        expect(s.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_ASSIGNED });
        // the replacement's slot key is its own: another provider's proof fails, its own verifies
        const copied = proofFor('provider2', taskId);
        s = await w.market.sendSubmitResult(w.providers[2].getSender(), taskId, copied.resultHash, copied.proof);
        expect(s.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.INVALID_PROOF });
        const own = proofFor('provider3', taskId);
        s = await w.market.sendSubmitResult(w.providers[2].getSender(), taskId, own.resultHash, own.proof);
        expect(s.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(eventTags(s.transactions)).toEqual([Event.TaskAccepted, Event.ResultSubmitted, Event.ReputationUpdated, Event.ReputationUpdated]);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Challengeable);

        w.blockchain.now = T0 + WINDOW + 1 + 3600;
        const fin = await w.market.sendFinalize(w.deployer.getSender(), taskId);
        expect(fin.transactions).toHaveTransaction({ to: w.market.address, success: true });
        for (const to of [p1, p3]) expect(fin.transactions).toHaveTransaction({ from: w.market.address, to, value: toNano('4') });
        expect(fin.transactions).not.toHaveTransaction({ from: w.market.address, to: p2 });
        expect(plain(decodeEvents(fin.externals)).filter((e) => e.name === 'TaskCompleted')).toEqual(plain([
            { name: 'TaskCompleted', taskId, provider: p1, resultHash: first.resultHash },
            { name: 'TaskCompleted', taskId, provider: p3, resultHash: own.resultHash },
        ]));
        expect((await w.market.getProvider(p3)).successes).toBe(1);
        await expectStunConserved(w);
    });

    it('refusals: paused, not the matcher, unknown task, not Assigned, window open, accepted or submitted lane, not a lane, duplicate, ineligible, past the deadline', async () => {
        const w = await world();
        const [p1, p2, p3] = w.providers.map((p) => p.address);
        const m = w.matcher;
        // not Assigned (Submitted), unknown task
        const { taskId: open } = await tonTask(w, toNano('2'), 1);
        await expectRefused(w, m, open, p1, p2, Errors.BAD_STATUS);
        await expectRefused(w, m, 99n, p1, p2, Errors.TASK_NOT_FOUND);

        const { taskId } = await tonTask(w, toNano('3'), 2);
        await w.market.sendAssign(w.matcher.getSender(), taskId, [p1, p2]);
        // p1 submits, p2 stays silent
        const { resultHash, proof } = proofFor('provider1', taskId);
        await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, resultHash, proof);
        // the window still open (its last second included)
        await expectRefused(w, m, taskId, p2, p3, Errors.ACCEPT_WINDOW_OPEN);
        w.blockchain.now = T0 + WINDOW;
        await expectRefused(w, m, taskId, p2, p3, Errors.ACCEPT_WINDOW_OPEN);
        w.blockchain.now = T0 + WINDOW + 1;
        await expectRefused(w, w.requester, taskId, p2, p3, Errors.NOT_MATCHER);
        await expectRefused(w, w.providers[2], taskId, p2, p3, Errors.NOT_MATCHER);
        await expectRefused(w, m, taskId, p1, p3, Errors.NOT_NO_SHOW);                   // submitted
        await expectRefused(w, m, taskId, p3, w.requester.address, Errors.NOT_ASSIGNED);  // not a lane
        await expectRefused(w, m, taskId, p2, p1, Errors.DUPLICATE_PROVIDER);            // already a lane
        await expectRefused(w, m, taskId, p2, p2, Errors.DUPLICATE_PROVIDER);            // the no-show itself
        await expectRefused(w, m, taskId, p2, w.requester.address, Errors.NOT_ELIGIBLE); // unregistered
        // under minStake
        await w.market.sendRequestUnstake(w.providers[2].getSender(), 950n * STUN);
        await expectRefused(w, m, taskId, p2, p3, Errors.NOT_ELIGIBLE);
        // paused: refused; after the unpause it goes through the other checks again
        await w.market.sendPause(w.guardian.getSender());
        await expectRefused(w, m, taskId, p2, p1, Errors.PAUSED);
        await w.market.sendSetParam(w.governance.getSender(), 16, 0n);
        // past the deadline (T0 + 3600)
        w.blockchain.now = T0 + 3601;
        await expectRefused(w, m, taskId, p2, p3, Errors.DEADLINE_PASSED);
    });

    it('an accepted lane is not a no-show; the replacement must meet the task\'s requirements', async () => {
        const { w, p1, p2, p3, taskId } = await assignedPair([1]);
        // a task asking for more GPU memory (81 GiB) than provider2 and provider3 have (80); provider1 upgrades to 96
        const r = await w.market.sendSubmitTaskTon(w.requester.getSender(), {
            reward: toNano('1'), redundancy: 1, deadline: T0 + 3600, req: { gpuMemory: 81, computeCapability: 0, gpuCount: 0, region: 0, privacy: 0 },
        });
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        const big = (await w.market.getState()).nextTaskId - 1n;
        await w.market.sendRegisterProvider(w.providers[0].getSender(), { gpuMemory: 96, computeCapability: 90, gpuCount: 8, region: 0 });
        const as = await w.market.sendAssign(w.matcher.getSender(), big, [p1]);
        expect(as.transactions).toHaveTransaction({ to: w.market.address, success: true });
        w.blockchain.now = T0 + WINDOW + 1;
        await expectRefused(w, w.matcher, taskId, p2, p3, Errors.NOT_NO_SHOW);     // accepted
        await expectRefused(w, w.matcher, big, p1, p3, Errors.NOT_ELIGIBLE);       // 80 GiB < 81
        await expectRefused(w, w.matcher, big, p1, p2, Errors.NOT_ELIGIBLE);
    });

    it('the replacement gets a fresh accept window: accept and expiry follow each lane\'s own window', async () => {
        const { w, p2, p3, taskId } = await assignedPair([0]);
        const at = T0 + 1000;   // past p2's window (T0 + 600)
        w.blockchain.now = at;
        const ra = await w.market.sendReassignProvider(w.matcher.getSender(), taskId, p2, p3);
        expect(ra.transactions).toHaveTransaction({ to: w.market.address, success: true });

        // within the replacement's own window: no no-show, the task cannot expire
        w.blockchain.now = at + WINDOW;
        let e = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(e.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.TOO_EARLY });
        // nor can the replacement be replaced yet
        await expectRefused(w, w.matcher, taskId, p3, p2, Errors.ACCEPT_WINDOW_OPEN);
        // and it may still accept (its window, not the task's first one)
        const acc = await w.market.sendAccept(w.providers[2].getSender(), taskId);
        expect(eventTags(acc.transactions)).toEqual([Event.TaskAccepted]);
        // both lanes accepted: nothing to expire before the deadline
        w.blockchain.now = at + WINDOW + 1;
        e = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(e.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.TOO_EARLY });
    });

    it('a silent replacement is a no-show at its own window\'s end: expiry penalises it alone', async () => {
        const { w, p2, p3, taskId } = await assignedPair([0]);
        const at = T0 + 1000;
        w.blockchain.now = at;
        await w.market.sendReassignProvider(w.matcher.getSender(), taskId, p2, p3);
        const before = await stakes(w);
        w.blockchain.now = at + WINDOW;   // the replacement's last second
        let e = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(e.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.TOO_EARLY });
        w.blockchain.now = at + WINDOW + 1;
        e = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(e.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('3') });
        expect(plain(decodeEvents(e.externals))).toEqual(plain([
            { name: 'Slashed', provider: p3, amount: 20n * STUN, reason: 'noShow' },
            { name: 'ReputationUpdated', provider: p3, score: 4500 },
            { name: 'TaskExpired', taskId },
            { name: 'Refunded', taskId, to: w.requester.address, amount: toNano('3') },
        ]));
        const after = await stakes(w);
        expect(after).toEqual([before[0], before[1], before[2]! - 20n * STUN]);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.None);
        await expectStunConserved(w);
    });

    it('expiry by accept window: an original lane past its window is a no-show, the replacement in its fresh window is not', async () => {
        const { w, p1, p2, p3, taskId } = await assignedPair();
        w.blockchain.now = T0 + WINDOW + 1;   // both lanes past their window, neither accepted; lane 0 replaced
        await w.market.sendReassignProvider(w.matcher.getSender(), taskId, p1, p3);
        const before = await stakes(w);
        // p2 (window closed at T0 + 600) can no longer accept
        const late = await w.market.sendAccept(w.providers[1].getSender(), taskId);
        expect(late.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.DEADLINE_PASSED });
        const e = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(e.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('3') });
        expect(plain(decodeEvents(e.externals)).filter((x) => x.name === 'Slashed')).toEqual(plain([
            { name: 'Slashed', provider: p2, amount: 20n * STUN, reason: 'noShow' },
        ]));
        const after = await stakes(w);
        expect(after).toEqual([before[0], before[1]! - 20n * STUN, before[2]]);
        expect((await w.market.getProvider(p3)).noShows).toBe(0);
        await expectStunConserved(w);
    });
});
