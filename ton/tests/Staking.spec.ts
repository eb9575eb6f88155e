import { toNano } from '@ton/core';
import '@ton/test-utils';
import { Errors } from '../wrappers/errors.js';
import { Event, MarketOp, TaskStatus } from '../wrappers/Marketplace.js';
import { SPECS, STUN, T0, World, proofFor, stakeStun, tonTask, world } from './fixture.js';
import { eventTags } from './helpers.js';

describe('Provider staking, unbonding, reputation store', () => {
    let w: World;
    beforeEach(async () => { w = await world({ register: false }); });

    it('register -> stake (STUN transfer) -> request unstake -> withdraw after the unbonding period', async () => {
        const p = w.providers[0];
        let r = await w.market.sendRegisterProvider(p.getSender(), SPECS);
        expect(eventTags(r.transactions)).toEqual([Event.ProviderRegistered]);
        r = await w.market.sendRegisterProvider(p.getSender(), { ...SPECS, gpuCount: 4 });
        expect(eventTags(r.transactions)).toEqual([Event.ProviderUpdated]);
        r = await stakeStun(w, p, 500n * STUN);
        expect(eventTags(r.transactions)).toEqual([Event.Staked]);
        let v = await w.market.getProvider(p.address);
        expect(v).toMatchObject({ registered: true, stake: 500n * STUN, unbonding: 0n, reputation: 5000 });

        r = await w.market.sendRequestUnstake(p.getSender(), 501n * STUN);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.INSUFFICIENT_STAKE });
        r = await w.market.sendRequestUnstake(p.getSender(), 200n * STUN);
        expect(eventTags(r.transactions)).toEqual([Event.UnstakeRequested]);
        v = await w.market.getProvider(p.address);
        expect(v.stake).toBe(300n * STUN);
        expect(v.unbonding).toBe(200n * STUN);
        expect(v.unlockAt).toBe(T0 + 7 * 86400);

        r = await w.market.sendWithdrawUnstaked(p.getSender());
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.UNBONDING_NOT_READY });
        w.blockchain.now = T0 + 7 * 86400;
        r = await w.market.sendWithdrawUnstaked(p.getSender(), toNano('0.05'));
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.INSUFFICIENT_VALUE });
        const before = await w.stun(p.address);
        r = await w.market.sendWithdrawUnstaked(p.getSender());
        expect(r.transactions).toHaveTransaction({ to: w.market.address, op: MarketOp.withdrawUnstaked, success: true });
        expect(eventTags(r.transactions)).toEqual([Event.Unstaked]);
        expect(await w.stun(p.address)).toBe(before + 200n * STUN);
        r = await w.market.sendWithdrawUnstaked(p.getSender());
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOTHING_TO_WITHDRAW });
    });

    it('unregistered accounts cannot unstake or withdraw; staking before registering is refunded', async () => {
        const p = w.providers[1];
        let r = await w.market.sendRequestUnstake(p.getSender(), 1n);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_REGISTERED });
        r = await w.market.sendWithdrawUnstaked(p.getSender());
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_REGISTERED });
        const before = await w.stun(p.address);
        await stakeStun(w, p, 10n * STUN);
        expect(await w.stun(p.address)).toBe(before);
        expect((await w.market.getProvider(p.address)).registered).toBe(false);
    });

    it('verification keys: precomputed at registration and assignment, kept across a specs update; slots in any order', async () => {
        // providers 3, 1, 2 assigned to slots 0, 1, 2 (keys IC0 + taskId*IC1 + provider*IC3 per slot)
        for (const p of w.providers) {
            await w.market.sendRegisterProvider(p.getSender(), SPECS);
            await stakeStun(w, p, 1000n * STUN);
        }
        const upd = await w.market.sendRegisterProvider(w.providers[0].getSender(), { ...SPECS, region: 0, gpuCount: 4 });
        expect(eventTags(upd.transactions)).toEqual([Event.ProviderUpdated]);
        const { taskId } = await tonTask(w, toNano('3'), 3);
        const order = [w.providers[2], w.providers[0], w.providers[1]];
        await w.market.sendAssign(w.matcher.getSender(), taskId, order.map((p) => p.address));
        // a proof for another slot's provider fails in this slot
        const wrong = proofFor('provider2', taskId);
        let r = await w.market.sendSubmitResult(w.providers[0].getSender(), taskId, wrong.resultHash, wrong.proof);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.INVALID_PROOF });
        for (const [i, p] of w.providers.entries()) {
            const v = proofFor(`provider${i + 1}`, taskId);
            r = await w.market.sendSubmitResult(p.getSender(), taskId, v.resultHash, v.proof);
            expect(r.transactions).toHaveTransaction({ from: p.address, to: w.market.address, op: MarketOp.submitResult, success: true });
        }
        expect((await w.market.getTask(taskId)).status).toBe(TaskStatus.Challengeable);
    });

    it('models: first registration wins; zero id refused', async () => {
        let r = await w.market.sendRegisterModel(w.creator.getSender(), 7n);
        expect(eventTags(r.transactions)).toEqual([Event.ModelRegistered]);
        r = await w.market.sendRegisterModel(w.requester.getSender(), 7n);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.MODEL_EXISTS });
        r = await w.market.sendRegisterModel(w.requester.getSender(), 0n);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.MODEL_EXISTS });
        expect((await w.market.getModelCreator(7n))!.equals(w.creator.address)).toBe(true);
    });

    it('the marketplace derives its STUN wallet on-chain; foreign jettons are ignored', async () => {
        const st = await w.market.getState();
        expect(st.jettonWallet!.equals(await w.minter.getWalletAddress(w.market.address))).toBe(true);
        // a transfer_notification from a random account (not our wallet) is ignored: no task, no state change
        const { beginCell } = await import('@ton/core');
        const fake = beginCell().storeUint(0x7362d09c, 32).storeUint(0, 64).storeCoins(1000n).storeAddress(w.requester.address).storeBit(0).endCell();
        const r = await w.requester.send({ to: w.market.address, value: toNano('0.1'), body: fake });
        expect(r.transactions).toHaveTransaction({ to: w.market.address, success: true });
        expect((await w.market.getState()).nextTaskId).toBe(1n);
        expect(eventTags(r.transactions)).toEqual([]);
    });

    it('SetParam: only the governance executor; ParameterChanged(old, new); unknown id refused', async () => {
        let r = await w.market.sendSetParam(w.requester.getSender(), 5, 2000n);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.NOT_GOVERNANCE });
        r = await w.market.sendSetParam(w.governance.getSender(), 5, 2000n);
        const ev = r.externals[0].body.beginParse();
        expect(ev.loadUint(32)).toBe(Event.ParameterChanged);
        expect(ev.loadUint(8)).toBe(5);
        expect(ev.loadUintBig(256)).toBe(0n);
        expect(ev.loadUintBig(256)).toBe(2000n);
        expect((await w.market.getParams()).auditRateBps).toBe(2000);
        r = await w.market.sendSetParam(w.governance.getSender(), 8, (7000n << 32n) | (2000n << 16n) | 1000n);
        expect(await w.market.getParams()).toMatchObject({ providerBps: 7000, treasuryBps: 2000, creatorBps: 1000 });
        r = await w.market.sendSetParam(w.governance.getSender(), 99, 1n);
        expect(r.transactions).toHaveTransaction({ to: w.market.address, exitCode: Errors.UNKNOWN_PARAM });
    });
});
