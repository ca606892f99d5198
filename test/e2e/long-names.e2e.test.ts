import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

describe.skipIf(!chromiumAvailable())('very long, non-ASCII paths', () => {
  const run = lanternAndBrowser();

  test('wrap on the endpoint page and in the inventory instead of widening the page', async () => {
    // A path template as discovery stores it for a deep, unspaced path: 150 segments and a non-ASCII one.
    const longPath = `/v2/${'segment/'.repeat(150)}注文/{id}`;
    const db = createClient(`file:${join(run.lantern.dataDir, 'lantern.db')}`);
    const endpoint = await db.endpoint.findFirstOrThrow({ where: { pathTemplate: '/v2/internal/reconcile' } });
    await db.endpoint.update({ where: { id: endpoint.id }, data: { pathTemplate: longPath } });
    await db.$disconnect();

    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(`${run.lantern.url}/endpoints/${endpoint.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('注文/{id}');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`${run.lantern.url}/inventory?state=shadow`);
    await page.getByRole('link', { name: longPath }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
