import { describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
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
    await page.goto(`${run.lantern.url}/inventory?host=api.payments.example.com&q=payouts`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/v2/payouts', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const endpointId = page.url().split('/endpoints/')[1];
    const decided = await page.evaluate(async (id) => {
      const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const request = (await (await post('/api/deprecations', { endpointId: id, reason: 'replaced by /v3/payouts', proposedSunset: '2026-01-15' })).json()) as { id: string };
      return (await post(`/api/deprecations/${request.id}/decision`, { decision: 'approve', note: 'callers were told in December' })).status;
    }, endpointId);
    expect(decided).toBe(200);
    const payments = DEMO_APIS.find((a) => a.slug === 'payments')!;
    const v24 = demoSpecDocument({ ...payments, version: '2.4.0', operations: payments.operations.filter((o) => o.path !== '/payouts') });
    expect(await page.evaluate(async (body) => (await fetch('/api/apis/payments/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status, JSON.stringify(v24))).toBe(201);

    await page.goto(`${run.lantern.url}/reviews`);
    const review = page.getByRole('region', { name: /^Deprecation of GET \/payouts in Payments API, approved/ });
    const callers = review.getByRole('table', { name: 'Callers still using it' });
    await expect.poll(() => callers.locator('tbody tr td:first-child').allTextContents()).toEqual(['api.payments.example.com/v2/payouts']);
    expect(await callers.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['zombie']);
    await page.context().close();
  });
});
