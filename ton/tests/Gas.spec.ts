import { GAS_BUDGET_BY_OP } from '../wrappers/gas.js';
import { GasOp, measureGas } from '../bench/scenario.js';

describe('gas per operation (compute gas, sandbox default config) within budget', () => {
    let gas: Record<GasOp, bigint>;
    beforeAll(async () => { gas = await measureGas(); });

    it('prints the table', () => {
        const rows = Object.entries(gas).map(([op, g]) => `${op.padEnd(24)} ${String(g).padStart(7)}  budget ${GAS_BUDGET_BY_OP[op as GasOp]}`);
        console.log('TON gas\n' + rows.join('\n'));
    });

    it.each(Object.entries(GAS_BUDGET_BY_OP))('%s within %d gas', (op, budget) => {
        expect(gas[op as GasOp]).toBeLessThanOrEqual(budget);
    });
});
