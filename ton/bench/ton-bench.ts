/**
 * TON benchmark rows for the root bench runner: compute gas of the marketplace's hot paths and of the Groth16
 * (BLS12-381) verification step of a result, measured in @ton/sandbox (default config) by bench/scenario.ts.
 */
import { GAS_GOAL } from '../wrappers/gas.js';
import { measureGas } from './scenario.js';

import type { BenchRow } from '../../scripts/bench/types.js';

export async function runTonBench(): Promise<BenchRow[]> {
    const g = await measureGas();
    return [
        { metric: 'ton.gas.submitTask', value: Number(g['market.submitTask.ton']), unit: 'gas', baseline: 'goal budget', baselineValue: GAS_GOAL.submitTask },
        { metric: 'ton.gas.release.split', value: Number(g['market.finalize.ton']), unit: 'gas', baseline: 'goal budget', baselineValue: GAS_GOAL.releaseSplit },
        // the Groth16 verification step inside SubmitResult (proof + precomputed slot key, resultHash*IC2, one G1 add,
        // the 4-pair pairing), measured from the VM log; the standalone 3-input verifier is GasOp verifier.verifyProof
        { metric: 'ton.gas.verifyProof', value: Number(g['market.verifyProof']), unit: 'gas', baseline: 'goal budget (verification step inside submitResult)', baselineValue: GAS_GOAL.verifyProof },
    ];
}
