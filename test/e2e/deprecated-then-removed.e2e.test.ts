import { describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
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

    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('GET api.payments.example.com/v2/payouts zombie');
    const summary = page.getByRole('region', { name: 'Summary' });
    await expect.poll(() => summary.locator('dt:text-is("Operation") + dd').textContent()).toBe('none in the current spec (GET /payouts was removed)deprecation approved, sunset 2026-01-15, called since');
    await page.context().close();
  });
});
