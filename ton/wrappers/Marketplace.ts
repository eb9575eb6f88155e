import {
    Address, beginCell, Builder, Cell, Contract, contractAddress, ContractProvider, Sender, SendMode, toNano,
} from '@ton/core';
import { proofCell, TonProof } from './Verifier.js';

export const MarketOp = {
    submitTaskTon: 0x57010001,
    registerProvider: 0x57010010,
    requestUnstake: 0x57010011,
    withdrawUnstaked: 0x57010012,
    registerModel: 0x57010013,
    initWallet: 0x57010014,
    sweepTreasury: 0x57010015,
    claimCredit: 0x57010016,
    cancelTask: 0x57010020,
    assignTask: 0x57010021,
    acceptTask: 0x57010022,
    submitResult: 0x57010023,
    expireTask: 0x57010024,
    finalizeTask: 0x57010025,
    disputeTaskTon: 0x57010026,
    resolveAudit: 0x57010027,
    reassignProvider: 0x57010028,
    setParam: 0x57010030,
    pause: 0x57010031,
    // forward payloads of STUN transfers
    submitTaskJetton: 0x57010101,
    stakeJetton: 0x57010102,
    disputeTaskJetton: 0x57010103,
    taskPayout: 0x57010040,
} as const;

/** Event tags (32-bit opcodes of the external-out log bodies), contracts/common/events.tolk. */
export const Event = {
    TaskSubmitted: 0x57e00001,
    TaskAssigned: 0x57e00002,
    TaskAccepted: 0x57e00003,
    ResultSubmitted: 0x57e00004,
    AuditRequested: 0x57e00005,
    AuditResolved: 0x57e00006,
    TaskDisputed: 0x57e00007,
    TaskFinalized: 0x57e00008,
    TaskCompleted: 0x57e00009,
    PaymentSplit: 0x57e0000a,
    TaskExpired: 0x57e0000b,
    TaskCancelled: 0x57e0000c,
    Refunded: 0x57e0000d,
    IntakeRejected: 0x57e0000e,
    ProviderReassigned: 0x57e0000f,
    ProviderRegistered: 0x57e00010,
    ProviderUpdated: 0x57e00011,
    Staked: 0x57e00012,
    UnstakeRequested: 0x57e00013,
    Unstaked: 0x57e00014,
    Slashed: 0x57e00015,
    ReputationUpdated: 0x57e00016,
    ModelRegistered: 0x57e00017,
    ParameterChanged: 0x57e00020,
    Paused: 0x57e00021,
    Unpaused: 0x57e00022,
    BridgeMinted: 0x57e00030,
    BridgeBurned: 0x57e00031,
    ValidatorSetUpdated: 0x57e00032,
    GovernanceForwarded: 0x57e00033,
} as const;

export const TaskStatus = { None: 0, Submitted: 1, Assigned: 2, Audited: 4, Challengeable: 5, Disputed: 6 } as const;
export const Currency = { TON: 0, STUN: 1 } as const;

/** SetParam ids (contracts/marketplace/messages.tolk). */
export const Param = {
    minStake: 1, unbondingPeriod: 2, slashBpsWrongResult: 3, slashBpsNoShow: 4, auditRateBps: 5, challengePeriod: 6,
    disputeBondBps: 7, feeSplit: 8, maxRedundancy: 9, acceptWindow: 10, challengerShareBps: 11, matcher: 12, auditor: 13,
    treasury: 14, guardian: 15, unpause: 16,
} as const;

export interface MarketParams {
    minStake: bigint; unbondingPeriod: number; slashBpsWrongResult: number; slashBpsNoShow: number; auditRateBps: number;
    challengePeriod: number; disputeBondBps: number; providerBps: number; treasuryBps: number; creatorBps: number;
    maxRedundancy: number; acceptWindow: number; challengerShareBps: number;
}

/** Defaults of docs/protocol.md / evm (audit 10%, 80/15/5, 7 days unbonding; STUN has the hub's 18 decimals on TON). */
export const DEFAULT_PARAMS: MarketParams = {
    minStake: 100n * 10n ** 18n, unbondingPeriod: 7 * 86400, slashBpsWrongResult: 1000, slashBpsNoShow: 200, auditRateBps: 1000,
    challengePeriod: 3600, disputeBondBps: 500, providerBps: 8000, treasuryBps: 1500, creatorBps: 500, maxRedundancy: 3,
    acceptWindow: 600, challengerShareBps: 2000,
};

