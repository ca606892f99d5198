import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * What the dashboard shows after something happened elsewhere or went wrong: a sign-in the server never answered,
 * a review another reviewer decided first, an endpoint an override now hides, filters stepped through with Back.
 */
describe.skipIf(!chromiumAvailable())('dashboard states after failures and changes', () => {
  const run = lanternAndBrowser();
  const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);

  test('a sign-in the server does not answer says so and can be sent again, instead of "Signing in…" for good', async () => {
    const page = await run.browser.newPage();
    await page.goto(`${run.lantern.url}/signin`);
    await page.route('**/api/auth/callback/credentials*', (route) => route.abort('connectionrefused'));
    await page.getByLabel('E-mail').fill(run.lantern.adminEmail);
    await page.getByLabel('Password').fill(run.lantern.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'reach' }).textContent()).toBe('Could not reach Lantern: check your connection and try again.');
    // A proxy answering in its own words (an HTML 502) is the same failure, not a wrong password.
    await page.unroute('**/api/auth/callback/credentials*');
    await page.route('**/api/auth/callback/credentials*', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    expect(await page.getByRole('alert').filter({ hasText: 'reach' }).count()).toBe(1);
    // The typed e-mail is kept, and the server back in reach signs in.
    await page.unroute('**/api/auth/callback/credentials*');
    expect(await page.getByLabel('E-mail').inputValue()).toBe(run.lantern.adminEmail);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/inventory/);
    await page.context().close();
  });
});
