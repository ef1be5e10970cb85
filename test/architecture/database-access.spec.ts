import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One way to the database (README "The database, one way"): a folder's SQL lives in its
 * repository file; everything else calls repository methods. A transaction is opened by the
 * owner of the unit of work — a flow, a transport, a controller, a job, the jobs module, the
 * webhook relay, the idempotency interceptor — never by a service it calls. A row is locked one way (lockRows).
 */

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The database layer itself, and the assembly's wiring of it (migrations, the DataSource). */
const isDatabaseLayer = (file: string) => file.startsWith('common/database/') || !file.includes('/') || file.startsWith('cli/');
const isRepository = (file: string) => file.endsWith('.repository.ts');

/** What reaches the database: the entity manager, SQL, the row helpers, the unit of work's manager and reads. */
const DATABASE_ACCESS: [string, RegExp][] = [
  ['the entity manager', /\bmanager\s*\.\s*\w+\(|\bEntityManager\b|getRepository\(|InjectRepository/],
  ['SQL', /\.query\(|['`]\s*(SELECT|UPDATE|INSERT INTO|DELETE FROM)\b/],
  ['the row helpers', /\b(selectRows|lockRows|insertRows|updateRow|updateEach)\(/],
  ["the unit of work's reads and writes", /\buow\.(read|statement|manager)\b/],
];

const files = sources(SRC).map((path) => ({ file: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/** A transaction's owner: a flow, a transport, a controller, a job or the jobs module, the webhook relay (a worker of its own), the idempotency interceptor. */
const mayOpenTransactions = (file: string) =>
  /^(flows|transports)\//.test(file) ||
  file.endsWith('.controller.ts') ||
  /job|relay/.test(basename(file)) ||
  file.startsWith('modules/jobs/') ||
  file === 'common/idempotency/write-once.interceptor.ts' ||
  isDatabaseLayer(file);

describe('database access', () => {
  it('lives in repository files: no service, flow, controller or job holds SQL or an entity manager', () => {
    const offenders = files.flatMap(({ file, text }) =>
      isDatabaseLayer(file) || isRepository(file) ? [] : DATABASE_ACCESS.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${file}: ${what}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has one repository file per folder, and no query builder anywhere', () => {
    const perFolder = new Map<string, string[]>();
    for (const { file } of files.filter(({ file }) => isRepository(file))) perFolder.set(dirname(file), [...(perFolder.get(dirname(file)) ?? []), file]);
    expect([...perFolder.values()].filter((repositories) => repositories.length > 1)).toEqual([]);
    expect(files.filter(({ text }) => /createQueryBuilder/.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('locks rows one way: lockRows', () => {
    const offenders = files.filter(({ file, text }) => !file.startsWith('common/database/') && /rowLock|FOR UPDATE|pessimistic_write/.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
    expect(offenders.map(({ file }) => file)).toEqual([]);
  });

  it('opens transactions only where the unit of work is owned', () => {
    const offenders = files.filter(({ file, text }) => !mayOpenTransactions(file) && /\.transaction\(/.test(text)).map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
