import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { mappingOf, runExportCommand, runImportCommand } from '../../src/cli/customer-files.js';
import { rowsOf } from '../../src/flows/customer-files/file-rows.js';
import { CustomerImport, type ImportReport } from '../../src/flows/customer-files/customer-import.js';
import { CustomersService } from '../../src/modules/customers/customers.service.js';
import { AccountsService } from '../../src/modules/accounts/accounts.service.js';
import { TEST_ENGINES } from '../support/databases.js';
import { MANAGER } from '../support/factories.js';
import { actorCall, freshKey, startPlugin, TENANT, type TestPlugin } from '../support/plugin.js';
import { enrolRegular, setUpRestaurant } from '../support/restaurant.js';

const HEADER = 'external_id,first_name,last_name,phone,email,birth_date,marketing_consent,card_number,card_status,categories,points,bonus,bonus_expires';

describe.each(TEST_ENGINES)('importing a restaurant’s existing regulars (%s)', (engine) => {
  let plugin: TestPlugin;
  let folder: string;
  const mapping = mappingOf('regulars', ['points=points', 'bonus=bonus:bonus_expires']);
  const actor = { tenantId: TENANT, id: 'importer', name: 'Importer', permissions: ['customers.write'] };
  const manage = (method: 'get' | 'post', path: string, body?: object) => actorCall(plugin.app, method, path, MANAGER, body, freshKey());
  const file = (name: string, ...rows: string[]) => {
    const path = join(folder, name);
    writeFileSync(path, [HEADER, ...rows].join('\n'));
    return path;
  };
  const importFile = (path: string, dryRun = false): Promise<ImportReport> => {
    if (typeof mapping === 'string') throw new Error(mapping);
    return plugin.app.get(CustomerImport).run(rowsOf(path), { actor, kind: 'customers', fileName: 'regulars.csv', mapping, dryRun });
  };
  /** The imported customer by their old system's id, with their card, points and bonus as the API shows them. */
  const imported = async (externalId: string) => {
    const found = await plugin.app.get(CustomersService).byExternalId(TENANT, externalId);
    if (!found) return null;
    const customer = (await manage('get', `/customers/${found.id}`).expect(200)).body;
    expect(customer.externalId).toBe(externalId);
    const accounts = (await manage('get', `/customers/${customer.id}/accounts`).expect(200)).body as { id: string; accountType: { code: string }; total: number }[];
    const identifiers = (await manage('get', `/customers/${customer.id}/identifiers`).expect(200)).body as { value: string; status: string }[];
    const balance = (code: string) => accounts.find((account) => account.accountType.code === code)?.total ?? null;
    return { customer, points: balance('points'), bonus: balance('bonus'), cards: identifiers.map((card) => [card.value, card.status]), accounts };
  };

  beforeAll(async () => {
    plugin = await startPlugin(engine);
    plugin.clock.current = new Date('2026-11-22T10:00:00Z');
    await setUpRestaurant(plugin.app);
    folder = mkdtempSync(join(tmpdir(), 'regulars-import-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await plugin.close();
  });

  it('reports each bad row with its line and why in a dry run, and writes nothing', async () => {
    const path = file(
      'dry.csv',
      'qr-1,Anna,Berg,+46 70 123 45 67,anna@example.com,1990-04-02,yes,5500000000011,active,REGULARS,250,12.50,2027-06-30',
      ',Nameless,Guest,,,,,,,,,,',
      'qr-3,Boris,Ek,,,,maybe,,,,,12.345,',
      'qr-4,Cleo,Ny,not a phone,,,,,,,,,',
    );
    const report = await importFile(path, true);
    expect(report).toMatchObject({ dryRun: true, rows: 4, created: 1, updated: 0, unchanged: 0 });
    expect(report.refused.map(({ line, problems }) => [line, problems.join(' | ')])).toEqual([
      [3, expect.stringContaining('external_id: every row needs')],
      [4, expect.stringMatching(/marketing_consent: maybe is neither yes nor no \| bonus: 12\.345 is not a balance of bonus/)],
      [5, expect.stringContaining('phone: is not a valid phone number')],
    ]);
    expect(await imported('qr-1')).toBeNull();
  });

  it('imports customers with their card, categories and opening balances, and the same file again changes nothing', async () => {
    const rows = ['qr-10,Dana,Lind,+46 70 765 43 21,DANA@example.com,1985-01-15,ja,5500000000028,active,REGULARS,250,12.50,2027-06-30', 'qr-11,Emil,Sand,,,,no,5500000000035,lost,,0,,'];
    const first = await importFile(file('first.csv', ...rows));
    expect(first).toMatchObject({ rows: 2, created: 2, updated: 0, unchanged: 0, refused: [] });
    const dana = (await imported('qr-10'))!;
    expect(dana.customer).toMatchObject({ firstName: 'Dana', lastName: 'Lind', marketingConsent: true, birthDate: '1985-01-15' });
    expect(dana.customer.contacts.map((contact: { type: string; value: string }) => [contact.type, contact.value])).toEqual([
      ['mobile', '+46707654321'],
      ['email', 'dana@example.com'],
    ]);
    expect(dana.cards).toEqual([['5500000000028', 'active']]);
    expect([dana.points, dana.bonus]).toEqual([250, 1250]);
    const entries = (await manage('get', `/accounts/${dana.accounts.find((account) => account.accountType.code === 'points')!.id}/entries`).expect(200)).body.items;
    expect(entries).toEqual([expect.objectContaining({ kind: 'import', amount: 250, reason: 'regulars.csv, line 2' })]);
    expect((await imported('qr-11'))!.cards).toEqual([['5500000000035', 'lost']]);

    const again = await importFile(file('again.csv', ...rows));
    expect(again).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2 });
    expect((await imported('qr-10'))!.points).toBe(250);
  });

  it('a corrected file changes what it corrects, keeps what the guest did since, and never moves a card another guest holds', async () => {
    await importFile(file('before.csv', 'qr-20,Frida,Holm,,,,,,,,100,,'));
    const frida = (await imported('qr-20'))!;
    const points = frida.accounts.find((account) => account.accountType.code === 'points')!;
    // Frida earns 40 points at the restaurant after the first import.
    await manage('post', `/accounts/${points.id}/entries`, { kind: 'manual_credit', amount: 40, reason: 'Welcome' }).expect(201);
    const holder = await enrolRegular(plugin.app, '5500000000042');

    const corrected = await importFile(file('corrected.csv', 'qr-20,Frida,Holmberg,,,,,5500000000042,active,,130,,'));
    expect(corrected).toMatchObject({ created: 0, updated: 1, refused: [] });
    expect(corrected.cardsHeldElsewhere).toEqual([{ line: 2, card: 'barcode_card 5500000000042', holder: { id: holder.id, displayName: expect.any(String) } }]);
    const after = (await imported('qr-20'))!;
    expect(after.customer.lastName).toBe('Holmberg');
    expect(after.points).toBe(170);
    expect(after.cards).toEqual([]);
  });

  it('runs from the command line: a dry run lists the bad rows and exits 1, a wrong command line exits 2', async () => {
    const path = file('cli.csv', 'qr-40,Hugo,Falk,,,,,,,,10,,', 'qr-41,,,,,,,,,,,,');
    const written: string[] = [];
    const terminal = { write: (text: string) => written.push(text) };
    const code = await runImportCommand(['customers', path, '--tenant', TENANT, '--dry-run', '--balance', 'points=points'], { DATABASE_URL: plugin.database.url }, terminal);
    expect(code).toBe(1);
    expect(written.join('')).toContain('dry run: would have 1 created, 0 updated, 0 unchanged of 2 rows; 1 refused');
    expect(written.join('')).toContain('line 3: first_name: a customer needs a name');
    expect(await imported('qr-40')).toBeNull();
    expect(await runImportCommand(['customers', path, '--tenant', TENANT, '--balance', 'points'], {}, terminal)).toBe(2);
    expect(await runImportCommand(['customers', path], {}, terminal)).toBe(2);
  });

  it('exports every regular in the layout it imports, so another restaurant’s plugin takes them over as they are', async () => {
    await enrolRegular(plugin.app, '5500000000066', 1999);
    const out = join(folder, 'leaving.csv');
    const written: string[] = [];
    expect(await runExportCommand(['customers', out, '--tenant', TENANT, '--balance', 'points', '--balance', 'bonus'], { DATABASE_URL: plugin.database.url }, { write: (text) => written.push(text) })).toBe(0);
    const exported = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(exported[0]).toBe('external_id,first_name,last_name,organisation_name,phone,email,birth_date,marketing_consent,card_type,card_number,card_status,tier,categories,points,bonus');
    expect(exported).toContain('qr-10,Dana,Lind,,+46707654321,dana@example.com,1985-01-15,yes,barcode_card,5500000000028,active,,REGULARS,250,12.50');
    expect(written.join('')).toBe(`exported ${exported.length - 1} customers to ${out}\n`);

    const elsewhere = await startPlugin(engine);
    try {
      await setUpRestaurant(elsewhere.app);
      const code = await runImportCommand(['customers', out, '--tenant', TENANT, '--balance', 'points=points', '--balance', 'bonus=bonus'], { DATABASE_URL: elsewhere.database.url }, { write: () => undefined });
      expect(code).toBe(0);
      const again = join(folder, 'arrived.csv');
      await runExportCommand(['customers', again, '--tenant', TENANT, '--balance', 'points', '--balance', 'bonus'], { DATABASE_URL: elsewhere.database.url }, { write: () => undefined });
      expect(readFileSync(again, 'utf8').trimEnd().split('\n').sort()).toEqual([...exported].sort());
    } finally {
      await elsewhere.close();
    }
  }, 60_000);

  it('takes cards and balances from files of their own, after the customers, with expiring money as lots', async () => {
    await importFile(file('people.csv', 'qr-50,Ivar,Berg,,,,,,,,,,', 'qr-51,Juni,Berg,,,,,,,,,,'));
    const cards = join(folder, 'cards.csv');
    writeFileSync(cards, ['external_id,card_type,card_number,card_status', 'qr-50,magnetic_card,7700000000001,active', 'qr-99,barcode_card,7700000000002,active'].join('\n'));
    const balances = join(folder, 'balances.csv');
    writeFileSync(balances, ['external_id,account_type,balance,expires', 'qr-50,points,120,', 'qr-50,bonus,"7,50",2027-03-31', 'qr-51,bonus,3.00,', 'qr-51,stars,9,'].join('\n'));
    const run = (kind: 'cards' | 'balances', path: string) => runImportCommand([kind, path, '--tenant', TENANT], { DATABASE_URL: plugin.database.url }, { write: (text) => said.push(text) });
    const said: string[] = [];
    expect(await run('cards', cards)).toBe(1);
    expect(said.join('')).toContain('line 3: external_id: no customer qr-99 yet; import the customers first');
    expect(await run('balances', balances)).toBe(1);
    expect(said.join('')).toContain('line 5: account_type: there is no account type stars');
    const ivar = (await imported('qr-50'))!;
    expect([ivar.points, ivar.bonus, ivar.cards]).toEqual([120, 750, [['7700000000001', 'active']]]);
    expect((await imported('qr-51'))!.bonus).toBe(300);
    const purse = ivar.accounts.find((account) => account.accountType.code === 'bonus')!;
    expect((await plugin.app.get(AccountsService).nextExpiry(TENANT, purse.id))?.toISOString()).toBe('2027-03-31T23:59:59.000Z');
    expect(await run('balances', balances)).toBe(1);
    expect((await imported('qr-50'))!.bonus).toBe(750);
  });

  it('reads the same rows from an XLSX sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Guests');
    sheet.addRow(HEADER.split(','));
    sheet.addRow(['qr-30', 'Gita', 'Roos', '', '', new Date('1979-09-09T00:00:00Z'), 'yes', '5500000000059', 'active', 'REGULARS', 75, '3.20', '']);
    const path = join(folder, 'guests.xlsx');
    await workbook.xlsx.writeFile(path);
    expect(await importFile(path)).toMatchObject({ rows: 1, created: 1, refused: [] });
    const gita = (await imported('qr-30'))!;
    expect(gita.customer).toMatchObject({ firstName: 'Gita', birthDate: '1979-09-09' });
    expect([gita.points, gita.bonus, gita.cards]).toEqual([75, 320, [['5500000000059', 'active']]]);
  });
  it('keeps the mapping a real import read with as the tenant’s, and names a part’s refused rows by their line in the whole file', async () => {
    const columns = { externalId: 'Guest no', firstName: 'Name', phone: 'Tel' };
    const part = (content: string, firstLine: number, extra: object = {}) =>
      manage('post', '/imports', { kind: 'customers', fileName: 'old-system.csv', content, firstLine, dryRun: false, ...extra }).expect(200);
    // The runs above read with the regulars layout and two balance columns.
    expect((await manage('get', '/imports/mappings/customers').expect(200)).body).toMatchObject({
      saved: true,
      columns: { externalId: 'external_id' },
      balances: [{ accountType: 'points', column: 'points' }, { accountType: 'bonus', column: 'bonus', expiresColumn: 'bonus_expires' }],
    });
    const first = await part('Guest no;Name;Tel;Points\nqr-40;Hanna;+46 70 111 22 33;15\n', 1, { columns, balances: [{ accountType: 'points', column: 'Points' }] });
    expect(first.body).toMatchObject({ created: 1, refused: [] });
    expect((await manage('get', '/imports/mappings/customers').expect(200)).body).toMatchObject({ saved: true, columns, balances: [{ accountType: 'points', column: 'Points' }] });
    // The second part of the same file: the heading again, read with the saved mapping.
    const second = await part('Guest no;Name;Tel;Points\nqr-41;Ivar;;20\n;Nobody;;\n', 3);
    expect(second.body).toMatchObject({ created: 1, refused: [{ line: 5, problems: [expect.stringContaining('Guest no: every row needs')] }] });
    expect((await imported('qr-41'))!.points).toBe(20);
    await manage('get', '/imports/mappings/stamps').expect(400);
  });
  it('writes batches side by side yet ends as the file says line by line: a later line of the same guest wins, a card goes to its first holder', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `qr-b${i},Guest,No${i},,,,,,,,${i},,`);
    rows[100] = 'qr-twice,Early,Line,,,,,5500000000097,active,,10,,';
    rows[1100] = 'qr-twice,Late,Line,,,,,,,,30,,';
    rows[1150] = 'qr-card,Second,Holder,,,,,5500000000097,active,,0,,';
    const report = await importFile(file('batches.csv', ...rows));
    expect(report).toMatchObject({ rows: 1200, created: 1199, updated: 1, refused: [] });
    expect(report.cardsHeldElsewhere).toEqual([expect.objectContaining({ line: 1152, card: 'barcode_card 5500000000097' })]);
    const twice = (await imported('qr-twice'))!;
    expect([twice.customer.firstName, twice.points, twice.cards]).toEqual(['Late', 30, [['5500000000097', 'active']]]);
    expect((await imported('qr-b1199'))!.points).toBe(1199);
  });
});
