import { Address, Cell, Transaction, fromNano } from '@ton/core';
import { flattenTransaction } from '@ton/test-utils';

/** compute-phase gas of a transaction (0 when it was skipped) */
export function computeGas(tx: Transaction): bigint {
    const d = tx.description;
    if (d.type === 'generic' && d.computePhase.type === 'vm') return d.computePhase.gasUsed;
    return 0n;
}

/** gas of the first transaction in the tree that executed opcode `op` (optionally at address `to`) */
export function gasOfOp(txs: Transaction[], op: number): bigint {
    for (const tx of txs) {
        const f = flattenTransaction(tx);
        if (f.op === op) return computeGas(tx);
    }
    throw new Error('op not found: 0x' + op.toString(16));
}

export const GAS_LOG: { label: string; gas: bigint; fee: string }[] = [];

export function recordGas(label: string, txs: Transaction[], op: number): bigint {
    for (const tx of txs) {
        const f = flattenTransaction(tx);
        if (f.op === op) {
            const g = computeGas(tx);
            GAS_LOG.push({ label, gas: g, fee: fromNano(tx.totalFees.coins) });
            return g;
        }
    }
    throw new Error('op not found: 0x' + op.toString(16));
}

/** external-out log bodies emitted in a message tree (STUN events) */
export function eventBodies(txs: Transaction[]): Cell[] {
    const out: Cell[] = [];
    for (const tx of txs) for (const m of tx.outMessages.values()) if (m.info.type === 'external-out') out.push(m.body);
    return out;
}

/** the 32-bit tags of the events emitted in a message tree, in order */
export function eventTags(txs: Transaction[]): number[] {
    return eventBodies(txs).map((b) => b.beginParse().preloadUint(32));
}

/** events with Address values as strings (Address instances carry closures that defeat toEqual) */
export function plain<T extends object>(events: T[]): Record<string, unknown>[] {
    const conv = (v: unknown): unknown => (v instanceof Address ? v.toString() : Array.isArray(v) ? v.map(conv) : v);
    return events.map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, conv(v)])));
}
