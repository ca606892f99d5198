import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage, submitSignIn } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

describe.skipIf(!chromiumAvailable())('a session that ends mid-use', () => {
  const run = lanternAndBrowser();

  test('sends the visitor to sign-in at their next action, and back to the same filtered view afterwards', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const rows = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr');
    await page.getByLabel('State', { exact: true }).selectOption('shadow');
    await expect.poll(() => rows.count()).toBe(5);

    await page.context().clearCookies(); // the session ends (expiry, sign-out elsewhere) while the page is open
    await page.getByLabel('State', { exact: true }).selectOption('zombie');
    await page.waitForURL(/\/signin\?next=/);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.waitForURL(/\/inventory\?state=zombie/);
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('zombie');

    // A shared link opened signed out comes back to that link, not to the inventory.
    await page.context().clearCookies();
    await page.goto(`${run.lantern.url}/specs?api=payments`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByLabel('E-mail').fill(run.lantern.adminEmail);
    await page.getByLabel('Password').fill(run.lantern.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/specs\?api=payments/);
    // Settled first: a query of this page still in flight when the cookies go would answer 401 and send the page to
    // sign-in for /specs (as it should), racing the visit below.
    await page.getByRole('list', { name: 'Version history' }).waitFor();
    // A crafted link cannot send a fresh session off-site.
    await page.context().clearCookies();
    await page.goto(`${run.lantern.url}/signin?next=${encodeURIComponent('//evil.example/')}`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    expect(new URL(page.url()).host).toBe(new URL(run.lantern.url).host);
    await page.context().close();
  });
});
