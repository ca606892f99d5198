import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * A sunset already past is a date governance may record (an operation announced long ago and never marked), so it is
 * accepted; but until 7 Dec neither the requester nor the reviewer was told that approving it makes every call to the
 * operation a call past its sunset at once. The form and the Reviews page say so; a date to come says nothing.
 */
describe.skipIf(!chromiumAvailable())('a deprecation request with a sunset already past', () => {
  const run = lanternAndBrowser();

  test('the form says the day is past before it is sent, and the Reviews page says it of the request', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    await page.goto(`${run.lantern.url}/endpoints/${endpoint.id}`);
    const form = page.getByRole('form', { name: 'Request deprecation' });
    await form.getByLabel('Reason').fill('Replaced by /v3/payouts');
    // Near miss first: a day to come is said nothing of.
    await form.getByLabel('Proposed sunset').fill('2099-01-01');
    expect(await form.getByRole('note').count()).toBe(0);
    await form.getByLabel('Proposed sunset').fill('2020-01-01');
    await expect.poll(() => form.getByRole('note').textContent()).toBe('2020-01-01 is already past: once approved, every call to this operation is a call past its sunset.');
    await form.getByRole('button', { name: 'Request deprecation' }).click();
    await page.getByRole('status').filter({ hasText: 'Deprecation requested' }).waitFor();
    await page.goto(`${run.lantern.url}/reviews`);
    const review = page.getByRole('region', { name: /^Deprecation of GET \S*\/payouts in .*, pending,/ });
    await expect.poll(() => review.locator('p.muted').first().textContent()).toMatch(/^Proposed sunset 2020-01-01 \(already past\) · requested by admin@localhost/);
    await page.context().close();
  });
});
