import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/** A fresh install without the demo estate: what the inventory says before any collector has reported. */
describe.skipIf(!chromiumAvailable())('an empty inventory', () => {
  const run = lanternAndBrowser({ LANTERN_DEMO: '0' });

  test('says there are no endpoints yet, also when the link only sorts or sizes the pages; a real filter says it matches nothing', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const yet = 'No endpoints yet: point a collector at your traffic or logs.';
    await expect.poll(() => page.locator('.state-box').last().textContent()).toBe(yet);
    await page.goto(`${run.lantern.url}/inventory?sort=path&order=asc&pageSize=100`);
    await expect.poll(() => page.locator('.state-box').last().textContent()).toBe(yet);
    await page.getByLabel('State', { exact: true }).selectOption('shadow');
    await expect.poll(() => page.locator('.state-box').last().textContent()).toBe('No endpoints match these filters.');
    // The charts say there is nothing to draw yet, rather than fail or draw empty axes (a flat line at 0 reads as data).
    const empty = {
      'Requests per day by endpoint state': 'No requests in the last 30 days.',
      'New shadow endpoints per week': 'No new shadow endpoints in the last 12 weeks.',
      'Endpoints by security posture': 'No endpoints yet.',
    };
    for (const [name, message] of Object.entries(empty)) {
      const figure = page.getByRole('figure', { name });
      await expect.poll(() => figure.locator('p').textContent()).toBe(message);
      expect(await figure.locator('svg.recharts-surface').count()).toBe(0);
    }
    expect(await page.getByText('Charts are unavailable').count()).toBe(0);
    await page.context().close();
  });

  // Until 6 Dec a viewer was told to "Create a token with scope ingest", which only an admin can.
  test("the Collectors page tells an admin to create a collector's token, and anyone else that an admin does", async () => {
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await admin.goto(`${run.lantern.url}/collectors`);
    expect(await admin.locator('.state-box').first().textContent()).toBe('No collector has reported yet. Create a token with scope ingest and run lantern push --server … --token … next to a mirror or gateway.');
    await admin.context().close();
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'viewer@example.org', '--role', 'viewer', '--password', 'viewer-password-1'], { env });
    const viewer = await signedInPage(run.browser, run.lantern.url, 'viewer@example.org', 'viewer-password-1');
    await viewer.goto(`${run.lantern.url}/collectors`);
    expect(await viewer.locator('.state-box').first().textContent()).toBe('No collector has reported yet. A collector reports with an API token of scope ingest, which an admin creates on this page.');
    await viewer.context().close();
  });
});