export interface MarketplaceConfig {
    governance: Address; matcher: Address; auditor: Address; treasury: Address; guardian: Address;
    minter: Address; walletCode: Cell; params?: MarketParams; nextTaskId?: bigint;
}

export interface Requirements { gpuMemory: number; computeCapability: number; gpuCount: number; region: number; privacy: number }
export interface Specs { gpuMemory: number; computeCapability: number; gpuCount: number; region: number }
export const ANY_REQ: Requirements = { gpuMemory: 0, computeCapability: 0, gpuCount: 0, region: 0, privacy: 0 };

/** Params cell, in the field order of contracts/marketplace/storage.tolk (the release's fee split first). */
export function paramsCell(p: MarketParams): Cell {
    return beginCell()
        .storeUint(p.providerBps, 16).storeUint(p.creatorBps, 16).storeUint(p.slashBpsWrongResult, 16).storeUint(p.treasuryBps, 16)
        .storeCoins(p.minStake).storeUint(p.unbondingPeriod, 32).storeUint(p.slashBpsNoShow, 16).storeUint(p.auditRateBps, 16)
        .storeUint(p.challengePeriod, 32).storeUint(p.disputeBondBps, 16)
        .storeUint(p.maxRedundancy, 8).storeUint(p.acceptWindow, 32).storeUint(p.challengerShareBps, 16)
        .endCell();
}

export function marketplaceConfigToCell(c: MarketplaceConfig): Cell {
    const roles = beginCell().storeAddress(c.governance).storeAddress(c.matcher).storeAddress(c.auditor)
        .storeRef(paramsCell(c.params ?? DEFAULT_PARAMS)).endCell();
    const ext = beginCell().storeAddress(c.guardian).storeAddress(c.minter).storeRef(c.walletCode).storeBit(0).storeBit(0).endCell();
    return beginCell()
        .storeCoins(0)               // treasuryTon
        .storeBit(0)                 // tasks
        .storeRef(roles)
        .storeBit(0)                 // paused
        .storeCoins(0)               // treasuryStun
        .storeBit(0)                 // providers
        .storeAddress(null)          // jettonWallet (InitWallet derives it)
        .storeUint(c.nextTaskId ?? 1n, 64)
        .storeAddress(c.treasury)
        .storeRef(ext)
        .endCell();
}

const storeReq = (b: Builder, r: Requirements) =>
    b.storeUint(r.gpuMemory, 16).storeUint(r.computeCapability, 16).storeUint(r.gpuCount, 8).storeUint(r.region, 16).storeUint(r.privacy, 8);

/** Forward payload of a STUN transfer that submits a task (reward = the jetton amount). */
export function submitTaskJettonPayload(o: { modelId?: bigint; redundancy: number; deadline: number; req?: Requirements }): Cell {
    return storeReq(beginCell().storeUint(MarketOp.submitTaskJetton, 32).storeUint(o.modelId ?? 0n, 256)
        .storeUint(o.redundancy, 8).storeUint(o.deadline, 32), o.req ?? ANY_REQ).endCell();
}
export const stakePayload = () => beginCell().storeUint(MarketOp.stakeJetton, 32).endCell();
export const disputePayload = (taskId: bigint) => beginCell().storeUint(MarketOp.disputeTaskJetton, 32).storeUint(taskId, 64).endCell();

function op(code: number, queryId = 0n): Builder {
    return beginCell().storeUint(code, 32).storeUint(queryId, 64);
}

export class Marketplace implements Contract {
    constructor(readonly address: Address, readonly init?: { code: Cell; data: Cell }) {}

    static createFromAddress(address: Address) { return new Marketplace(address); }

    static createFromConfig(config: MarketplaceConfig, code: Cell, workchain = 0) {
        const init = { code, data: marketplaceConfigToCell(config) };
        return new Marketplace(contractAddress(workchain, init), init);
    }

