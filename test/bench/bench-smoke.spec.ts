import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Keeps `npm run bench` from rotting: every benchmark runs once at a tiny size from the
 * build npm test has just made, or a fresh one. Figures at this size mean nothing; what is checked is that each one runs
 * to the end and reports its correctness counters clean.
 */
describe('npm run bench, at a tiny size', () => {
  let outDir: string;
  /** npm test has just built dist/ (REGULARS_TEST_BUILT); on its own the spec builds a fresh one. */
  let dist: string;

  beforeAll(async () => {
    // Inside the repository (var/ is ignored) so the build resolves node_modules.
    mkdirSync(join(ROOT, 'var'), { recursive: true });
    outDir = mkdtempSync(join(ROOT, 'var', 'bench-smoke-'));
    dist = process.env.REGULARS_TEST_BUILT ? join(ROOT, 'dist') : join(outDir, 'dist');
    if (!process.env.REGULARS_TEST_BUILT) await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dist]);
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every benchmark and writes the results file', async () => {
    const results = join(outDir, 'results.json');
    const { stdout } = await run(process.execPath, [join(dist, 'bench/run.js'), '--size=40'], {
      cwd: ROOT,
      env: { ...process.env, REGULARS_BENCH_RESULTS: results },
    });
    expect(stdout).toContain('ingestion');
    const names = JSON.parse(readFileSync(results, 'utf8')).results.map((result: { name: string }) => result.name);
    expect(names).toEqual(['identify', 'identify (fastify)', 'evaluate', 'close', 'tier job', 'expiry', 'hot account', 'retry', 'ingestion', 'ingestion (fastify)', 'import', 'reports', 'large tenant', 'memory', 'outbox', 'delivery', 'subscriber down']);
    const written = JSON.parse(readFileSync(results, 'utf8'));
    expect(written.machine.cores).toBeGreaterThan(0);
    for (const name of ['ingestion', 'ingestion (fastify)']) {
      const ingestion = written.results.find((result: { name: string }) => result.name === name);
      expect(ingestion.details).toMatchObject({ duplicateEffects: 0, refused: 0 });
      expect(ingestion.reference.median).toBeGreaterThan(0);
      // The second floor: the same insert behind a bare route of the same app, posted the same way.
      expect(ingestion.details.bareRouteRefused).toBe(0);
      expect(ingestion.furtherReferences.map((reference: { name: string; median: number }) => [reference.name, reference.median > 0])).toEqual([['bare route', true]]);
    }
    const evaluate = written.results.find((result: { name: string }) => result.name === 'evaluate');
    expect(evaluate.details.discountedLines).toBe(50);
    expect(evaluate.figure.median).toBeGreaterThan(0);
    const tierJob = written.results.find((result: { name: string }) => result.name === 'tier job');
    expect(tierJob.figure.median).toBeGreaterThan(0);
    expect(tierJob.reference.median).toBeGreaterThan(0);
    expect(tierJob.details.peakRssMiB).toBeGreaterThan(0);
    // Correctness counters stay clean even at this size.
    // The by-hand closes keep the ledger as the plugin's do: no account drifts from its entries and lots.
    for (const name of ['close', 'hot account']) {
      const close = written.results.find((result: { name: string }) => result.name === name);
      expect(close.details).toMatchObject({ mismatches: 0, ledgerDrift: 0, byHandDrift: 0 });
      expect(close.furtherReferences.map((reference: { name: string; median: number }) => [reference.name, reference.median > 0])).toEqual([['by hand', true]]);
    }
    // Every card, price and close answered in both tenants, the seeded chain's and the new one.
    expect(written.results.find((result: { name: string }) => result.name === 'large tenant').details).toMatchObject({ failures: 0, mismatches: 0 });
    expect(written.results.find((result: { name: string }) => result.name === 'retry').details).toMatchObject({ holdsWritten: 0, ledgerEntriesWritten: 0, otherAnswers: 0 });
    // Every event reaches the subscriber once and in its guest's order, an outage in between or not.
    for (const name of ['outbox', 'delivery', 'subscriber down']) {
      const events = written.results.find((result: { name: string }) => result.name === name);
      expect(events.details).toMatchObject({ lost: 0, doubled: 0, guestsOutOfOrder: 0 });
      expect(events.reference.median).toBeGreaterThan(0);
    }
    expect(written.results.find((result: { name: string }) => result.name === 'subscriber down').details.failedAttempts).toBeGreaterThan(0);
  }, 480_000);
});
