import { toNano } from '@ton/core';
import '@ton/test-utils';
import { Errors } from '../wrappers/errors.js';
import { GAS_BUDGET } from '../wrappers/gas.js';
import { Currency, Event, MarketOp, TaskStatus, submitTaskJettonPayload } from '../wrappers/Marketplace.js';
import { MODEL, STUN, T0, World, expectStunConserved, proofFor, sendStunToMarket, tonTask, tonDelta, world } from './fixture.js';
import { eventTags, plain, recordGas } from './helpers.js';
import { decodeEvents } from '../wrappers/events.js';

describe('Marketplace: TON task, r = 1, happy path', () => {
    let w: World;
    beforeEach(async () => {
        w = await world();
        await w.market.sendRegisterModel(w.creator.getSender(), MODEL);
    });

    it('submit -> assign -> result with a real proof -> challenge window -> finalize pays 80/15/5', async () => {
        const reward = toNano('10');
        const { r: sub, taskId } = await tonTask(w, reward);
        expect(taskId).toBe(1n);
        expect(sub.transactions).toHaveTransaction({ to: w.market.address, op: MarketOp.submitTaskTon, success: true });
        expect(eventTags(sub.transactions)).toEqual([Event.TaskSubmitted]);
        expect(recordGas('submitTask (TON)', sub.transactions, MarketOp.submitTaskTon)).toBeLessThanOrEqual(GAS_BUDGET.submitTask);

        const as = await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address]);
        expect(as.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(eventTags(as.transactions)).toEqual([Event.TaskAssigned]);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Assigned);

        const { resultHash, proof } = proofFor('provider1', taskId);
        const res = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, resultHash, proof);
        expect(res.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(eventTags(res.transactions)).toEqual([Event.TaskAccepted, Event.ResultSubmitted, Event.ReputationUpdated]);
        recordGas('submitResult (proof + consensus)', res.transactions, MarketOp.submitResult);
        const t = await w.market.getTask(taskId);
        expect(t.status).toBe(TaskStatus.Challengeable);
        expect(t.stamp).toBe(T0 + 3600);

        const early = await w.market.sendFinalize(w.deployer.getSender(), taskId);
        expect(early.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: Errors.TOO_EARLY });

        w.blockchain.now = T0 + 3600;
        const before = await Promise.all([w.providers[0], w.treasury, w.creator].map(async (a) => (await w.blockchain.getContract(a.address)).balance));
        const fin = await w.market.sendFinalize(w.deployer.getSender(), taskId);
        expect(fin.transactions).toHaveTransaction({ to: w.market.address, op: MarketOp.finalizeTask, success: true });
        expect(fin.transactions).toHaveTransaction({ from: w.market.address, to: w.providers[0].address, value: toNano('8'), op: MarketOp.taskPayout });
        expect(fin.transactions).toHaveTransaction({ from: w.market.address, to: w.creator.address, value: toNano('0.5') });
        expect((await w.market.getState()).treasuryTon).toBe(toNano('1.5'));
        const after = await Promise.all([w.providers[0], w.treasury, w.creator].map(async (a) => (await w.blockchain.getContract(a.address)).balance));
        expect(after[0] - before[0]).toBeGreaterThan(toNano('7.99'));
        expect(eventTags(fin.transactions)).toEqual([Event.TaskCompleted, Event.PaymentSplit, Event.TaskFinalized]);
        expect(plain(decodeEvents(fin.externals))).toEqual(plain([
            { name: 'TaskCompleted', taskId, provider: w.providers[0].address, resultHash },
            { name: 'PaymentSplit', taskId, provider: toNano('8'), treasury: toNano('1.5'), creator: toNano('0.5') },
            { name: 'TaskFinalized', taskId },
        ]));
        expect(plain(decodeEvents(sub.externals))).toEqual(plain([{ name: 'TaskSubmitted', taskId, requester: w.requester.address, reward, currency: 0 }]));
        expect(plain(decodeEvents(as.externals))).toEqual(plain([{ name: 'TaskAssigned', taskId, providers: [w.providers[0].address] }]));
        expect(recordGas('finalize (release + 80/15/5 split, TON)', fin.transactions, MarketOp.finalizeTask)).toBeLessThanOrEqual(GAS_BUDGET.releaseSplit);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.None);
        const p = await w.market.getProvider(w.providers[0].address);
        expect(p.reputation).toBe(5100);
        expect(p.successes).toBe(1);

        // no double payout
        const sweep = await w.market.sendSweepTreasury(w.deployer.getSender(), toNano('0.05'));
        expect(sweep.transactions).toHaveTransaction({ from: w.market.address, to: w.treasury.address, value: toNano('1.5') });
        expect((await w.market.getState()).treasuryTon).toBe(0n);
        const empty = await w.market.sendSweepTreasury(w.deployer.getSender());
        expect(empty.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOTHING_TO_WITHDRAW });
        const again = await w.market.sendFinalize(w.deployer.getSender(), taskId);
        expect(again.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: Errors.TASK_NOT_FOUND });
        expect(again.transactions).toHaveTransaction({ from: w.market.address, to: w.deployer.address, inMessageBounced: true });
    });

    it('a copied proof (another provider\'s) is rejected: INVALID_PROOF, value bounced', async () => {
        const { taskId } = await tonTask(w);
        await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address]);
        const { resultHash, proof } = proofFor('provider2', taskId);
        const r = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, resultHash, proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: Errors.INVALID_PROOF });
        expect(r.transactions).toHaveTransaction({ from: w.market.address, to: w.providers[0].address, inMessageBounced: true });
        // a proof for another task id fails too
        const other = proofFor('provider1', taskId + 1n);
        const r2 = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, other.resultHash, other.proof);
        expect(r2.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: Errors.INVALID_PROOF });
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Assigned);
    });

    it('result guards: not assigned, double submit, after the deadline, wrong status', async () => {
        const { taskId } = await tonTask(w, toNano('1'), 2);
        const early = proofFor('provider1', taskId);
        let r = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, early.resultHash, early.proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.BAD_STATUS });
        await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address, w.providers[1].address]);
        const p3 = proofFor('provider3', taskId);
        r = await w.market.sendSubmitResult(w.providers[2].getSender(), taskId, p3.resultHash, p3.proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_ASSIGNED });
        r = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, early.resultHash, early.proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Assigned);
        r = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, early.resultHash, early.proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.ALREADY_SUBMITTED });
        w.blockchain.now = T0 + 3601;
        const p2 = proofFor('provider2', taskId);
        r = await w.market.sendSubmitResult(w.providers[1].getSender(), taskId, p2.resultHash, p2.proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.DEADLINE_PASSED });
    });
});

