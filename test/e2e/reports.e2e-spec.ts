import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/main.js';
import { PluginClient } from '../../sandbox/pos/plugin-client.js';
import { readSandboxConfig } from '../../sandbox/sandbox-config.js';
import { common } from '../../ui/i18n/common.js';
import { reports as texts } from '../../ui/i18n/reports.js';
import { REPORTS, type Report, type ReportColumn } from '../../ui/pages/reports/types.js';
import { launchBrowser, openAs, overflowsSideways, screenshot } from './browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { clockFrom } from '../support/plugin.js';

const ANNAS_CARD = '2000000000015';
const ERIKS_CARD = '2000000000022';
/** The sandbox's day: its clock starts on a Tuesday late morning in Berlin. */
const TODAY = '2026-11-10';
const LANGUAGES = [
  { language: 'en', locale: 'en' },
  { language: 'ru', locale: 'ru-RU' },
  { language: 'vi', locale: 'vi' },
  { language: 'sv', locale: 'sv-SE' },
] as const;

/** The digits of a number as a table or a file shows it: `1 234,50 €` and `1234.50` both read 123450, `€0.00` reads 0. */
const digits = (text: string) => text.replace(/\D/g, '').replace(/^0+(?=\d)/, '');

/** The digits a cell of the API's answer shows as: money in minor units, percentages to one decimal. */
function digitsOf(value: string | number | null, column: ReportColumn): string {
  if (value === null) return '';
  if (column.unit === 'percent') return digits(String(Math.round(Number(value) * 10) / 10));
  return digits(String(value));
}

const isNumber = (column: ReportColumn) => ['count', 'money', 'points', 'percent'].includes(column.unit);

/**
 * The reports page in real Chromium against the sandbox on MariaDB: after a morning of tabs at
 * the café, a manager opens every report in each of the four languages and reads the same
 * numbers in the table, on the chart's canvas and in each section's CSV as the API answers.
 */
