import { describe, expect, test } from 'vitest';
import { approveThenDropPayouts } from './approved-then-dropped';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * An approved deprecation's operation dropped by a later spec version: the endpoint it was filed from is still called
 * (a zombie, by the approval). Until 6 Dec its review listed callers by the operation's endpoints alone, which the
 * endpoint no longer is one of, and said "No traffic observed on this operation." to governance.
 */
describe.skipIf(!chromiumAvailable())('the review of a deprecation whose operation left the spec', () => {
  const run = lanternAndBrowser();

  test('still lists the endpoint that calls it', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await approveThenDropPayouts(page, run.lantern.url);

    await page.goto(`${run.lantern.url}/reviews`);
    const review = page.getByRole('region', { name: /^Deprecation of GET \/payouts in Payments API, approved/ });
    const callers = review.getByRole('table', { name: 'Callers still using it' });
    await expect.poll(() => callers.locator('tbody tr td:first-child').allTextContents()).toEqual(['api.payments.example.com/v2/payouts']);
    expect(await callers.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['zombie']);
    await page.context().close();
  });
});
