import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImportCommand } from '../../src/cli/customer-files.js';
import { CustomersService } from '../../src/modules/customers/customers.service.js';
import { TEST_ENGINES } from '../support/databases.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { setUpRestaurant } from '../support/restaurant.js';

const ROWS = 2000;
/** A row of the second batch of 500: the import is killed once it is in. */
const THIRD = 700;
const pointsOf = (i: number) => (i * 37) % 1000;

/**
 * The import command killed with SIGKILL halfway through a file and run again ends as one
 * run would: every customer once, every balance what the file says. It runs the built
 * command (`npm test` builds first), as a restaurant's shell would.
 */
describe.each(TEST_ENGINES)('an import killed halfway and run again (%s)', (engine) => {
  let plugin: TestPlugin;
  let folder: string;
  beforeAll(async () => {
    plugin = await startPlugin(engine);
    await setUpRestaurant(plugin.app);
    folder = mkdtempSync(join(tmpdir(), 'regulars-crash-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await plugin.close();
  });

  it('ends with every customer once and every balance as the file says', async () => {
    const path = join(folder, 'big.csv');
    const rows = ['external_id,first_name,last_name,card_number,points'];
    for (let i = 0; i < ROWS; i++) rows.push(`k-${i},Guest${i},Crash,66${String(i).padStart(11, '0')},${pointsOf(i)}`);
    writeFileSync(path, rows.join('\n'));
    const args = ['customers', path, '--tenant', TENANT, '--balance', 'points=points'];
    const child = spawn(process.execPath, ['dist/src/cli/regulars.js', 'import', ...args], { env: { ...process.env, DATABASE_URL: plugin.database.url }, stdio: 'ignore' });
    const customers = plugin.app.get(CustomersService);
    // Killed once a third of the file is in.
    for (let waited = 0; !(await customers.byExternalId(TENANT, `k-${THIRD}`)); waited += 50) {
      if (waited > 120_000) throw new Error('the import never got a third of the way');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await customers.byExternalId(TENANT, `k-${ROWS - 1}`)).toBeNull();

    expect(await runImportCommand(args, { DATABASE_URL: plugin.database.url }, { write: () => undefined })).toBe(0);
    for (const i of [0, THIRD - 1, THIRD, THIRD + 1, ROWS - 1]) {
      const customer = (await customers.byExternalId(TENANT, `k-${i}`))!;
      const accounts = (await actorCall(plugin.app, 'get', `/customers/${customer.id}/accounts`, MANAGER).expect(200)).body as { total: number }[];
      expect(accounts.map((account) => account.total)).toEqual([pointsOf(i)]);
    }
    let seen = 0;
    for (let after: string | undefined; ; ) {
      const page = await customers.activePage(TENANT, after, 500);
      if (page.length === 0) break;
      seen += page.filter((customer) => customer.externalId?.startsWith('k-')).length;
      after = page[page.length - 1].id;
    }
    expect(seen).toBe(ROWS);
  }, 300_000);
});
