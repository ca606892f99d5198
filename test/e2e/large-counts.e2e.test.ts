import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/** An estate of 100 000 endpoints or busy ones: every count on the dashboard reads with thousands separators. */
describe.skipIf(!chromiumAvailable())('large counts on the dashboard', () => {
  const run = lanternAndBrowser();
  const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);

  test('the state cards, the pager and the charts of a large inventory print 100,000, not 100000', async () => {
    const page = await signIn();
    // The API's answer for a page deep in a large inventory (the demo's rows, the counts of 124 656 endpoints).
    await page.route('**/api/endpoints?*', async (route) => {
      const body = await (await route.fetch()).json();
      await route.fulfill({ json: { ...body, page: 2001, pageSize: 50, total: 124_656, countsByState: { documented: 100_000, shadow: 23_456, zombie: 1_200 } } });
    });
    await page.route('**/api/stats', async (route) => {
      const body = await (await route.fetch()).json();
      await route.fulfill({ json: { ...body, requestsByDay: body.requestsByDay.map((d: { day: string }) => ({ ...d, documented: 100_000, shadow: 0, zombie: 0 })) } });
    });
    await page.goto(`${run.lantern.url}/inventory`);
    // A choice made before the page is hydrated is no change to React: the request for it may go out (the browser's
    // own form state) while the cards keep the server's counts.
    await page.waitForLoadState('networkidle');
    await page.getByLabel('State', { exact: true }).selectOption('documented');
    await expect.poll(() => page.getByTestId('count-documented').locator('.value').textContent()).toBe('100,000');
    expect(await page.getByTestId('count-shadow').locator('.value').textContent()).toBe('23,456');
    expect(await page.getByTestId('count-zombie').locator('.value').textContent()).toBe('1,200');
    expect(await page.locator('.pager span').textContent()).toBe('100,001–100,050 of 124,656');
    const ticks = page.getByRole('figure', { name: 'Requests per day by endpoint state' }).locator('.recharts-yAxis-tick-labels text');
    await expect.poll(() => ticks.allTextContents()).toContain('100,000');
    await page.context().close();
  });

  test("an endpoint's auth evidence prints its counts with separators", async () => {
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    let id: string;
    try {
      ({ id } = sqlite.prepare("SELECT id FROM Endpoint WHERE host = 'api.payments.example.com' AND pathTemplate = '/v2/payouts'").get() as { id: string });
      sqlite
        .prepare(`UPDATE Endpoint SET authCounts = '{"bearer-jwt":100000,"none":2500}', evidence = json_set(evidence, '$.callers', 12345, '$.unauthenticated2xx', 2500, '$.clients', json('{"internal":100000,"public":2500,"unknown":0}')) WHERE id = ?`)
        .run(id);
    } finally {
      sqlite.close();
    }
    const page = await signIn();
    await page.goto(`${run.lantern.url}/endpoints/${id}`);
    const panel = page.getByRole('region', { name: 'Auth evidence and callers' });
    const facts = Object.fromEntries(await panel.locator('dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])));
    expect([facts['Schemes seen'], facts['Anonymous 2xx'], facts['Client networks'], facts['Distinct credentials']]).toEqual(['bearer-jwt (100,000), none (2,500)', '2,500', 'internal 100,000 · public 2,500', '12,345']);
    await page.context().close();
  });
});
