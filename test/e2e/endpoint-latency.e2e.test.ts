import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/** The endpoint page and the inventory table say how fast the endpoint answers (typical and tail), or that nothing timed its requests. */
describe.skipIf(!chromiumAvailable())('latency on the endpoint page', () => {
  const run = lanternAndBrowser();

  test('p50, p95, p99 and the max of the stored summary, and a plain word for an endpoint never timed', async () => {
    // 1 to 100 ms once each and one request of 2.5 s, as ingest stores them (lib/discovery/latency-summary.ts).
    const latency = {
      count: 101, sumUs: 7_550_000, maxUs: 2_500_000,
      buckets: { 14: 1, 18: 1, 20: 1, 22: 1, 23: 1, 24: 1, 25: 1, 26: 2, 27: 1, 28: 2, 29: 3, 30: 3, 31: 3, 32: 4, 33: 5, 34: 6, 35: 7, 36: 8, 37: 9, 38: 12, 39: 14, 40: 14, 59: 1 },
    };
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    let timed: string;
    let untimed: string;
    try {
      ({ id: timed } = sqlite.prepare("SELECT id FROM Endpoint WHERE host = 'api.payments.example.com' AND pathTemplate = '/v2/payouts'").get() as { id: string });
      ({ id: untimed } = sqlite.prepare('SELECT id FROM Endpoint WHERE id <> ? ORDER BY id LIMIT 1').get(timed) as { id: string });
      sqlite.prepare('UPDATE Endpoint SET latency = ? WHERE id = ?').run(JSON.stringify(latency), timed);
      sqlite.prepare('UPDATE Endpoint SET latency = NULL WHERE id = ?').run(untimed);
    } finally {
      sqlite.close();
    }
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const latencyFact = async (id: string) => {
      await page.goto(`${run.lantern.url}/endpoints/${id}`);
      const summary = page.getByRole('region', { name: 'Summary' });
      return summary.locator('dt', { hasText: /^Latency$/ }).locator('xpath=following-sibling::dd[1]').textContent();
    };
    // The exact p50 is 51 ms and p95, p99 96 and 100 ms: estimates within the buckets' 9.1%; the max is exact.
    expect(await latencyFact(timed)).toBe('p50 47 ms · p95 93.9 ms · p99 93.9 ms · max 2.5 s (101 timed)');
    expect(await latencyFact(untimed)).toBe('not timed by its sources');

    // The inventory table's p95 column: the same estimate, and a dash for the endpoint never timed (until 6 Dec the
    // table had no latency at all).
    await page.goto(`${run.lantern.url}/inventory?sort=path&order=asc&pageSize=500`);
    const table = page.getByRole('table', { name: 'Endpoints' });
    // Read once the table is there: read at once, a page still loading gave no headers (p95 at -1, CI of 6e0514f3).
    await table.locator('thead th', { hasText: /^\s*p95\s*$/ }).waitFor();
    const headers = await table.locator('thead th').allTextContents();
    const p95 = headers.findIndex((h) => h.trim() === 'p95');
    expect(p95).toBeGreaterThan(headers.findIndex((h) => h.startsWith('Requests')));
    const row = table.locator('tbody tr', { has: page.locator(`a[href="/endpoints/${timed}"]`) });
    await expect.poll(() => row.locator('td').nth(p95).textContent()).toBe('93.9 ms');
    const untimedRow = table.locator('tbody tr', { has: page.locator(`a[href="/endpoints/${untimed}"]`) });
    await expect.poll(() => untimedRow.locator('td').nth(p95).textContent()).toBe('—');
    await page.context().close();
  });
});
