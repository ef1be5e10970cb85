#!/usr/bin/env node
// npm run fuzz -- --runs N --seed S [--engines sqlite,mariadb]: the fuzz suite run long.
// A failure prints the request (and fast-check's seed and path to replay it).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5000' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    engines: { type: 'string' },
  },
});
console.log(`fuzzing ${values.runs} requests per engine (${values.engines ?? 'every engine that answers'}) from seed ${values.seed}`);
const jest = spawnSync(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', 'test/fuzz', '--verbose=false'], {
  stdio: 'inherit',
  env: { ...process.env, REGULARS_FUZZ_RUNS: values.runs, REGULARS_FUZZ_SEED: values.seed, ...(values.engines && { REGULARS_TEST_ENGINES: values.engines }) },
});
process.exit(jest.status ?? 1);
