import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/** How many lines an element's text is laid out on (its line boxes), whatever its box looks like. */
const lines = (el: Locator) =>
  el.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });

/** What the dashboard's layout shows on a laptop-sized window (1400 px), read from the laid-out page. */
describe.skipIf(!chromiumAvailable())('dashboard layout', () => {
  const run = lanternAndBrowser();
  const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);

  test("the inventory's state badges keep their word whole, where 'documented' broke into 'documente' and 'd'", async () => {
    const page = await signIn();
    const badges = page.getByRole('table', { name: 'Endpoints' }).locator('tbody td:first-child .badge');
    await badges.first().waitFor();
    const words = await badges.allTextContents();
    expect(words).toContain('documented');
    const counts = await Promise.all((await badges.all()).map(lines));
    expect(counts.every((n) => n === 1), `lines per badge: ${counts.join(',')}`).toBe(true);
    await page.context().close();
  });
});