    private async call(p: ContractProvider, via: Sender, value: bigint, body: Cell) {
        await p.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body });
    }

    /** deploy + InitWallet (derives the marketplace's STUN wallet on-chain) */
    async sendDeploy(p: ContractProvider, via: Sender, value = toNano('1')) {
        await this.call(p, via, value, op(MarketOp.initWallet).endCell());
    }
    async sendInitWallet(p: ContractProvider, via: Sender) { await this.call(p, via, toNano('0.05'), op(MarketOp.initWallet).endCell()); }

    static submitTaskTonBody(o: { reward: bigint; modelId?: bigint; redundancy: number; deadline: number; req?: Requirements; queryId?: bigint }) {
        return storeReq(op(MarketOp.submitTaskTon, o.queryId).storeCoins(o.reward).storeUint(o.modelId ?? 0n, 256)
            .storeUint(o.redundancy, 8).storeUint(o.deadline, 32), o.req ?? ANY_REQ).endCell();
    }
    async sendSubmitTaskTon(p: ContractProvider, via: Sender, o: Parameters<typeof Marketplace.submitTaskTonBody>[0] & { value?: bigint }) {
        await this.call(p, via, o.value ?? o.reward + toNano('0.05'), Marketplace.submitTaskTonBody(o));
    }
    async sendRegisterProvider(p: ContractProvider, via: Sender, s: Specs) {
        await this.call(p, via, toNano('0.05'), op(MarketOp.registerProvider).storeUint(s.gpuMemory, 16)
            .storeUint(s.computeCapability, 16).storeUint(s.gpuCount, 8).storeUint(s.region, 16).endCell());
    }
    async sendRequestUnstake(p: ContractProvider, via: Sender, amount: bigint) {
        await this.call(p, via, toNano('0.05'), op(MarketOp.requestUnstake).storeCoins(amount).endCell());
    }
    async sendWithdrawUnstaked(p: ContractProvider, via: Sender, value = toNano('0.1')) {
        await this.call(p, via, value, op(MarketOp.withdrawUnstaked).endCell());
    }
    async sendRegisterModel(p: ContractProvider, via: Sender, modelId: bigint) {
        await this.call(p, via, toNano('0.05'), op(MarketOp.registerModel).storeUint(modelId, 256).endCell());
    }
    async sendSweepTreasury(p: ContractProvider, via: Sender, value = toNano('0.1')) {
        await this.call(p, via, value, op(MarketOp.sweepTreasury).endCell());
    }
    async sendClaimCredit(p: ContractProvider, via: Sender, value = toNano('0.1')) {
        await this.call(p, via, value, op(MarketOp.claimCredit).endCell());
    }
    async getCredit(p: ContractProvider, account: Address): Promise<bigint> {
        return (await p.get('get_credit', [{ type: 'slice', cell: beginCell().storeAddress(account).endCell() }])).stack.readBigNumber();
    }
    async sendCancel(p: ContractProvider, via: Sender, taskId: bigint, value = toNano('0.1')) {
        await this.call(p, via, value, op(MarketOp.cancelTask).storeUint(taskId, 64).endCell());
    }
    async sendAssign(p: ContractProvider, via: Sender, taskId: bigint, providers: Address[], value = toNano('0.05')) {
        await this.call(p, via, value, op(MarketOp.assignTask).storeUint(taskId, 64).storeAddress(providers[0])
            .storeAddress(providers[1] ?? null).storeAddress(providers[2] ?? null).endCell());
    }
    async sendAccept(p: ContractProvider, via: Sender, taskId: bigint) {
        await this.call(p, via, toNano('0.05'), op(MarketOp.acceptTask).storeUint(taskId, 64).endCell());
    }
    static submitResultBody(taskId: bigint, resultHash: bigint, proof: TonProof) {
        return op(MarketOp.submitResult).storeUint(taskId, 64).storeUint(resultHash, 256).storeRef(proofCell(proof)).endCell();
    }
    async sendSubmitResult(p: ContractProvider, via: Sender, taskId: bigint, resultHash: bigint, proof: TonProof, value = toNano('0.1')) {
        await this.call(p, via, value, Marketplace.submitResultBody(taskId, resultHash, proof));
    }
    async sendExpire(p: ContractProvider, via: Sender, taskId: bigint, value = toNano('0.1')) {
        await this.call(p, via, value, op(MarketOp.expireTask).storeUint(taskId, 64).endCell());
    }
    async sendFinalize(p: ContractProvider, via: Sender, taskId: bigint, value = toNano('0.3')) {
        await this.call(p, via, value, op(MarketOp.finalizeTask).storeUint(taskId, 64).endCell());
    }
    async sendDisputeTon(p: ContractProvider, via: Sender, taskId: bigint, value: bigint) {
        await this.call(p, via, value, op(MarketOp.disputeTaskTon).storeUint(taskId, 64).endCell());
    }
    async sendResolveAudit(p: ContractProvider, via: Sender, taskId: bigint, honest: boolean, value = toNano('0.3')) {
        await this.call(p, via, value, op(MarketOp.resolveAudit).storeUint(taskId, 64).storeBit(honest).endCell());
    }
    /** matcher: replaces `noShow` (a lane past its own accept window, neither accepted nor submitted) by `replacement` */
    static reassignProviderBody(taskId: bigint, noShow: Address, replacement: Address, queryId = 0n) {
        return op(MarketOp.reassignProvider, queryId).storeUint(taskId, 64).storeAddress(noShow).storeAddress(replacement).endCell();
    }
    async sendReassignProvider(p: ContractProvider, via: Sender, taskId: bigint, noShow: Address, replacement: Address, value = toNano('0.05')) {
        await this.call(p, via, value, Marketplace.reassignProviderBody(taskId, noShow, replacement));
    }
    async sendSetParam(p: ContractProvider, via: Sender, paramId: number, value: bigint) {
        await this.call(p, via, toNano('0.05'), op(MarketOp.setParam).storeUint(paramId, 8).storeUint(value, 256).endCell());
    }
    async sendPause(p: ContractProvider, via: Sender) { await this.call(p, via, toNano('0.05'), op(MarketOp.pause).endCell()); }

    async getTask(p: ContractProvider, taskId: bigint) {
        const r = (await p.get('get_task', [{ type: 'int', value: taskId }])).stack;
        return {
            status: r.readNumber(), requester: r.readAddressOpt(), currency: r.readNumber(), redundancy: r.readNumber(),
            reward: r.readBigNumber(), deadline: r.readNumber(), stamp: r.readNumber(), submittedMask: r.readNumber(), bond: r.readBigNumber(),
        };
    }
    async getProvider(p: ContractProvider, provider: Address) {
        const r = (await p.get('get_provider', [{ type: 'slice', cell: beginCell().storeAddress(provider).endCell() }])).stack;
        return {
            registered: r.readBoolean(), stake: r.readBigNumber(), unbonding: r.readBigNumber(), unlockAt: r.readNumber(),
            reputation: r.readNumber(), successes: r.readNumber(), wrongResults: r.readNumber(), noShows: r.readNumber(),
        };
    }
    async getParams(p: ContractProvider): Promise<MarketParams> {
        const r = (await p.get('get_params', [])).stack;
        const providerBps = r.readNumber(), creatorBps = r.readNumber(), slashBpsWrongResult = r.readNumber(), treasuryBps = r.readNumber();
        return {
            providerBps, creatorBps, slashBpsWrongResult, treasuryBps,
            minStake: r.readBigNumber(), unbondingPeriod: r.readNumber(), slashBpsNoShow: r.readNumber(), auditRateBps: r.readNumber(),
            challengePeriod: r.readNumber(), disputeBondBps: r.readNumber(), maxRedundancy: r.readNumber(), acceptWindow: r.readNumber(),
            challengerShareBps: r.readNumber(),
        };
    }
    async getState(p: ContractProvider) {
        const r = (await p.get('get_state', [])).stack;
        return { nextTaskId: r.readBigNumber(), paused: r.readBoolean(), treasuryStun: r.readBigNumber(), treasuryTon: r.readBigNumber(), jettonWallet: r.readAddressOpt(), treasury: r.readAddress() };
    }
    async getModelCreator(p: ContractProvider, modelId: bigint) {
        return (await p.get('get_model_creator', [{ type: 'int', value: modelId }])).stack.readAddressOpt();
    }
}

