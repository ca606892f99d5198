import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * Every page names itself in its title (WCAG 2.4.2 Page Titled): tabs, history and the screen reader's announcement
 * of a new page said "Lantern" on every one of them.
 */
describe.skipIf(!chromiumAvailable())('page titles', () => {
  const run = lanternAndBrowser();

  test('each dashboard page, an endpoint and the sign-in page have a title of their own', async () => {
    const signin = await run.browser.newPage();
    await signin.goto(`${run.lantern.url}/signin`);
    expect(await signin.title()).toBe('Sign in · Lantern');
    await signin.close();
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const titles: Record<string, string> = {};
    for (const path of ['/inventory', '/apis', '/specs', '/reviews', '/collectors', '/alerts', '/audit', '/settings']) {
      await page.goto(`${run.lantern.url}${path}`);
      titles[path] = await page.title();
    }
    expect(titles).toEqual({
      '/inventory': 'Inventory · Lantern',
      '/apis': 'APIs · Lantern',
      '/specs': 'Specs · Lantern',
      '/reviews': 'Deprecation reviews · Lantern',
      '/collectors': 'Collectors · Lantern',
      '/alerts': 'Alerts · Lantern',
      '/audit': 'Audit log · Lantern',
      '/settings': 'Settings · Lantern',
    });
    await page.goto(`${run.lantern.url}/inventory?host=api.payments.example.com&q=payouts`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/v2/payouts', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    await expect.poll(() => page.title()).toBe('GET api.payments.example.com/v2/payouts · Lantern');
    await page.context().close();
  });
});
