import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * A deprecated operation whose sunset has passed and which is still called: its endpoint page says so, as it says it
 * of an operation with a sunset and no `deprecated: true`. Until 6 Dec it read "deprecated, sunset 2026-03-01" alone,
 * the same as for a sunset still to come.
 */
describe.skipIf(!chromiumAvailable())('the endpoint page of a deprecated operation past its sunset', () => {
  const run = lanternAndBrowser();

  test('says the sunset has passed and that calls came since', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    // The demo's Accounts API deprecates GET /users/{userId}/avatar with x-sunset 2026-03-01, and traffic still calls it.
    await page.goto(`${run.lantern.url}/inventory?host=id.example.com&q=avatar`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/api/users/{userId}/avatar', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const reason = page.getByRole('region', { name: 'Summary' }).locator('.badge');
    await expect.poll(() => reason.allTextContents()).toEqual(['deprecated, sunset 2026-03-01, called since']);
    await page.context().close();
  });
});
