import { Blockchain, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { Address, Cell, toNano } from '@ton/core';
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileContract } from '../wrappers/compile.js';
import { JettonMinter, jettonContentUri } from '../wrappers/JettonMinter.js';
import { JettonWallet } from '../wrappers/JettonWallet.js';
import { DEFAULT_PARAMS, Marketplace, MarketParams, Specs, stakePayload } from '../wrappers/Marketplace.js';
import { TonProof } from '../wrappers/Verifier.js';

export const STUN = 10n ** 18n;   // the TON jetton keeps the hub's 18 decimals (bridge amounts are 1:1)
export const T0 = 1_800_000_000;
export const SPECS: Specs = { gpuMemory: 80, computeCapability: 90, gpuCount: 8, region: 0 };

interface ProofVec { taskId: string; seed: string; kind: 'good' | 'bad'; resultHash: string; a: string; b: string; c: string }
const PROOFS = (JSON.parse(readFileSync(join(__dirname, 'vectors', 'ton-proofs.json'), 'utf8')) as { proofs: ProofVec[] }).proofs;

/** a real BLS12-381 proof for (provider seed, task id, good|bad result) from tests/vectors/ton-proofs.json */
export function proofFor(seed: string, taskId: bigint, kind: 'good' | 'bad' = 'good'): { resultHash: bigint; proof: TonProof } {
    const v = PROOFS.find((p) => p.seed === seed && p.taskId === taskId.toString() && p.kind === kind);
    if (!v) throw new Error(`no proof vector for ${seed}/${taskId}/${kind}`);
    return { resultHash: BigInt(v.resultHash), proof: { a: v.a, b: v.b, c: v.c } };
}

export interface World {
    blockchain: Blockchain;
    deployer: SandboxContract<TreasuryContract>;
    governance: SandboxContract<TreasuryContract>;
    matcher: SandboxContract<TreasuryContract>;
    auditor: SandboxContract<TreasuryContract>;
    treasury: SandboxContract<TreasuryContract>;
    guardian: SandboxContract<TreasuryContract>;
    requester: SandboxContract<TreasuryContract>;
    creator: SandboxContract<TreasuryContract>;
    providers: SandboxContract<TreasuryContract>[];
    minter: SandboxContract<JettonMinter>;
    market: SandboxContract<Marketplace>;
    walletCode: Cell;
    wallet(owner: Address): Promise<SandboxContract<JettonWallet>>;
    stun(owner: Address): Promise<bigint>;
}

export async function world(opts: { params?: Partial<MarketParams>; stake?: bigint; register?: boolean } = {}): Promise<World> {
    const blockchain = await Blockchain.create();
    blockchain.now = T0;
    const [deployer, governance, matcher, auditor, treasury, guardian, requester, creator] = await Promise.all(
        ['deployer', 'governance', 'matcher', 'auditor', 'treasury', 'guardian', 'requester', 'creator'].map((s) => blockchain.treasury(s)),
    );
    const providers = [await blockchain.treasury('provider1'), await blockchain.treasury('provider2'), await blockchain.treasury('provider3')];
    const walletCode = await compileContract('JettonWallet');
    const minter = blockchain.openContract(JettonMinter.createFromConfig(
        { admin: deployer.address, content: jettonContentUri('https://stun.example/jetton.json'), walletCode }, await compileContract('JettonMinter')));
    await minter.sendDeploy(deployer.getSender(), toNano('0.1'));
    const market = blockchain.openContract(Marketplace.createFromConfig({
        governance: governance.address, matcher: matcher.address, auditor: auditor.address, treasury: treasury.address,
        guardian: guardian.address, minter: minter.address, walletCode, params: { ...DEFAULT_PARAMS, auditRateBps: 0, ...opts.params },
    }, await compileContract('Marketplace')));
    await market.sendDeploy(deployer.getSender());
    const wallet = async (owner: Address) => blockchain.openContract(JettonWallet.createFromAddress(await minter.getWalletAddress(owner)));
    const stun = async (owner: Address) => (await wallet(owner)).getJettonBalance();
    for (const who of [requester, ...providers]) await minter.sendMint(deployer.getSender(), who.address, 10_000n * STUN);
    const w: World = { blockchain, deployer, governance, matcher, auditor, treasury, guardian, requester, creator, providers, minter, market, walletCode, wallet, stun };
    if (opts.register ?? true) {
        for (const p of providers) {
            await market.sendRegisterProvider(p.getSender(), SPECS);
            await stakeStun(w, p, opts.stake ?? 1000n * STUN);
        }
    }
    return w;
}

/** STUN transfer to the marketplace with a forward payload (the marketplace's intake path) */
export async function sendStunToMarket(w: World, from: SandboxContract<TreasuryContract>, amount: bigint, payload: Cell, forwardTon = toNano('0.1')) {
    const jw = await w.wallet(from.address);
    return jw.sendTransfer(from.getSender(), forwardTon + toNano('0.1'), {
        jettonAmount: amount, to: w.market.address, responseAddress: from.address, forwardTonAmount: forwardTon, forwardPayload: payload,
    });
}

export async function stakeStun(w: World, p: SandboxContract<TreasuryContract>, amount: bigint) {
    return sendStunToMarket(w, p, amount, stakePayload());
}

/** TON balance change of `addr` across `fn` */
export async function tonDelta(w: World, addr: Address, fn: () => Promise<unknown>): Promise<bigint> {
    const before = (await w.blockchain.getContract(addr)).balance;
    await fn();
    return (await w.blockchain.getContract(addr)).balance - before;
}

/**
 * No STUN lost or created: the marketplace's STUN wallet holds exactly the stakes (incl. unbonding), the slashed STUN
 * owed to the treasury, the credits and the escrow (reward + bond) of the open STUN tasks given.
 */
export async function expectStunConserved(w: World, openStunTasks: bigint[] = []) {
    let owed = (await w.market.getState()).treasuryStun;
    for (const p of [...w.providers]) {
        const v = await w.market.getProvider(p.address);
        owed += v.stake + v.unbonding;
    }
    for (const a of [w.requester, ...w.providers]) owed += await w.market.getCredit(a.address);
    for (const id of openStunTasks) {
        const t = await w.market.getTask(id);
        owed += t.reward + t.bond;
    }
    const held = await w.stun(w.market.address);
    if (held !== owed) throw new Error(`STUN not conserved: wallet ${held}, owed ${owed}`);
}

/** The model the marketplace tests register (creator share) */
export const MODEL = 0xabcdefn;

/** Submits a TON task from the requester; returns the send result and the new task id. */
export async function tonTask(w: World, reward = toNano('10'), redundancy = 1, modelId = MODEL) {
    const r = await w.market.sendSubmitTaskTon(w.requester.getSender(), { reward, redundancy, deadline: T0 + 3600, modelId });
    const taskId = (await w.market.getState()).nextTaskId - 1n;
    return { r, taskId };
}
