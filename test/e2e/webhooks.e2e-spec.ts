import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startSandbox } from '../../sandbox/main.js';
import { readSandboxConfig } from '../../sandbox/sandbox-config.js';
import { verifyWebhook } from '../../src/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { TestClock } from '../support/plugin.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { launchBrowser, openAs, overflowsSideways, screenshot } from './browser.js';

const HOUR = 3_600_000;

/**
 * The webhooks page in real Chromium, against the sandbox on MariaDB with its own webhook
 * relay running, delivering to a receiver this test runs on 127.0.0.1. The café's clock
 * stands still unless the test moves it, so the relay's automatic retries (seconds away,
 * jittered) wait for the test, and what the manager does by hand is all that happens.
 */
describe('the webhooks page, in Chromium on the sandbox over MariaDB', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  let receiver: WebhookReceiver;
  const clock = new TestClock(new Date('2026-11-10T10:30:00Z'));
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    database = await createTestDatabase('mariadb');
    // The receiver listens on 127.0.0.1, a private target a host refuses unless it allows them, as REGULARS_WEBHOOKS does here.
    const env = {
      DATABASE_URL: database.url,
      REGULARS_WEBHOOKS: JSON.stringify({ allowPrivateTargets: true }),
      // Messages to guests as message.requested events: a destination with a log of its own, no mail server needed.
      REGULARS_MESSAGES: JSON.stringify({ channel: 'webhook' }),
    };
    app = await startSandbox({ ...readSandboxConfig(env), port: 0, clock }, { logger: false });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
    await receiver?.stop();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  async function manager(route: string): Promise<Page> {
    const page = await openAs(browser, base, 'manager', route);
    contexts.push(page.context());
    return page;
  }

  const log = (page: Page) => page.getByRole('table', { name: 'Delivery log' });
  /** The log's newest test delivery, as the manager reads its row. */
  const newestTest = (page: Page) => log(page).locator('tbody tr', { hasText: 'Test event' }).first();
  const cells = async (row: Locator) => (await row.locator('td').allInnerTexts()).map((text) => text.trim());
  const columns = ['created', 'event', 'status', 'attempts', 'lastAnswer', 'next', 'delivered', 'action'] as const;
  const read = async (row: Locator) => Object.fromEntries((await cells(row)).map((text, index) => [columns[index], text]));
  const signedWith = (secret: string, path: string) =>
    receiver.at(path).map((got) => verifyWebhook({ secret, body: got.body, headers: got.headers, nowSeconds: Math.floor(clock.now().getTime() / 1000) }));

  /** Creates a subscription of the receiver's `path` in the page; answers the page on it and the secret it showed once. */
  async function subscribe(page: Page, path: string): Promise<{ secret: string }> {
    await page.getByRole('link', { name: 'New subscription' }).click();
    await page.getByRole('textbox', { name: 'URL' }).fill(`${receiver.url}${path}`);
    await page.getByRole('textbox', { name: 'Description' }).fill('CRM sync');
    await page.getByRole('checkbox', { name: 'Points expiring soon (points.expiring)' }).check();
    await page.getByRole('checkbox', { name: 'Birthday gift given (birthday.given)' }).check();
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[\w-]{32}$/);
    await page.getByText('This secret is shown only once.').waitFor();
    await screenshot(page, 'manager-webhook-secret-shown-once');
    await page.getByRole('link', { name: 'I have saved it: open the subscription' }).click();
    await page.getByRole('heading', { name: `${receiver.url}${path}` }).waitFor();
    return { secret };
  }

  it('a manager subscribes a receiver, sends a test event and sees it delivered, then a failing one retried by hand, dead-lettered one too', async () => {
    const page = await manager('webhooks');
    await page.getByText('No subscriptions yet.').waitFor();
    const { secret } = await subscribe(page, '/crm');
    await page.getByText('Nothing delivered yet.').waitFor();

    // The relay sends it within a second; the log looks again by itself until it shows.
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.getByRole('status').filter({ hasText: 'Test event sent.' }).waitFor();
    await log(page).locator('tbody tr[data-status=delivered]').waitFor();
    expect(await read(newestTest(page))).toMatchObject({ event: 'Test event\nwebhook.test', status: 'Delivered', attempts: '1', lastAnswer: 'HTTP 200', next: '—', action: '' });
    expect(receiver.at('/crm').map((got) => got.event.type)).toEqual(['webhook.test']);
    // The secret the page showed once is the one that signs the deliveries.
    expect(signedWith(secret, '/crm')).toEqual([true]);
    await screenshot(page, 'manager-webhook-test-delivered');

    receiver.answer('/crm', 500);
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await log(page).locator('tbody tr[data-status=pending]', { hasText: 'HTTP 500' }).waitFor();
    const failed = await read(newestTest(page));
    expect(failed).toMatchObject({ status: 'Pending', attempts: '1', lastAnswer: 'HTTP 500\nanswered 500', delivered: '—' });
    expect(failed.next).not.toBe('—');

    receiver.answer('/crm', 200);
    await newestTest(page).getByRole('button', { name: 'Send again' }).click();
    await page.getByRole('status').filter({ hasText: 'Test event is due again now.' }).waitFor();
    await log(page).locator('tbody tr[data-status=delivered]').nth(1).waitFor();
    expect(await read(newestTest(page))).toMatchObject({ status: 'Delivered', attempts: '2', lastAnswer: 'HTTP 200', next: '—' });
    expect(receiver.at('/crm')).toHaveLength(3);

    // A receiver down for more than a day: its retries give up, and the delivery is dead.
    receiver.answer('/crm', 503);
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await log(page).locator('tbody tr[data-status=pending]', { hasText: 'HTTP 503' }).waitFor();
    clock.current = new Date(clock.current.getTime() + 25 * HOUR);
    // The next morning: a new session (yesterday's has ended), and the relay's last try answered 503 again.
    const nextDay = await manager('webhooks');
    await nextDay.getByRole('link', { name: `${receiver.url}/crm` }).click();
    await nextDay.getByRole('combobox', { name: 'Status' }).selectOption('dead');
    while ((await log(nextDay).locator('tbody tr[data-status=dead]').count()) === 0) {
      await nextDay.getByRole('button', { name: 'Refresh' }).click();
      await nextDay.waitForTimeout(500);
    }
    const dead = log(nextDay).locator('tbody tr[data-status=dead]');
    expect(await dead.count()).toBe(1);
    expect(await read(dead)).toMatchObject({
      event: 'Test event\nwebhook.test',
      status: 'Dead-lettered\nRetries gave up. Send it again by hand once the receiver is back.',
      attempts: '2',
      lastAnswer: 'HTTP 503\nanswered 503',
      next: '—',
    });
    expect(await dead.locator('.badge').evaluate((badge) => getComputedStyle(badge).backgroundColor)).toBe('rgb(180, 35, 24)');
    await screenshot(nextDay, 'manager-webhook-dead-lettered');

    receiver.answer('/crm', 204);
    await dead.getByRole('button', { name: 'Send again' }).click();
    await nextDay.getByRole('status').filter({ hasText: 'Test event is due again now.' }).waitFor();
    await nextDay.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Any status' });
    await log(nextDay).locator('tbody tr[data-status=delivered]').nth(2).waitFor();
    expect(await read(newestTest(nextDay))).toMatchObject({ status: 'Delivered', attempts: '3', lastAnswer: 'HTTP 204' });
    expect(await log(nextDay).locator('tbody tr').count()).toBe(3);
    expect(receiver.at('/crm').map((got) => got.event.id)).toHaveLength(6);
  });

  it('a manager edits a subscription, rotates its secret (shown once, signing from then on), and deletes it after a confirmation', async () => {
    const page = await manager('webhooks');
    await subscribe(page, '/loyalty-app');

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('radio', { name: 'All events, also types added later' }).check();
    await page.getByRole('textbox', { name: 'URL' }).fill('ftp://files.example.com/drop');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('must be an absolute http:// or https:// URL without spaces').waitFor();
    expect(await page.getByRole('textbox', { name: 'URL' }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('textbox', { name: 'URL' }).fill(`${receiver.url}/loyalty-app`);
    await page.getByRole('checkbox', { name: 'Active' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Event types: All events').waitFor();
    expect(await page.locator('.page-actions .badge').textContent()).toBe('Inactive');

    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    await page.getByText('This secret is shown only once.').waitFor();
    await page.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.getByRole('textbox', { name: 'Signing secret' }).count()).toBe(0);

    // A test goes to an inactive subscription too, signed with the new secret.
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await log(page).locator('tbody tr[data-status=delivered]').waitFor();
    expect(signedWith(rotated, '/loyalty-app')).toEqual([true]);
    expect(await overflowsSideways(page)).toBe(false);

    await page.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this subscription?' });
    await confirm.getByText(`${receiver.url}/loyalty-app gets no more events.`).waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/#\/webhooks$/);
    await page.getByRole('table', { name: 'Webhooks' }).waitFor();
    expect(await page.getByRole('link', { name: `${receiver.url}/loyalty-app` }).count()).toBe(0);
    expect(await page.getByRole('link', { name: `${receiver.url}/crm` }).count()).toBe(1);
  });

  it('a manager opens the delivery log of the messages to guests, beside the subscriptions, with nothing to test there', async () => {
    const page = await manager('webhooks');
    await page.getByRole('heading', { name: 'Other destinations' }).waitFor();
    await page.getByRole('link', { name: 'Messages to guests' }).click();
    await page.getByRole('heading', { name: 'Messages to guests' }).waitFor();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send a test event' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Webhooks' }).first().click();
    await page.getByRole('link', { name: 'New subscription' }).waitFor();
  });
});
