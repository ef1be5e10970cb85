import { TEST_ENGINES } from '../support/databases.js';
import type { TestPlugin } from '../support/plugin.js';
import { fuzz, fuzzTarget } from './fuzz-harness.js';
import type { OpenApiDocument } from './api-requests.js';
import { fuzzOperations } from './operations-requests.js';
import type { Pools } from './schema-values.js';

/**
 * Requests generated from the OpenAPI document for every route and method, correctly
 * signed, with hostile bodies, queries and actor headers: none answers 5xx, every refusal
 * names what was wrong and writes nothing. The operations routes, outside the document, get
 * hostile requests of their own (operations-requests.ts). A small fixed-seed run is part of npm test;
 * `npm run fuzz -- --runs N --seed S` runs long (REGULARS_FUZZ_RUNS, REGULARS_FUZZ_SEED).
 */
const RUNS = Number(process.env.REGULARS_FUZZ_RUNS ?? 150);
const SEED = Number(process.env.REGULARS_FUZZ_SEED ?? 20261202);

describe.each(TEST_ENGINES)('every route under hostile requests (%s)', (engine) => {
  let target: { plugin: TestPlugin; pools: Pools; doc: OpenApiDocument };

  beforeAll(async () => {
    target = await fuzzTarget(engine);
  });
  afterAll(() => target.plugin.close());

  it(`answers ${RUNS} generated requests from seed ${SEED} without a 5xx, each refusal naming its field and writing nothing`, async () => {
    const figures = await fuzz(target.plugin, target.pools, target.doc, { runs: RUNS, seed: SEED });
    if (process.env.REGULARS_FUZZ_RUNS) process.stdout.write(`fuzz ${engine}: ${JSON.stringify({ seed: SEED, ...figures })}\n`);
    expect(figures.requests).toBe(RUNS);
    expect(figures.byStatus['5xx']).toBeUndefined();
  }, 30 * 60_000);

  it(`answers ${RUNS} hostile requests to /health/live, /health/ready and /metrics (outside the document) with a 4xx or their usual answer, never a 5xx`, async () => {
    const figures = await fuzzOperations(target.plugin, { runs: RUNS, seed: SEED });
    if (process.env.REGULARS_FUZZ_RUNS) process.stdout.write(`fuzz operations ${engine}: ${JSON.stringify({ seed: SEED, ...figures })}\n`);
    expect(figures.requests).toBe(RUNS);
    expect(figures.byStatus['5xx']).toBeUndefined();
  }, 30 * 60_000);
});
