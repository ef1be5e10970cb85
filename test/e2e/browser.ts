import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SCREENSHOTS = fileURLToPath(new URL('../../test-output/screenshots', import.meta.url));

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  // The flags keep Chromium off the network this machine does not have.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Screenshots for a person to look at (test-output/ is not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Whether the page fits its viewport's width: nothing to scroll sideways on a POS screen. */
export function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

export const BACK_OFFICE_SCREEN = { width: 1280, height: 800 };

/**
 * A member of staff opening a plugin page from the sandbox's back-office menu at `base`, in a
 * browser context of their own (the caller closes it), with no script error on the way.
 */
export async function openAs(
  browser: Browser,
  base: string,
  role: 'manager' | 'waiter',
  route: string,
  options: { locale?: string; screen?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.screen ?? BACK_OFFICE_SCREEN });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${base}/back-office?as=${role}&page=${route}&locale=${options.locale ?? 'en'}`);
  await page.locator('.topbar').waitFor();
  if (problems.length > 0) throw new Error(`the page failed: ${problems.join('; ')}`);
  return page;
}
