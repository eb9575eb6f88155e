import { Address, beginCell, Cell, Contract, contractAddress, ContractProvider, Dictionary, Sender, SendMode, toNano } from '@ton/core';
import { sha256_sync, sign } from '@ton/crypto';

export const BridgeOp = {
    bridgeIn: 0x57020001,
    setValidatorSet: 0x57020010,
    setBridgeParam: 0x57020011,
    pause: 0x57020012,
    setGovernance: 0x57020013,
    initWallet: 0x57020014,
    bridgeOut: 0x57020101,
    governanceAction: 0x57030001,
} as const;

export const ChainId = { Ethereum: 1, Base: 2, Arbitrum: 3, Solana: 4, TON: 5 } as const;
export const BridgeParam = { rateLimit: 1, guardian: 2, unpause: 3 } as const;

/** docs/protocol.md bridge message; all byte fields are 32-byte big-endian values. */
export interface BridgeMessage {
    version: number; kind: number; srcChain: number; dstChain: number; nonce: bigint;
    token: bigint; sender: bigint; recipient: bigint; amount: bigint; payloadHash: bigint;
}

const be = (v: bigint, n: number) => Buffer.from(v.toString(16).padStart(n * 2, '0'), 'hex');

export function encodeBridgeMessage(m: BridgeMessage): Buffer {
    return Buffer.concat([
        be(BigInt(m.version), 1), be(BigInt(m.kind), 1), be(BigInt(m.srcChain), 4), be(BigInt(m.dstChain), 4), be(m.nonce, 8),
        be(m.token, 32), be(m.sender, 32), be(m.recipient, 32), be(m.amount, 16), be(m.payloadHash, 32),
    ]);
}

/** the message bytes as the contract takes them: the first 114 bytes in the root, the rest in one ref */
export function bridgeMessageCell(bytes: Buffer): Cell {
    return beginCell().storeBuffer(bytes.subarray(0, 114)).storeRef(beginCell().storeBuffer(bytes.subarray(114)).endCell()).endCell();
}

/** sha256("STUN/bridge/v1" || u32 BE setVersion || message) */
export function bridgeDigest(setVersion: number, bytes: Buffer): Buffer {
    return sha256_sync(Buffer.concat([Buffer.from('STUN/bridge/v1', 'ascii'), be(BigInt(setVersion), 4), bytes]));
}

/** ed25519 signatures keyed by validator index (dict keys are unique and ascending by construction) */
export function signaturesDict(sigs: Map<number, Buffer>) {
    const d = Dictionary.empty(Dictionary.Keys.Uint(8), Dictionary.Values.Buffer(64));
    for (const [i, s] of sigs) d.set(i, s);
    return d;
}

export function signBridgeMessage(setVersion: number, bytes: Buffer, secretKeys: Map<number, Buffer>): Map<number, Buffer> {
    const digest = bridgeDigest(setVersion, bytes);
    const out = new Map<number, Buffer>();
    for (const [i, sk] of secretKeys) out.set(i, sign(digest, sk));
    return out;
}

export function keysDict(keys: Buffer[]) {
    const d = Dictionary.empty(Dictionary.Keys.Uint(8), Dictionary.Values.BigUint(256));
    keys.forEach((k, i) => d.set(i, BigInt('0x' + k.toString('hex'))));
    return d;
}

/** keysHash of a validator-set governance payload: h_n = 0, h_i = sha256(key_i || h_{i+1}) */
export function keysChainHash(keys: Buffer[]): bigint {
    let h: Buffer = Buffer.alloc(32);
    for (const k of [...keys].reverse()) h = sha256_sync(Buffer.concat([k, h]));
    return BigInt('0x' + h.toString('hex'));
}

/** Governance payloads (contracts/governance/governance.tolk); payloadHash = sha256 of the data bytes. */
export const GovPayload = {
    marketParam: (paramId: number, value: bigint) => beginCell().storeUint(1, 8).storeUint(paramId, 8).storeUint(value, 256).endCell(),
    bridgeParam: (paramId: number, value: bigint) => beginCell().storeUint(2, 8).storeUint(paramId, 8).storeUint(value, 256).endCell(),
    validatorSet: (o: { version: number; threshold: number; expiresOld: number; keys: Buffer[]; keysHash?: bigint }) =>
        beginCell().storeUint(3, 8).storeUint(o.version, 32).storeUint(o.threshold, 8).storeUint(o.expiresOld, 32)
            .storeUint(o.keys.length, 8).storeUint(o.keysHash ?? keysChainHash(o.keys), 256)
            .storeRef(beginCell().storeDictDirect(keysDict(o.keys)).endCell()).endCell(),
};

