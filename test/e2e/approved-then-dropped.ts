import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';

/**
 * The usual end of an operation, on the demo estate: a deprecation of `GET /v2/payouts` is requested from its endpoint
 * page and approved, then payments 2.4.0 drops the operation. The endpoint it was filed from stays a zombie by the
 * approval. Leaves `page` on the endpoint page; returns the endpoint's id.
 */
export async function approveThenDropPayouts(page: Page, url: string): Promise<string> {
  await page.goto(`${url}/inventory?host=api.payments.example.com&q=payouts`);
  await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/v2/payouts', exact: true }).click();
  await page.waitForURL(/\/endpoints\//);
  const endpointId = page.url().split('/endpoints/')[1];
  const decided = await page.evaluate(async (id) => {
    const post = (to: string, body: unknown) => fetch(to, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const request = (await (await post('/api/deprecations', { endpointId: id, reason: 'replaced by /v3/payouts', proposedSunset: '2026-01-15' })).json()) as { id: string };
    return (await post(`/api/deprecations/${request.id}/decision`, { decision: 'approve', note: 'callers were told in December' })).status;
  }, endpointId);
  expect(decided).toBe(200);
  const payments = DEMO_APIS.find((a) => a.slug === 'payments')!;
  const v24 = demoSpecDocument({ ...payments, version: '2.4.0', operations: payments.operations.filter((o) => o.path !== '/payouts') });
  expect(await page.evaluate(async (body) => (await fetch('/api/apis/payments/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status, JSON.stringify(v24))).toBe(201);
  return endpointId;
}