describe('the reports page, in Chromium on the sandbox over MariaDB', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  let plugin: PluginClient;
  const contexts: BrowserContext[] = [];
  const answers = new Map<string, Report>();

  beforeAll(async () => {
    database = await createTestDatabase('mariadb');
    const clock = clockFrom(new Date(`${TODAY}T10:30:00Z`));
    app = await startSandbox({ ...readSandboxConfig({ DATABASE_URL: database.url }), port: 0, clock }, { logger: false });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchBrowser();

    // The morning at the café: Anna's lunch with the dessert her points buy, Erik's risotto, a walk-in's coffees nobody identified.
    plugin = app.get(PluginClient);
    const pos = async (method: string, path: string, body?: object) => {
      const response = await fetch(`${base}/pos${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
      expect(response.status).toBeLessThan(300);
      return response.json();
    };
    const tab = async (table: string, items: string[], card?: string, reward?: string) => {
      const opened = (await pos('POST', '/tabs', { tableId: table, guestCount: 1 })).tab;
      for (const productId of items) await pos('POST', `/tabs/${opened.id}/items`, { productId, quantity: 1 });
      if (card) {
        const { card: shown } = await pos('POST', `/tabs/${opened.id}/customer`, { type: 'barcode_card', value: card });
        const benefit = shown.benefits.find((offer: { code: string }) => offer.code === reward);
        if (benefit) {
          const points = shown.balances.find((balance: { accountType: string }) => balance.accountType === 'points');
          const hold = { tabId: opened.id, accountId: points.accountId, amount: benefit.price, rewardId: benefit.rewardId, idempotencyKey: `e2e-reports-${opened.id}` };
          await plugin.expect('POST', '/terminal/bonus-holds', { body: hold, permissions: ['terminal.use'] });
        }
      }
      await pos('POST', `/tabs/${opened.id}/close`);
    };
    await tab('t-1', ['p-steak', 'p-tiramisu'], ANNAS_CARD, 'FREE_DESSERT');
    await tab('t-2', ['p-risotto'], ERIKS_CARD);
    await tab('t-3', ['p-espresso', 'p-espresso']);
    await plugin.expect('POST', '/promo-code-batches', { idempotencyKey: 'e2e-reports-flyers', body: { name: 'Flyers', count: 20, categoryCode: 'HAPPY', usage: 'single' } });

    for (const report of REPORTS) answers.set(report, await plugin.expect<Report>('GET', `/reports/${report}?from=${TODAY}&to=${TODAY}`));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  /** Whether uPlot drew on the canvas: some pixel is not transparent. */
  const drawn = (canvas: Locator) =>
    canvas.evaluate((element: HTMLCanvasElement) => {
      const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data;
      for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha] > 0) return true;
      return false;
    });

  /** The manager's reports page in a language, for the sandbox's day. */
  async function openReports(language: (typeof LANGUAGES)[number]['language'], locale: string): Promise<Page> {
    const page = await openAs(browser, base, 'manager', 'reports', { locale });
    contexts.push(page.context());
    await page.getByRole('link', { name: common[language]['nav.reports'] }).waitFor();
    await page.getByRole('radio', { name: common[language]['period.custom'] }).check();
    await page.getByRole('textbox', { name: common[language]['period.from'] }).fill(TODAY);
    await page.getByRole('textbox', { name: common[language]['period.to'] }).fill(TODAY);
    return page;
  }

  /** The numbers of a section's table, as digits, row by row. */
  const tableNumbers = async (box: Locator, columns: number[]) => {
    const cells = await box
      .getByRole('table')
      .locator('tbody tr')
      .evaluateAll((rows, at) => rows.map((row) => at.map((index) => row.querySelectorAll('td')[index].textContent ?? '')), columns);
    return cells.map((row) => row.map(digits));
  };

  /** The section's CSV as the button downloads it, without its header row. */
  async function downloadedRows(page: Page, section: Locator, name: string): Promise<string[][]> {
    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name }).click()]);
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true }) as string[][];
    return rows.slice(1);
  }

  // The sandbox's own seed closes a lunch of Anna's today too: three of the day's tabs had a guest the till identified, the walk-in's not.
  it('knows the morning’s figures: four guests joined today, three tabs had an identified guest and the walk-in’s is among all tabs, one dessert, twenty flyers', () => {
    const members = answers.get('members')!.sections.find((section) => section.key === 'totals')!;
    expect(members.rows[0][members.columns.findIndex((column) => column.key === 'enrolled')]).toBe(4);
    const money = answers.get('money')!.sections.find((section) => section.key === 'by_day')!;
    const today = money.rows.find((row) => row[0] === TODAY)!;
    expect(today[money.columns.findIndex((column) => column.key === 'identified_tabs')]).toBe(3);
    expect(today[money.columns.findIndex((column) => column.key === 'all_tabs')]).toBeGreaterThanOrEqual(4);
    const [byReward, codes] = answers.get('rewards')!.sections;
    expect(byReward.rows.map((row) => row.slice(0, 3))).toEqual([['Tiramisu on the house', 1, 1]]);
    expect(codes.rows).toEqual([['Flyers', 20, 0, 0]]);
  });

  it.each(LANGUAGES)('a manager opens every report in $language and reads the same numbers on the page and in each CSV', async ({ language, locale }) => {
    const own = texts[language];
    const page = await openReports(language, locale);

    for (const report of REPORTS) {
      const answer = answers.get(report)!;
      await page.getByRole('tab', { name: own[`reports.report.${report}`], exact: true }).click();
      await page.getByRole('tab', { name: own[`reports.report.${report}`], exact: true, selected: true }).waitFor();
      const sections = page.locator('section.report-section');
      await sections.getByRole('heading', { name: own[`reports.section.${report}.${answer.sections[0].key}` as keyof typeof own], exact: true }).waitFor();
      expect(await sections.evaluateAll((all) => all.map((section) => section.getAttribute('data-section')))).toEqual(answer.sections.map((section) => section.key));

      for (const section of answer.sections) {
        const box = page.locator(`section.report-section[data-section="${section.key}"]`);
        const title = own[`reports.section.${report}.${section.key}` as keyof typeof own];
        expect(await box.getByRole('heading').textContent()).toBe(title);
        if (section.chart !== 'none' && section.rows.length > 0) {
          const canvas = box.locator('.report-chart canvas');
          expect({ report, section: section.key, charts: await canvas.count() }).toEqual({ report, section: section.key, charts: 1 });
          expect(await drawn(canvas)).toBe(true);
          // A long section (a row per day and account type, per month and tier) is one series per account type or tier.
          const group = section.columns.findIndex((column, index) => index > 0 && column.unit === 'text');
          if (group > 0 && ['day', 'month'].includes(section.columns[0].unit)) {
            const legend = await box.locator('.u-legend .u-label').allTextContents();
            const named = [...new Set(section.rows.map((row) => String(row[group])))].filter((name) => !legend.some((label) => label.startsWith(name)));
            expect({ report, section: section.key, unnamed: named }).toEqual({ report, section: section.key, unnamed: [] });
          }
        }
        const numbered = section.columns.map((column, index) => ({ column, index })).filter(({ column }) => isNumber(column));
        const expected = section.rows.map((row) => numbered.map(({ column, index }) => digitsOf(row[index], column)));
        const shown = await tableNumbers(box, numbered.map(({ index }) => index));
        expect({ report, section: section.key, numbers: shown }).toEqual({ report, section: section.key, numbers: expected });

        // The file is the API's in every language: each section's in English, a report's first in the others.
        if (language !== 'en' && section !== answer.sections[0]) continue;
        const file = await downloadedRows(page, box, own['reports.downloadLabel'].replace('{section}', title));
        expect({ report, section: section.key, numbers: file.map((row) => numbered.map(({ column, index }) => (row[index] === '' ? '' : digitsOf(row[index], column)))) }).toEqual({ report, section: section.key, numbers: expected });
      }
      expect(await overflowsSideways(page)).toBe(false);
      // Every report in English for a person to look at, and one per other language (the text, not the charts, differs).
      if (language === 'en' || report === 'points') await screenshot(page, `reports-${language}-${report}`);
    }
  }, 60_000);

  it('a manager narrows the money to the café’s location, and then to a terrace no till has sent a tab from', async () => {
    const page = await openReports('en', 'en');
    await page.getByRole('tab', { name: 'Money', exact: true }).click();
    const byDay = page.locator('section.report-section[data-section="by_day"]');
    for (const locationId of ['sandbox-cafe', 'terrace']) {
      const answer = await plugin.expect<Report>('GET', `/reports/money?from=${TODAY}&to=${TODAY}&locationId=${locationId}`);
      const section = answer.sections.find((candidate) => candidate.key === 'by_day')!;
      const numbered = section.columns.map((column, index) => ({ column, index })).filter(({ column }) => isNumber(column));
      const loaded = page.waitForResponse((response) => response.url().includes(`locationId=${locationId}`));
      await page.getByRole('textbox', { name: 'Location' }).fill(locationId);
      await loaded;
      await page.locator('.report-sections[aria-busy="false"]').waitFor();
      const expected = section.rows.map((row) => numbered.map(({ column, index }) => digitsOf(row[index], column)));
      expect({ locationId, numbers: section.rows.length === 0 ? [] : await tableNumbers(byDay, numbered.map(({ index }) => index)) }).toEqual({ locationId, numbers: expected });
      if (locationId === 'terrace') expect(section.rows.every((row) => row[numbered[0].index] === 0 || row[numbered[0].index] === null)).toBe(true);
    }
    await screenshot(page, 'reports-en-money-terrace');
  }, 30_000);
});
