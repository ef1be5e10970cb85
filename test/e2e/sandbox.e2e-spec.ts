import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/main.js';
import { readSandboxConfig } from '../../sandbox/sandbox-config.js';
import { clockFrom } from '../support/plugin.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { launchBrowser, screenshot } from './browser.js';

/**
 * The sandbox's waiter page in Chromium, as a vendor judging the plugin walks through a
 * dinner: every figure on the page must be the plugin's current one, and a paid tab must
 * show what was charged and accrued, never a new pricing.
 */
describe('the sandbox waiter page through a dinner, in Chromium over MariaDB', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    // A Tuesday late morning in Berlin: no happy hour, and nobody's birthday.
    const config = { ...readSandboxConfig({ DATABASE_URL: database.url }), port: 0, clock: clockFrom(new Date('2026-11-10T10:30:00Z')) };
    app = await startSandbox(config, { logger: false });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  const card = () => page.locator('#card');
  const bill = () => page.locator('#lines');
  /** The amount on the bill's row with this label. */
  const billAmount = async (label: string | RegExp) => (await bill().locator('tr', { hasText: label }).locator('td.amount').first().textContent())?.trim();
  /** An amount on the bill in cents, sign kept ("−4.00 €" is -400). */
  const cents = async (label: string | RegExp) => {
    const [, sign, whole, fraction] = (await billAmount(label))!.match(/^([−+]?)(\d+)\.(\d\d) €$/)!;
    return (sign === '−' ? -1 : 1) * (Number(whole) * 100 + Number(fraction));
  };
  const waitForCardLine = (text: RegExp) => card().locator('li', { hasText: text }).waitFor();
  const pointsOnCard = async () => Number((await card().locator('li', { hasText: /^Regulars points:/ }).textContent())!.match(/(\d+) pts available/)![1]);

  it('walks a dinner from the first order to a refund with the plugin’s figures at every step', async () => {
    await page.getByRole('button', { name: 'Open tab' }).click();
    await page.locator('#tab-title', { hasText: /v1 · open$/ }).waitFor();
    // No guest on the tab yet: nothing to pay with bonus from.
    expect(await page.getByRole('button', { name: 'Pay with bonus' }).isVisible()).toBe(false);

    await page.getByRole('button', { name: /Ribeye steak/ }).click();
    await bill().locator('tr', { hasText: 'Ribeye steak' }).waitFor();
    await page.getByRole('button', { name: /^Tiramisu/ }).click();
    await bill().locator('tr', { hasText: 'Tiramisu' }).waitFor();
    await page.getByRole('button', { name: 'Present barcode card: Anna Berg' }).click();
    await waitForCardLine(/^Bonus money: 10\.00 € available$/);
    await bill().locator('tr.discount', { hasText: 'Regulars 10% (REGULARS)' }).first().waitFor();
    const pointsBefore = await pointsOnCard();

    await page.getByLabel('Bonus amount in euro').fill('4.00');
    await page.getByRole('button', { name: 'Pay with bonus' }).click();
    // The card and the purse show the hold at once.
    await waitForCardLine(/^Bonus money: 6\.00 € available \(4\.00 € held\)$/);
    await page.locator('#history h2', { hasText: 'Bonus money: 10.00 € (6.00 € available)' }).waitFor();
    expect(await billAmount('Paid with bonus (held until the tab is paid)')).toBe('−4.00 €');
    expect(await cents('Before discounts')).toBe(3650);
    const discount = -(await cents(/^Discounts/));
    const lineDiscount = async (name: string) => Number((await bill().locator(`tr:has-text("${name}") + tr.discount td.amount`).textContent())!.replace(/\D/g, ''));
    expect(discount).toBe((await lineDiscount('Ribeye steak')) + (await lineDiscount('Tiramisu')));
    expect(discount).toBeGreaterThan(0);
    expect(await cents('To pay')).toBe(3650 - discount - 400);
    const accrues = Number((await billAmount(/Closing accrues points/))!.replace('+', ''));
    await screenshot(page, 'sandbox-bonus-held');

    await page.getByRole('button', { name: 'Pay and close' }).click();
    await page.locator('#tab-title', { hasText: /· closed/ }).waitFor();
    // This dinner took Anna over Gold's 150 €; her paid bill keeps the prices she paid.
    await page.locator('#log', { hasText: 'tier_move' }).waitFor();
    expect(await cents('Charged')).toBe(3650 - discount);
    expect(await cents('Paid with bonus')).toBe(-400);
    expect(await cents('Paid by card')).toBe(3650 - discount - 400);
    expect(await bill().locator('tr', { hasText: 'Gold 5%' }).count()).toBe(0);
    expect(await bill().locator('tr', { hasText: 'held until the tab is paid' }).count()).toBe(0);
    expect(await billAmount('Accrued: Regulars points')).toBe(`+${accrues} pts`);
    await waitForCardLine(/^Bonus money: 6\.00 € available$/);
    await waitForCardLine(/^Tier: Gold/);
    expect(await pointsOnCard()).toBe(pointsBefore + accrues);
    expect(await page.getByRole('button', { name: 'Pay with bonus' }).isVisible()).toBe(false);
    await screenshot(page, 'sandbox-paid-tab');

    await bill().locator('tr', { hasText: 'Tiramisu' }).getByRole('button', { name: 'Refund' }).click();
    await bill().locator('tr', { hasText: 'Refunded' }).waitFor();
    // The tiramisu as it was paid: 7.50 € less its share of the discount.
    const tiramisuDiscount = await lineDiscount('Tiramisu');
    const givenBack = -(await cents('Refunded'));
    expect(givenBack).toBe(750 - tiramisuDiscount);
    expect(await cents('Kept')).toBe(3650 - discount - givenBack);
    expect(await cents('Charged')).toBe(3650 - discount);
    const takenBack = Number((await billAmount('Taken back with the refund: Regulars points'))!.match(/−(\d+) pts/)![1]);
    expect(takenBack).toBeGreaterThan(0);
    await card().locator('li', { hasText: `Regulars points: ${pointsBefore + accrues - takenBack} pts available` }).waitFor();
    await screenshot(page, 'sandbox-refunded-line');
    expect(problems).toEqual([]);
  });

  it('seats a second guest at Anna’s table, prices each of them apart, and splits the bill', async () => {
    await page.getByRole('button', { name: 'Open tab' }).click();
    await page.locator('#tab-title', { hasText: /v1 · open$/ }).waitFor();
    await page.getByRole('button', { name: 'Present barcode card: Anna Berg' }).click();
    await waitForCardLine(/^Bonus money: /);
    await page.getByLabel(/Add a second guest/).check();
    await page.getByRole('button', { name: /^Present barcode card: Erik Lund/ }).click();
    const seated = page.locator('#seated');
    await seated.locator('h3', { hasText: 'Guest 1 — Anna Berg' }).waitFor();
    await seated.locator('h3', { hasText: /^Guest 2 — Erik Lund/ }).waitFor();
    await page.locator('#log', { hasText: 'guest 2 recognised: Erik Lund' }).waitFor();

    await page.getByLabel('Seat', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: /Ribeye steak/ }).click();
    await bill().locator('tr', { hasText: 'Ribeye steak' }).locator('.status', { hasText: 'guest 2' }).waitFor();
    await page.getByLabel('Seat', { exact: true }).selectOption('');
    await page.getByRole('button', { name: /^Tiramisu/ }).click();
    await bill().locator('tr', { hasText: 'Tiramisu' }).locator('.status', { hasText: 'shared' }).waitFor();
    // Anna is a regular: her half of the tiramisu comes with her discount; Erik's steak and half are priced for him.
    await seated.locator('.card', { hasText: 'Guest 1' }).locator('div', { hasText: /^Their part: \d+\.\d\d € \(−\d+\.\d\d €\)/ }).waitFor();
    await seated.locator('.card', { hasText: 'Guest 2' }).locator('div', { hasText: /^Their part: / }).waitFor();
    await screenshot(page, 'sandbox-two-guests');

    // Erik pays his steak apart: it goes to a tab of his own.
    await bill().locator('tr', { hasText: 'Ribeye steak' }).getByRole('button', { name: 'Split the bill: to a new tab' }).click();
    await page.locator('#log', { hasText: /guest_tab\.split v\d+ → applied/ }).waitFor();
    await bill().locator('tr', { hasText: 'Ribeye steak' }).waitFor({ state: 'detached' });
    await page.locator('#tabs li', { hasText: '↳' }).click();
    await page.locator('#tab-title', { hasText: /split from tab-/ }).waitFor();
    await bill().locator('tr', { hasText: 'Ribeye steak' }).waitFor();
    await page.getByRole('button', { name: 'Pay and close' }).click();
    await page.locator('#tab-title', { hasText: /· closed/ }).waitFor();
    await page.locator('#record', { hasText: '"billId"' }).waitFor();
    await screenshot(page, 'sandbox-split-bill');
    expect(problems).toEqual([]);
  });

  it('keeps serving Anna while the till is offline, and settles it all once it is back', async () => {
    await page.getByRole('button', { name: 'Go offline' }).click();
    await page.locator('#offline-status', { hasText: /^Offline: \d+ guests in the pack, 0 events kept$/ }).waitFor();
    await page.getByRole('button', { name: 'Open tab' }).click();
    await page.getByRole('button', { name: /Ribeye steak/ }).click();
    await bill().locator('tr', { hasText: 'Ribeye steak' }).waitFor();
    await page.getByRole('button', { name: 'Present barcode card: Anna Berg' }).click();
    // Found in the pack by her card's hash; what she may spend offline is what she has, under the 20.00 € allowance.
    await card().locator('h3', { hasText: 'Offline — Anna Berg' }).waitFor();
    const euros = (text: string | null) => Math.round(Number(text!.match(/(\d+\.\d\d) €/)![1]) * 100);
    const line = (pattern: RegExp) => card().locator('li', { hasText: pattern });
    await line(/^bonus: \d+\.\d\d € available$/).waitFor();
    const allowance = euros(await line(/^bonus: /).textContent());
    expect(allowance).toBeGreaterThan(500);
    expect(allowance).toBeLessThanOrEqual(2000);
    await bill().locator('tr.discount', { hasText: 'Regulars 10% (REGULARS)' }).first().waitFor();
    await page.getByLabel('Bonus amount in euro').fill('5.00');
    await page.getByRole('button', { name: 'Pay with bonus' }).click();
    await line(new RegExp(`^bonus: ${((allowance - 500) / 100).toFixed(2).replace('.', '\\.')} € available$`)).waitFor();
    const charged = await cents('To pay');
    await page.getByRole('button', { name: 'Pay and close' }).click();
    await page.locator('#tab-title', { hasText: /· closed/ }).waitFor();
    await page.locator('#offline-status', { hasText: /5 events kept$/ }).waitFor();
    await screenshot(page, 'sandbox-offline-tab');

    await page.getByRole('button', { name: 'Back online' }).click();
    await page.locator('#log', { hasText: /back online: 5 kept events sent twice each/ }).waitFor();
    // The plugin's own card again: the 5.00 € spent offline came off her purse, once.
    await line(/^Bonus money: /).waitFor();
    expect(euros(await line(/^Bonus money: /).textContent())).toBe(allowance - 500);
    expect(await cents('Paid by card')).toBe(charged);
    await screenshot(page, 'sandbox-back-online');
    expect(problems).toEqual([]);
  });
});
