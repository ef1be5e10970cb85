import { execFileSync } from 'node:child_process';
import { namedEngines } from './test-engines.mjs';

/** What `npm test` runs on: a mistyped engine is refused, a laptop without MariaDB runs SQLite and says so. */
describe('the engines the tests run on', () => {
  it('refuses an engine it does not know instead of silently dropping its tests', () => {
    expect(() => namedEngines('MariaDB')).toThrow(/unknown engine "MariaDB"/);
    expect(() => namedEngines('sqlite,postgres')).toThrow(/unknown engine "postgres"/);
    expect(() => namedEngines('')).toThrow(/unknown engine/);
    expect(namedEngines(' sqlite , mariadb ')).toEqual(['sqlite', 'mariadb']);
  });

  const choose = (env: Record<string, string>) =>
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const { default: choose } = await import('./test/support/test-engines.mjs'); await choose(); console.log('ENGINES=' + process.env.REGULARS_TEST_ENGINES);"],
      { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', stdio: 'pipe' },
    );
  const unreachable = 'mysql://root@127.0.0.1:1';

  it('runs on SQLite alone where MariaDB does not answer, saying which engines run and how to add MariaDB', () => {
    const output = choose({ REGULARS_TEST_MARIADB_URL: unreachable });
    expect(output).toContain('ENGINES=sqlite\n');
    expect(output).toContain('THESE TESTS RUN ON SQLITE ONLY');
    expect(output).toContain(`To add MariaDB, start MariaDB 10.11 at ${unreachable}`);
  });

  it('refuses to start when MariaDB is named but does not answer, as in CI', () => {
    expect(() => choose({ REGULARS_TEST_MARIADB_URL: unreachable, REGULARS_TEST_ENGINES: 'sqlite,mariadb' })).toThrow(/names mariadb, but MariaDB at mysql:\/\/root@127\.0\.0\.1:1 does not answer/);
  });
});
