/**
 * One deterministic sandbox run over every TON operation, returning compute gas per operation.
 * Shared by tests/Gas.spec.ts (asserts the budgets of wrappers/gas.ts) and bench/ton-bench.ts (bench rows).
 */
import { Blockchain, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { Address, Transaction, toNano } from '@ton/core';
import { keyPairFromSeed } from '@ton/crypto';
import { flattenTransaction } from '@ton/test-utils';
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileContract, TON_ROOT } from '../wrappers/compile.js';
import { JettonMinter, jettonContentUri } from '../wrappers/JettonMinter.js';
import { JettonWallet } from '../wrappers/JettonWallet.js';
import { Bridge, ChainId, GovPayload, bridgeOutPayload, encodeBridgeMessage, payloadHash, signBridgeMessage } from '../wrappers/Bridge.js';
import { Governance } from '../wrappers/Governance.js';
import { DEFAULT_PARAMS, Marketplace, MarketOp, Param, stakePayload, submitTaskJettonPayload } from '../wrappers/Marketplace.js';
import { Verifier, VerifierOp, TonProof } from '../wrappers/Verifier.js';

export type GasOp =
    | 'jetton.transfer' | 'jetton.mint' | 'jetton.burn'
    | 'market.submitTask.ton' | 'market.submitTask.stun' | 'market.assign' | 'market.submitResult'
    | 'market.finalize.ton' | 'market.finalize.stun' | 'market.stake' | 'market.cancel'
    | 'market.registerProvider' | 'market.verifyProof'
    | 'market.r3.assign' | 'market.r3.submitResults' | 'market.r3.finalize' | 'market.r3.total'
    | 'verifier.verifyProof' | 'bridge.mint' | 'bridge.burnOut' | 'bridge.governance';

const STUN = 10n ** 18n;
const SPECS = { gpuMemory: 80, computeCapability: 90, gpuCount: 8, region: 0 };
const T0 = 1_800_000_000;

function gasOf(txs: Transaction[], op: number, to?: Address): bigint {
    for (const tx of txs) {
        const f = flattenTransaction(tx);
        if (f.op === op && (!to || f.to?.equals(to))) {
            const d = tx.description;
            if (d.type === 'generic' && d.computePhase.type === 'vm') {
                if (!d.computePhase.success) throw new Error(`op 0x${op.toString(16)} failed with exit ${d.computePhase.exitCode}`);
                return d.computePhase.gasUsed;
            }
        }
    }
    throw new Error('op not found: 0x' + op.toString(16));
}

/**
 * Gas of one step inside a transaction, from its VM log (verbosity vm_logs_gas): the gas spent after the instruction
 * containing `from` up to and including the instruction containing `to`.
 */
export function stepGas(vmLogs: string, from: string, to: string): bigint {
    const steps: [string, number][] = [];
    let ins = '';
    for (const l of vmLogs.split('\n')) {
        if (l.startsWith('execute ')) ins = l.slice(8);
        const m = /^gas remaining: (\d+)/.exec(l);
        if (m?.[1]) steps.push([ins, Number(m[1])]);
    }
    const a = steps.find(([i]) => i.includes(from));
    const b = steps.find(([i]) => i.includes(to));
    if (!a || !b) throw new Error(`step markers ${from} / ${to} not in the VM log`);
    return BigInt(a[1] - b[1]);
}

/** the first transaction carrying `op` */
function txOf<T extends Transaction>(txs: T[], op: number): T {
    const tx = txs.find((t) => flattenTransaction(t).op === op);
    if (!tx) throw new Error('op not found: 0x' + op.toString(16));
    return tx;
}

interface ProofVec { taskId: string; seed: string; kind: string; resultHash: string; a: string; b: string; c: string }

