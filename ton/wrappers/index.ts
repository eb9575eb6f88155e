/** TON wrappers for the SDK's TON adapter. */
export * from './JettonMinter.js';
export * from './JettonWallet.js';
export * from './Marketplace.js';
export * from './Bridge.js';
export * from './Governance.js';
export * from './Verifier.js';
export * from './errors.js';
export * from './events.js';
export * from './gas.js';
export { compileContract, CONTRACTS, TON_ROOT } from './compile.js';
export type { ContractName } from './compile.js';
