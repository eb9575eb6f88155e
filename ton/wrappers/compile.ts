/**
 * Compiles the Tolk contracts with @ton/tolk-js (wasm, offline) and caches the code cells in ton/build/,
 * keyed by a hash of every .tolk source: a fresh clone compiles on the first test run, later runs reuse the cache.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { Cell } from '@ton/core';
import { runTolkCompiler } from '@ton/tolk-js';

export const CONTRACTS = {
    JettonMinter: 'jetton/jetton-minter.tolk',
    JettonWallet: 'jetton/jetton-wallet.tolk',
    Marketplace: 'marketplace/marketplace.tolk',
    Bridge: 'bridge/bridge.tolk',
    Governance: 'governance/governance.tolk',
    Verifier: 'zk/verifier.tolk',
} as const;
export type ContractName = keyof typeof CONTRACTS;

function findRoot(): string {
    // CommonJS (ts-jest) has a module __dirname; under an ESM loader (tsx: the root bench runner) fall back to the cwd
    // (the repository root or ton/). A global __dirname (node -e) may point elsewhere, so every candidate is checked.
    const c: string[] = [];
    if (typeof __dirname !== 'undefined') c.push(resolve(__dirname, '..'));
    c.push(process.cwd(), join(process.cwd(), 'ton'));
    for (const d of c) if (existsSync(join(d, 'contracts', 'jetton', 'jetton-wallet.tolk'))) return d;
    throw new Error('cannot locate ton/contracts from ' + process.cwd());
}
const ROOT = findRoot();
/** absolute path of the ton/ workspace */
export const TON_ROOT = ROOT;
const SRC = join(ROOT, 'contracts');
const BUILD = join(ROOT, 'build');

function listSources(dir: string): string[] {
    const out: string[] = [];
    for (const e of readdirSync(dir).sort()) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) out.push(...listSources(p));
        else if (e.endsWith('.tolk')) out.push(p);
    }
    return out;
}

function sourcesHash(): string {
    const h = createHash('sha256');
    for (const f of listSources(SRC)) h.update(f.slice(SRC.length)).update(readFileSync(f));
    return h.digest('hex');
}

const memo = new Map<ContractName, Cell>();

function oneCell(boc: Buffer): Cell {
    const c = Cell.fromBoc(boc)[0];
    if (!c) throw new Error('empty BoC');
    return c;
}

export async function compileContract(name: ContractName): Promise<Cell> {
    const hit = memo.get(name);
    if (hit) return hit;
    const key = sourcesHash();
    const cacheFile = join(BUILD, `${name}.compiled.json`);
    if (existsSync(cacheFile)) {
        const j = JSON.parse(readFileSync(cacheFile, 'utf8')) as { hex: string; sources: string };
        if (j.sources === key) {
            const c = oneCell(Buffer.from(j.hex, 'hex'));
            memo.set(name, c);
            return c;
        }
    }
    const entry = CONTRACTS[name];
    const r = await runTolkCompiler({
        entrypointFileName: entry,
        fsReadCallback: (p: string) => readFileSync(join(SRC, p), 'utf8'),
        optimizationLevel: 2,
        withStackComments: false,
    });
    if (r.status === 'error') throw new Error(`Tolk compile of ${entry} failed:\n${r.message}`);
    const cell = oneCell(Buffer.from(r.codeBoc64, 'base64'));
    mkdirSync(BUILD, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ name, entry, sources: key, hash: r.codeHashHex, hex: cell.toBoc().toString('hex') }, null, 1));
    memo.set(name, cell);
    return cell;
}
