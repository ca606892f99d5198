import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * The main navigation marks where the user is (aria-current, and the highlight it styles): an endpoint's page is part
 * of the inventory it is opened from. Until 6 Dec no entry was marked there, so the menu and a screen reader said the
 * user was nowhere in it.
 */
describe.skipIf(!chromiumAvailable())('the main navigation on every page', () => {
  const run = lanternAndBrowser();

  test('marks one entry as the current page, Inventory on an endpoint page', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const current = () => page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').allTextContents();
    const seen: Record<string, string[]> = {};
    for (const path of ['/inventory', '/apis', '/specs', '/reviews', '/alerts', '/audit', '/collectors', '/settings']) {
      await page.goto(`${run.lantern.url}${path}`);
      seen[path] = await current();
    }
    await page.goto(`${run.lantern.url}/inventory?host=api.payments.example.com&q=payouts`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/v2/payouts', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    seen['/endpoints/:id'] = await current();
    expect(seen).toEqual({
      '/inventory': ['Inventory'], '/apis': ['APIs'], '/specs': ['Specs'], '/reviews': ['Reviews'], '/alerts': ['Alerts'],
      '/audit': ['Audit'], '/collectors': ['Collectors'], '/settings': ['Settings'], '/endpoints/:id': ['Inventory'],
    });
    await page.context().close();
  });
});