export async function measureGas(): Promise<Record<GasOp, bigint>> {
    const proofs = (JSON.parse(readFileSync(join(TON_ROOT, 'tests', 'vectors', 'ton-proofs.json'), 'utf8')) as { proofs: ProofVec[] }).proofs;
    const proof = (seed: string, taskId: bigint) => {
        const v = proofs.find((p) => p.seed === seed && p.taskId === taskId.toString() && p.kind === 'good');
        if (!v) throw new Error(`no proof vector for ${seed}/${taskId}`);
        return { resultHash: BigInt(v.resultHash), proof: { a: v.a, b: v.b, c: v.c } as TonProof };
    };
    const out = {} as Record<GasOp, bigint>;
    const bc = await Blockchain.create();
    bc.now = T0;
    const t = async (s: string): Promise<SandboxContract<TreasuryContract>> => bc.treasury(s);
    const deployer = await t('deployer');
    const requester = await t('requester');
    const treasury = await t('treasury');
    const creator = await t('creator');
    const relayer = await t('relayer');
    const provider = await t('provider1');
    const walletCode = await compileContract('JettonWallet');
    const minter = bc.openContract(JettonMinter.createFromConfig({ admin: deployer.address, content: jettonContentUri('stun'), walletCode }, await compileContract('JettonMinter')));
    await minter.sendDeploy(deployer.getSender(), toNano('0.1'));
    const wallet = async (a: Address) => bc.openContract(JettonWallet.createFromAddress(await minter.getWalletAddress(a)));

    // jetton
    let r = await minter.sendMint(deployer.getSender(), requester.address, 10_000n * STUN);
    out['jetton.mint'] = gasOf(r.transactions, 0x642b7d07);
    await minter.sendMint(deployer.getSender(), provider.address, 10_000n * STUN);
    const rw = await wallet(requester.address);
    r = await rw.sendTransfer(requester.getSender(), toNano('0.1'), { jettonAmount: 1n, to: provider.address, responseAddress: requester.address });
    out['jetton.transfer'] = gasOf(r.transactions, 0x0f8a7ea5) + gasOf(r.transactions, 0x178d4519);
    r = await rw.sendBurn(requester.getSender(), toNano('0.1'), 1n, requester.address);
    out['jetton.burn'] = gasOf(r.transactions, 0x595f07bc) + gasOf(r.transactions, 0x7bdd97de);

    // bridge: 2-of-3 validators
    const keys = [1, 2, 3].map((i) => keyPairFromSeed(Buffer.alloc(32, i)));
    const bridge = bc.openContract(Bridge.createFromConfig({
        token: 0x5157n, minter: minter.address, admin: deployer.address, guardian: deployer.address, walletCode,
        set: { version: 1, threshold: 2, keys: keys.map((k) => k.publicKey) }, rate: { limit: 10n ** 30n, window: 86400 },
    }, await compileContract('Bridge')));
    await bridge.sendDeploy(deployer.getSender());
    const gov = bc.openContract(Governance.createFromConfig({ bridge: bridge.address, admin: deployer.address }, await compileContract('Governance')));
    await gov.sendDeploy(deployer.getSender());
    await bridge.sendSetGovernance(deployer.getSender(), gov.address);
    // marketplace
    const market = bc.openContract(Marketplace.createFromConfig({
        governance: gov.address, matcher: deployer.address, auditor: deployer.address, treasury: treasury.address, guardian: deployer.address,
        minter: minter.address, walletCode, params: { ...DEFAULT_PARAMS, auditRateBps: 0 },
    }, await compileContract('Marketplace')));
    await market.sendDeploy(deployer.getSender());
    await gov.sendSetMarketplace(deployer.getSender(), market.address);
    await market.sendRegisterModel(creator.getSender(), 1n);
    r = await market.sendRegisterProvider(provider.getSender(), SPECS);
    out['market.registerProvider'] = gasOf(r.transactions, MarketOp.registerProvider);
    const pw = await wallet(provider.address);
    r = await pw.sendTransfer(provider.getSender(), toNano('0.3'), { jettonAmount: 1000n * STUN, to: market.address, responseAddress: provider.address, forwardTonAmount: toNano('0.1'), forwardPayload: stakePayload() });
    out['market.stake'] = gasOf(r.transactions, 0x7362d09c, market.address);

    r = await market.sendSubmitTaskTon(requester.getSender(), { reward: toNano('10'), redundancy: 1, deadline: T0 + 3600, modelId: 1n });
    out['market.submitTask.ton'] = gasOf(r.transactions, MarketOp.submitTaskTon);
    r = await rw.sendTransfer(requester.getSender(), toNano('0.3'), { jettonAmount: 100n * STUN, to: market.address, responseAddress: requester.address, forwardTonAmount: toNano('0.1'), forwardPayload: submitTaskJettonPayload({ redundancy: 1, deadline: T0 + 3600, modelId: 1n }) });
    out['market.submitTask.stun'] = gasOf(r.transactions, 0x7362d09c, market.address);
    await market.sendSubmitTaskTon(requester.getSender(), { reward: toNano('1'), redundancy: 1, deadline: T0 + 3600 });
    r = await market.sendCancel(requester.getSender(), 3n);
    out['market.cancel'] = gasOf(r.transactions, MarketOp.cancelTask);

    for (const id of [1n, 2n]) {
        r = await market.sendAssign(deployer.getSender(), id, [provider.address]);
        if (id === 1n) out['market.assign'] = gasOf(r.transactions, MarketOp.assignTask);
        const p = proof('provider1', id);
        if (id === 1n) bc.verbosity = { ...bc.verbosity, print: false, vmLogs: 'vm_logs_gas' };
        r = await market.sendSubmitResult(provider.getSender(), id, p.resultHash, p.proof);
        if (id === 1n) {
            out['market.submitResult'] = gasOf(r.transactions, MarketOp.submitResult);
            // the verification step inside SubmitResult: after the ALREADY_SUBMITTED check, through the INVALID_PROOF
            // assert (proof + slot-key loads, resultHash*IC2, one G1 add, the 4-pair pairing)
            out['market.verifyProof'] = stepGas(txOf(r.transactions, MarketOp.submitResult).vmLogs, ' 1017', ' 1018');
            bc.verbosity = { ...bc.verbosity, vmLogs: 'none' };
        }
    }
    bc.now = T0 + 3600;
    r = await market.sendFinalize(deployer.getSender(), 1n);
    out['market.finalize.ton'] = gasOf(r.transactions, MarketOp.finalizeTask);
    r = await market.sendFinalize(deployer.getSender(), 2n, toNano('0.5'));
    out['market.finalize.stun'] = gasOf(r.transactions, MarketOp.finalizeTask);

    // verifier (the circuit's committed vector)
    const vec = (JSON.parse(readFileSync(join(TON_ROOT, '..', 'circuits', 'vectors', 'result_commitment.bls12381.json'), 'utf8')) as { vectors: { name: string; publicSignals: [string, string, string]; ton: TonProof }[] }).vectors.find((v) => v.name === 'valid');
    if (!vec) throw new Error('circuits/vectors/result_commitment.bls12381.json has no valid vector');
    const verifier = bc.openContract(Verifier.createFromCode(await compileContract('Verifier')));
    await verifier.sendDeploy(deployer.getSender());
    const [taskId, resultHash, prov] = vec.publicSignals.map(BigInt) as [bigint, bigint, bigint];
    r = await verifier.sendVerify(deployer.getSender(), { taskId, resultHash, provider: prov, proof: vec.ton });
    out['verifier.verifyProof'] = gasOf(r.transactions, VerifierOp.verifyResultProof);

    // a TON task with r = 3 on a second marketplace (task id 1 again: the proof vectors cover tasks 1 and 2)
    const market3 = bc.openContract(Marketplace.createFromConfig({
        governance: gov.address, matcher: deployer.address, auditor: deployer.address, treasury: treasury.address, guardian: creator.address,
        minter: minter.address, walletCode, params: { ...DEFAULT_PARAMS, auditRateBps: 0 },
    }, await compileContract('Marketplace')));
    await market3.sendDeploy(deployer.getSender());
    await market3.sendRegisterModel(creator.getSender(), 1n);
    const seeds = ['provider1', 'provider2', 'provider3'];
    const provs = [provider, await t('provider2'), await t('provider3')];
    for (const p of provs) {
        if (p !== provider) await minter.sendMint(deployer.getSender(), p.address, 10_000n * STUN);
        await market3.sendRegisterProvider(p.getSender(), SPECS);
        await (await wallet(p.address)).sendTransfer(p.getSender(), toNano('0.3'), { jettonAmount: 1000n * STUN, to: market3.address, responseAddress: p.address, forwardTonAmount: toNano('0.1'), forwardPayload: stakePayload() });
    }
    r = await market3.sendSubmitTaskTon(requester.getSender(), { reward: toNano('10'), redundancy: 3, deadline: T0 + 7200, modelId: 1n });
    let total = gasOf(r.transactions, MarketOp.submitTaskTon);
    r = await market3.sendAssign(deployer.getSender(), 1n, provs.map((p) => p.address));
    out['market.r3.assign'] = gasOf(r.transactions, MarketOp.assignTask);
    out['market.r3.submitResults'] = 0n;
    for (const [i, p] of provs.entries()) {
        const v = proof(seeds[i] ?? '', 1n);
        r = await market3.sendSubmitResult(p.getSender(), 1n, v.resultHash, v.proof);
        out['market.r3.submitResults'] += gasOf(r.transactions, MarketOp.submitResult);
    }
    bc.now = T0 + 7200;
    r = await market3.sendFinalize(deployer.getSender(), 1n);
    out['market.r3.finalize'] = gasOf(r.transactions, MarketOp.finalizeTask);
    total += out['market.r3.assign'] + out['market.r3.submitResults'] + out['market.r3.finalize'];
    out['market.r3.total'] = total;

    await minter.sendChangeAdmin(deployer.getSender(), bridge.address);
    const sks = new Map(keys.slice(0, 2).map((k, i) => [i, k.secretKey] as const));
    const msg = encodeBridgeMessage({ version: 1, kind: 1, srcChain: ChainId.Ethereum, dstChain: ChainId.TON, nonce: 1n, token: 0x5157n, sender: 1n,
        recipient: BigInt('0x' + requester.address.hash.toString('hex')), amount: 5n * STUN, payloadHash: 0n });
    r = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: 1, message: msg, signatures: signBridgeMessage(1, msg, sks) });
    out['bridge.mint'] = gasOf(r.transactions, 0x57020001);
    r = await rw.sendTransfer(requester.getSender(), toNano('0.3'), { jettonAmount: 1n * STUN, to: bridge.address, responseAddress: requester.address, forwardTonAmount: toNano('0.1'), forwardPayload: bridgeOutPayload(ChainId.Ethereum, 7n) });
    out['bridge.burnOut'] = gasOf(r.transactions, 0x7362d09c, bridge.address);
    const payload = GovPayload.marketParam(Param.auditRateBps, 500n);
    const gmsg = encodeBridgeMessage({ version: 1, kind: 2, srcChain: ChainId.Ethereum, dstChain: ChainId.TON, nonce: 2n, token: 0n, sender: 0n, recipient: 0n, amount: 0n, payloadHash: payloadHash(payload) });
    r = await bridge.sendBridgeIn(relayer.getSender(), { setVersion: 1, message: gmsg, signatures: signBridgeMessage(1, gmsg, sks), payload });
    out['bridge.governance'] = gasOf(r.transactions, 0x57020001) + gasOf(r.transactions, 0x57030001) + gasOf(r.transactions, MarketOp.setParam);
    return out;
}
