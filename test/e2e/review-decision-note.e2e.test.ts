import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * Approve or Reject clicked before the decision note is written: the reviewer is told the note is needed, and nothing
 * is decided. Until 6 Dec the click did nothing at all (the buttons are aria-disabled, not disabled, for the focus).
 */
describe.skipIf(!chromiumAvailable())('deciding a deprecation review without a note', () => {
  const run = lanternAndBrowser();

  test('says a note is needed, decides nothing, and the note written decides', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    const created = await page.evaluate(async (endpointId) => (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: 'Replaced by /v3/payouts', proposedSunset: '2030-01-01' }) })).status, endpoint.id);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/reviews`);
    const review = page.getByRole('region', { name: /^Deprecation of GET \/payouts/ });
    // force: Playwright waits for an aria-disabled button to turn enabled; a person can click it all the same.
    await review.getByRole('button', { name: 'Approve' }).click({ force: true });
    await expect.poll(() => review.getByRole('alert').textContent()).toBe('Write a decision note first: it tells the requester why.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('placeholder'))).toBe('Why, and what callers should do');
    const status = () => page.evaluate(async () => ((await (await fetch('/api/deprecations')).json()) as { items: { status: string }[] }).items.map((r) => r.status));
    expect(await status()).toEqual(['pending']);
    await review.getByLabel('Decision note').fill('Approved: callers moved to v3.');
    expect(await review.getByRole('alert').count()).toBe(0);
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(status).toEqual(['approved']);
    await page.context().close();
  });
});
