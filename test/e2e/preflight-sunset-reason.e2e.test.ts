import { describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
import { chromiumAvailable, signedInPage } from './browser';
import { ingestAsCollector } from './ingest-as-collector';
import { lanternAndBrowser } from './lantern-and-browser';

/** A browser's CORS preflight to a documented path of the catalog API, called long after the sunset set below. */
const preflightBatch = {
  idempotencyKey: 'e2e-preflight-sunset-0001',
  collector: { name: 'e2e', kind: 'log' },
  observations: [
    {
      host: 'catalog.example.com',
      method: 'OPTIONS',
      path: '/products/{productId}/stock',
      evidence: {
        requests: 3, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T11:00:00.000Z', statuses: { '204': 3 }, authKinds: { none: 3 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 3, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 0, public: 3, unknown: 0 }, callers: 0,
      },
      daily: { '2026-11-20': { requests: 3, errors: 0, unauthenticated: 3 } },
      examplePaths: [],
    },
  ],
  stats: {},
};

/**
 * A preflight has no operation of its own (lib/openapi/implied-operations.ts): documented by the path it goes to, a
 * zombie once its API is sunset. Until 6 Dec its page said "no operation documents this method and path" beside the
 * zombie badge, and gave no reason for it.
 */
describe.skipIf(!chromiumAvailable())('the endpoint page of a CORS preflight to a sunset API', () => {
  const run = lanternAndBrowser();

  test("says the path documents it and names the API's sunset as the reason it is a zombie", async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const catalog = DEMO_APIS.find((a) => a.slug === 'catalog')!;
    const doc = demoSpecDocument({ ...catalog, version: '4.1.0' });
    const text = JSON.stringify({ ...doc, info: { ...(doc.info as object), 'x-sunset': '2021-03-31' } });
    expect(await page.evaluate(async (body) => (await fetch('/api/apis/catalog/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status, text)).toBe(201);
    await ingestAsCollector(page, run.lantern.url, 'preflights', preflightBatch);

    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&method=OPTIONS`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/products/{productId}/stock', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('OPTIONS catalog.example.com/products/{productId}/stock zombie');
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect.poll(() => summary.locator('dt:text-is("Operation") + dd').textContent()).toBe('a CORS preflight to the documented path /products/{productId}/stock (no operation of its own)API sunset 2021-03-31, called since');
    expect(await summary.locator('.badge').allTextContents()).toEqual(['API sunset 2021-03-31, called since']);
    await page.context().close();
  });
});
