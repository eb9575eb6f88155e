/**
 * TON benchmark rows for the root bench runner: compute gas of the marketplace's hot paths and of the Groth16
 * (BLS12-381) verifier, measured in @ton/sandbox (default config) by bench/scenario.ts.
 */
import { GAS_GOAL } from '../wrappers/gas.js';
import { measureGas } from './scenario.js';

import type { BenchRow } from '../../scripts/bench/types.js';

export async function runTonBench(): Promise<BenchRow[]> {
    const g = await measureGas();
    return [
        { metric: 'ton.gas.submitTask', value: Number(g['market.submitTask.ton']), unit: 'gas', baseline: 'goal budget', baselineValue: GAS_GOAL.submitTask },
        { metric: 'ton.gas.release.split', value: Number(g['market.finalize.ton']), unit: 'gas', baseline: 'goal budget', baselineValue: GAS_GOAL.releaseSplit },
        { metric: 'ton.gas.verifyProof', value: Number(g['verifier.verifyProof']), unit: 'gas', baseline: 'research figure (export-ton-verifier style, get-method)', baselineValue: GAS_GOAL.verifyProofResearch },
    ];
}
