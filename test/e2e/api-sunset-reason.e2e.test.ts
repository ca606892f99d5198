import { describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * A zombie because its whole API is sunset (`info.x-sunset`), retired (`info.x-lifecycle: retired`) or deprecated
 * (`info.x-status: deprecated`): the endpoint page says so, as it says an operation's own deprecation. Until 6 Dec it
 * showed a zombie badge and no reason at all (for an API deprecated as a whole, "deprecated" as if the operation were).
 */
describe.skipIf(!chromiumAvailable())("the endpoint page of a zombie made by its API's sunset", () => {
  const run = lanternAndBrowser();

  test("names the API's sunset, retirement and deprecation as the reason", async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const catalog = DEMO_APIS.find((a) => a.slug === 'catalog')!;
    const register = async (version: string, info: Record<string, unknown>) => {
      const doc = demoSpecDocument({ ...catalog, version });
      const text = JSON.stringify({ ...doc, info: { ...(doc.info as object), ...info } });
      return page.evaluate(async (body) => (await fetch('/api/apis/catalog/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status, text);
    };
    expect(await register('4.1.0', { 'x-sunset': '2021-03-31' })).toBe(201);
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&q=stock`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/products/{productId}/stock', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    expect(await page.locator('h1 .badge').first().textContent()).toBe('zombie');
    const reason = page.getByRole('region', { name: 'Summary' }).locator('.badge');
    await expect.poll(() => reason.allTextContents()).toEqual(['API sunset 2021-03-31, called since']);

    expect(await register('4.2.0', { 'x-lifecycle': 'retired' })).toBe(201);
    await page.reload();
    await expect.poll(() => reason.allTextContents()).toEqual(['API retired']);

    // Deprecated as a whole (`info.x-status: deprecated`): every operation is, and the page says where it comes from.
    expect(await register('4.3.0', { 'x-status': 'deprecated' })).toBe(201);
    await page.reload();
    await expect.poll(() => reason.allTextContents()).toEqual(['deprecated', 'API deprecated']);
    await page.context().close();
  });
});
