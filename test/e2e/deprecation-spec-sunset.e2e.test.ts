import { describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * An operation whose spec publishes its sunset: the endpoint page's Deprecate form proposes that date (the server
 * refuses another), where it asked for any date and approving the request overwrote the spec's sunset with it.
 */
describe.skipIf(!chromiumAvailable())('deprecating an operation whose spec sets its sunset', () => {
  const run = lanternAndBrowser();

  test("the form keeps the spec's sunset, and the request governance reviews proposes it", async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const catalog = DEMO_APIS.find((a) => a.slug === 'catalog')!;
    const spec = demoSpecDocument({ ...catalog, version: '4.1.0', operations: catalog.operations.map((op) => (op.operationId === 'getStock' ? { ...op, sunset: '2030-06-30' } : op)) });
    const registered = await page.evaluate(async (text) => (await fetch('/api/apis/catalog/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text })).status, JSON.stringify(spec));
    expect(registered).toBe(201);
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&q=stock`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/products/{productId}/stock', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const form = page.getByRole('form', { name: 'Request deprecation' });
    await form.waitFor();
    expect(await form.getByLabel('Proposed sunset').count()).toBe(0);
    expect(await form.locator('p').textContent()).toBe('Sunset 2030-06-30, as its spec publishes it: change the spec to change the date.');
    await form.getByLabel('Reason').fill('Stock moves to the inventory service.');
    await form.getByRole('button', { name: 'Request deprecation' }).click();
    await page.getByRole('status').filter({ hasText: 'Deprecation requested' }).waitFor();
    const requests = await page.evaluate(async () => ((await (await fetch('/api/deprecations')).json()) as { items: { proposedSunset: string; operation: { path: string } }[] }).items);
    expect(requests.map((r) => [r.operation.path, r.proposedSunset])).toEqual([['/products/{productId}/stock', '2030-06-30']]);
    await page.context().close();
  });
});
