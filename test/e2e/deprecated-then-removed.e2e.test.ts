import { describe, expect, test } from 'vitest';
import { approveThenDropPayouts } from './approved-then-dropped';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * The usual end of an operation: its deprecation is approved, then a later version of the spec drops it. Callers who
 * kept calling it are zombie traffic (the approval holds for the endpoint it was filed from), but until 6 Dec the
 * endpoint page said "no operation documents this method and path" beside the zombie badge, and gave no reason.
 */
describe.skipIf(!chromiumAvailable())('the endpoint page of a zombie whose deprecated operation left the spec', () => {
  const run = lanternAndBrowser();

  test('names the approved deprecation and its sunset as the reason', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await approveThenDropPayouts(page, run.lantern.url);

    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('GET api.payments.example.com/v2/payouts zombie');
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect.poll(() => summary.locator('dt:text-is("Operation") + dd').textContent()).toBe('none in the current spec (GET /payouts was removed)deprecation approved, sunset 2026-01-15, called since');
    await page.context().close();
  });
});
