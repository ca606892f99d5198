import { describe, expect, test } from 'vitest';
import { chromiumAvailable, submitSignIn } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/** The dashboard on a phone-sized window (390 px wide), read from the laid-out page. */
describe.skipIf(!chromiumAvailable())('dashboard layout on a narrow window', () => {
  const run = lanternAndBrowser();

  test('every page fits the window: the navigation gives the page its width, and a wide table scrolls inside its own box', async () => {
    const context = await run.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${run.lantern.url}/signin`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    const found: Record<string, { overflow: number; mainWidth: number }> = {};
    for (const path of ['/inventory', '/apis', '/specs?api=payments', '/reviews', '/collectors', '/alerts', '/audit', '/settings']) {
      await page.goto(`${run.lantern.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      found[path] = await page.evaluate(() => ({
        // Until 6 Dec the sidebar kept its 200 px and the tables pushed the page up to 473 px past the window's edge.
        overflow: Math.max(0, document.documentElement.scrollWidth - window.innerWidth),
        mainWidth: Math.round(document.querySelector('main')!.getBoundingClientRect().width),
      }));
    }
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, { overflow: 0, mainWidth: 390 }])));
    // Every navigation link is still on screen and can be followed.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const link of await nav.getByRole('link').all()) expect(await link.isVisible(), await link.textContent() ?? '').toBe(true);
    await nav.getByRole('link', { name: 'Inventory' }).click();
    await page.waitForURL(/\/inventory/);
    // The endpoints table keeps readable columns (hosts whole) and scrolls sideways in its box, not the page.
    const host = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr').first().locator('td').nth(2);
    await host.waitFor();
    const hostLines = await host.evaluate((td) => {
      const tops = new Set<number>();
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) tops.add(Math.round(r.top));
      }
      return tops.size;
    });
    expect(hostLines).toBe(1);
    await context.close();
  });

  test('a table that scrolls sideways is a named region the keyboard reaches and scrolls, where Tab passed the audit log by', async () => {
    const context = await run.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${run.lantern.url}/signin`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/audit`);
    const region = page.getByRole('region', { name: 'Audit events' });
    await region.waitFor();
    // Tab from the page's start until the focus is on the region (the audit table has no link or button of its own).
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await region.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await context.close();
  });

  test('on a wide window the same table is no region and no extra Tab stop: nothing to scroll', async () => {
    const context = await run.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${run.lantern.url}/signin`);
    await submitSignIn(page, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/audit`);
    await page.getByRole('table', { name: 'Audit events' }).waitFor();
    expect(await page.locator('.table-scroll[tabindex]').count()).toBe(0);
    await context.close();
  });
});