describe('Marketplace: submit / assign / cancel guards (bounced, no funds lost)', () => {
    let w: World;
    beforeEach(async () => { w = await world(); });

    it('SubmitTaskTon: insufficient value, zero reward, bad redundancy, past deadline all bounce', async () => {
        const cases: [object, number][] = [
            [{ reward: toNano('5'), value: toNano('5') }, Errors.INSUFFICIENT_VALUE],
            [{ reward: 0n }, Errors.ZERO_REWARD],
            [{ reward: toNano('1'), redundancy: 4 }, Errors.BAD_REDUNDANCY],
            [{ reward: toNano('1'), redundancy: 0 }, Errors.BAD_REDUNDANCY],
            [{ reward: toNano('1'), deadline: T0 }, Errors.BAD_DEADLINE],
        ];
        for (const [o, code] of cases) {
            const delta = await tonDelta(w, w.requester.address, async () => {
                const r = await w.market.sendSubmitTaskTon(w.requester.getSender(), { redundancy: 1, deadline: T0 + 100, ...o } as never);
                expect(r.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: code });
                expect(r.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, inMessageBounced: true });
            });
            expect(delta).toBeGreaterThan(-toNano('0.01'));   // only fees are spent
        }
        expect((await w.market.getState()).nextTaskId).toBe(1n);
    });

    it('cancel before assignment refunds; only the requester; not after assignment', async () => {
        const { taskId } = await tonTask(w, toNano('3'));
        let r = await w.market.sendCancel(w.providers[0].getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_REQUESTER });
        r = await w.market.sendCancel(w.requester.getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('3'), op: MarketOp.taskPayout });
        expect(eventTags(r.transactions)).toEqual([Event.TaskCancelled, Event.Refunded]);
        const { taskId: t2 } = await tonTask(w);
        await w.market.sendAssign(w.matcher.getSender(), t2, [w.providers[0].address]);
        r = await w.market.sendCancel(w.requester.getSender(), t2);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.BAD_STATUS });
    });

    it('assign: only the matcher; eligibility (stake, specs), redundancy, duplicates', async () => {
        const { taskId } = await tonTask(w, toNano('1'), 2);
        const P = w.providers.map((p) => p.address);
        const expectFail = async (sender: typeof w.matcher, list: typeof P, code: number) => {
            const r = await w.market.sendAssign(sender.getSender(), taskId, list);
            expect(r.transactions).toHaveTransaction({ to: w.market.address, success: false, exitCode: code });
        };
        await expectFail(w.requester, [P[0], P[1]], Errors.NOT_MATCHER);
        await expectFail(w.matcher, [P[0]], Errors.BAD_REDUNDANCY);
        await expectFail(w.matcher, [P[0], P[0]], Errors.DUPLICATE_PROVIDER);
        await expectFail(w.matcher, [P[0], w.requester.address], Errors.NOT_ELIGIBLE);
        // below minStake after unstaking
        await w.market.sendRequestUnstake(w.providers[1].getSender(), 950n * STUN);
        await expectFail(w.matcher, [P[0], P[1]], Errors.NOT_ELIGIBLE);
        // specs: a task asking for more GPU memory than provider3 has
        const r = await w.market.sendSubmitTaskTon(w.requester.getSender(), {
            reward: toNano('1'), redundancy: 1, deadline: T0 + 100, req: { gpuMemory: 81, computeCapability: 0, gpuCount: 0, region: 0, privacy: 0 },
        });
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        const big = await w.market.sendAssign(w.matcher.getSender(), taskId + 1n, [P[2]]);
        expect(big.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_ELIGIBLE });
        const ok = await w.market.sendAssign(w.matcher.getSender(), taskId, [P[0], P[2]]);
        expect(ok.transactions).toHaveTransaction({ to: w.market.address, success: true });
    });

    it('pause (guardian) blocks submit/assign; only governance unpauses', async () => {
        let r = await w.market.sendPause(w.requester.getSender());
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_GOVERNANCE });
        r = await w.market.sendPause(w.guardian.getSender());
        expect(eventTags(r.transactions)).toEqual([Event.Paused]);
        r = await w.market.sendSubmitTaskTon(w.requester.getSender(), { reward: toNano('1'), redundancy: 1, deadline: T0 + 100 });
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.PAUSED });
        r = await w.market.sendSetParam(w.guardian.getSender(), 16, 0n);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_GOVERNANCE });
        r = await w.market.sendSetParam(w.governance.getSender(), 16, 0n);
        expect(eventTags(r.transactions)).toEqual([Event.Unpaused, Event.ParameterChanged]);
        expect((await w.market.getState()).paused).toBe(false);
    });

    it('unknown op fails with 0xFFFF; plain top-up accepted', async () => {
        const { beginCell } = await import('@ton/core');
        let r = await w.requester.send({ to: w.market.address, value: toNano('0.05'), body: beginCell().storeUint(0xdeadbeef, 32).endCell() });
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.UNKNOWN_OP });
        r = await w.requester.send({ to: w.market.address, value: toNano('0.05'), body: beginCell().endCell() });
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
    });
});

