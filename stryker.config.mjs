/**
 * Mutation testing of the pure sales-rules engine (`npm run test:mutation`, outside `npm test`):
 * each mutant of an engine file must fail one of the engine's own specs.
 */
export default {
  // types.ts holds the vocabulary: lists and types, with compile-time checks Stryker cannot mutate.
  mutate: ['src/modules/sales-rules/engine/**/*.ts', '!src/modules/sales-rules/engine/**/*.spec.ts', '!src/modules/sales-rules/engine/types.ts'],
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-output/mutation/report.json' },
  tempDirName: 'test-output/.stryker-tmp',
  concurrency: 2,
  timeoutMS: 30_000,
  thresholds: { high: 90, low: 80, break: null },
};
