import { describe, expect, test } from 'vitest';
import { chromiumAvailable, submitSignIn } from './browser';
import { ingestAsCollector } from './ingest-as-collector';
import { lanternAndBrowser } from './lantern-and-browser';

/** One observed endpoint on a host no spec names, as a collector's batch carries it. */
const legacyBatch = {
  idempotencyKey: 'e2e-owner-filter-legacy-0001',
  collector: { name: 'e2e', kind: 'log' },
  observations: [
    {
      host: 'legacy.example.com',
      method: 'GET',
      path: '/export/orders',
      evidence: {
        requests: 4, firstSeen: '2026-11-20T10:00:00.000Z', lastSeen: '2026-11-20T11:00:00.000Z', statuses: { '200': 4 }, authKinds: { 'bearer-jwt': 4 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 4, public: 0, unknown: 0 }, callers: 1,
      },
      daily: { '2026-11-20': { requests: 4, errors: 0, unauthenticated: 0 } },
      examplePaths: [],
    },
  ],
  stats: {},
};

/**
 * A team that owns traffic through an ownership rule but no API (the usual first step for a legacy host) can be
 * picked in the inventory's Owner filter, as the Auth filter offers every kind traffic showed.
 */
describe.skipIf(!chromiumAvailable())("the inventory's Owner filter", () => {
  const run = lanternAndBrowser();

  test('offers a team that owns endpoints by an ownership rule and no API, and picking it lists them', async () => {
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // The charts' stats are cached by the server once asked for: not before the rule below exists.
    await page.route('**/api/stats', (route) => route.abort());
    await page.goto(`${run.lantern.url}/signin`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    await ingestAsCollector(page, run.lantern.url, 'legacy-logs', legacyBatch);
    const rule = await page.evaluate(async () => (await fetch('/api/ownership-rules', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: 'legacy.example.com', pathPrefix: '/', team: 'platform' }) })).status);
    expect(rule).toBe(201);
    await page.unroute('**/api/stats');
    await page.goto(`${run.lantern.url}/inventory`);
    const owner = page.getByLabel('Owner', { exact: true });
    await expect.poll(() => owner.locator('option').allTextContents()).toEqual(['Owner: all', 'Catalog', 'Identity', 'Payments', 'platform']);
    await owner.selectOption('platform');
    await page.waitForURL(/\?team=platform$/);
    await expect.poll(() => page.getByRole('table', { name: 'Endpoints' }).locator('tbody a').allTextContents()).toEqual(['/export/orders']);
    await context.close();
  });
});
