import { Blockchain, SandboxContract, TreasuryContract, internal } from '@ton/sandbox';
import { Address, beginCell, Cell, toNano } from '@ton/core';
import '@ton/test-utils';
import { JettonMinter, jettonContentUri, Op, internalTransferBody } from '../wrappers/JettonMinter.js';
import { Errors } from '../wrappers/errors.js';
import { compileContract } from '../wrappers/compile.js';
import { JettonWallet } from '../wrappers/JettonWallet.js';

describe('Jetton (TEP-74, Tolk)', () => {
    let minterCode: Cell;
    let walletCode: Cell;
    let blockchain: Blockchain;
    let admin: SandboxContract<TreasuryContract>;
    let alice: SandboxContract<TreasuryContract>;
    let bob: SandboxContract<TreasuryContract>;
    let minter: SandboxContract<JettonMinter>;
    const wallet = async (owner: { address: Address }) =>
        blockchain.openContract(JettonWallet.createFromAddress(await minter.getWalletAddress(owner.address)));

    beforeAll(async () => {
        minterCode = await compileContract('JettonMinter');
        walletCode = await compileContract('JettonWallet');
    });

    beforeEach(async () => {
        blockchain = await Blockchain.create();
        admin = await blockchain.treasury('admin');
        alice = await blockchain.treasury('alice');
        bob = await blockchain.treasury('bob');
        minter = blockchain.openContract(
            JettonMinter.createFromConfig({ admin: admin.address, content: jettonContentUri('https://example.org/jetton.json'), walletCode }, minterCode),
        );
        const r = await minter.sendDeploy(admin.getSender(), toNano('0.1'));
        expect(r.transactions).toHaveTransaction({ from: admin.address, to: minter.address, deploy: true, success: true });
    });

    it('mints, updates supply, deploys wallet, returns excesses', async () => {
        const r = await minter.sendMint(admin.getSender(), alice.address, 1000n, { responseAddress: admin.address });
        const aliceWallet = await wallet(alice);
        expect(r.transactions).toHaveTransaction({ from: minter.address, to: aliceWallet.address, deploy: true, success: true, op: Op.internal_transfer });
        expect(r.transactions).toHaveTransaction({ from: aliceWallet.address, to: admin.address, op: Op.excesses });
        expect(await aliceWallet.getJettonBalance()).toBe(1000n);
        expect(await minter.getTotalSupply()).toBe(1000n);
        const wd = await aliceWallet.getWalletData();
        expect(wd.owner.equals(alice.address)).toBe(true);
        expect(wd.minter.equals(minter.address)).toBe(true);
    });

    it('rejects mint from non-admin (bounced back)', async () => {
        const r = await minter.sendMint(alice.getSender(), alice.address, 1000n);
        expect(r.transactions).toHaveTransaction({ from: alice.address, to: minter.address, success: false, exitCode: Errors.NOT_FROM_ADMIN, aborted: true });
        expect(r.transactions).toHaveTransaction({ from: minter.address, to: alice.address, inMessageBounced: true });
        expect(await minter.getTotalSupply()).toBe(0n);
    });

    it('transfers with notification + excesses', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        const bobWallet = await wallet(bob);
        const fwd = beginCell().storeUint(0xabcdef, 32).endCell();
        const r = await aliceWallet.sendTransfer(alice.getSender(), toNano('0.1'), {
            jettonAmount: 100n, to: bob.address, responseAddress: alice.address, forwardTonAmount: toNano('0.01'), forwardPayload: fwd,
        });
        expect(r.transactions).toHaveTransaction({ from: aliceWallet.address, to: bobWallet.address, op: Op.internal_transfer, deploy: true, success: true });
        expect(r.transactions).toHaveTransaction({ from: bobWallet.address, to: bob.address, op: Op.transfer_notification, value: toNano('0.01') });
        expect(r.transactions).toHaveTransaction({ from: bobWallet.address, to: alice.address, op: Op.excesses });
        expect(await aliceWallet.getJettonBalance()).toBe(900n);
        expect(await bobWallet.getJettonBalance()).toBe(100n);
        await aliceWallet.sendTransfer(alice.getSender(), toNano('0.1'), { jettonAmount: 1n, to: bob.address, responseAddress: alice.address });
    });

    it('foreign sender cannot move jettons: exit 705 and the message bounces', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        const r = await aliceWallet.sendTransfer(bob.getSender(), toNano('0.1'), { jettonAmount: 100n, to: bob.address, responseAddress: bob.address });
        expect(r.transactions).toHaveTransaction({ from: bob.address, to: aliceWallet.address, success: false, exitCode: Errors.NOT_FROM_OWNER });
        expect(r.transactions).toHaveTransaction({ from: aliceWallet.address, to: bob.address, inMessageBounced: true });
        expect(await aliceWallet.getJettonBalance()).toBe(1000n);
    });

    it('cannot transfer more than balance (706), or with too little TON (709)', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        let r = await aliceWallet.sendTransfer(alice.getSender(), toNano('0.1'), { jettonAmount: 1001n, to: bob.address, responseAddress: alice.address });
        expect(r.transactions).toHaveTransaction({ from: alice.address, to: aliceWallet.address, success: false, exitCode: Errors.NOT_ENOUGH_BALANCE });
        r = await aliceWallet.sendTransfer(alice.getSender(), toNano('0.01'), { jettonAmount: 1n, to: bob.address, responseAddress: alice.address });
        expect(r.transactions).toHaveTransaction({ from: alice.address, to: aliceWallet.address, success: false, exitCode: Errors.NOT_ENOUGH_TON });
        expect(await aliceWallet.getJettonBalance()).toBe(1000n);
    });

    it('burn: supply decreases, burn_notification + excesses, external BurnEvent log', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        const r = await aliceWallet.sendBurn(alice.getSender(), toNano('0.1'), 250n, alice.address);
        expect(r.transactions).toHaveTransaction({ from: aliceWallet.address, to: minter.address, op: Op.burn_notification, success: true });
        expect(r.transactions).toHaveTransaction({ from: minter.address, to: alice.address, op: Op.excesses });
        expect(await aliceWallet.getJettonBalance()).toBe(750n);
        expect(await minter.getTotalSupply()).toBe(750n);
        // the external-out message a relayer would index
        const minterTx = r.transactions.find((t) => t.inMessage?.info.dest?.toString() === minter.address.toString())!;
        const ext = minterTx.outMessages.values().find((m) => m.info.type === 'external-out')!;
        const s = ext.body.beginParse();
        expect(s.loadUint(32)).toBe(Op.burn_event);
        s.loadUintBig(64);
        expect(s.loadCoins()).toBe(250n);
        expect(s.loadAddress().equals(alice.address)).toBe(true);
        expect(s.loadCoins()).toBe(750n);
        // the same log is also surfaced in SendMessageResult.externals (r.events only has message_sent/account_* kinds)
        expect(r.externals.length).toBe(1);
        expect(r.externals[0].body.beginParse().loadUint(32)).toBe(Op.burn_event);
    });

    it('burn_notification from a fake wallet is rejected (74)', async () => {
        const body = beginCell().storeUint(Op.burn_notification, 32).storeUint(0, 64).storeCoins(1n).storeAddress(bob.address).storeAddress(bob.address).endCell();
        const r = await bob.send({ to: minter.address, value: toNano('0.05'), body });
        expect(r.transactions).toHaveTransaction({ from: bob.address, to: minter.address, success: false, exitCode: Errors.UNAUTHORIZED_BURN });
    });

    it('onBouncedMessage restores balance when internal_transfer bounces', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        await aliceWallet.sendTransfer(alice.getSender(), toNano('0.1'), { jettonAmount: 100n, to: bob.address, responseAddress: alice.address });
        // sandbox lets us inject a bounced message (impossible to forge on-chain: the flag is set by the protocol)
        const orig = internalTransferBody({ amount: 100n }).beginParse();
        const bouncedBody = beginCell().storeUint(0xffffffff, 32).storeBits(orig.loadBits(Math.min(256, orig.remainingBits))).endCell();
        const bobWallet = await wallet(bob);
        const r = await blockchain.sendMessage(internal({ from: bobWallet.address, to: aliceWallet.address, value: toNano('0.01'), body: bouncedBody, bounced: true }));
        expect(r.transactions).toHaveTransaction({ to: aliceWallet.address, success: true });
        expect(await aliceWallet.getJettonBalance()).toBe(1000n);
    });

    it('TEP-89 discovery returns the same address as the getter', async () => {
        const r = await minter.sendDiscovery(alice.getSender(), bob.address, true);
        const expected = await minter.getWalletAddress(bob.address);
        const reply = r.transactions.find((t) => t.inMessage?.info.src?.toString() === minter.address.toString())!;
        const s = reply.inMessage!.body.beginParse();
        expect(s.loadUint(32)).toBe(Op.take_wallet_address);
        s.loadUintBig(64);
        expect(s.loadAddress().equals(expected)).toBe(true);
        expect(s.loadMaybeRef()!.beginParse().loadAddress().equals(bob.address)).toBe(true);
    });
    it('internal_transfer from a wallet of another minter/owner is rejected (707) and bounces', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        const body = internalTransferBody({ amount: 1_000_000n, from: bob.address });
        const r = await bob.send({ to: aliceWallet.address, value: toNano('0.1'), body });
        expect(r.transactions).toHaveTransaction({ from: bob.address, to: aliceWallet.address, success: false, exitCode: Errors.INVALID_WALLET });
        expect(r.transactions).toHaveTransaction({ from: aliceWallet.address, to: bob.address, inMessageBounced: true });
        expect(await aliceWallet.getJettonBalance()).toBe(1000n);
    });

    it('change_admin: only the admin, and the new admin can mint', async () => {
        let r = await minter.sendChangeAdmin(bob.getSender(), bob.address);
        expect(r.transactions).toHaveTransaction({ to: minter.address, success: false, exitCode: Errors.NOT_FROM_ADMIN });
        r = await minter.sendChangeAdmin(admin.getSender(), bob.address);
        expect(r.transactions).toHaveTransaction({ to: minter.address, success: true });
        expect((await minter.getJettonData()).admin!.equals(bob.address)).toBe(true);
        r = await minter.sendMint(admin.getSender(), alice.address, 5n);
        expect(r.transactions).toHaveTransaction({ to: minter.address, success: false, exitCode: Errors.NOT_FROM_ADMIN });
        await minter.sendMint(bob.getSender(), alice.address, 5n);
        expect(await minter.getTotalSupply()).toBe(5n);
    });

    it('unknown opcode fails with 0xFFFF; an empty body (top-up) is accepted', async () => {
        let r = await bob.send({ to: minter.address, value: toNano('0.05'), body: beginCell().storeUint(0x12345678, 32).endCell() });
        expect(r.transactions).toHaveTransaction({ to: minter.address, success: false, exitCode: Errors.UNKNOWN_OP });
        r = await bob.send({ to: minter.address, value: toNano('0.05'), body: beginCell().endCell() });
        expect(r.transactions).toHaveTransaction({ to: minter.address, success: true });
    });

    it('mint whose internal_transfer bounces restores total supply (minter onBouncedMessage)', async () => {
        await minter.sendMint(admin.getSender(), alice.address, 1000n);
        const aliceWallet = await wallet(alice);
        const orig = internalTransferBody({ amount: 400n }).beginParse();
        const bouncedBody = beginCell().storeUint(0xffffffff, 32).storeBits(orig.loadBits(Math.min(256, orig.remainingBits))).endCell();
        await blockchain.sendMessage(internal({ from: aliceWallet.address, to: minter.address, value: toNano('0.01'), body: bouncedBody, bounced: true }));
        expect(await minter.getTotalSupply()).toBe(600n);
    });
});
