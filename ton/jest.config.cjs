/** ts-jest (CommonJS transform) over tests/*.spec.ts; contracts are compiled from Tolk source inside the run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true, diagnostics: false }] },
  testTimeout: 120000,
};
