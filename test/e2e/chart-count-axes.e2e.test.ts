import { describe, expect, test } from 'vitest';
import { chromiumAvailable, submitSignIn } from './browser';
import { ingestAsCollector } from './ingest-as-collector';
import { lanternAndBrowser } from './lantern-and-browser';

const today = new Date().toISOString().slice(0, 10);

/** One call today: the smallest traffic a chart draws. */
const oneCall = {
  idempotencyKey: 'e2e-chart-axes-0001',
  collector: { name: 'e2e', kind: 'log' },
  observations: [
    {
      host: 'quiet.example.com',
      method: 'GET',
      path: '/status',
      evidence: {
        requests: 1, firstSeen: `${today}T00:00:00.000Z`, lastSeen: `${today}T00:00:00.000Z`, statuses: { '200': 1 }, authKinds: { none: 1 },
        jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 1, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
        clients: { internal: 1, public: 0, unknown: 0 }, callers: 0,
      },
      daily: { [today]: { requests: 1, errors: 0, unauthenticated: 1 } },
      examplePaths: [],
    },
  ],
  stats: {},
};

/**
 * Requests are counted whole. Until 6 Dec the request charts of a quiet estate (the inventory's requests per day and
 * an endpoint's traffic, at most a call or two a day) labelled their axis 0, 0.25, 0.5, 0.75 and 1 request.
 */
describe.skipIf(!chromiumAvailable())('the request charts of an estate with one call', () => {
  const run = lanternAndBrowser({ LANTERN_DEMO: '0' });

  test('count their axis in whole requests', async () => {
    const page = await (await run.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    // The charts' data is kept by the server once asked for: not before the call below is stored.
    await page.route('**/api/stats', (route) => route.abort());
    await page.goto(`${run.lantern.url}/signin`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    await ingestAsCollector(page, run.lantern.url, 'quiet', oneCall);
    await page.unroute('**/api/stats');

    await page.goto(`${run.lantern.url}/inventory`);
    const yTicks = (scope: ReturnType<typeof page.getByRole>) => scope.locator('.recharts-cartesian-axis-tick-value[orientation="left"]').allTextContents();
    const perDay = page.getByRole('figure', { name: 'Requests per day by endpoint state' });
    await expect.poll(() => yTicks(perDay)).not.toEqual([]);
    // Whole numbers only, and no further than the data: until 6 Dec recharts kept its five ticks by stretching the axis
    // to 4, and the one request was a bar a quarter high.
    expect(await yTicks(perDay)).toEqual(['0', '1']);

    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/status', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const traffic = page.getByRole('region', { name: 'Traffic over time' });
    await expect.poll(() => yTicks(traffic)).not.toEqual([]);
    expect(await yTicks(traffic)).toEqual(['0', '1']);
    await page.context().close();
  });
});
