import { Blockchain, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { toNano } from '@ton/core';
import '@ton/test-utils';
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileContract } from '../wrappers/compile.js';
import { Verifier, VerifierOp, TonProof } from '../wrappers/Verifier.js';
import { Errors } from '../wrappers/errors.js';
import { GAS_BUDGET } from '../wrappers/gas.js';
import { gasOfOp } from './helpers.js';
import { negG2Hex } from '../scripts/vkey-neg.js';

interface Vec { name: string; publicSignals: string[]; expected: { valid: boolean }; ton: TonProof }
const vectors = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'circuits', 'vectors', 'result_commitment.bls12381.json'), 'utf8')) as { vectors: Vec[] }).vectors;

describe('verification key provenance', () => {
    it('contracts/zk/vkey.tolk embeds circuits/keys/result_commitment.bls12381.ton.json (run scripts/gen-vkey.ts on drift)', () => {
        const vk = JSON.parse(readFileSync(join(__dirname, '..', '..', 'circuits', 'keys', 'result_commitment.bls12381.ton.json'), 'utf8')) as { alpha: string; beta: string; gamma: string; delta: string; ic: string[] };
        const tolk = readFileSync(join(__dirname, '..', 'contracts', 'zk', 'vkey.tolk'), 'utf8');
        for (const p of [vk.alpha, ...vk.ic]) expect(tolk).toContain(`x{${p}}`);
        // the G2 points are embedded negated (no BLS_G1_NEG at run time)
        for (const p of [vk.beta, vk.gamma, vk.delta]) {
            expect(tolk).toContain(`x{${negG2Hex(p)}}`);
            expect(tolk).not.toContain(`x{${p}}`);
        }
    });
});

describe('Groth16 BLS12-381 verifier (circuits/vectors/result_commitment.bls12381.json)', () => {
    let blockchain: Blockchain;
    let user: SandboxContract<TreasuryContract>;
    let verifier: SandboxContract<Verifier>;

    beforeAll(async () => {
        blockchain = await Blockchain.create();
        user = await blockchain.treasury('user');
        verifier = blockchain.openContract(Verifier.createFromCode(await compileContract('Verifier')));
        await verifier.sendDeploy(user.getSender());
    });

    const valid = vectors.find((v) => v.name === 'valid')!;
    const sig = (v: Vec) => v.publicSignals.map(BigInt) as [bigint, bigint, bigint];

    it('accepts the real proof in a message, within the gas budget', async () => {
        const [taskId, resultHash, provider] = sig(valid);
        const r = await verifier.sendVerify(user.getSender(), { taskId, resultHash, provider, proof: valid.ton });
        expect(r.transactions).toHaveTransaction({ from: user.address, to: verifier.address, success: true });
        expect(r.transactions).toHaveTransaction({ from: verifier.address, to: user.address, op: VerifierOp.proofVerified });
        const gas = gasOfOp(r.transactions, VerifierOp.verifyResultProof);
        expect(gas).toBeLessThanOrEqual(GAS_BUDGET.verifyProofStandalone);
    });

    it.each(vectors.map((v) => [v.name, v] as const))('get-method verdict matches vector %s', async (_n, v) => {
        const r = await verifier.getVerify(v.ton, sig(v));
        expect(r.ok).toBe(v.expected.valid);
    });

    it('rejects a wrong public input with ERR_PROOF_REJECTED and bounces the value back', async () => {
        const [taskId, resultHash, provider] = sig(valid);
        const r = await verifier.sendVerify(user.getSender(), { taskId, resultHash: resultHash + 1n, provider, proof: valid.ton });
        expect(r.transactions).toHaveTransaction({ to: verifier.address, success: false, exitCode: Errors.PROOF_REJECTED });
        expect(r.transactions).toHaveTransaction({ from: verifier.address, to: user.address, inMessageBounced: true });
    });

    it('rejects inputs >= r (no malleability) and malformed points without throwing a VM error', async () => {
        const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
        const [taskId, resultHash, provider] = sig(valid);
        expect((await verifier.getVerify(valid.ton, [taskId, resultHash + R, provider])).ok).toBe(false);
        const bad = { ...valid.ton, a: 'ff'.repeat(48) };
        expect((await verifier.getVerify(bad, [taskId, resultHash, provider])).ok).toBe(false);
        const r = await verifier.sendVerify(user.getSender(), { taskId, resultHash, provider, proof: bad, value: toNano('0.2') });
        expect(r.transactions).toHaveTransaction({ to: verifier.address, success: false, exitCode: Errors.PROOF_REJECTED });
    });
});