export function payloadHash(payload: Cell): bigint {
    const s = payload.beginParse();
    return BigInt('0x' + sha256_sync(s.loadBuffer(s.remainingBits / 8)).toString('hex'));
}

export interface BridgeConfig {
    token: bigint; minter: Address; admin: Address; guardian: Address; walletCode: Cell;
    set: { version: number; threshold: number; keys: Buffer[] };
    rate: { limit: bigint; window: number };
}

export function bridgeConfigToCell(c: BridgeConfig): Cell {
    const set = beginCell().storeUint(c.set.version, 32).storeUint(c.set.threshold, 8).storeUint(c.set.keys.length, 8)
        .storeDict(keysDict(c.set.keys)).endCell();
    const sets = beginCell().storeRef(set).storeMaybeRef(null).storeUint(0, 32).endCell();
    const rate = beginCell().storeCoins(c.rate.limit).storeUint(c.rate.window, 32).storeUint(0, 32).storeCoins(0).endCell();
    const roles = beginCell().storeAddress(c.admin).storeAddress(null).storeAddress(c.guardian).storeRef(c.walletCode).endCell();
    return beginCell().storeUint(0, 64).storeBit(0).storeUint(c.token, 256).storeAddress(c.minter).storeAddress(null)
        .storeBit(0).storeRef(sets).storeRef(rate).storeRef(roles).endCell();
}

/** forward payload of a STUN transfer to the bridge: burn and release `recipient` (bytes32) on `dstChain` */
export const bridgeOutPayload = (dstChain: number, recipient: bigint) =>
    beginCell().storeUint(BridgeOp.bridgeOut, 32).storeUint(dstChain, 32).storeUint(recipient, 256).endCell();

export class Bridge implements Contract {
    constructor(readonly address: Address, readonly init?: { code: Cell; data: Cell }) {}
    static createFromAddress(a: Address) { return new Bridge(a); }
    static createFromConfig(c: BridgeConfig, code: Cell, workchain = 0) {
        const init = { code, data: bridgeConfigToCell(c) };
        return new Bridge(contractAddress(workchain, init), init);
    }
    private async call(p: ContractProvider, via: Sender, value: bigint, body: Cell) {
        await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
    }
    /** deploy + derive the bridge's STUN wallet on-chain */
    async sendDeploy(p: ContractProvider, via: Sender, value = toNano('0.5')) {
        await this.call(p, via, value, beginCell().storeUint(BridgeOp.initWallet, 32).storeUint(0, 64).endCell());
    }
    async sendSetGovernance(p: ContractProvider, via: Sender, governance: Address) {
        await this.call(p, via, toNano('0.05'), beginCell().storeUint(BridgeOp.setGovernance, 32).storeUint(0, 64).storeAddress(governance).endCell());
    }
    async sendPause(p: ContractProvider, via: Sender) {
        await this.call(p, via, toNano('0.05'), beginCell().storeUint(BridgeOp.pause, 32).storeUint(0, 64).endCell());
    }
    static bridgeInBody(o: { setVersion: number; message: Buffer; signatures: Map<number, Buffer>; payload?: Cell; queryId?: bigint }) {
        return beginCell().storeUint(BridgeOp.bridgeIn, 32).storeUint(o.queryId ?? 0n, 64).storeUint(o.setVersion, 32)
            .storeRef(bridgeMessageCell(o.message)).storeDict(signaturesDict(o.signatures)).storeMaybeRef(o.payload ?? null).endCell();
    }
    async sendBridgeIn(p: ContractProvider, via: Sender, o: Parameters<typeof Bridge.bridgeInBody>[0] & { value?: bigint }) {
        await this.call(p, via, o.value ?? toNano('0.3'), Bridge.bridgeInBody(o));
    }
    async getState(p: ContractProvider) {
        const r = (await p.get('get_bridge_state', [])).stack;
        return { outNonce: r.readBigNumber(), paused: r.readBoolean(), setVersion: r.readNumber(), threshold: r.readNumber(), rateUsed: r.readBigNumber(), rateLimit: r.readBigNumber() };
    }
    async getConsumed(p: ContractProvider, srcChain: number, nonce: bigint) {
        return (await p.get('is_consumed', [{ type: 'int', value: BigInt(srcChain) }, { type: 'int', value: nonce }])).stack.readBoolean();
    }
    async getDigest(p: ContractProvider, setVersion: number, message: Buffer): Promise<bigint> {
        return (await p.get('bridge_digest', [{ type: 'int', value: BigInt(setVersion) }, { type: 'cell', cell: bridgeMessageCell(message) }])).stack.readBigNumber();
    }
}
