import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { ingestAsCollector } from './ingest-as-collector';
import { lanternAndBrowser } from './lantern-and-browser';

const observation = (method: string, path: string, statuses: Record<string, number>) => {
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    host: 'scan.example.com',
    method,
    path,
    evidence: {
      requests, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T11:00:00.000Z', statuses, authKinds: { none: requests },
      jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
      clients: { internal: 0, public: requests, unknown: 0 }, callers: 1,
    },
    daily: { '2026-11-20': { requests, errors: 0, unauthenticated: requests } },
    examplePaths: [],
  };
};

const scannerBatch = {
  idempotencyKey: 'e2e-unlisted-shadows-0001',
  collector: { name: 'e2e', kind: 'log' },
  observations: [observation('GET', '/wp-login.php', { '404': 3 }), observation('OPTIONS', '/api/cart', { '204': 1 }), observation('GET', '/api/cart', { '200': 1 })],
  stats: {},
};

/**
 * A scanner's 404-only probe and a CORS preflight are no shadow API: `lantern check` and `inventory` leave them out.
 * Until 7 Dec the dashboard listed and counted them as shadows, so its shadow count was not theirs; now it offers them
 * behind a toggle, as ignored endpoints are.
 */
describe.skipIf(!chromiumAvailable())('404-only and preflight shadows in the inventory', () => {
  const run = lanternAndBrowser();

  test("the shadow count is lantern inventory's, and the toggle lists the others, marked", async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await ingestAsCollector(page, run.lantern.url, 'scanner-logs', scannerBatch);
    const inventoryShadows = await page.evaluate(async () => ((await (await fetch('/api/inventory')).json()) as { endpoints: { state: string }[] }).endpoints.filter((e) => e.state === 'shadow').length);
    await page.goto(`${run.lantern.url}/inventory`);
    await expect.poll(() => page.getByTestId('count-shadow').locator('.value').textContent()).toBe(String(inventoryShadows));

    await page.goto(`${run.lantern.url}/inventory?host=scan.example.com&sort=path&order=asc`);
    const rows = () => page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('a')?.textContent, tr.querySelector('td')?.textContent]));
    await expect.poll(rows).toEqual([['/api/cart', 'shadow']]);
    expect(await page.getByTestId('count-shadow').locator('.value').textContent()).toBe('1');
    await page.getByRole('checkbox', { name: 'Show 404-only and preflights (2)' }).check();
    await page.waitForURL(/[?&]includeUnlisted=1(&|$)/);
    await expect.poll(rows).toEqual([['/api/cart', expect.stringMatching(/^shadow(preflight)?$/)], ['/api/cart', expect.stringMatching(/^shadow(preflight)?$/)], ['/wp-login.php', 'shadow404/405 only']]);
    expect((await rows()).map((r) => r[1]).sort()).toEqual(['shadow', 'shadow404/405 only', 'shadowpreflight']);
    expect(await page.getByTestId('count-shadow').locator('.value').textContent()).toBe('3');
    await page.context().close();
  });
});
