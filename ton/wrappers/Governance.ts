import { Address, beginCell, Cell, Contract, contractAddress, ContractProvider, Sender, SendMode, toNano } from '@ton/core';

/** Governance executor: receives GovernanceAction only from the bridge (kind-2 messages from the hub). */
export class Governance implements Contract {
    constructor(readonly address: Address, readonly init?: { code: Cell; data: Cell }) {}
    static createFromAddress(a: Address) { return new Governance(a); }
    static createFromConfig(c: { bridge: Address; admin: Address }, code: Cell, workchain = 0) {
        const init = { code, data: beginCell().storeAddress(c.bridge).storeAddress(c.admin).storeAddress(null).endCell() };
        return new Governance(contractAddress(workchain, init), init);
    }
    async sendDeploy(p: ContractProvider, via: Sender, value = toNano('0.05')) {
        await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: beginCell().endCell() });
    }
    /** admin (deployer) only, once */
    async sendSetMarketplace(p: ContractProvider, via: Sender, marketplace: Address) {
        await p.internal(via, { value: toNano('0.05'), sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: beginCell().storeUint(0x57030002, 32).storeUint(0, 64).storeAddress(marketplace).endCell() });
    }
    /** what the bridge sends; only the bridge may (tests send it directly to check ERR_NOT_BRIDGE) */
    static actionBody(srcChain: number, nonce: bigint, payload: Cell) {
        return beginCell().storeUint(0x57030001, 32).storeUint(0, 64).storeUint(srcChain, 32).storeUint(nonce, 64).storeRef(payload).endCell();
    }
}
