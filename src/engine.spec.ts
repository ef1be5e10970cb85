import { build, type Metafile } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { categories, line, percentOff, rule, settings, sources, tab } from '../test/support/engine-builders.js';
import { evaluate } from './modules/sales-rules/engine/evaluate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The engine measured 18.1 kB minified when its entry was published. Twice that leaves room for
 * the engine to grow; a library pulled in by mistake (a validator, a phone-number parser) would
 * take it past at once.
 */
const MOST_BYTES = 40_000;

describe('@regulars/plugin/engine, the pricing engine a host runs offline', () => {
  let code: string;
  let metafile: Metafile;
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'regulars-engine-'));
    // Bundled from the source, as a host's bundler would take the built entry: no build needed first.
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/engine.ts'],
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    code = result.outputFiles[0].text;
    metafile = result.metafile;
  });

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('bundles for a browser from the engine folder alone, small', () => {
    expect(Object.keys(metafile.inputs).filter((input) => input !== 'src/engine.ts' && !input.startsWith('src/modules/sales-rules/engine/'))).toEqual([]);
    expect(Object.values(metafile.outputs).flatMap((output) => output.imports)).toEqual([]);
    expect(code).not.toMatch(/@nestjs|typeorm|node:/);
    expect(Buffer.byteLength(code)).toBeLessThan(MOST_BYTES);
  });

  it('prices a lunch exactly as the plugin does', async () => {
    const file = join(workDir, 'engine.mjs');
    writeFileSync(file, code);
    const bundled = (await import(pathToFileURL(file).href)) as typeof import('./engine.js');

    const book = {
      rules: [
        rule('REGULARS', percentOff(1000), { stacking: 'best' }),
        rule('REGULARS', { kind: 'points_rate', accountType: 'points', rateBp: 500 }),
        rule('LUNCH', percentOff(1500), { name: 'Lunch over 50.00', conditions: { minTabAmount: 5000 } }),
      ],
      categories: categories(['REGULARS', 'LUNCH']),
    };
    const lunch = tab([line('schnitzel', 1200, { productGroupIds: ['mains'] })]);
    const brought = sources({ tier: ['REGULARS'], tab: ['LUNCH'] });
    const noon = new Date('2026-11-18T11:00:00Z');
    const asked = settings({ timeZone: 'Europe/Stockholm', explain: true });

    const offline = bundled.evaluate(lunch, brought, book, noon, asked);

    expect(offline.lines[0]).toMatchObject({ amount: 1200, discountTotal: 120, amountAfter: 1080 });
    expect(offline.notApplied.map((item) => item.reason)).toEqual(['below_minimum_tab']);
    expect(offline).toEqual(evaluate(lunch, brought, book, noon, asked));
  });
});
