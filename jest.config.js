/** ESM all the way: NestJS 12 packages are ES modules, which Jest loads only in its ESM mode. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Our sources import './x.js' for Node; Jest finds './x.ts'. A package's own
  // './data.json.js' must stay as it is, or Jest would load the JSON beside it.
  moduleNameMapper: { '^(\\.{1,2}/.*)(?<!\\.json)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // SQLite and MariaDB, or SQLite alone (said loudly) where MariaDB does not answer.
  globalSetup: '<rootDir>/test/support/test-engines.mjs',
  globalTeardown: '<rootDir>/test/support/test-engines-report.mjs',
  // Integration tests wait on the database more than on the CPU.
  maxWorkers: 2,
  // A test that starts a whole host (migrations, seed, two boots) takes seconds on a busy
  // CI machine; Jest's 5 s default fails it for load, not for behaviour. Speed is measured
  // in bench/, never by a test's clock.
  testTimeout: 60_000,
};
