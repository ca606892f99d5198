import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * Endpoints an ignore override hides: the inventory says how many and shows them on request (a toggle kept in the URL),
 * and the endpoint page undoes the ignore. Until 6 Dec only a hand-typed `includeIgnored=1` showed them, and nothing
 * in the dashboard removed an override.
 */
describe.skipIf(!chromiumAvailable())('ignored endpoints in the dashboard', () => {
  const run = lanternAndBrowser();

  test('"Show ignored (1)" lists the hidden endpoint, marked, and its page stops ignoring it', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const created = await page.evaluate(async () => (await fetch('/api/overrides', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: 'catalog.example.com', method: 'POST', pattern: '/admin/reindex', action: 'ignore' }) })).status);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&sort=path&order=asc`);
    const paths = () => page.getByRole('table', { name: 'Endpoints' }).locator('tbody a').allTextContents();
    await expect.poll(paths).toEqual(['/products', '/products/{productId}', '/products/{productId}/price', '/products/{productId}/stock']);
    const toggle = page.getByRole('checkbox', { name: 'Show ignored (1)' });
    expect(await toggle.isChecked()).toBe(false);
    // A busy server: the page the click navigates to comes late. The box follows the click at once (bound to the URL
    // alone, it flicked back unchecked until then, and check() failed in CI under load on 6 Dec).
    await page.route(/includeIgnored=1/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await toggle.check();
    await page.waitForURL(/[?&]includeIgnored=1(&|$)/);
    await expect.poll(paths).toEqual(['/admin/reindex', '/products', '/products/{productId}', '/products/{productId}/price', '/products/{productId}/stock']);
    const row = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr').filter({ hasText: '/admin/reindex' });
    expect(await row.locator('td').first().textContent()).toBe('shadowignored');
    // Reloaded, the URL keeps the choice.
    await page.reload();
    expect(await page.getByRole('checkbox', { name: 'Show ignored (1)' }).isChecked()).toBe(true);

    await page.getByRole('link', { name: '/admin/reindex', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const note = page.getByRole('note');
    expect(await note.textContent()).toBe('Hidden from the inventory by the ignore override POST catalog.example.com/admin/reindex (1 endpoint).');
    await page.getByRole('button', { name: 'Stop ignoring' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'ignored' }).textContent()).toBe('No longer ignored: the override is removed and its 1 endpoint is back in the inventory.');
    expect(await page.getByRole('note').count()).toBe(0);

    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&sort=path&order=asc`);
    await expect.poll(paths).toEqual(['/admin/reindex', '/products', '/products/{productId}', '/products/{productId}/price', '/products/{productId}/stock']);
    expect(await page.getByRole('checkbox', { name: /Show ignored/ }).count()).toBe(0);
    await page.context().close();
  });
});
