import { Address, Cell, Slice } from '@ton/core';

/**
 * Decoder for the STUN events the TON contracts emit as external-out log messages (contracts/common/events.tolk).
 * Names and fields follow docs/protocol.md; amounts are bigint, accounts are Address (or bigint for foreign-chain
 * bytes32 recipients).
 */
export type StunEvent =
    | { name: 'TaskSubmitted'; taskId: bigint; requester: Address; reward: bigint; currency: number }
    | { name: 'TaskAssigned'; taskId: bigint; providers: Address[] }
    | { name: 'TaskAccepted'; taskId: bigint; provider: Address }
    | { name: 'ResultSubmitted'; taskId: bigint; provider: Address; resultHash: bigint }
    | { name: 'AuditRequested'; taskId: bigint }
    | { name: 'AuditResolved'; taskId: bigint; honest: boolean }
    | { name: 'TaskDisputed'; taskId: bigint; by: Address; bond: bigint }
    | { name: 'TaskFinalized'; taskId: bigint }
    | { name: 'TaskCompleted'; taskId: bigint; provider: Address; resultHash: bigint }
    | { name: 'PaymentSplit'; taskId: bigint; provider: bigint; treasury: bigint; creator: bigint }
    | { name: 'TaskExpired'; taskId: bigint }
    | { name: 'TaskCancelled'; taskId: bigint }
    | { name: 'Refunded'; taskId: bigint; to: Address; amount: bigint }
    | { name: 'IntakeRejected'; from: Address; amount: bigint; code: number }
    | { name: 'ProviderReassigned'; taskId: bigint; noShow: Address; replacement: Address }
    | { name: 'ProviderRegistered'; provider: Address; gpuMemory: number; computeCapability: number; gpuCount: number; region: number }
    | { name: 'ProviderUpdated'; provider: Address }
    | { name: 'Staked'; provider: Address; amount: bigint }
    | { name: 'UnstakeRequested'; provider: Address; amount: bigint; unlockAt: number }
    | { name: 'Unstaked'; provider: Address; amount: bigint }
    | { name: 'Slashed'; provider: Address; amount: bigint; reason: 'wrongResult' | 'noShow' }
    | { name: 'ReputationUpdated'; provider: Address; score: number }
    | { name: 'ModelRegistered'; modelId: bigint; creator: Address }
    | { name: 'ParameterChanged'; paramId: number; old: bigint; new: bigint }
    | { name: 'Paused'; by: Address }
    | { name: 'Unpaused'; by: Address }
    | { name: 'BridgeMinted'; srcChain: number; nonce: bigint; recipient: Address; amount: bigint }
    | { name: 'BridgeBurned'; nonce: bigint; sender: Address; dstChain: number; recipient: bigint; amount: bigint; message: Buffer }
    | { name: 'ValidatorSetUpdated'; version: number; threshold: number; expiresOld: number }
    | { name: 'GovernanceForwarded'; srcChain: number; nonce: bigint; payloadHash: bigint };

const addrOpt = (s: Slice): Address | null => s.loadMaybeAddress();

