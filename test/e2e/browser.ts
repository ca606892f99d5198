import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { hasCommand, requireFor } from '../require';

export const CHROMIUM = process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return requireFor('browser tests', hasCommand(CHROMIUM), `install Debian's chromium (apt-get install -y chromium) or set LANTERN_CHROMIUM`);
}

/** Debian's chromium, headless, with everything that would phone home switched off (the machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  mkdirSync('test-results', { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Fills and submits the sign-in form the page shows, and waits for the inventory it lands on. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inventory/);
}

/** A page in a fresh browser context (its own cookies, like another device) signed in as `email`. */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/signin`);
  await submitSignIn(page, email, password);
  return page;
}
