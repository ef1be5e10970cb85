import base from './jest.config.js';

/** The sales-rules engine's own specs, as `npm run test:mutation` runs them against each mutant: no database. */
export default {
  ...base,
  testMatch: ['<rootDir>/src/modules/sales-rules/engine/**/*.spec.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  maxWorkers: 1,
};
