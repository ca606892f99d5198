import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/** Registering a spec from the Specs page as an admin: what the preview shows, and when it stops standing. */
const ORDERS = `openapi: 3.0.3
info: { title: Orders, version: 1.0.0 }
servers: [{ url: 'https://orders.example.com' }]
paths:
  /orders/{orderId}:
    get: { responses: { '200': { description: ok } } }
`;
// Documents the demo's shadow POST catalog.example.com/admin/reindex.
const REINDEX = `openapi: 3.0.3
info: { title: Reindex, version: 1.0.0 }
servers: [{ url: 'https://catalog.example.com' }]
paths:
  /admin/reindex:
    post: { responses: { '202': { description: accepted } } }
`;
// 20 regions × 20 stages = 400 servers, past the loader's bound of 256: it registers with a warning.
const values = (prefix: string) => Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
const REGIONAL = `openapi: 3.0.3
info: { title: Regional, version: 1.0.0 }
servers:
  - url: 'https://{region}.{stage}.regional.example.com'
    variables:
      region: { default: r0, enum: ${JSON.stringify(values('r'))} }
      stage: { default: s0, enum: ${JSON.stringify(values('s'))} }
paths:
  /things: { get: { responses: { '200': { description: ok } } } }
`;

async function preview(page: Page, text: string, version: string) {
  await page.getByLabel('Spec text').fill(text);
  await page.getByLabel('Version label').fill(version);
  await page.getByRole('button', { name: 'Validate and preview' }).click();
}

