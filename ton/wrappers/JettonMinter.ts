import {
    Address, beginCell, Builder, Cell, Contract, contractAddress, ContractProvider, Sender, SendMode, toNano,
} from '@ton/core';

export const Op = {
    transfer: 0x0f8a7ea5,
    transfer_notification: 0x7362d09c,
    internal_transfer: 0x178d4519,
    excesses: 0xd53276db,
    burn: 0x595f07bc,
    burn_notification: 0x7bdd97de,
    provide_wallet_address: 0x2c76b973,
    take_wallet_address: 0xd1735400,
    mint: 0x642b7d07,
    change_admin: 0x6501f354,
    burn_event: 0xb1d3a7e5,
} as const;

export type JettonMinterConfig = { admin: Address | null; content: Cell; walletCode: Cell; totalSupply?: bigint };

export function jettonContentUri(uri: string): Cell {
    // TEP-64 off-chain metadata
    return beginCell().storeUint(1, 8).storeStringTail(uri).endCell();
}

export function jettonMinterConfigToCell(c: JettonMinterConfig): Cell {
    return beginCell()
        .storeCoins(c.totalSupply ?? 0n)
        .storeAddress(c.admin)
        .storeRef(c.content)
        .storeRef(c.walletCode)
        .endCell();
}

/** internal_transfer as built by the minter on mint (initiator = addr_none) */
export function internalTransferBody(opts: {
    queryId?: bigint; amount: bigint; from?: Address | null; responseAddress?: Address | null;
    forwardTonAmount?: bigint; forwardPayload?: Cell | null;
}): Cell {
    const b = beginCell()
        .storeUint(Op.internal_transfer, 32)
        .storeUint(opts.queryId ?? 0n, 64)
        .storeCoins(opts.amount)
        .storeAddress(opts.from ?? null)
        .storeAddress(opts.responseAddress ?? null)
        .storeCoins(opts.forwardTonAmount ?? 0n);
    storeEitherPayload(b, opts.forwardPayload ?? null);
    return b.endCell();
}

/** forward_payload:(Either Cell ^Cell) — always as a ref when present */
export function storeEitherPayload(b: Builder, payload: Cell | null) {
    if (payload) b.storeBit(1).storeRef(payload);
    else b.storeBit(0);
}

export class JettonMinter implements Contract {
    constructor(readonly address: Address, readonly init?: { code: Cell; data: Cell }) {}

    static createFromAddress(address: Address) {
        return new JettonMinter(address);
    }

    static createFromConfig(config: JettonMinterConfig, code: Cell, workchain = 0) {
        const data = jettonMinterConfigToCell(config);
        const init = { code, data };
        return new JettonMinter(contractAddress(workchain, init), init);
    }

    async sendDeploy(provider: ContractProvider, via: Sender, value: bigint) {
        await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: beginCell().endCell() });
    }

    static mintMessage(to: Address, jettonAmount: bigint, opts: { queryId?: bigint; responseAddress?: Address | null; forwardTonAmount?: bigint; tonAmount?: bigint } = {}) {
        return beginCell()
            .storeUint(Op.mint, 32)
            .storeUint(opts.queryId ?? 0n, 64)
            .storeAddress(to)
            .storeCoins(opts.tonAmount ?? toNano('0.05'))
            .storeRef(internalTransferBody({
                queryId: opts.queryId, amount: jettonAmount, from: null,
                responseAddress: opts.responseAddress ?? null, forwardTonAmount: opts.forwardTonAmount ?? 0n,
            }))
            .endCell();
    }

    async sendMint(provider: ContractProvider, via: Sender, to: Address, jettonAmount: bigint,
        opts: { value?: bigint; responseAddress?: Address | null; forwardTonAmount?: bigint; queryId?: bigint } = {}) {
        await provider.internal(via, {
            value: opts.value ?? toNano('0.1'),
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: JettonMinter.mintMessage(to, jettonAmount, opts),
        });
    }

    async sendChangeAdmin(provider: ContractProvider, via: Sender, newAdmin: Address) {
        await provider.internal(via, {
            value: toNano('0.05'),
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: beginCell().storeUint(Op.change_admin, 32).storeUint(0, 64).storeAddress(newAdmin).endCell(),
        });
    }

    async sendDiscovery(provider: ContractProvider, via: Sender, owner: Address, includeAddress: boolean, value = toNano('0.1')) {
        await provider.internal(via, {
            value,
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: beginCell().storeUint(Op.provide_wallet_address, 32).storeUint(0, 64)
                .storeAddress(owner).storeBit(includeAddress).endCell(),
        });
    }

    async getWalletAddress(provider: ContractProvider, owner: Address): Promise<Address> {
        const res = await provider.get('get_wallet_address', [
            { type: 'slice', cell: beginCell().storeAddress(owner).endCell() },
        ]);
        return res.stack.readAddress();
    }

    async getJettonData(provider: ContractProvider) {
        const res = await provider.get('get_jetton_data', []);
        return {
            totalSupply: res.stack.readBigNumber(),
            mintable: res.stack.readBoolean(),
            admin: res.stack.readAddressOpt(),
            content: res.stack.readCell(),
            walletCode: res.stack.readCell(),
        };
    }

    async getTotalSupply(provider: ContractProvider) {
        return (await this.getJettonData(provider)).totalSupply;
    }
}
