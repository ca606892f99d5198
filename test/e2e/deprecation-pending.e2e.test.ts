import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * An operation with a deprecation request awaiting review: its endpoint page says so, where it offered the form again
 * and a second request was refused ("already pending review") only once written and sent.
 */
describe.skipIf(!chromiumAvailable())('the endpoint page of an operation whose deprecation is pending review', () => {
  const run = lanternAndBrowser();

  test('says the request is pending, with its sunset, instead of offering a form that can only be refused', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    const created = await page.evaluate(async (endpointId) => (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: 'Replaced by /v3/payouts', proposedSunset: '2030-01-01' }) })).status, endpoint.id);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/endpoints/${endpoint.id}`);
    const panel = page.locator('section.panel').filter({ has: page.getByRole('heading', { name: 'Deprecate', exact: true }) });
    await expect.poll(() => panel.locator('p').textContent()).toBe('A deprecation request (sunset 2030-01-01) is pending review on the Reviews page.');
    expect(await page.getByRole('form', { name: 'Request deprecation' }).count()).toBe(0);
    // Another documented operation of the same API still offers the form.
    const [other] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=refunds&state=documented')).json()) as { items: { id: string }[] }).items);
    await page.goto(`${run.lantern.url}/endpoints/${other.id}`);
    await page.getByRole('form', { name: 'Request deprecation' }).waitFor();
    await page.context().close();
  });
});
