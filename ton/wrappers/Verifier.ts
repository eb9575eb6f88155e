import { Address, beginCell, Cell, Contract, contractAddress, ContractProvider, Sender, SendMode, toNano } from '@ton/core';

/** A Groth16 proof on BLS12-381 in the TON encoding (compressed points, hex): circuits/src/encoding.ts encodeTonProof. */
export interface TonProof { a: string; b: string; c: string }

export const VerifierOp = { verifyResultProof: 0x5700a001, proofVerified: 0x5700a002 } as const;

/** Proof cell: A (48 B) and C (48 B) inline, B (96 B) in a ref, as `Groth16Proof` in contracts/zk/groth16.tolk. */
export function proofCell(p: TonProof): Cell {
    const a = Buffer.from(p.a, 'hex'), b = Buffer.from(p.b, 'hex'), c = Buffer.from(p.c, 'hex');
    if (a.length !== 48 || b.length !== 96 || c.length !== 48) throw new RangeError('proof points must be 48/96/48 bytes');
    return beginCell().storeBuffer(a).storeBuffer(c).storeRef(beginCell().storeBuffer(b).endCell()).endCell();
}

/** The provider public input of a TON account: the top 160 bits of its account id. */
export function providerField(addr: Address): bigint {
    return BigInt('0x' + addr.hash.toString('hex')) >> 96n;
}

export class Verifier implements Contract {
    constructor(readonly address: Address, readonly init?: { code: Cell; data: Cell }) {}

    static createFromCode(code: Cell, workchain = 0) {
        const init = { code, data: beginCell().endCell() };
        return new Verifier(contractAddress(workchain, init), init);
    }

    async sendDeploy(provider: ContractProvider, via: Sender, value = toNano('0.05')) {
        await provider.internal(via, { value, sendMode: SendMode.PAY_GAS_SEPARATELY, body: beginCell().endCell() });
    }

    async sendVerify(provider: ContractProvider, via: Sender, opts: { taskId: bigint; resultHash: bigint; provider: bigint; proof: TonProof; value?: bigint; queryId?: bigint }) {
        await provider.internal(via, {
            value: opts.value ?? toNano('0.1'),
            sendMode: SendMode.PAY_GAS_SEPARATELY,
            body: beginCell().storeUint(VerifierOp.verifyResultProof, 32).storeUint(opts.queryId ?? 0n, 64)
                .storeUint(opts.taskId, 64).storeUint(opts.resultHash, 256).storeUint(opts.provider, 160)
                .storeRef(proofCell(opts.proof)).endCell(),
        });
    }

    async getVerify(provider: ContractProvider, proof: TonProof, signals: [bigint, bigint, bigint]): Promise<{ ok: boolean; gasUsed: bigint }> {
        const sl = (hex: string) => ({ type: 'slice' as const, cell: beginCell().storeBuffer(Buffer.from(hex, 'hex')).endCell() });
        const r = await provider.get('verify_proof', [
            sl(proof.a), sl(proof.b), sl(proof.c),
            { type: 'int', value: signals[0] }, { type: 'int', value: signals[1] }, { type: 'int', value: signals[2] },
        ]);
        const ok = r.stack.readBoolean();
        return { ok, gasUsed: BigInt((r as unknown as { gasUsed?: bigint | number }).gasUsed ?? 0) };
    }
}
