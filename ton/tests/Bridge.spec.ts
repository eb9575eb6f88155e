import { Blockchain, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { Address, beginCell, toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import '@ton/test-utils';
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileContract } from '../wrappers/compile.js';
import { Errors } from '../wrappers/errors.js';
import { JettonMinter, jettonContentUri } from '../wrappers/JettonMinter.js';
import { JettonWallet } from '../wrappers/JettonWallet.js';
import {
    Bridge, BridgeMessage, BridgeOp, BridgeParam, ChainId, GovPayload, bridgeOutPayload, encodeBridgeMessage, payloadHash, signBridgeMessage,
} from '../wrappers/Bridge.js';
import { Governance } from '../wrappers/Governance.js';
import { DEFAULT_PARAMS, Event, Marketplace, Param } from '../wrappers/Marketplace.js';
import { eventBodies, eventTags } from './helpers.js';
import { decodeEvents } from '../wrappers/events.js';

interface VecMsg { version: number; kind: number; srcChain: number; dstChain: number; nonce: string; token: string; sender: string; recipient: string; amount: string; payloadHash: string }
interface Vectors {
    setVersion: number;
    validators: { publicKey: string; seed: string }[];
    valid: { name: string; message: VecMsg; hex: string; ed25519Digest: string; signatures: string[] }[];
    invalid: { name: string; hex: string; error: string }[];
}
const V = JSON.parse(readFileSync(join(__dirname, '..', '..', 'bridge', 'vectors', 'bridge-message.json'), 'utf8')) as Vectors;
const hexBuf = (h: string) => Buffer.from(h.replace(/^0x/, ''), 'hex');
const big = (h: string) => BigInt(h);
const toMsg = (m: VecMsg): BridgeMessage => ({
    version: m.version, kind: m.kind, srcChain: m.srcChain, dstChain: m.dstChain, nonce: BigInt(m.nonce),
    token: big(m.token), sender: big(m.sender), recipient: big(m.recipient), amount: BigInt(m.amount), payloadHash: big(m.payloadHash),
});
const T0 = 1_800_000_000;
const KEYS = V.validators.map((v) => keyPairFromSeed(hexBuf(v.seed)));
const hubToTon = V.valid.find((v) => v.message.dstChain === 5 && v.message.kind === 1)!;
const TOKEN = big(hubToTon.message.token);
const STUN = 10n ** 18n;

describe('Bridge message codec vs bridge/vectors/bridge-message.json', () => {
    it('validator keys come from the vector seeds', () => {
        KEYS.forEach((k, i) => expect('0x' + k.publicKey.toString('hex')).toBe(V.validators[i].publicKey));
    });
    it.each(V.valid.map((v) => [v.name, v] as const))('encoding and digest of "%s"', (_n, v) => {
        expect('0x' + encodeBridgeMessage(toMsg(v.message)).toString('hex')).toBe(v.hex);
    });
});

describe('Bridge (TON end): mint on quorum, burn to return, governance path', () => {
    let blockchain: Blockchain;
    let deployer: SandboxContract<TreasuryContract>;
    let relayer: SandboxContract<TreasuryContract>;
    let guardian: SandboxContract<TreasuryContract>;
    let user: SandboxContract<TreasuryContract>;
    let minter: SandboxContract<JettonMinter>;
    let bridge: SandboxContract<Bridge>;
    let gov: SandboxContract<Governance>;
    let market: SandboxContract<Marketplace>;
    const wallet = async (a: Address) => blockchain.openContract(JettonWallet.createFromAddress(await minter.getWalletAddress(a)));
    const sks = (idx: number[]) => new Map(idx.map((i) => [i, KEYS[i].secretKey]));
    let hubNonce = 1000n;
    const hubMsg = (o: Partial<BridgeMessage>): BridgeMessage => ({
        version: 1, kind: 1, srcChain: ChainId.Ethereum, dstChain: ChainId.TON, nonce: hubNonce++, token: TOKEN, sender: 0x1234n,
        recipient: BigInt('0x' + user.address.hash.toString('hex')), amount: 5n * STUN, payloadHash: 0n, ...o,
    });
    const relay = async (m: BridgeMessage, o: { signers?: number[]; setVersion?: number; payload?: import('@ton/core').Cell } = {}) => {
        const bytes = encodeBridgeMessage(m);
        const setVersion = o.setVersion ?? 1;
        return bridge.sendBridgeIn(relayer.getSender(), { setVersion, message: bytes, signatures: signBridgeMessage(setVersion, bytes, sks(o.signers ?? [0, 1])), payload: o.payload });
    };
    const governance = async (payload: import('@ton/core').Cell, o: { srcChain?: number; hash?: bigint } = {}) =>
        relay(hubMsg({ kind: 2, srcChain: o.srcChain ?? ChainId.Ethereum, token: 0n, sender: 0n, recipient: 0n, amount: 0n, payloadHash: o.hash ?? payloadHash(payload) }), { payload });

    beforeEach(async () => {
        blockchain = await Blockchain.create();
        blockchain.now = T0;
        deployer = await blockchain.treasury('deployer');
        relayer = await blockchain.treasury('relayer');
        guardian = await blockchain.treasury('guardian');
        user = await blockchain.treasury('user');
        const walletCode = await compileContract('JettonWallet');
        minter = blockchain.openContract(JettonMinter.createFromConfig(
            { admin: deployer.address, content: jettonContentUri('https://stun.example/jetton.json'), walletCode }, await compileContract('JettonMinter')));
        await minter.sendDeploy(deployer.getSender(), toNano('0.1'));
        bridge = blockchain.openContract(Bridge.createFromConfig({
            token: TOKEN, minter: minter.address, admin: deployer.address, guardian: guardian.address, walletCode,
            set: { version: V.setVersion, threshold: 2, keys: KEYS.map((k) => k.publicKey) },
            rate: { limit: 1_000_000n * STUN, window: 86400 },
        }, await compileContract('Bridge')));
        await bridge.sendDeploy(deployer.getSender());
        gov = blockchain.openContract(Governance.createFromConfig({ bridge: bridge.address, admin: deployer.address }, await compileContract('Governance')));
        await gov.sendDeploy(deployer.getSender());
        market = blockchain.openContract(Marketplace.createFromConfig({
            governance: gov.address, matcher: deployer.address, auditor: deployer.address, treasury: deployer.address, guardian: guardian.address,
            minter: minter.address, walletCode, params: DEFAULT_PARAMS,
        }, await compileContract('Marketplace')));
        await market.sendDeploy(deployer.getSender());
        await gov.sendSetMarketplace(deployer.getSender(), market.address);
        await bridge.sendSetGovernance(deployer.getSender(), gov.address);
        await minter.sendChangeAdmin(deployer.getSender(), bridge.address);
    });

    it('verifies the shared vector: its digest and the validators\' signatures mint on TON', async () => {
        const bytes = hexBuf(hubToTon.hex);
        expect(await bridge.getDigest(V.setVersion, bytes)).toBe(big(hubToTon.ed25519Digest));
        const sigs = new Map([[0, hexBuf(hubToTon.signatures[0])], [2, hexBuf(hubToTon.signatures[2])]]);
        const r = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: V.setVersion, message: bytes, signatures: sigs });
        expect(r.transactions).toHaveTransaction({ from: relayer.address, to: bridge.address, op: BridgeOp.bridgeIn, success: true });
        const recipient = Address.parseRaw('0:' + hubToTon.message.recipient.slice(2));
        expect(await (await wallet(recipient)).getJettonBalance()).toBe(BigInt(hubToTon.message.amount));
        expect(await minter.getTotalSupply()).toBe(BigInt(hubToTon.message.amount));
        expect(eventTags(r.transactions)).toEqual([Event.BridgeMinted]);
        expect(await bridge.getConsumed(1, BigInt(hubToTon.message.nonce))).toBe(true);
        // replay: nonce consumed
        const again = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: V.setVersion, message: bytes, signatures: sigs });
        expect(again.transactions).toHaveTransaction({ to: bridge.address, success: false, exitCode: Errors.NONCE_CONSUMED });
        expect(again.transactions).toHaveTransaction({ from: bridge.address, to: relayer.address, inMessageBounced: true });
    });

    it.each(V.invalid.map((v) => [v.name, v] as const))('codec error for "%s"', async (_n, v) => {
        const code = { BadLength: Errors.BAD_LENGTH, UnsupportedVersion: Errors.UNSUPPORTED_VERSION, UnknownKind: Errors.UNKNOWN_KIND, UnknownChain: Errors.UNKNOWN_CHAIN, SameChain: Errors.SAME_CHAIN }[v.error];
        expect(code).toBeDefined();
        const bytes = hexBuf(v.hex);
        const r = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: 1, message: bytes, signatures: signBridgeMessage(1, bytes, sks([0, 1])) });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: false, exitCode: code });
    });

    it('destination checks: quorum, set version, destination chain, token, pause, rate limit (nothing minted)', async () => {
        const run = async (p: ReturnType<typeof relay>, code: number) => {
            const r = await p;
            expect(r.transactions).toHaveTransaction({ to: bridge.address, success: false, exitCode: code });
        };
        await run(relay(hubMsg({}), { signers: [1] }), Errors.NO_QUORUM);
        // a signature by a key outside the set does not count
        const bytes = encodeBridgeMessage(hubMsg({}));
        const foreign = keyPairFromSeed(Buffer.alloc(32, 7));
        const sigs = signBridgeMessage(1, bytes, new Map([[0, KEYS[0].secretKey], [1, foreign.secretKey]]));
        await run(bridge.sendBridgeIn(relayer.getSender(), { setVersion: 1, message: bytes, signatures: sigs }), Errors.NO_QUORUM);
        // signatures over another set version / another message
        await run(relay(hubMsg({}), { setVersion: 2 }), Errors.UNKNOWN_SET);
        await run(relay(hubMsg({ dstChain: ChainId.Solana })), Errors.WRONG_DST_CHAIN);
        await run(relay(hubMsg({ token: TOKEN + 1n })), Errors.WRONG_TOKEN);
        await run(relay(hubMsg({ amount: 2_000_000n * STUN })), Errors.RATE_LIMITED);
        await run(relay(hubMsg({ kind: 1, recipient: 0n })), Errors.BAD_RECIPIENT);
        let p = await bridge.sendPause(user.getSender());
        expect(p.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.NOT_GUARDIAN });
        p = await bridge.sendPause(guardian.getSender());
        expect(eventTags(p.transactions)).toEqual([Event.Paused]);
        await run(relay(hubMsg({})), Errors.BRIDGE_PAUSED);
        expect(await minter.getTotalSupply()).toBe(0n);
    });

    it('rate limit window: mints up to the limit, then resets after the window', async () => {
        await governance(GovPayload.bridgeParam(BridgeParam.rateLimit, ((10n * STUN) << 32n) | 3600n));
        expect((await bridge.getState()).rateLimit).toBe(10n * STUN);
        let r = await relay(hubMsg({ amount: 6n * STUN }));
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: true });
        r = await relay(hubMsg({ amount: 6n * STUN }));
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.RATE_LIMITED });
        blockchain.now = T0 + 3600;
        r = await relay(hubMsg({ amount: 6n * STUN }));
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: true });
        expect(await minter.getTotalSupply()).toBe(12n * STUN);
    });

    it('burn to return: STUN sent to the bridge is burned and BridgeBurned carries the 162-byte message', async () => {
        await relay(hubMsg({ amount: 10n * STUN }));
        const uw = await wallet(user.address);
        const recipient = 0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8n;
        const r = await uw.sendTransfer(user.getSender(), toNano('0.2'), {
            jettonAmount: 4n * STUN, to: bridge.address, responseAddress: user.address, forwardTonAmount: toNano('0.1'),
            forwardPayload: bridgeOutPayload(ChainId.Ethereum, recipient),
        });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, op: 0x7362d09c, success: true });
        expect(r.transactions).toHaveTransaction({ to: minter.address, op: 0x7bdd97de, success: true });
        expect(await minter.getTotalSupply()).toBe(6n * STUN);
        expect(await uw.getJettonBalance()).toBe(6n * STUN);
        const ev = eventBodies(r.transactions).find((b) => b.beginParse().preloadUint(32) === Event.BridgeBurned)!;
        const s = ev.beginParse();
        s.skip(32);
        expect(s.loadUintBig(64)).toBe(1n);
        expect(s.loadAddress().equals(user.address)).toBe(true);
        expect(s.loadUint(32)).toBe(ChainId.Ethereum);
        expect(s.loadUintBig(256)).toBe(recipient);
        expect(s.loadCoins()).toBe(4n * STUN);
        const mc = s.loadRef().beginParse();
        const bytes = Buffer.concat([mc.loadBuffer(114), mc.loadRef().beginParse().loadBuffer(48)]);
        expect(bytes.toString('hex')).toBe(encodeBridgeMessage({
            version: 1, kind: 1, srcChain: ChainId.TON, dstChain: ChainId.Ethereum, nonce: 1n, token: TOKEN,
            sender: BigInt('0x' + user.address.hash.toString('hex')), recipient, amount: 4n * STUN, payloadHash: 0n,
        }).toString('hex'));
        expect((await bridge.getState()).outNonce).toBe(1n);
        const burned = decodeEvents(r.externals).find((e) => e.name === 'BridgeBurned');
        expect(burned).toMatchObject({ nonce: 1n, dstChain: ChainId.Ethereum, recipient, amount: 4n * STUN, message: bytes });
        // invalid destination (TON itself / unknown chain): jettons are sent back, nothing burned
        for (const dst of [ChainId.TON, 9]) {
            await uw.sendTransfer(user.getSender(), toNano('0.2'), {
                jettonAmount: 1n * STUN, to: bridge.address, responseAddress: user.address, forwardTonAmount: toNano('0.1'),
                forwardPayload: bridgeOutPayload(dst, recipient),
            });
            expect(await uw.getJettonBalance()).toBe(6n * STUN);
        }
        expect(await minter.getTotalSupply()).toBe(6n * STUN);
    });

    it('governance: hub message sets a marketplace parameter; bounds, payload hash, source chain enforced', async () => {
        let r = await governance(GovPayload.marketParam(Param.auditRateBps, 2500n));
        expect(r.transactions).toHaveTransaction({ from: bridge.address, to: gov.address, success: true });
        expect(r.transactions).toHaveTransaction({ from: gov.address, to: market.address, success: true });
        expect((await market.getParams()).auditRateBps).toBe(2500);

        const oob: [number, bigint, number][] = [
            [Param.auditRateBps, 10001n, Errors.PARAM_OUT_OF_BOUNDS],
            [Param.slashBpsWrongResult, 99n, Errors.PARAM_OUT_OF_BOUNDS],
            [Param.challengePeriod, 59n, Errors.PARAM_OUT_OF_BOUNDS],
            [Param.maxRedundancy, 4n, Errors.PARAM_OUT_OF_BOUNDS],
            [Param.minStake, 0n, Errors.PARAM_OUT_OF_BOUNDS],
            [Param.feeSplit, (8000n << 32n) | (1500n << 16n) | 400n, Errors.BAD_FEE_SPLIT],
            [Param.feeSplit, (9600n << 32n) | (400n << 16n) | 0n, Errors.BAD_FEE_SPLIT],
            [Param.matcher, 0n, Errors.PARAM_OUT_OF_BOUNDS],
            [77, 1n, Errors.UNKNOWN_PARAM],
        ];
        for (const [id, v, code] of oob) {
            r = await governance(GovPayload.marketParam(id, v));
            expect(r.transactions).toHaveTransaction({ from: bridge.address, to: gov.address, success: false, exitCode: code });
        }
        r = await governance(GovPayload.marketParam(Param.feeSplit, (7000n << 32n) | (2000n << 16n) | 1000n));
        expect(await market.getParams()).toMatchObject({ auditRateBps: 2500, providerBps: 7000, treasuryBps: 2000, creatorBps: 1000 });

        // payload that does not hash to payloadHash; governance from a spoke; no payload
        r = await governance(GovPayload.marketParam(Param.auditRateBps, 1n), { hash: 123n });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.PAYLOAD_MISMATCH });
        r = await governance(GovPayload.marketParam(Param.auditRateBps, 1n), { srcChain: ChainId.Base });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.NOT_FROM_HUB });
        // the executor only listens to the bridge; the marketplace only to the executor
        const direct = await user.send({ to: gov.address, value: toNano('0.1'), body: Governance.actionBody(1, 1n, GovPayload.marketParam(Param.auditRateBps, 1n)) });
        expect(direct.transactions).toHaveTransaction({ to: gov.address, exitCode: Errors.NOT_BRIDGE });
        expect((await market.getParams()).auditRateBps).toBe(2500);
        // one-time wiring cannot be redone
        const again = await gov.sendSetMarketplace(deployer.getSender(), user.address);
        expect(again.transactions).toHaveTransaction({ to: gov.address, exitCode: Errors.NOT_BRIDGE });
        const again2 = await bridge.sendSetGovernance(deployer.getSender(), user.address);
        expect(again2.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.BRIDGE_NOT_GOVERNANCE });
    });

    it('governance: validator set rotation; the old set works until its expiry', async () => {
        const newKeys = [11, 12, 13, 14].map((i) => keyPairFromSeed(Buffer.alloc(32, i)));
        // bounds: threshold must be a strict majority; keysHash must match
        let r = await governance(GovPayload.validatorSet({ version: 2, threshold: 2, expiresOld: 3600, keys: newKeys.map((k) => k.publicKey) }));
        expect(r.transactions).toHaveTransaction({ to: gov.address, exitCode: Errors.PARAM_OUT_OF_BOUNDS });
        r = await governance(GovPayload.validatorSet({ version: 2, threshold: 3, expiresOld: 3600, keys: newKeys.map((k) => k.publicKey), keysHash: 1n }));
        expect(r.transactions).toHaveTransaction({ to: gov.address, exitCode: Errors.PARAM_OUT_OF_BOUNDS });
        r = await governance(GovPayload.validatorSet({ version: 2, threshold: 3, expiresOld: 3600, keys: newKeys.map((k) => k.publicKey) }));
        expect(r.transactions).toHaveTransaction({ from: gov.address, to: bridge.address, op: BridgeOp.setValidatorSet, success: true });
        expect(eventTags(r.transactions)).toContain(Event.ValidatorSetUpdated);
        expect((await bridge.getState())).toMatchObject({ setVersion: 2, threshold: 3 });

        const m2 = hubMsg({});
        const bytes = encodeBridgeMessage(m2);
        const newSigs = signBridgeMessage(2, bytes, new Map([[0, newKeys[0].secretKey], [1, newKeys[1].secretKey], [3, newKeys[3].secretKey]]));
        r = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: 2, message: bytes, signatures: newSigs });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: true });
        // the old set, before and after its expiry
        r = await relay(hubMsg({}), { setVersion: 1 });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: true });
        blockchain.now = T0 + 3600;
        r = await relay(hubMsg({}), { setVersion: 1 });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.SET_EXPIRED });
        // two of four new signatures are not a quorum of 3
        const m3 = encodeBridgeMessage(hubMsg({}));
        r = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: 2, message: m3, signatures: signBridgeMessage(2, m3, new Map([[0, newKeys[0].secretKey], [1, newKeys[1].secretKey]])) });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.NO_QUORUM });
    });

    it('governance: pause stops transfers only; governance unpauses; guardian rotation; unknown target', async () => {
        await bridge.sendPause(guardian.getSender());
        let r = await relay(hubMsg({}));
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.BRIDGE_PAUSED });
        r = await governance(GovPayload.bridgeParam(BridgeParam.unpause, 0n));
        expect(r.transactions).toHaveTransaction({ from: gov.address, to: bridge.address, success: true });
        expect(eventTags(r.transactions)).toContain(Event.Unpaused);
        expect((await bridge.getState()).paused).toBe(false);
        r = await relay(hubMsg({}));
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: true });
        // rotate the guardian: the old one can no longer pause
        r = await governance(GovPayload.bridgeParam(BridgeParam.guardian, BigInt('0x' + user.address.hash.toString('hex'))));
        expect(r.transactions).toHaveTransaction({ from: gov.address, to: bridge.address, success: true });
        r = await bridge.sendPause(guardian.getSender());
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.NOT_GUARDIAN });
        r = await bridge.sendPause(user.getSender());
        expect(r.transactions).toHaveTransaction({ to: bridge.address, success: true });
        r = await governance(GovPayload.bridgeParam(BridgeParam.rateLimit, (1n << 32n) | 10n));
        expect(r.transactions).toHaveTransaction({ to: gov.address, exitCode: Errors.PARAM_OUT_OF_BOUNDS });
        r = await governance(beginCell().storeUint(9, 8).storeUint(0, 8).storeUint(0, 256).endCell());
        expect(r.transactions).toHaveTransaction({ to: gov.address, exitCode: Errors.UNKNOWN_TARGET });
        // the bridge's governance-only messages refuse everyone but the executor
        const setBody = beginCell().storeUint(BridgeOp.setValidatorSet, 32).storeUint(0, 64).storeUint(2, 32).storeUint(1, 8).storeUint(0, 32).storeBit(0).endCell();
        r = await deployer.send({ to: bridge.address, value: toNano('0.05'), body: setBody });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.BRIDGE_NOT_GOVERNANCE });
        const paramBody = beginCell().storeUint(BridgeOp.setBridgeParam, 32).storeUint(0, 64).storeUint(3, 8).storeUint(0, 256).endCell();
        r = await deployer.send({ to: bridge.address, value: toNano('0.05'), body: paramBody });
        expect(r.transactions).toHaveTransaction({ to: bridge.address, exitCode: Errors.BRIDGE_NOT_GOVERNANCE });
        expect((await bridge.getState()).setVersion).toBe(1);
    });
});
