import base from './jest.config.js';

/** Browser tests: real Chromium against the sandbox on MariaDB (`npm run test:e2e`). */
export default {
  ...base,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
  // One browser and one sandbox at a time: the pages are driven, not the machine.
  maxWorkers: 1,
};
