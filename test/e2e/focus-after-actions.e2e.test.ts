import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * Where the keyboard focus goes after an action whose control goes away or turns disabled (revoke, decide, register,
 * create, retry): to the answer that replaces it, never to the start of the page (document.body), where a keyboard or
 * screen-reader user has to find their place again from the top.
 */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === document.body || !el ? 'body' : (el.textContent ?? '').trim();
  });

describe.skipIf(!chromiumAvailable())('keyboard focus after dashboard actions', () => {
  const run = lanternAndBrowser();
  const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);

  test('revoking a token from the keyboard moves the focus to the answer, not the start of the page', async () => {
    const page = await signIn();
    const created = await page.evaluate(async () => (await fetch('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'edge-focus', scopes: ['ingest'] }) })).status);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/collectors`);
    const row = page.getByRole('table', { name: 'API tokens' }).locator('tbody tr').filter({ hasText: 'edge-focus' });
    await row.getByRole('button', { name: 'Revoke' }).focus();
    await page.keyboard.press('Enter');
    // It asks first, the focus on Cancel (token-revoke-confirm.e2e.test.ts): the answer before it revokes.
    await expect.poll(() => focused(page)).toBe('Cancel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => row.locator('td').nth(5).textContent()).toBe('revoked');
    await expect.poll(() => focused(page)).toBe('Token edge-focus revoked: collectors using it are refused from their next request.');
    await page.context().close();
  });

  test('creating a token with the mouse moves the focus to the new token, shown once', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/collectors`);
    await page.getByLabel('Token name').fill('mouse-made');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'copy it now' });
    await shown.waitFor();
    await expect.poll(() => focused(page)).toMatch(/^Token mouse-made — copy it now, it is not shown again:\S+$/);
    await page.context().close();
  });

  test('creating a token without a scope says so, and creates nothing', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/collectors`);
    await page.getByLabel('Token name').fill('no-scope');
    const ingest = page.getByRole('checkbox', { name: 'ingest' });
    if (await ingest.isChecked()) await ingest.uncheck();
    // force: Playwright waits for an aria-disabled button to turn enabled; a person can click it all the same.
    await page.getByRole('button', { name: 'Create token' }).click({ force: true });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'scope' }).textContent()).toBe('Tick at least one scope for the token.');
    expect(await page.getByRole('table', { name: 'API tokens' }).locator('tbody tr').filter({ hasText: 'no-scope' }).count()).toBe(0);
    await page.context().close();
  });

  test('deciding a deprecation review from the keyboard moves the focus to that review\'s heading, which says the decision', async () => {
    const page = await signIn();
    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    const created = await page.evaluate(async (endpointId) => (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: 'Replaced by /v3/payouts', proposedSunset: '2030-01-01' }) })).status, endpoint.id);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/reviews`);
    const review = page.getByRole('region', { name: 'Deprecation of GET /payouts' });
    await review.getByLabel('Decision note').fill('Callers have moved to v3.');
    await review.getByRole('button', { name: 'Approve' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => review.getByRole('heading', { level: 2 }).textContent()).toBe('approved GET /payouts in Payments API');
    await expect.poll(() => focused(page)).toBe('approved GET /payouts in Payments API');
    await page.context().close();
  });

  test('previewing and registering a spec from the keyboard keeps the focus on the preview button, then on the answer', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/specs?api=focus-e2e`);
    await page.getByLabel('Spec text').fill(`openapi: 3.0.3
info: { title: Focus, version: 1.0.0 }
servers: [{ url: 'https://focus.example.com' }]
paths:
  /things: { get: { responses: { '200': { description: ok } } } }
`);
    await page.getByRole('button', { name: 'Validate and preview' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Preview').waitFor();
    expect(await focused(page)).toBe('Validate and preview');
    await page.getByRole('button', { name: 'Register this version' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Registered version' }).waitFor();
    await expect.poll(() => focused(page)).toBe('Registered version 1.0.0: 0 endpoint(s) reclassified.');
    await page.context().close();
  });

  test('retrying an undeliverable alert from the keyboard moves the focus to its new delivery state', async () => {
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    try {
      const { id: endpointId } = sqlite.prepare('SELECT id FROM Endpoint ORDER BY id LIMIT 1').get() as { id: string };
      const createdAt = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '+00:00');
      sqlite
        .prepare("INSERT INTO Alert (id, kind, endpointId, summary, payload, attempts, lastError, sentTo, createdAt) VALUES ('alert-focus', 'zombie-traffic', ?, 'traffic to zombie endpoint GET focus.test/x', '{}', 30, 'siem.test: connect ECONNREFUSED', '[]', ?)")
        .run(endpointId, createdAt);
    } finally {
      sqlite.close();
    }
    const page = await signIn();
    await page.goto(`${run.lantern.url}/alerts?kind=zombie-traffic`);
    const row = page.getByRole('table', { name: 'Alerts' }).locator('tbody tr').first();
    await row.getByRole('button', { name: 'Retry delivery of traffic to zombie endpoint GET focus.test/x' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row.locator('.delivery-state').textContent()).toBe('Pending (0 attempts)Last error: siem.test: connect ECONNREFUSED');
    await expect.poll(() => focused(page)).toBe('Pending (0 attempts)Last error: siem.test: connect ECONNREFUSED');
    await page.context().close();
  });

  test('"Go to the last page" from a page past the end, pressed from the keyboard, moves the focus to the pager of the page it shows', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?pageSize=8&page=99`);
    const go = page.getByRole('button', { name: 'Go to the last page' });
    await go.focus();
    await page.keyboard.press('Enter');
    const range = page.locator('.pager span');
    await expect.poll(() => range.textContent()).toMatch(/^\d+–\d+ of \d+$/);
    await expect.poll(() => focused(page)).toBe(await range.textContent());
    await page.context().close();
  });

  test('a wrong password sent from the Sign in button moves the focus back to the password, not the start of the page', async () => {
    const page = await run.browser.newPage();
    await page.goto(`${run.lantern.url}/signin`);
    await page.getByLabel('E-mail').fill(run.lantern.adminEmail);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wrong e-mail or password.' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.close();
  });
});