describe.skipIf(!chromiumAvailable())('registering a spec on the Specs page', () => {
  const run = lanternAndBrowser();

  test('changing only the version label withdraws the preview, so a version that was never previewed cannot be registered', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs?api=orders-e2e`);
    await preview(page, ORDERS, '1.0.0');
    await page.getByLabel('Preview').waitFor();
    const registerButton = page.getByRole('button', { name: 'Register this version' });
    expect(await registerButton.isEnabled()).toBe(true);

    await page.getByLabel('Version label').fill('2.0.0');
    await expect.poll(() => page.getByLabel('Preview').count()).toBe(0);
    expect(await registerButton.isEnabled()).toBe(false);

    await page.getByRole('button', { name: 'Validate and preview' }).click();
    await page.getByLabel('Preview').waitFor();
    await registerButton.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Registered version' }).textContent()).toContain('Registered version 2.0.0');
    await page.context().close();
  });

  test("the loader's warning about server variables is shown in the preview and after registering", async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs?api=regional-e2e`);
    await preview(page, REGIONAL, '1.0.0');
    await page.getByLabel('Preview').waitFor();
    const warning = 'server variables combine to 400 URLs; only the first 256 are matched, traffic to the others shows as shadow';
    expect(await page.getByLabel('Preview').getByRole('note', { name: 'Spec warnings' }).textContent()).toContain(`#/servers/0/variables ${warning}`);
    await page.getByRole('button', { name: 'Register this version' }).click();
    await page.getByRole('status').filter({ hasText: 'Registered version 1.0.0' }).waitFor();
    expect(await page.getByRole('note', { name: 'Spec warnings' }).textContent()).toContain(warning);
    await page.context().close();
  });

  test("a version label another version has: typed, the preview and the registration are refused naming it; from info.version, a new label is shown", async () => {
    // Until 7 Dec both registered a second version under the label of the first.
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs?api=labels-e2e`);
    await preview(page, ORDERS, 'v1');
    await page.getByRole('button', { name: 'Register this version' }).click();
    await page.getByRole('status').filter({ hasText: 'Registered version v1' }).waitFor();
    const changed = ORDERS.replace("get: { responses: { '200': { description: ok } } }", "get: { responses: { '200': { description: ok } } }\n    delete: { responses: { '204': { description: gone } } }");
    await preview(page, changed, 'v1');
    const alert = page.getByRole('form', { name: 'Register a spec' }).getByRole('alert');
    await expect.poll(() => alert.first().textContent()).toMatch(/^version label 'v1' is already labels-e2e@v1, uploaded .* with other content: name this version with another label$/);
    expect(await page.getByLabel('Preview').count()).toBe(0);
    await preview(page, changed, '');
    await expect.poll(() => page.getByLabel('Preview').locator('p').first().textContent()).toBe("Orders 1.0.0 · 2 operations");
    await page.getByRole('button', { name: 'Register this version' }).click();
    await page.getByRole('status').filter({ hasText: 'Registered version 1.0.0' }).waitFor();
    const again = changed.replace("delete: { responses: { '204': { description: gone } } }", "delete: { responses: { '204': { description: gone } } }\n    put: { responses: { '204': { description: put } } }");
    await preview(page, again, '');
    await expect.poll(() => page.getByLabel('Preview').locator('p').first().textContent()).toBe("Orders 1.0.0+r3 (info.version 1.0.0 is another version's label, with other content) · 3 operations");
    await page.getByRole('button', { name: 'Register this version' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Registered version' }).textContent()).toBe("Registered version 1.0.0+r3 (info.version 1.0.0 is another version's label, with other content): 0 endpoint(s) reclassified.");
    await page.context().close();
  });

  test('an API slug no API can have is "no such API" (404), not a problem with the spec', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs?api=${encodeURIComponent('Bad slug!')}`);
    await preview(page, ORDERS, '1.0.0');
    const alert = page.getByRole('form', { name: 'Register a spec' }).getByRole('alert');
    await expect.poll(() => alert.first().textContent()).toContain("no such API 'Bad slug!'");
    expect(await page.getByText('The spec is invalid').count()).toBe(0);
    const answers = await page.evaluate(async (text) => Promise.all(['/specs/preview', '/specs'].map(async (tail) => {
      const res = await fetch(`/api/apis/${encodeURIComponent('Bad slug!')}${tail}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    })), ORDERS);
    expect(answers).toEqual([[404, 'not_found'], [404, 'not_found']]);
    await page.context().close();
  });

  test('a new API slug is opened with the Open button too, not only with Enter', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs`);
    await page.getByLabel('New API slug').fill('ledger-api');
    // Until 6 Dec there was no button, and a slug typed and left without Enter opened nothing.
    await page.getByRole('form', { name: 'New API' }).getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(/\/specs\?api=ledger-api$/);
    await page.getByRole('form', { name: 'Register a spec' }).waitFor();
    await page.context().close();
  });

  // Until 6 Dec 'orders api' was taken as it was: the form for it came up, and only the preview of the spec pasted there
  // answered "no such API 'orders api'".
  test('a new API slug no API can have is refused as it is typed, naming the rule', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.goto(`${run.lantern.url}/specs`);
    const field = page.getByLabel('New API slug');
    await field.fill('Orders API');
    await field.press('Enter');
    const said = page.locator('.filters').getByRole('alert');
    await expect.poll(() => said.textContent()).toBe("an API slug is lowercase letters, digits and '-', starting with a letter or digit, at most 64 characters");
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('form', { name: 'Register a spec' }).count()).toBe(0);
    await field.fill('orders-api');
    await field.press('Enter');
    await page.waitForURL(/\/specs\?api=orders-api$/);
    expect(await said.count()).toBe(0);
    await page.getByRole('form', { name: 'Register a spec' }).waitFor();
    await page.context().close();
  });

  test("the API control is history: Back returns to the API shown before, where it left the Specs page", async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Specs' }).click();
    await page.waitForURL(/\/specs$/);
    const control = page.getByRole('combobox', { name: 'API', exact: true });
    await control.selectOption('payments');
    await page.waitForURL(/\/specs\?api=payments$/);
    await control.selectOption('accounts');
    await page.waitForURL(/\/specs\?api=accounts$/);
    await page.goBack();
    await page.waitForURL(/\/specs\?api=payments$/);
    await expect.poll(() => control.inputValue()).toBe('payments');
    await page.goBack();
    await page.waitForURL(/\/specs$/);
    await page.goForward();
    await page.waitForURL(/\/specs\?api=payments$/);
    await page.context().close();
  });

  test('the inventory charts show a registration at once: a shadow the new spec documents leaves the new-shadows chart', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    // What the new-shadows chart says of the weeks the demo's shadows were first seen, read as a person reads it: the
    // tooltip over each bar, added up. The demo's traffic starts 14 days back at a random hour, so its shadows are
    // first seen in one week or, on a Sunday (6 Dec), two: reading the first bar alone failed then.
    const newShadows = async () => {
      const figure = page.getByRole('figure', { name: 'New shadow endpoints per week' });
      let total = 0;
      for (const bar of await figure.locator('.recharts-bar-rectangle').all()) {
        await bar.hover();
        const said = await figure.locator('.recharts-tooltip-item').textContent();
        total += Number(/^new shadows : (\d+)$/.exec(said ?? '')?.[1] ?? Number.NaN);
      }
      return `new shadows : ${total}`;
    };
    await expect.poll(newShadows).toBe('new shadows : 5');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Specs' }).click();
    await page.getByLabel('New API slug').fill('reindex-e2e');
    await page.getByLabel('New API slug').press('Enter');
    await page.waitForURL(/api=reindex-e2e/);
    await preview(page, REINDEX, '1.0.0');
    await page.getByRole('button', { name: 'Register this version' }).click();
    await page.getByRole('status').filter({ hasText: 'Registered version 1.0.0: 1 endpoint(s) reclassified' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inventory' }).click();
    await page.waitForURL(/\/inventory$/);
    // Until 6 Dec the page kept the charts it had fetched (up to a minute) and the server its own (30 s): still 5.
    await expect.poll(newShadows).toBe('new shadows : 4');
    await page.context().close();
  });
});