/** Decodes one event body; returns null for a body that is not a STUN event. */
export function decodeEvent(body: Cell): StunEvent | null {
    const s = body.beginParse();
    if (s.remainingBits < 32) return null;
    const tag = s.loadUint(32);
    switch (tag) {
        case 0x57e00001: return { name: 'TaskSubmitted', taskId: s.loadUintBig(64), requester: s.loadAddress(), reward: s.loadCoins(), currency: s.loadUint(1) };
        case 0x57e00002: {
            const taskId = s.loadUintBig(64);
            const providers = [s.loadAddress(), addrOpt(s), addrOpt(s)].filter((a): a is Address => a !== null);
            return { name: 'TaskAssigned', taskId, providers };
        }
        case 0x57e00003: return { name: 'TaskAccepted', taskId: s.loadUintBig(64), provider: s.loadAddress() };
        case 0x57e00004: return { name: 'ResultSubmitted', taskId: s.loadUintBig(64), provider: s.loadAddress(), resultHash: s.loadUintBig(256) };
        case 0x57e00005: return { name: 'AuditRequested', taskId: s.loadUintBig(64) };
        case 0x57e00006: return { name: 'AuditResolved', taskId: s.loadUintBig(64), honest: s.loadBit() };
        case 0x57e00007: return { name: 'TaskDisputed', taskId: s.loadUintBig(64), by: s.loadAddress(), bond: s.loadCoins() };
        case 0x57e00008: return { name: 'TaskFinalized', taskId: s.loadUintBig(64) };
        case 0x57e00009: return { name: 'TaskCompleted', taskId: s.loadUintBig(64), provider: s.loadAddress(), resultHash: s.loadUintBig(256) };
        case 0x57e0000a: return { name: 'PaymentSplit', taskId: s.loadUintBig(64), provider: s.loadCoins(), treasury: s.loadCoins(), creator: s.loadCoins() };
        case 0x57e0000b: return { name: 'TaskExpired', taskId: s.loadUintBig(64) };
        case 0x57e0000c: return { name: 'TaskCancelled', taskId: s.loadUintBig(64) };
        case 0x57e0000d: return { name: 'Refunded', taskId: s.loadUintBig(64), to: s.loadAddress(), amount: s.loadCoins() };
        case 0x57e0000e: return { name: 'IntakeRejected', from: s.loadAddress(), amount: s.loadCoins(), code: s.loadUint(16) };
        case 0x57e0000f: return { name: 'ProviderReassigned', taskId: s.loadUintBig(64), noShow: s.loadAddress(), replacement: s.loadAddress() };
        case 0x57e00010: return { name: 'ProviderRegistered', provider: s.loadAddress(), gpuMemory: s.loadUint(16), computeCapability: s.loadUint(16), gpuCount: s.loadUint(8), region: s.loadUint(16) };
        case 0x57e00011: return { name: 'ProviderUpdated', provider: s.loadAddress() };
        case 0x57e00012: return { name: 'Staked', provider: s.loadAddress(), amount: s.loadCoins() };
        case 0x57e00013: return { name: 'UnstakeRequested', provider: s.loadAddress(), amount: s.loadCoins(), unlockAt: s.loadUint(32) };
        case 0x57e00014: return { name: 'Unstaked', provider: s.loadAddress(), amount: s.loadCoins() };
        case 0x57e00015: return { name: 'Slashed', provider: s.loadAddress(), amount: s.loadCoins(), reason: s.loadUint(8) === 1 ? 'wrongResult' : 'noShow' };
        case 0x57e00016: return { name: 'ReputationUpdated', provider: s.loadAddress(), score: s.loadUint(16) };
        case 0x57e00017: return { name: 'ModelRegistered', modelId: s.loadUintBig(256), creator: s.loadAddress() };
        case 0x57e00020: return { name: 'ParameterChanged', paramId: s.loadUint(8), old: s.loadUintBig(256), new: s.loadUintBig(256) };
        case 0x57e00021: return { name: 'Paused', by: s.loadAddress() };
        case 0x57e00022: return { name: 'Unpaused', by: s.loadAddress() };
        case 0x57e00030: return { name: 'BridgeMinted', srcChain: s.loadUint(32), nonce: s.loadUintBig(64), recipient: s.loadAddress(), amount: s.loadCoins() };
        case 0x57e00031: {
            const nonce = s.loadUintBig(64), sender = s.loadAddress(), dstChain = s.loadUint(32), recipient = s.loadUintBig(256), amount = s.loadCoins();
            const m = s.loadRef().beginParse();
            const message = Buffer.concat([m.loadBuffer(114), m.loadRef().beginParse().loadBuffer(48)]);
            return { name: 'BridgeBurned', nonce, sender, dstChain, recipient, amount, message };
        }
        case 0x57e00032: return { name: 'ValidatorSetUpdated', version: s.loadUint(32), threshold: s.loadUint(8), expiresOld: s.loadUint(32) };
        case 0x57e00033: return { name: 'GovernanceForwarded', srcChain: s.loadUint(32), nonce: s.loadUintBig(64), payloadHash: s.loadUintBig(256) };
        default: return null;
    }
}

/** Decodes every STUN event among external-out messages ({ info.type, body } as in @ton/core). */
export function decodeEvents(externals: { body: Cell }[]): StunEvent[] {
    return externals.map((e) => decodeEvent(e.body)).filter((e): e is StunEvent => e !== null);
}
