import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * The adopt snippet is pasted into the spec of the API the shadow endpoint is under, whose server URL may carry a base
 * path (`https://api.payments.example.com/v2`): the spec's paths are relative to it. Until 6 Dec the snippet keyed the
 * path item by the whole URL path, `/v2/internal/reconcile`; pasted, it documented `/v2/v2/internal/reconcile`, and
 * the endpoint stayed a shadow.
 */
describe.skipIf(!chromiumAvailable())('the adopt snippet of a shadow endpoint under an API with a base path', () => {
  const run = lanternAndBrowser();

  test('pasted into that API\'s spec, documents the endpoint', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/inventory?host=api.payments.example.com&q=reconcile`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/v2/internal/reconcile', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const snippet = parse((await page.getByLabel('OpenAPI snippet').textContent())!) as { paths: Record<string, unknown>; components?: { securitySchemes: Record<string, unknown> } };
    expect(Object.keys(snippet.paths)).toEqual(['/internal/reconcile']);

    const payments = DEMO_APIS.find((a) => a.slug === 'payments')!;
    const doc = demoSpecDocument({ ...payments, version: '2.4.0' }) as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    const adopted = { ...doc, paths: { ...doc.paths, ...snippet.paths }, components: { securitySchemes: { ...doc.components.securitySchemes, ...snippet.components?.securitySchemes } } };
    expect(await page.evaluate(async (body) => (await fetch('/api/apis/payments/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })).status, JSON.stringify(adopted))).toBe(201);
    await page.reload();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('GET api.payments.example.com/v2/internal/reconcile documented');
    await page.context().close();
  });
});
