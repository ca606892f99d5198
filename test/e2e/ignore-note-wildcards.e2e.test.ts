import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * An ignore override for every method (the endpoint page's "all methods on …") or every host is stored with `*` for
 * it. Until 6 Dec the endpoint page named such an override as stored, "* catalog.example.com/admin/reindex" or
 * "GET *" followed by the path, which reads as a path, not as "any method" or "any host".
 */
describe.skipIf(!chromiumAvailable())("the endpoint page's note on an ignore override for any method or host", () => {
  const run = lanternAndBrowser();

  test('says "any method" and "on any host" in words', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&q=reindex`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/admin/reindex', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const form = page.getByRole('form', { name: 'Path override' });
    await form.getByLabel('Action').selectOption('ignore');
    await form.getByLabel('all methods on catalog.example.com').check();
    await form.getByRole('button', { name: 'Save override' }).click();
    await expect.poll(() => page.getByRole('note').textContent()).toBe('Hidden from the inventory by the ignore override catalog.example.com/admin/reindex, any method (1 endpoint).');

    const created = await page.evaluate(async () => (await fetch('/api/overrides', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'GET', pattern: '/products', action: 'ignore' }) })).status);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&includeIgnored=1&q=products`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/products', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    await expect.poll(() => page.getByRole('note').textContent()).toBe('Hidden from the inventory by the ignore override GET /products on any host (1 endpoint).');
    await page.context().close();
  });
});
