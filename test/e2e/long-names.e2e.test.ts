import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { chromiumAvailable, launchBrowser, signedInPage } from './browser';
import { startLantern, type RunningLantern } from './lantern-server';

describe.skipIf(!chromiumAvailable())('very long, non-ASCII paths', () => {
  let lantern: RunningLantern;
  let browser: Browser;

  beforeAll(async () => {
    lantern = await startLantern();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await lantern?.stop();
  });

  test('wrap on the endpoint page and in the inventory instead of widening the page', async () => {
    // A path template as discovery stores it for a deep, unspaced path: 150 segments and a non-ASCII one.
    const longPath = `/v2/${'segment/'.repeat(150)}注文/{id}`;
    const db = createClient(`file:${join(lantern.dataDir, 'lantern.db')}`);
    const endpoint = await db.endpoint.findFirstOrThrow({ where: { pathTemplate: '/v2/internal/reconcile' } });
    await db.endpoint.update({ where: { id: endpoint.id }, data: { pathTemplate: longPath } });
    await db.$disconnect();

    const page = await signedInPage(browser, lantern.url, lantern.adminEmail, lantern.adminPassword);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await page.goto(`${lantern.url}/endpoints/${endpoint.id}`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('注文/{id}');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`${lantern.url}/inventory?state=shadow`);
    await page.getByRole('link', { name: longPath }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
