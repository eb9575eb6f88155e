// Marketplace: audit, dispute and expiry flows; the STUN dispute bond and STUN conservation.
import { toNano } from '@ton/core';
import '@ton/test-utils';
import { Errors } from '../wrappers/errors.js';
import { Event, TaskStatus, submitTaskJettonPayload } from '../wrappers/Marketplace.js';
import { STUN, T0, expectStunConserved, proofFor, sendStunToMarket, tonTask, world } from './fixture.js';
import { eventTags } from './helpers.js';

describe('Marketplace: audit, dispute, expiry', () => {
    it('audit drawn (rate 100%): honest verdict -> challenge window; dishonest -> slashed and refunded', async () => {
        const w = await world({ params: { auditRateBps: 10000 } });
        for (const honest of [true, false]) {
            const { taskId } = await tonTask(w, toNano('2'));
            await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address]);
            const { resultHash, proof } = proofFor('provider1', taskId);
            const r = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, resultHash, proof);
            expect(eventTags(r.transactions)).toContain(Event.AuditRequested);
            expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Audited);
            const bad = await w.market.sendResolveAudit(w.requester.getSender(), taskId, honest);
            expect(bad.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_AUDITOR });
            const res = await w.market.sendResolveAudit(w.auditor.getSender(), taskId, honest);
            expect(res.transactions).toHaveTransaction({ to: w.market.address, success: true });
            if (honest) {
                expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Challengeable);
            } else {
                expect(res.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('2') });
                expect(eventTags(res.transactions)).toEqual([Event.AuditResolved, Event.Slashed, Event.ReputationUpdated, Event.Refunded]);
                expect((await w.market.getProvider(w.providers[0].address)).stake).toBe(900n * STUN);
                expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.None);
            }
        }
    });

    it('dispute upheld: reward + bond refunded, challenger share of the slash in STUN; rejected: bond to treasury, paid', async () => {
        const w = await world();
        for (const upheld of [true, false]) {
            const { taskId } = await tonTask(w, toNano('10'), 1, 0n);
            await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address]);
            const { resultHash, proof } = proofFor('provider1', taskId);
            await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, resultHash, proof);
            let d = await w.market.sendDisputeTon(w.requester.getSender(), taskId, toNano('0.2'));
            expect(d.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.BOND_TOO_LOW });
            d = await w.market.sendDisputeTon(w.providers[1].getSender(), taskId, toNano('1'));
            expect(d.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_REQUESTER });
            d = await w.market.sendDisputeTon(w.requester.getSender(), taskId, toNano('0.6'));   // bond 5% = 0.5 TON
            expect(eventTags(d.transactions)).toEqual([Event.TaskDisputed]);
            expect((await w.market.getTask(taskId)).bond).toBe(toNano('0.5'));
            const stunBefore = await w.stun(w.requester.address);
            const res = await w.market.sendResolveAudit(w.auditor.getSender(), taskId, !upheld);
            expect(res.transactions).toHaveTransaction({ to: w.market.address, success: true });
            if (upheld) {
                expect(res.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('10.5') });
                // slashed 10% of 1000 STUN, challenger share 20%
                expect(await w.stun(w.requester.address)).toBe(stunBefore + 20n * STUN);
                expect((await w.market.getState()).treasuryStun).toBe(80n * STUN);
            } else {
                expect(res.transactions).toHaveTransaction({ from: w.market.address, to: w.providers[0].address, value: toNano('8') });
                expect((await w.market.getState()).treasuryTon).toBe(toNano('2.5'));   // 20% + the 0.5 bond
            }
            expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.None);
            await expectStunConserved(w);
        }
    });

    it('dispute window closes at the end of the challenge period', async () => {
        const w = await world();
        const { taskId } = await tonTask(w);
        await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address]);
        const { resultHash, proof } = proofFor('provider1', taskId);
        await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, resultHash, proof);
        w.blockchain.now = T0 + 3600;
        const d = await w.market.sendDisputeTon(w.requester.getSender(), taskId, toNano('1'));
        expect(d.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.DEADLINE_PASSED });
    });

    it('expiry: unassigned past deadline refunds; assigned with no result penalises the no-show', async () => {
        const w = await world();
        const { taskId } = await tonTask(w, toNano('4'));
        let r = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.TOO_EARLY });
        const { taskId: t2 } = await tonTask(w, toNano('4'), 2);
        await w.market.sendAssign(w.matcher.getSender(), t2, [w.providers[0].address, w.providers[1].address]);
        const { resultHash, proof } = proofFor('provider1', t2);
        await w.market.sendSubmitResult(w.providers[0].getSender(), t2, resultHash, proof);
        w.blockchain.now = T0 + 3601;
        r = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('4') });
        expect(eventTags(r.transactions)).toEqual([Event.TaskExpired, Event.Refunded]);

        r = await w.market.sendExpire(w.deployer.getSender(), t2);
        // one of two results is not a strict majority: Expired, provider2 penalised (2% no-show), provider1 not
        expect(r.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('4') });
        expect((await w.market.getProvider(w.providers[1].address)).stake).toBe(980n * STUN);
        expect((await w.market.getProvider(w.providers[1].address)).noShows).toBe(1);
        expect((await w.market.getProvider(w.providers[0].address)).stake).toBe(1000n * STUN);
    });

    it('deadline with a majority in: verification proceeds, the missing provider is a no-show', async () => {
        const w = await world();
        const { taskId } = await tonTask(w, toNano('3'), 3);
        await w.market.sendAssign(w.matcher.getSender(), taskId, w.providers.map((p) => p.address));
        for (const i of [0, 1]) {
            const { resultHash, proof } = proofFor(`provider${i + 1}`, taskId);
            await w.market.sendSubmitResult(w.providers[i].getSender(), taskId, resultHash, proof);
        }
        w.blockchain.now = T0 + 3601;
        const r = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Challengeable);
        expect((await w.market.getProvider(w.providers[2].address)).noShows).toBe(1);
    });

    it('accept window missed: Expired, the provider that neither accepted nor submitted is penalised', async () => {
        const w = await world();
        const { taskId } = await tonTask(w, toNano('3'), 2);
        await w.market.sendAssign(w.matcher.getSender(), taskId, [w.providers[0].address, w.providers[1].address]);
        const acc = await w.market.sendAccept(w.providers[0].getSender(), taskId);
        expect(eventTags(acc.transactions)).toEqual([Event.TaskAccepted]);
        let r = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.TOO_EARLY });
        w.blockchain.now = T0 + 601;
        const late = await w.market.sendAccept(w.providers[1].getSender(), taskId);
        expect(late.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.DEADLINE_PASSED });
        r = await w.market.sendExpire(w.deployer.getSender(), taskId);
        expect(r.transactions).toHaveTransaction({ from: w.market.address, to: w.requester.address, value: toNano('3') });
        expect((await w.market.getProvider(w.providers[1].address)).noShows).toBe(1);
        expect((await w.market.getProvider(w.providers[0].address)).noShows).toBe(0);
    });
});

