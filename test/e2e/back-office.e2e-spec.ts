import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/main.js';
import { PluginClient } from '../../sandbox/pos/plugin-client.js';
import { readSandboxConfig } from '../../sandbox/sandbox-config.js';
import { launchBrowser, openAs as openPageAs, overflowsSideways, screenshot } from './browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { clockFrom } from '../support/plugin.js';

/** Anna Berg's demo loyalty card. */
const ANNAS_CARD = '2000000000015';
const WHALES_CARD = '2000000099992';
/** Erik Lund's, of Nordic Freight AB. */
const ERIKS_CARD = '2000000000022';
const POS_SCREEN = { width: 800, height: 600 };

/**
 * The plugin's own pages in real Chromium, against the sandbox host on MariaDB, signed in
 * the way a host signs its staff in (a token minted for the user, swapped for a cookie).
 */
describe('the back-office and till pages, in Chromium on the sandbox over MariaDB', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    // A Tuesday late morning in Berlin: no happy hour, and nobody's birthday.
    const clock = clockFrom(new Date('2026-11-10T10:30:00Z'));
    app = await startSandbox({ ...readSandboxConfig({ DATABASE_URL: database.url }), port: 0, clock }, { logger: false });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  /** A member of staff opening a plugin page from the host's menu, in a browser of their own. */
  async function openAs(role: 'manager' | 'waiter', route: string, options: { locale?: string; screen?: { width: number; height: number } } = {}): Promise<Page> {
    const page = await openPageAs(browser, base, role, route, options);
    contexts.push(page.context());
    return page;
  }

  it('a manager creates a category with a rule and gives it to Anna; the waiter then sees its discount on her tab', async () => {
    const manager = await openAs('manager', 'promotions');
    await manager.getByRole('button', { name: 'New category' }).click();
    await manager.getByRole('textbox', { name: 'Code' }).fill('LUNCH15');
    await manager.getByRole('textbox', { name: 'Name' }).fill('Lunch regulars');
    await manager.getByRole('button', { name: 'Create' }).click();
    await manager.waitForURL(/#\/promotions\/[^/]+/);

    await manager.getByRole('button', { name: 'New rule' }).click();
    await manager.getByRole('textbox', { name: 'Name' }).fill('Lunch 15%');
    await manager.getByRole('combobox', { name: 'Effect' }).selectOption('percent_off');
    await manager.getByRole('textbox', { name: 'Percentage' }).fill('15');
    await manager.getByRole('combobox', { name: 'Stacking' }).selectOption('stack');
    await manager.getByRole('button', { name: 'Save' }).click();
    await manager.getByRole('table', { name: 'Sales rules' }).getByRole('link', { name: 'Lunch 15%' }).waitFor();
    await screenshot(manager, 'manager-category-with-rule');

    await manager.getByRole('link', { name: 'Customers' }).click();
    await manager.getByRole('link', { name: 'Anna Berg' }).click();
    const categories = manager.getByRole('form', { name: 'Add category' });
    await categories.getByLabel('Category').selectOption('LUNCH15');
    await categories.getByRole('button', { name: 'Add category' }).click();
    await manager.getByRole('button', { name: 'Remove Lunch regulars' }).waitFor();
    await screenshot(manager, 'manager-gives-anna-the-category');

    // The waiter works on the host's own till page, which asks the plugin to price the tab.
    const till = await (await browser.newContext({ viewport: POS_SCREEN })).newPage();
    contexts.push(till.context());
    await till.goto(`${base}/`);
    await till.getByRole('button', { name: 'Open tab' }).click();
    await till.getByRole('button', { name: /Mushroom risotto/ }).click();
    await till.getByRole('button', { name: 'Present barcode card: Anna Berg' }).click();
    const discount = till.locator('#lines tr.discount', { hasText: 'Lunch 15% (LUNCH15)' });
    await discount.waitFor();
    await screenshot(till, 'waiter-sees-the-new-discount');
    expect(await discount.textContent()).toMatch(/−/);
  });

  it('a manager tries a big-table rule on a small sample tab and reads why it did not apply, in Swedish', async () => {
    const manager = await openAs('manager', 'promotions', { locale: 'sv-SE' });
    await manager.getByRole('button', { name: 'Ny kategori' }).click();
    await manager.getByRole('textbox', { name: 'Kod' }).fill('BIGTABLE');
    await manager.getByRole('textbox', { name: 'Namn' }).fill('Stora bord');
    await manager.getByRole('button', { name: 'Skapa' }).click();
    await manager.waitForURL(/#\/promotions\/[^/]+/);
    await manager.getByRole('button', { name: 'Ny regel' }).click();
    await manager.getByRole('textbox', { name: 'Namn' }).fill('Stort bord 10 %');
    await manager.getByRole('textbox', { name: 'Procent' }).fill('10');
    await manager.getByRole('textbox', { name: 'Lägsta notabelopp' }).fill('5000');
    await manager.getByRole('button', { name: 'Spara' }).click();
    await manager.getByRole('table', { name: 'Försäljningsregler' }).getByRole('link', { name: 'Stort bord 10 %' }).waitFor();

    await manager.getByRole('tab', { name: 'Prova' }).click();
    const why = manager.getByRole('list', { name: 'Gällde inte, och varför' });
    await why.waitFor();
    expect(await why.textContent()).toMatch(/Stort bord 10 %.*notan saknar .* till lägsta beloppet 5\s000,00\s€/);
    await screenshot(manager, 'manager-reads-why-not');
  });

  it('a manager tries a rule that is still switched off, and sees it marked as off', async () => {
    const manager = await openAs('manager', 'promotions');
    await manager.getByRole('button', { name: 'New category' }).click();
    await manager.getByRole('textbox', { name: 'Code' }).fill('WINTER');
    await manager.getByRole('textbox', { name: 'Name' }).fill('Winter menu');
    await manager.getByRole('button', { name: 'Create' }).click();
    await manager.waitForURL(/#\/promotions\/[^/]+/);
    await manager.getByRole('button', { name: 'New rule' }).click();
    await manager.getByRole('textbox', { name: 'Name' }).fill('Winter 20%');
    await manager.getByRole('textbox', { name: 'Percentage' }).fill('20');
    await manager.getByRole('checkbox', { name: 'Active' }).uncheck();
    await manager.getByRole('button', { name: 'Save' }).click();
    await manager.getByRole('table', { name: 'Sales rules' }).getByRole('link', { name: 'Winter 20%' }).waitFor();

    await manager.getByRole('tab', { name: 'Try it' }).click();
    const result = manager.locator('.promo-result');
    await result.waitFor();
    expect(await result.locator('.promo-discounts').count()).toBe(0);
    await manager.getByRole('checkbox', { name: 'Include switched-off rules' }).check();
    await manager.getByRole('button', { name: 'Evaluate' }).click();
    await result.locator('.promo-discounts li', { hasText: 'Winter 20%' }).first().waitFor();
    expect(await result.locator('.promo-discounts li .badge', { hasText: 'off' }).count()).toBeGreaterThan(0);
    await screenshot(manager, 'manager-tries-a-switched-off-rule');
  });

  it('a manager caps a promotion at its first 100 tabs with a money budget that gives what is left', async () => {
    const manager = await openAs('manager', 'promotions');
    await manager.getByRole('button', { name: 'New category' }).click();
    await manager.getByRole('textbox', { name: 'Code' }).fill('OPENING');
    await manager.getByRole('textbox', { name: 'Name' }).fill('Opening week');
    await manager.getByRole('button', { name: 'Create' }).click();
    await manager.waitForURL(/#\/promotions\/[^/]+/);
    await manager.getByRole('button', { name: 'New rule' }).click();
    await manager.getByRole('textbox', { name: 'Name' }).fill('Opening 25%');
    await manager.getByRole('textbox', { name: 'Percentage' }).fill('25');
    await manager.getByRole('button', { name: 'Add a limit' }).click();
    const first = manager.getByRole('group', { name: 'Limit 1' });
    await first.getByRole('spinbutton', { name: 'Tabs' }).fill('100');
    await manager.getByRole('button', { name: 'Add a limit' }).click();
    const second = manager.getByRole('group', { name: 'Limit 2' });
    await second.getByLabel('Over').selectOption('day');
    await second.getByLabel('Money off').fill('200');
    await manager.getByRole('checkbox', { name: 'Give what is left of the money' }).check();
    await manager.getByRole('button', { name: 'Save' }).click();
    await manager.getByRole('table', { name: 'Sales rules' }).getByRole('link', { name: 'Opening 25%' }).click();
    await manager.getByRole('group', { name: 'Limit 2' }).waitFor();
    expect(await manager.getByRole('group', { name: 'Limit 1' }).getByRole('spinbutton', { name: 'Tabs' }).inputValue()).toBe('100');
    expect(await manager.getByRole('group', { name: 'Limit 2' }).getByLabel('Over').inputValue()).toBe('day');
    expect(await manager.getByRole('checkbox', { name: 'Give what is left of the money' }).isChecked()).toBe(true);
    await screenshot(manager, 'manager-limits-a-rule');
  });

  it('a manager generates promo codes for flyers, downloads them for the printer and looks one up', async () => {
    const manager = await openAs('manager', 'promotions');
    await manager.getByRole('button', { name: 'New category' }).click();
    await manager.getByRole('textbox', { name: 'Code' }).fill('FLYERS');
    await manager.getByRole('textbox', { name: 'Name' }).fill('December flyers');
    await manager.getByRole('button', { name: 'Create' }).click();
    await manager.waitForURL(/#\/promotions\/[^/]+/);
    await manager.getByRole('tab', { name: 'Promo codes' }).click();

    await manager.getByRole('button', { name: 'Generate codes' }).click();
    await manager.getByRole('textbox', { name: 'Batch name' }).fill('Flyers, week 49');
    await manager.getByRole('spinbutton', { name: 'Codes' }).fill('5');
    await manager.getByRole('textbox', { name: 'Prefix' }).fill('xmas');
    await manager.getByRole('button', { name: 'Generate', exact: true }).click();
    await manager.getByRole('status').filter({ hasText: '5 codes generated in Flyers, week 49.' }).waitFor();
    const batches = manager.getByRole('table', { name: 'Generated batches' });
    await batches.getByRole('cell', { name: 'Flyers, week 49' }).waitFor();
    await screenshot(manager, 'manager-generates-codes');

    const [download] = await Promise.all([manager.waitForEvent('download'), batches.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('Flyers, week 49.csv');
    const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe('code,barcode,valid_from,valid_to');
    expect(csv.slice(1)).toHaveLength(5);
    const printed = csv[1].split(',')[0];
    expect(printed).toMatch(/^XMAS[0-9A-HJKMNP-TV-Z]{11}$/);

    const lookup = manager.getByRole('search', { name: 'Look up a code' });
    await lookup.getByRole('textbox', { name: 'Code' }).fill(printed.toLowerCase());
    await lookup.getByRole('button', { name: 'Find' }).click();
    await manager.getByText('Not on any tab yet.').waitFor();
    await lookup.getByRole('textbox', { name: 'Code' }).fill('NOSUCHCODE');
    await lookup.getByRole('button', { name: 'Find' }).click();
    await manager.getByText('There is no code NOSUCHCODE.').waitFor();
  });

  it('a manager sells a gift card at the counter, tops it up and reads its history', async () => {
    const manager = await openAs('manager', 'accounts/gift-cards');
    await manager.getByRole('table', { name: 'Gift cards' }).getByRole('link', { name: '400000000001' }).waitFor();
    await manager.getByRole('button', { name: 'Sell a gift card' }).click();
    const sale = manager.getByRole('form', { name: 'Sell a gift card' });
    await sale.getByRole('textbox', { name: 'Card code' }).fill('4000 0000 0777');
    await sale.getByLabel('Amount paid').fill('50');
    await sale.getByRole('textbox', { name: 'Receipt' }).fill('R-1001');
    await sale.getByRole('button', { name: 'Sell a gift card' }).click();
    await manager.waitForURL(/#\/accounts\/gift-cards\/400000000777$/);
    expect(await manager.getByTestId('gift-card-available').textContent()).toBe('€50.00');

    const topUp = manager.getByRole('form', { name: 'Top-up or refund' });
    await topUp.getByLabel('Amount paid').fill('20');
    await topUp.getByRole('textbox', { name: 'Receipt' }).fill('R-1002');
    await topUp.getByRole('button', { name: 'Top up' }).click();
    await topUp.getByRole('status').filter({ hasText: 'Topped up: €70.00 available.' }).waitFor();
    const history = manager.getByRole('table', { name: 'Account history' });
    await history.locator('tbody tr[data-kind=deposit]').nth(1).waitFor();
    expect(await history.locator('tbody tr[data-kind=deposit]').count()).toBe(2);

    await topUp.getByLabel('Refund a sale').check();
    await topUp.getByRole('textbox', { name: 'Receipt' }).fill('R-1001');
    await topUp.getByRole('button', { name: 'Refund a sale' }).click();
    await topUp.getByText(/of top-ups; refund those first/).waitFor();
    expect(await manager.getByTestId('gift-card-available').textContent()).toBe('€70.00');
    await screenshot(manager, 'manager-gift-card');
  });

  it('a manager turns referrals on, and registers a new guest brought with Anna’s code', async () => {
    const manager = await openAs('manager', 'accounts/referrals');
    const program = manager.getByRole('form', { name: 'Referrals' });
    await program.getByRole('checkbox', { name: 'Reward referrals' }).check();
    await program.getByLabel('Minimum first visit').fill('30');
    await program.getByLabel('Amount for the guest who brought them').fill('500');
    await program.getByLabel('Amount for the new guest').fill('300');
    await program.getByRole('button', { name: 'Save' }).click();
    await program.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await manager.getByRole('link', { name: 'Customers' }).click();
    await manager.getByRole('link', { name: 'Anna Berg' }).click();
    const code = (await manager.getByTestId('referral-code').textContent())!;
    expect(code).toMatch(/^R[0-9A-HJKMNP-TV-Z]{11}$/);

    await manager.goto(`${base}/ui/#/customers/new`);
    await manager.getByRole('textbox', { name: 'First name' }).fill('Lina');
    await manager.getByRole('textbox', { name: 'Last name' }).fill('Holm');
    await manager.getByRole('button', { name: 'Create' }).click();
    await manager.getByRole('heading', { name: 'Lina Holm' }).waitFor();
    const bring = manager.getByRole('form', { name: 'Brought by a friend' });
    await bring.getByRole('textbox', { name: 'Friend’s code' }).fill(code.toLowerCase());
    await bring.getByRole('button', { name: 'Brought by a friend' }).click();
    await manager.getByText('Brought by a friend; both are rewarded after the first visit at the minimum:').waitFor();
    await screenshot(manager, 'manager-registers-a-referral');
  });

  it('a manager sets what tills may spend offline, and reads the offline risk a till left at the café', async () => {
    const manager = await openAs('manager', 'accounts/offline');
    const allowance = manager.getByRole('form', { name: 'Offline allowance per account' });
    await allowance.getByLabel('Offline allowance per account').fill('3');
    await allowance.getByRole('button', { name: 'Save' }).click();
    await allowance.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await manager.getByText('No till spent bonus offline in this period.').waitFor();

    // The sandbox's till loses the plugin, takes 3.00 € of Anna's bonus on its pack's word, and comes back.
    const pos = async (method: string, path: string, body?: object) => {
      const response = await fetch(`${base}/pos${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      expect(response.status).toBeLessThan(300);
      return response.json();
    };
    await pos('POST', '/offline');
    const tab = (await pos('POST', '/tabs', { tableId: 't-9', guestCount: 1 })).tab;
    await pos('POST', `/tabs/${tab.id}/items`, { productId: 'p-steak', quantity: 1 });
    const { card } = await pos('POST', `/tabs/${tab.id}/customer`, { type: 'barcode_card', value: ANNAS_CARD });
    const purse = card.balances.find((balance: { unit: string; available: number }) => balance.unit === 'EUR' && balance.available > 0);
    expect(purse.available).toBe(300);
    await pos('POST', `/tabs/${tab.id}/bonus`, { accountId: purse.accountId, amount: 300 });
    await pos('POST', `/tabs/${tab.id}/close`);
    await pos('DELETE', '/offline');

    await manager.reload();
    const report = manager.getByRole('table', { name: 'Offline risk by location' });
    await report.getByRole('row', { name: /sandbox-cafe/ }).waitFor();
    expect(await report.getByRole('row', { name: /sandbox-cafe/ }).getByRole('cell').allTextContents()).toEqual(['sandbox-cafe', '1', '€3.00', '€0.00', '0', '€0.00']);
    await screenshot(manager, 'manager-offline-risk');
  });

  it('a waiter identifies Anna by her card with the keyboard on a 800×600 till and sees her card', async () => {
    const waiter = await openAs('waiter', 'till', { screen: POS_SCREEN });
    await waiter.getByLabel('Identifier type').selectOption('barcode_card');
    await waiter.getByLabel('Card number or search').fill(ANNAS_CARD);
    await waiter.keyboard.press('Enter');
    await waiter.getByRole('heading', { name: 'Anna Berg' }).waitFor();
    for (const section of ['Balances', 'Rewards on offer', 'Limits left today', 'Preferences']) {
      await waiter.getByRole('heading', { name: section }).waitFor();
    }
    expect(await waiter.getByText('Tiramisu on the house').count()).toBeGreaterThan(0);
    // Her first name, as every other page greets her, and the dessert by its name, not the till's product id.
    expect(await waiter.locator('.greeting').textContent()).toBe('Welcome back, Anna!');
    expect(await waiter.getByText('Free Tiramisu × 1').count()).toBe(1);
    expect(await waiter.getByText(/p-tiramisu/).count()).toBe(0);
    expect(await overflowsSideways(waiter)).toBe(false);
    await screenshot(waiter, 'waiter-till-card');

    await waiter.getByLabel('Card number or search').fill('9999999999999');
    await waiter.keyboard.press('Enter');
    await waiter.getByRole('alert').waitFor();
  });

  it('a waiter seats Erik beside Anna at one table, each with their own card, and lets Anna leave', async () => {
    const waiter = await openAs('waiter', 'till', { screen: POS_SCREEN });
    const present = async (card: string) => {
      await waiter.getByLabel('Identifier type').selectOption('barcode_card');
      await waiter.getByLabel('Card number or search').fill(card);
      await waiter.keyboard.press('Enter');
    };
    await present(ANNAS_CARD);
    await waiter.getByRole('heading', { name: 'Anna Berg' }).waitFor();
    await waiter.getByRole('button', { name: 'Seat another guest at the table' }).click();
    await present(ERIKS_CARD);
    await waiter.getByRole('heading', { name: /^Erik Lund/ }).waitFor();
    const table = waiter.getByRole('region', { name: 'At the table' });
    await table.getByRole('heading', { name: 'Anna Berg' }).waitFor();
    expect(await table.getByRole('heading', { name: /^Erik Lund/ }).count()).toBe(0);
    await screenshot(waiter, 'waiter-two-guests');
    await table.getByRole('button', { name: 'Anna Berg leaves the table' }).click();
    await table.waitFor({ state: 'detached' });
    expect(await waiter.getByRole('heading', { name: /^Erik Lund/ }).count()).toBe(1);
  });

  it('a manager reads, in Swedish, the history of a bill split at the till: both tabs, the guest’s visits and the events', async () => {
    const pos = async (method: string, path: string, body?: object) => {
      const response = await fetch(`${base}/pos${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      expect(response.status).toBeLessThan(300);
      return response.json();
    };
    const tab = (await pos('POST', '/tabs', { tableId: 't-12', guestCount: 2 })).tab;
    await pos('POST', `/tabs/${tab.id}/customer`, { type: 'barcode_card', value: ANNAS_CARD });
    await pos('POST', `/tabs/${tab.id}/items`, { productId: 'p-steak', quantity: 1 });
    await pos('POST', `/tabs/${tab.id}/items`, { productId: 'p-tiramisu', quantity: 1 });
    const split = await pos('POST', `/tabs/${tab.id}/split`, { lineIds: ['l-2'] });
    const partId = (split.answer.effects as { kind: string; id: string; splitFrom?: string }[]).find((effect) => effect.splitFrom)!.id;
    await pos('POST', `/tabs/${partId}/close`);
    await pos('POST', `/tabs/${tab.id}/close`);

    const manager = await openAs('manager', `tabs/${partId}`, { locale: 'sv-SE' });
    await manager.getByRole('heading', { name: `Nota ${partId}` }).waitFor();
    const bill = manager.getByRole('table', { name: 'Notan den ingår i' });
    await bill.getByRole('row', { name: new RegExp(tab.id) }).first().waitFor();
    expect(await bill.getByRole('row').count()).toBe(3);
    expect(await bill.getByText('betald').count()).toBe(2);
    await manager.getByRole('table', { name: 'Gästernas besök' }).getByRole('link', { name: 'Anna Berg' }).waitFor();
    await screenshot(manager, 'manager-split-tab-history');

    await bill.getByRole('link', { name: tab.id }).click();
    await manager.getByRole('heading', { name: `Nota ${tab.id}` }).waitFor();
    await manager.getByRole('table', { name: 'Händelser från kassan' }).getByRole('cell', { name: 'delad' }).waitFor();
  });

  /** The import page's words a manager reads, in their language. */
  interface ImportWords {
    title: string;
    file: string;
    check: string;
    run: string;
    checked: string;
    refused: string;
    /** The counts of the corrected file checked, imported, and imported again. */
    wouldCount: string;
    count: string;
    countAgain: string;
  }

  /**
   * The import as a manager goes through it: a file whose line 3 is bad, checked (the line
   * listed with why); the corrected file checked again and imported; then imported once
   * more, which changes nothing.
   */
  async function importWithABadRow(manager: Page, words: ImportWords, file: { name: string; header: string; good: string; bad: string; fixed: string; why: RegExp }): Promise<void> {
    const upload = (name: string, rows: string[]) => manager.getByLabel(words.file).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from([file.header, ...rows].join('\n')) });
    const button = (name: string) => manager.getByRole('button', { name, exact: true });
    await upload(file.name, [file.good, file.bad]);
    await button(words.check).click();
    await manager.getByRole('heading', { name: words.checked }).waitFor();
    const refused = manager.getByRole('table', { name: words.refused });
    const badRow = refused.getByRole('row', { name: /^3 / });
    await badRow.waitFor();
    const [line, why] = await badRow.getByRole('cell').allTextContents();
    expect({ line, why }).toEqual({ line: '3', why: expect.stringMatching(file.why) });
    expect(await refused.getByRole('row').count()).toBe(2);

    await upload(file.name.replace('.csv', '-fixed.csv'), [file.good, file.fixed]);
    await button(words.check).click();
    await manager.getByRole('status').filter({ hasText: words.wouldCount }).waitFor();
    await button(words.run).click();
    await manager.getByRole('status').filter({ hasText: words.count }).waitFor();
    await button(words.run).click();
    await manager.getByRole('status').filter({ hasText: words.countAgain }).waitFor();
  }

  async function openImportAs(locale: string, words: ImportWords): Promise<Page> {
    const manager = await openAs('manager', 'customers', { locale });
    await manager.getByRole('link', { name: words.title }).click();
    await manager.getByRole('heading', { name: words.title }).waitFor();
    return manager;
  }

  const ENGLISH: ImportWords = {
    title: 'Import regulars',
    file: 'CSV file',
    check: 'Check the file',
    run: 'Import',
    checked: 'Checked: nothing was written',
    refused: 'Rows refused',
    wouldCount: '2 rows: 2 would be new, 0 would change, 0 are as they are, 0 refused.',
    count: '2 rows: 2 new, 0 changed, 0 as they were, 0 refused.',
    countAgain: '2 rows: 0 new, 0 changed, 2 as they were, 0 refused.',
  };

  it('a manager imports regulars from a file with a bad row, fixes it and imports again, then a file of 4,500 rows in three parts, stopped after the first and run again, in English', async () => {
    const manager = await openImportAs('en', ENGLISH);
    // Nothing is saved before the tenant's first import: the plugin's own layout is offered.
    expect(await manager.getByLabel('Column names').inputValue()).toBe('regulars');
    await manager.getByRole('button', { name: 'Add a balance column' }).click();
    await manager.getByLabel('Account type').selectOption({ label: 'Regulars points' });
    await manager.getByLabel('Column with the balance').fill('points');
    await importWithABadRow(manager, ENGLISH, {
      name: 'old-system.csv',
      header: 'external_id,first_name,last_name,phone,card_number,points',
      good: 'en-1,Oliver,Brown,+46701110101,4400000001016,120',
      bad: 'en-2,Amelia,Brown,123,4400000001023,80',
      fixed: 'en-2,Amelia,Brown,+46701110102,4400000001023,80',
      why: /^phone: is not a valid phone number/,
    });
    await screenshot(manager, 'manager-import-done');

    // Line 4,203 is in the third part of 2,000 rows; it is named by its line in the whole file.
    const posts: string[] = [];
    manager.on('request', (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/imports') && posts.push(request.url()));
    const rows = Array.from({ length: 4500 }, (_, i) => `big-${i + 2},Guest,"Number ${i + 2}, ""the big file""",${i + 2 === 4203 ? 'not-an-email' : `guest${i + 2}@example.com`}`);
    await manager.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(['external_id,first_name,last_name,email', ...rows].join('\r\n')) });

    // Stopped while its first part is on the way, the import ends after that part.
    let stopped!: () => void;
    const stop = new Promise<void>((resolve) => (stopped = resolve));
    await manager.route('**/imports', async (route) => {
      await stop;
      await route.continue();
    });
    await manager.getByRole('button', { name: 'Import', exact: true }).click();
    await manager.getByRole('button', { name: 'Stop' }).click();
    stopped();
    await manager.getByRole('status').filter({ hasText: '2,000 rows: 2,000 new, 0 changed, 0 as they were, 0 refused.' }).waitFor();
    await manager.getByText('Stopped after 2,000 rows.').waitFor();
    expect(await manager.getByRole('status').filter({ hasText: 'big.csv:' }).textContent()).toBe('big.csv: 2,000 of 4,500 rows');
    await manager.unroute('**/imports');

    // Run again, it finds the rows already in as they are.
    await manager.getByRole('button', { name: 'Import', exact: true }).click();
    await manager.getByRole('status').filter({ hasText: 'big.csv: 4,500 of 4,500 rows' }).waitFor();
    await manager.getByRole('status').filter({ hasText: '4,500 rows: 2,499 new, 0 changed, 2,000 as they were, 1 refused.' }).waitFor();
    expect(posts).toHaveLength(1 + 3);
    expect(await manager.locator('progress').getAttribute('value')).toBe('4500');
    const refused = manager.getByRole('table', { name: 'Rows refused' }).getByRole('row');
    expect(await refused.allTextContents()).toEqual(['LineWhy', '4203email: not-an-email is not an e-mail address']);
    await screenshot(manager, 'manager-import-large-file');
  });

  it('a manager imports regulars with the mapping the last import saved, fixes a bad row and imports again, in Russian', async () => {
    const words: ImportWords = {
      title: 'Импорт гостей',
      file: 'Файл CSV',
      check: 'Проверить файл',
      run: 'Импортировать',
      checked: 'Проверено: ничего не записано',
      refused: 'Отклонённые строки',
      wouldCount: 'Строк: 2. Новых было бы 2, изменилось бы 0, без изменений 0, отклонено 0.',
      count: 'Строк: 2. Новых 2, изменено 0, без изменений 0, отклонено 0.',
      countAgain: 'Строк: 2. Новых 0, изменено 0, без изменений 2, отклонено 0.',
    };
    const manager = await openImportAs('ru-RU', words);
    // The saved mapping arrives after the page: the choice is read once it is shown.
    await manager.getByText('Сохранено нашим последним импортом').waitFor();
    expect(await manager.getByLabel('Названия столбцов').inputValue()).toBe('saved');
    expect(await manager.getByLabel('Столбец с балансом').inputValue()).toBe('points');
    await importWithABadRow(manager, words, {
      name: 'old-system.csv',
      header: 'external_id,first_name,last_name,phone,card_number,points',
      good: 'os-1,Ola,Nordmann,+46701112233,4400000000011,120',
      bad: 'os-2,Kari,Nordmann,123,4400000000028,80',
      fixed: 'os-2,Kari,Nordmann,+46704445566,4400000000028,80',
      why: /^phone: is not a valid phone number/,
    });
    await screenshot(manager, 'manager-import-done-ru');
  });

  it('a manager imports regulars from a spreadsheet, fixes a bad row and imports again, in Vietnamese', async () => {
    const words: ImportWords = {
      title: 'Nhập khách quen',
      file: 'Tệp CSV',
      check: 'Kiểm tra tệp',
      run: 'Nhập',
      checked: 'Đã kiểm tra: chưa ghi gì',
      refused: 'Các dòng bị từ chối',
      wouldCount: '2 dòng: 2 sẽ là mới, 0 sẽ thay đổi, 0 giữ nguyên, 0 bị từ chối.',
      count: '2 dòng: 2 mới, 0 đã thay đổi, 0 giữ nguyên, 0 bị từ chối.',
      countAgain: '2 dòng: 0 mới, 0 đã thay đổi, 2 giữ nguyên, 0 bị từ chối.',
    };
    const manager = await openImportAs('vi', words);
    await manager.getByLabel('Tên cột').selectOption({ label: 'Như bảng tính' });
    await importWithABadRow(manager, words, {
      name: 'bang-tinh.csv',
      header: 'ID,First name,Last name,Phone,Card,points',
      good: 'vi-1,Lan,Nguyễn,+84912345671,4400000002013,50',
      bad: 'vi-2,Minh,Trần,12,4400000002020,70',
      fixed: 'vi-2,Minh,Trần,+84912345672,4400000002020,70',
      why: /^Phone: is not a valid phone number/,
    });
  });

  it('a manager maps the columns of another system, fixes a bad row and imports again, and finds the mapping saved, in Swedish', async () => {
    const words: ImportWords = {
      title: 'Importera stamgäster',
      file: 'CSV-fil',
      check: 'Kontrollera filen',
      run: 'Importera',
      checked: 'Kontrollerad: inget har skrivits',
      refused: 'Avvisade rader',
      wouldCount: '2 rader: 2 skulle bli nya, 0 skulle ändras, 0 är som de är, 0 avvisade.',
      count: '2 rader: 2 nya, 0 ändrade, 0 oförändrade, 0 avvisade.',
      countAgain: '2 rader: 0 nya, 0 ändrade, 2 oförändrade, 0 avvisade.',
    };
    const manager = await openImportAs('sv-SE', words);
    await manager.getByLabel('Kolumnnamn').selectOption({ label: 'Våra egna kolumner' });
    const headings: Record<string, string> = {
      'Gästens nummer i det gamla systemet': 'Kundnr',
      Förnamn: 'Förnamn',
      Efternamn: 'Efternamn',
      Företag: '',
      Telefon: 'Mobil',
      'E-post': '',
      Födelsedag: '',
      'Vill ha nyheter och erbjudanden': '',
      Korttyp: '',
      Kortnummer: 'Kortnr',
      'Kortets status': '',
      Nivå: '',
      Kategorier: '',
    };
    for (const [field, heading] of Object.entries(headings)) await manager.getByLabel(field).fill(heading);
    await manager.getByLabel('Kolumn med saldot').fill('Poäng');
    await importWithABadRow(manager, words, {
      name: 'kassasystem.csv',
      header: 'Kundnr;Förnamn;Efternamn;Mobil;Kortnr;Poäng',
      good: 'sv-1;Astrid;Lind;+46701234561;4400000003010;200',
      bad: 'sv-2;Nils;Lind;0;4400000003027;40',
      fixed: 'sv-2;Nils;Lind;+46701234562;4400000003027;40',
      why: /^Mobil: is not a valid phone number/,
    });

    await manager.reload();
    await manager.getByRole('heading', { name: words.title }).waitFor();
    await manager.getByText('Sparad av vår senaste import').waitFor();
    expect(await manager.getByLabel('Kolumnnamn').inputValue()).toBe('saved');
    await manager.getByText('Kolumner: Kundnr, Förnamn, Efternamn, Mobil, Kortnr.').waitFor();
    expect(await manager.getByLabel('Kolumn med saldot').inputValue()).toBe('Poäng');
    await screenshot(manager, 'manager-import-saved-mapping');
  });

  it('a manager credits points to Anna and sees the green entry at the top of her history', async () => {
    const manager = await openAs('manager', 'customers');
    await manager.getByRole('link', { name: 'Anna Berg' }).click();
    await manager.getByRole('tab', { name: 'Accounts' }).click();
    await manager.locator('a[data-account-type=points]').click();
    const form = manager.getByRole('form', { name: 'Manual credit or debit' });
    await form.getByLabel('Credit', { exact: true }).check();
    await form.getByLabel('Amount').fill('250');
    await form.getByLabel('Description').fill('Sorry for the wait on Friday');
    await form.getByRole('button', { name: 'Record entry' }).click();
    await form.getByRole('status').filter({ hasText: 'Credited 250' }).waitFor();

    const history = manager.getByRole('table', { name: 'Account history' });
    await history.locator('tbody tr', { hasText: 'Sorry for the wait on Friday' }).waitFor();
    const newest = history.locator('tbody tr').first();
    expect(await newest.getAttribute('data-direction')).toBe('credit');
    expect(await newest.getAttribute('data-kind')).toBe('manual_credit');
    expect(await newest.textContent()).toContain('Sorry for the wait on Friday');
    const colour = await newest.locator('td.amount.credit').evaluate((cell) => getComputedStyle(cell).color);
    expect(colour).toBe('rgb(19, 112, 58)');
    await screenshot(manager, 'manager-credits-points');
  });

  it('shows the API’s refusal beside the field that caused it, and creates nothing', async () => {
    const manager = await openAs('manager', 'customers/new');
    await manager.getByRole('textbox', { name: 'First name' }).fill('Nils');
    await manager.getByRole('textbox', { name: 'Last name' }).fill('Dahl');
    await manager.getByRole('textbox', { name: 'E-mail' }).fill('nils-at-example');
    await manager.getByRole('button', { name: 'Create' }).click();
    await manager.getByText('is not a valid e-mail address').waitFor();
    expect(await manager.getByRole('textbox', { name: 'E-mail' }).getAttribute('aria-invalid')).toBe('true');
    await manager.goto(`${base}/ui/#/customers?q=Dahl`);
    await manager.getByText('No customer matches').waitFor();
  });

  it('shows a guest at the largest balance the plugin keeps, exactly, on the customer card and the till card', async () => {
    // The documented maximum: a thousand credits of the largest amount (10^12) make 10^15.
    const plugin = app.get(PluginClient);
    const moby = await plugin.expect<{ id: string }>('POST', '/customers', { idempotencyKey: 'e2e-moby', body: { kind: 'individual', firstName: 'Moby', lastName: 'Whale', allowDuplicate: true } });
    await plugin.expect('POST', `/customers/${moby.id}/identifiers`, { idempotencyKey: 'e2e-moby-card', body: { type: 'barcode_card', value: WHALES_CARD, entryMethod: 'scan' } });
    const points = await plugin.expect<{ id: string }>('POST', `/customers/${moby.id}/accounts`, { body: { accountTypeCode: 'points' } });
    for (let batch = 0; batch < 1000; batch += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          plugin.expect('POST', `/accounts/${points.id}/entries`, { idempotencyKey: `e2e-moby-${batch + i}`, body: { kind: 'manual_credit', amount: 1_000_000_000_000, reason: 'Whale' } }),
        ),
      );
    }
    const largest = '1,000,000,000,000,000';

    // Straight to his card: the imports before this test put thousands of guests ahead of him in the list.
    const manager = await openAs('manager', `customers/${moby.id}`);
    await manager.getByRole('tab', { name: 'Accounts' }).click();
    await manager.getByText(largest).first().waitFor();
    await screenshot(manager, 'manager-whale-balance');

    const waiter = await openAs('waiter', 'till', { screen: POS_SCREEN });
    await waiter.getByLabel('Identifier type').selectOption('barcode_card');
    await waiter.getByLabel('Card number or search').fill(WHALES_CARD);
    await waiter.keyboard.press('Enter');
    await waiter.getByRole('heading', { name: 'Moby Whale' }).waitFor();
    await waiter.getByText(largest).first().waitFor();
    expect(await overflowsSideways(waiter)).toBe(false);
    const balances = waiter.locator('section[aria-labelledby=till-balances]');
    expect(await balances.evaluate((box) => box.scrollWidth <= box.clientWidth + 1)).toBe(true);
    await screenshot(waiter, 'waiter-whale-card');
  });

  it('offers each role only its pages, each fitting a POS screen, in the host’s language', async () => {
    const waiter = await openAs('waiter', 'till', { locale: 'ru-RU', screen: POS_SCREEN });
    const waiterMenu = await waiter.getByRole('navigation').getByRole('link').allTextContents();
    expect(waiterMenu).toEqual(['Гости', 'Счета и награды', 'Карточка на кассе']);
    expect(await waiter.locator('.topbar .who').textContent()).toBe('Anna (официант)');

    const manager = await openAs('manager', 'customers', { locale: 'vi', screen: POS_SCREEN });
    expect(await manager.locator('.topbar .who').textContent()).toBe('Maria (quản lý)');
    const pages = await manager.getByRole('navigation').getByRole('link').all();
    expect(await Promise.all(pages.map((link) => link.textContent()))).toEqual(['Khách hàng', 'Khuyến mãi', 'Hạng thành viên', 'Tài khoản & phần thưởng', 'Webhook', 'Tin nhắn', 'Báo cáo', 'Thẻ tại quầy']);
    for (const route of ['customers', 'promotions', 'tiers', 'accounts', 'webhooks', 'messages', 'reports', 'till']) {
      await manager.evaluate((hash) => (window.location.hash = hash), `#/${route}`);
      await manager.locator('h1').waitFor();
      await manager.waitForLoadState('networkidle');
      expect({ route, overflows: await overflowsSideways(manager) }).toEqual({ route, overflows: false });
      await screenshot(manager, `vi-800x600-${route}`);
    }
  });
});
