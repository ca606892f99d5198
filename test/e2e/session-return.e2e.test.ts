import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromiumAvailable, launchBrowser, signedInPage, submitSignIn } from './browser';
import { startLantern, type RunningLantern } from './lantern-server';

describe.skipIf(!chromiumAvailable())('a session that ends mid-use', () => {
  let lantern: RunningLantern;
  let browser: Browser;

  beforeAll(async () => {
    lantern = await startLantern();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await lantern?.stop();
  });

  test('sends the visitor to sign-in at their next action, and back to the same filtered view afterwards', async () => {
    const page = await signedInPage(browser, lantern.url, lantern.adminEmail, lantern.adminPassword);
    const rows = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr');
    await page.getByLabel('State', { exact: true }).selectOption('shadow');
    await expect.poll(() => rows.count()).toBe(5);

    await page.context().clearCookies(); // the session ends (expiry, sign-out elsewhere) while the page is open
    await page.getByLabel('State', { exact: true }).selectOption('zombie');
    await page.waitForURL(/\/signin\?next=/);
    await submitSignIn(page, lantern.adminEmail, lantern.adminPassword);
    await page.waitForURL(/\/inventory\?state=zombie/);
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('zombie');

    // A shared link opened signed out comes back to that link, not to the inventory.
    await page.context().clearCookies();
    await page.goto(`${lantern.url}/specs?api=payments`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('E-mail').fill(lantern.adminEmail);
    await page.getByLabel('Password').fill(lantern.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/specs\?api=payments/);
    // A crafted link cannot send a fresh session off-site.
    await page.context().clearCookies();
    await page.goto(`${lantern.url}/signin?next=${encodeURIComponent('//evil.example/')}`);
    await submitSignIn(page, lantern.adminEmail, lantern.adminPassword);
    expect(new URL(page.url()).host).toBe(new URL(lantern.url).host);
    await page.context().close();
  });
});