/** Assigns the three sandbox providers to `taskId`, then each submits a real proof of a good or a bad result. */
async function assignAndSubmitThree(w: World, taskId: bigint, kinds: readonly ('good' | 'bad')[]): Promise<void> {
    await w.market.sendAssign(w.matcher.getSender(), taskId, w.providers.map((p) => p.address));
    const seeds = ['provider1', 'provider2', 'provider3'];
    for (let i = 0; i < 3; i++) {
        const { resultHash, proof } = proofFor(seeds[i], taskId, kinds[i]);
        const r = await w.market.sendSubmitResult(w.providers[i].getSender(), taskId, resultHash, proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
    }
}

describe('Marketplace: STUN tasks, r = 3 consensus, minority slashed', () => {
    it('jetton submit -> 3 results (2 agree) -> finalize: split among the majority, minority slashed, treasury sweep', async () => {
        const w = await world();
        const reward = 900n * STUN;
        const sub = await sendStunToMarket(w, w.requester, reward, submitTaskJettonPayload({ redundancy: 3, deadline: T0 + 3600 }));
        expect(sub.transactions).toHaveTransaction({ to: w.market.address, op: 0x7362d09c, success: true });
        expect(eventTags(sub.transactions)).toEqual([Event.TaskSubmitted]);
        recordGas('submitTask (STUN transfer_notification)', sub.transactions, 0x7362d09c);
        const taskId = 1n;
        await expectStunConserved(w, [taskId]);
        const t = await w.market.getTask(taskId);
        expect(t.currency).toBe(Currency.STUN);
        expect(t.reward).toBe(reward);
        await assignAndSubmitThree(w, taskId, ['good', 'good', 'bad']);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Challengeable);
        w.blockchain.now = T0 + 7200;
        const before = await Promise.all([...w.providers.map((p) => p.address), w.treasury.address].map((a) => w.stun(a)));
        const fin = await w.market.sendFinalize(w.deployer.getSender(), taskId, toNano('0.5'));
        expect(fin.transactions).toHaveTransaction({ to: w.market.address, success: true });
        recordGas('finalize (STUN, r=3 with a minority)', fin.transactions, MarketOp.finalizeTask);
        const after = await Promise.all([...w.providers.map((p) => p.address), w.treasury.address].map((a) => w.stun(a)));
        expect(after[0] - before[0]).toBe(360n * STUN);   // 80% / 2
        expect(after[1] - before[1]).toBe(360n * STUN);
        expect(after[2] - before[2]).toBe(0n);
        expect(after[3] - before[3]).toBe(0n);            // the treasury's 15% + 5% (no model creator) accrues
        const minority = await w.market.getProvider(w.providers[2].address);
        expect(minority.stake).toBe(900n * STUN);          // 10% of 1000 slashed
        expect(minority.wrongResults).toBe(1);
        expect(minority.reputation).toBe(4000);
        expect((await w.market.getState()).treasuryStun).toBe(280n * STUN);   // 180 fee share + 100 slashed
        await expectStunConserved(w);
        const tags = eventTags(fin.transactions);
        expect(tags.filter((x) => x === Event.TaskCompleted).length).toBe(2);
        expect(tags).toContain(Event.Slashed);
        const sw = await w.market.sendSweepTreasury(w.deployer.getSender());
        expect(sw.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(await w.stun(w.treasury.address)).toBe(after[3] + 280n * STUN);
        expect((await w.market.getState()).treasuryStun).toBe(0n);
        await expectStunConserved(w);
    });

    it('TON task, 3 results (2 agree) -> finalize: 80% split among the majority, the minority slashed in STUN', async () => {
        const w = await world();
        await w.market.sendRegisterModel(w.creator.getSender(), MODEL);
        const { taskId } = await tonTask(w, toNano('10'), 3);
        expect(taskId).toBe(1n);
        await assignAndSubmitThree(w, taskId, ['good', 'bad', 'good']);
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Challengeable);
        w.blockchain.now = T0 + 7200;
        const stunBefore = (await w.market.getState()).treasuryStun;
        const fin = await w.market.sendFinalize(w.deployer.getSender(), taskId);
        expect(fin.transactions).toHaveTransaction({ to: w.market.address, op: MarketOp.finalizeTask, success: true });
        for (const i of [0, 2]) {
            expect(fin.transactions).toHaveTransaction({ from: w.market.address, to: w.providers[i].address, value: toNano('4'), op: MarketOp.taskPayout });
        }
        expect(fin.transactions).not.toHaveTransaction({ from: w.market.address, to: w.providers[1].address });
        expect(fin.transactions).toHaveTransaction({ from: w.market.address, to: w.creator.address, value: toNano('0.5'), op: MarketOp.taskPayout });
        const st = await w.market.getState();
        expect(st.treasuryTon).toBe(toNano('1.5'));
        expect(st.treasuryStun - stunBefore).toBe(100n * STUN);     // 10% of the minority's 1000 STUN stake
        expect(st.paused).toBe(false);
        const minority = await w.market.getProvider(w.providers[1].address);
        expect(minority.stake).toBe(900n * STUN);
        expect(minority.wrongResults).toBe(1);
        expect((await w.market.getProvider(w.providers[0].address)).stake).toBe(1000n * STUN);
        const tags = eventTags(fin.transactions);
        expect(tags.filter((x) => x === Event.TaskCompleted).length).toBe(2);
        expect(tags).toContain(Event.Slashed);
        expect(tags).toContain(Event.PaymentSplit);
        expect(tags).toContain(Event.TaskFinalized);
        await expectStunConserved(w);
    });

    it('jetton intake that cannot be applied is sent back with IntakeRejected(code)', async () => {
        const w = await world();
        const { beginCell } = await import('@ton/core');
        const before = await w.stun(w.requester.address);
        const cases: [import('@ton/core').Cell, number][] = [
            [beginCell().storeUint(0x11111111, 32).endCell(), Errors.UNKNOWN_OP],
            [submitTaskJettonPayload({ redundancy: 9, deadline: T0 + 100 }), Errors.BAD_REDUNDANCY],
            [submitTaskJettonPayload({ redundancy: 1, deadline: T0 - 1 }), Errors.BAD_DEADLINE],
            [beginCell().storeUint(MarketOp.stakeJetton, 32).endCell(), Errors.NOT_REGISTERED],
        ];
        for (const [payload, code] of cases) {
            const r = await sendStunToMarket(w, w.requester, 5n * STUN, payload);
            const rejected = r.externals.map((e) => e.body.beginParse()).find((s) => s.preloadUint(32) === Event.IntakeRejected)!;
            expect(rejected).toBeDefined();
            rejected.skip(32); rejected.loadAddress();
            expect(rejected.loadCoins()).toBe(5n * STUN);
            expect(rejected.loadUint(16)).toBe(code);
            expect(await w.stun(w.requester.address)).toBe(before);
        }
        // too little forwarded TON to send the jettons back: credited, then claimed
        const r = await sendStunToMarket(w, w.requester, 5n * STUN, submitTaskJettonPayload({ redundancy: 1, deadline: T0 + 100 }), toNano('0.03'));
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(eventTags(r.transactions)).toEqual([Event.IntakeRejected]);
        expect(await w.market.getCredit(w.requester.address)).toBe(5n * STUN);
        expect((await w.market.getState()).nextTaskId).toBe(1n);
        let c = await w.market.sendClaimCredit(w.providers[0].getSender());
        expect(c.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOTHING_TO_WITHDRAW });
        c = await w.market.sendClaimCredit(w.requester.getSender());
        expect(c.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect(await w.stun(w.requester.address)).toBe(before);
        expect(await w.market.getCredit(w.requester.address)).toBe(0n);
        await expectStunConserved(w);
    });
});
