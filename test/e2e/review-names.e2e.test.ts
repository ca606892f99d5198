import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * A request rejected and filed again (or two operations alike in two APIs) are two reviews: a screen reader's list of
 * regions must tell them apart, where each was "Deprecation of GET /payouts".
 */
describe.skipIf(!chromiumAvailable())('the Reviews page for two requests on one operation', () => {
  const run = lanternAndBrowser();

  test('each review region is named by its operation, API, status and time of request', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    const file = () => page.evaluate(async (endpointId) => ((await (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: 'Replaced by /v3/payouts', proposedSunset: '2030-01-01' }) })).json()) as { id: string }).id, endpoint.id);
    const first = await file();
    const rejected = await page.evaluate(async (id) => (await fetch(`/api/deprecations/${id}/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'reject', note: 'Callers remain.' }) })).status, first);
    expect(rejected).toBe(200);
    await file();
    const requests = await page.evaluate(async () => ((await (await fetch('/api/deprecations')).json()) as { items: { status: string; createdAt: string }[] }).items);
    await page.goto(`${run.lantern.url}/reviews`);
    const regions = page.locator('section.review');
    await expect.poll(() => regions.count()).toBe(2);
    const at = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
    expect(await regions.evaluateAll((sections) => sections.map((s) => s.getAttribute('aria-label')))).toEqual(
      requests.map((r) => `Deprecation of GET /payouts in Payments API, ${r.status}, requested ${at(r.createdAt)}`),
    );
    expect(requests.map((r) => r.status).sort()).toEqual(['pending', 'rejected']);
    await page.context().close();
  });
});