describe('Marketplace: STUN task dispute paid in STUN, conservation', () => {
    it('STUN dispute bond via jetton transfer; upheld refunds reward + bond in STUN', async () => {
        const w = await world();
        const reward = 200n * STUN;
        await sendStunToMarket(w, w.requester, reward, submitTaskJettonPayload({ redundancy: 1, deadline: T0 + 3600 }));
        await w.market.sendAssign(w.matcher.getSender(), 1n, [w.providers[0].address]);
        const { resultHash, proof } = proofFor('provider1', 1n);
        await w.market.sendSubmitResult(w.providers[0].getSender(), 1n, resultHash, proof);
        await expectStunConserved(w, [1n]);
        const { disputePayload } = await import('../wrappers/Marketplace.js');
        // a TON dispute on a STUN task is the wrong currency
        const wrong = await w.market.sendDisputeTon(w.requester.getSender(), 1n, toNano('1'));
        expect(wrong.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.WRONG_CURRENCY });
        const before = await w.stun(w.requester.address);
        const d = await sendStunToMarket(w, w.requester, 10n * STUN, disputePayload(1n));   // bond 5% of 200 = 10
        expect(eventTags(d.transactions)).toEqual([Event.TaskDisputed]);
        await expectStunConserved(w, [1n]);
        const res = await w.market.sendResolveAudit(w.auditor.getSender(), 1n, false);
        expect(res.transactions).toHaveTransaction({ to: w.market.address, success: true });
        // reward + bond back, plus 20% of the 100 STUN slashed
        expect(await w.stun(w.requester.address)).toBe(before + 200n * STUN + 20n * STUN);
        await expectStunConserved(w);
    });
});
