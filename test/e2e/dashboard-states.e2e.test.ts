import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * What the dashboard shows after something happened elsewhere or went wrong: a sign-in the server never answered,
 * a review another reviewer decided first, an endpoint an override now hides, filters stepped through with Back.
 */
describe.skipIf(!chromiumAvailable())('dashboard states after failures and changes', () => {
  const run = lanternAndBrowser();
  const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);

  test('a sign-in the server does not answer says so and can be sent again, instead of "Signing in…" for good', async () => {
    const page = await run.browser.newPage();
    await page.goto(`${run.lantern.url}/signin`);
    await page.route('**/api/auth/callback/credentials*', (route) => route.abort('connectionrefused'));
    await page.getByLabel('E-mail').fill(run.lantern.adminEmail);
    await page.getByLabel('Password').fill(run.lantern.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'reach' }).textContent()).toBe('Could not reach Lantern: check your connection and try again.');
    // A proxy answering in its own words (an HTML 502) is the same failure, not a wrong password.
    await page.unroute('**/api/auth/callback/credentials*');
    await page.route('**/api/auth/callback/credentials*', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>' }));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in', exact: true }).getAttribute('aria-disabled')).toBe('false');
    expect(await page.getByRole('alert').filter({ hasText: 'reach' }).count()).toBe(1);
    // The typed e-mail is kept, and the server back in reach signs in.
    await page.unroute('**/api/auth/callback/credentials*');
    expect(await page.getByLabel('E-mail').inputValue()).toBe(run.lantern.adminEmail);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/inventory/);
    await page.context().close();
  });

  test('a review another reviewer decided first shows their decision, not a pending request with a form that can only fail', async () => {
    const first = await signIn();
    const [endpoint] = await first.evaluate(async () => ((await (await fetch('/api/endpoints?q=refunds&state=documented')).json()) as { items: { id: string }[] }).items);
    const created = await first.evaluate(async (endpointId) => (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: 'Replaced by /v3 refunds', proposedSunset: '2030-01-01' }) })).status, endpoint.id);
    expect(created).toBe(201);
    const second = await signIn();
    const review = (page: Page) => page.getByRole('region', { name: 'Deprecation of POST /charges/{chargeId}/refunds' });
    for (const page of [first, second]) {
      await page.goto(`${run.lantern.url}/reviews`);
      await review(page).getByLabel('Decision note').waitFor();
    }
    await review(first).getByLabel('Decision note').fill('Approved: callers moved.');
    await review(first).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => review(first).locator('header').textContent()).toContain('approved');

    await review(second).getByLabel('Decision note').fill('Rejected: too early.');
    await review(second).getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => review(second).locator('header').textContent()).toContain('approved');
    await expect.poll(() => review(second).getByLabel('Decision note').count()).toBe(0);
    expect(await review(second).textContent()).toContain('“Approved: callers moved.”');
    await first.context().close();
    await second.context().close();
  });

  test('an endpoint hidden by an ignore override says so on its page', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&state=shadow`);
    await page.getByRole('table', { name: 'Endpoints' }).locator('tbody a').first().click();
    await page.waitForURL(/\/endpoints\//);
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).not.toContain('ignored');
    await page.getByRole('form', { name: 'Path override' }).getByLabel('Action').selectOption('ignore');
    await page.getByRole('button', { name: 'Save override' }).click();
    await page.getByRole('status').filter({ hasText: 'Override saved' }).waitFor();
    await expect.poll(() => heading.textContent()).toContain('ignored');
    expect(await page.getByText('Hidden from the inventory by the ignore override').count()).toBe(1);
    // And the inventory agrees: it is gone from the default view, which says where it went.
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&state=shadow`);
    await page.getByText('No endpoints match these filters; 1 more is hidden by ignore overrides: tick “Show ignored” to list it.').waitFor();
    await page.context().close();
  });

  test('Back and Forward step through inventory filters and pages, keeping table and controls in step with the URL', async () => {
    const page = await signIn();
    const rows = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr');
    const state = page.getByLabel('State', { exact: true });
    const method = page.getByLabel('Method', { exact: true });
    await rows.first().waitFor();
    const everything = await rows.count();
    await state.selectOption('documented');
    await page.waitForURL(/\?state=documented$/);
    await method.selectOption('POST');
    await page.waitForURL(/\?state=documented&method=POST$/);
    await expect.poll(async () => [...new Set(await rows.locator('td.method').allTextContents())]).toEqual(['POST']);
    const posts = await rows.count();

    await page.goBack();
    await page.waitForURL(/\?state=documented$/);
    await expect.poll(() => method.inputValue()).toBe('');
    await expect.poll(async () => (await rows.locator('td.method').allTextContents()).some((m) => m !== 'POST')).toBe(true);
    expect(await state.inputValue()).toBe('documented');
    await page.goBack();
    await page.waitForURL(/\/inventory$/);
    await expect.poll(() => rows.count()).toBe(everything);
    expect(await state.inputValue()).toBe('');

    await page.goForward();
    await page.goForward();
    await page.waitForURL(/\?state=documented&method=POST$/);
    await expect.poll(() => method.inputValue()).toBe('POST');
    await expect.poll(() => rows.count()).toBe(posts);
    await page.context().close();
  });

  test('saving triage from the keyboard leaves the focus on the Save button, not at the start of the page', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?host=id.example.com&q=sessions`);
    await page.getByRole('table', { name: 'Endpoints' }).locator('tbody a').first().click();
    await page.waitForURL(/\/endpoints\//);
    const form = page.getByRole('form', { name: 'Triage' });
    await form.getByRole('combobox').selectOption('acknowledged');
    await form.getByLabel('Note').fill('Known: the session API.');
    const save = form.getByRole('button', { name: 'Save triage' });
    await save.focus();
    await page.keyboard.press('Enter');
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('acknowledged');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save triage');
    await page.context().close();
  });

  test('registering the text of the current version again says nothing was registered, not "Registered version"', async () => {
    const page = await signIn();
    const spec = `openapi: 3.0.3
info: { title: Again, version: 1.0.0 }
servers: [{ url: 'https://again.example.com' }]
paths:
  /things: { get: { responses: { '200': { description: ok } } } }
`;
    await page.goto(`${run.lantern.url}/specs?api=again-e2e`);
    const status = page.getByRole('form', { name: 'Register a spec' }).getByRole('status');
    for (const label of ['1.0.0', '1.0.1']) {
      await page.getByLabel('Spec text').fill(spec);
      await page.getByLabel('Version label').fill(label);
      await page.getByRole('button', { name: 'Validate and preview' }).click();
      await page.getByLabel('Preview').waitFor();
      await page.getByRole('button', { name: 'Register this version' }).click();
      await status.waitFor();
      await expect.poll(() => page.getByLabel('Preview').count()).toBe(0);
    }
    expect(await status.textContent()).toBe('Version 1.0.0 already has this text and is current: nothing registered (kept as 1.0.0: label 1.0.1 not used), 0 endpoint(s) reclassified.');
    await expect.poll(() => page.getByRole('list', { name: 'Version history' }).locator(':scope > li').count()).toBe(1);
    await page.context().close();
  });

  test('a shared link filtering on a value the lists do not offer shows that filter in its control, where the control said "all"', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?auth=${encodeURIComponent('cookie:session')}&method=PROPFIND`);
    await page.getByText('No endpoints match these filters').waitFor();
    const auth = page.getByLabel('Auth', { exact: true });
    const method = page.getByLabel('Method', { exact: true });
    expect(await auth.inputValue()).toBe('cookie:session');
    expect(await method.inputValue()).toBe('PROPFIND');
    await auth.selectOption('');
    await page.waitForURL(/\?method=PROPFIND$/);
    await method.selectOption('');
    await page.getByRole('table', { name: 'Endpoints' }).waitFor();
    expect(await method.inputValue()).toBe('');
    await page.context().close();
  });

  test('"Try again" on a page whose server data failed loads it again once the database answers, instead of showing the failure again', async () => {
    const page = await signIn();
    // The APIs page's table gone for a moment, as a database that stops answering mid-use looks to the page.
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    try {
      sqlite.exec('ALTER TABLE "Api" RENAME TO "ApiAway"');
      await page.goto(`${run.lantern.url}/apis`);
      await page.getByRole('heading', { name: 'This page could not be loaded' }).waitFor();
    } finally {
      sqlite.exec('ALTER TABLE "ApiAway" RENAME TO "Api"');
      sqlite.close();
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('table', { name: 'APIs' }).waitFor();
    expect(await page.getByRole('heading', { name: 'This page could not be loaded' }).count()).toBe(0);
    await page.context().close();
  });

  test('applying a search or a host with Enter keeps the focus in that box, so it can be refined from the keyboard', async () => {
    const page = await signIn();
    const search = page.getByLabel('Search paths and hosts');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await search.fill('charges');
    await search.press('Enter');
    await page.waitForURL(/\?q=charges$/);
    await page.getByRole('table', { name: 'Endpoints' }).waitFor();
    expect(await focused()).toBe('Search paths and hosts');
    await page.keyboard.type('/{chargeId}/refunds');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=charges%2F%7BchargeId%7D%2Frefunds$/);
    expect(await search.inputValue()).toBe('charges/{chargeId}/refunds');
    const host = page.getByLabel('Host', { exact: true });
    await host.fill('API.Payments.Example.com');
    await host.press('Enter');
    await page.waitForURL(/&host=API\.Payments\.Example\.com$/);
    expect(await focused()).toBe('Host');
    // The host is applied as stored (lowercase), and the box says so.
    await expect.poll(() => host.inputValue()).toBe('api.payments.example.com');
    await page.context().close();
  });

  test('each deprecation request on the Reviews page is a heading, with its callers a heading under it', async () => {
    const page = await signIn();
    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    const created = await page.evaluate(async (endpointId) => (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: 'Replaced by /v3/payouts', proposedSunset: '2030-01-01' }) })).status, endpoint.id);
    expect(created).toBe(201);
    await page.goto(`${run.lantern.url}/reviews`);
    const review = page.getByRole('region', { name: 'Deprecation of GET /payouts' });
    await review.getByLabel('Decision note').waitFor();
    expect(await review.getByRole('heading', { level: 2 }).textContent()).toBe('pending GET /payouts in Payments API');
    expect(await review.getByRole('heading', { level: 3 }).textContent()).toBe('Callers still using it');
    await page.context().close();
  });

  test('paging to the last page with the keyboard keeps the focus on Next, which then does nothing', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?pageSize=8`);
    const pager = page.locator('.pager');
    await expect.poll(() => pager.locator('span').textContent()).toMatch(/^1–8 of \d+$/);
    const total = Number((await pager.locator('span').textContent())!.split(' of ')[1]);
    const pages = Math.ceil(total / 8);
    expect(pages).toBeGreaterThan(1);
    await pager.getByRole('button', { name: 'Next' }).focus();
    for (let p = 2; p <= pages; p++) {
      await page.keyboard.press('Enter');
      await expect.poll(() => pager.locator('span').textContent()).toMatch(new RegExp(`^${(p - 1) * 8 + 1}–`));
    }
    expect(page.url()).toMatch(new RegExp(`page=${pages}$`));
    await expect.poll(() => pager.locator('span').textContent()).toBe(`${(pages - 1) * 8 + 1}–${total} of ${total}`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Next');
    expect(await pager.getByRole('button', { name: 'Next' }).getAttribute('aria-disabled')).toBe('true');
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(new RegExp(`page=${pages}$`));
    await page.context().close();
  });

  test('a spec file that is not UTF-8 is refused at the byte where it stops being UTF-8, as the upload API refuses it, not previewed with U+FFFD', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/specs?api=latin1-e2e`);
    // "Café" saved as Latin-1: é is the single byte E9, at byte offset 33.
    const latin1 = Buffer.from('openapi: 3.0.3\ninfo: { title: Caf\u00e9, version: 1.0.0 }\npaths: {}\n', 'latin1');
    await page.locator('input[type=file]').setInputFiles({ name: 'orders.yaml', mimeType: 'application/yaml', buffer: latin1 });
    const alert = page.getByRole('form', { name: 'Register a spec' }).getByRole('alert');
    await expect.poll(() => alert.first().textContent()).toBe('orders.yaml: not valid UTF-8: the byte sequence at byte offset 33 is not a character (save the file as UTF-8)');
    expect(await page.getByLabel('Spec text').inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Validate and preview' }).isEnabled()).toBe(false);
    // The same file saved as UTF-8 loads.
    await page.locator('input[type=file]').setInputFiles({ name: 'orders.yaml', mimeType: 'application/yaml', buffer: Buffer.from(latin1.toString('latin1'), 'utf8') });
    await expect.poll(() => page.getByLabel('Spec text').inputValue()).toContain('title: Café,');
    expect(await alert.count()).toBe(0);
    await page.context().close();
  });

  test('"Copy snippet" where the browser offers no clipboard (a dashboard on plain http) selects the snippet and says so, instead of doing nothing', async () => {
    const page = await signIn();
    // What chromium gives a page on http://lantern.internal: no navigator.clipboard at all.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true }));
    await page.goto(`${run.lantern.url}/inventory?host=api.payments.example.com&q=reconcile`);
    await page.getByRole('link', { name: '/v2/internal/reconcile' }).click();
    await page.waitForURL(/\/endpoints\//);
    const snippet = await page.getByLabel('OpenAPI snippet').textContent();
    expect(snippet).toContain('  /internal/reconcile:'); // under the Payments API's base path /v2
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'does not allow copying' }).count()).toBe(1);
    // Selection text ends without the snippet's last newline.
    expect((await page.evaluate(() => window.getSelection()?.toString()))?.trimEnd()).toBe(snippet!.trimEnd());
    await page.context().close();
  });

  test('back on the inventory from the menu right after a triage, the endpoint\'s row shows the new triage, not the cached one', async () => {
    const page = await signIn();
    const row = page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr').filter({ has: page.getByRole('link', { name: '/v2/payouts', exact: true }) });
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('documented');
    await row.getByRole('link').click();
    await page.waitForURL(/\/endpoints\//);
    const form = page.getByRole('form', { name: 'Triage' });
    await form.getByRole('combobox').selectOption('adopted');
    await form.getByRole('button', { name: 'Save triage' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inventory' }).click();
    await page.waitForURL(/\/inventory$/);
    await expect.poll(() => row.locator('td').first().textContent()).toBe('documentedadopted');
    await page.context().close();
  });

  test('the Reviews page opened from the menu right after requesting a deprecation lists the new request', async () => {
    const page = await signIn();
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { name: 'Deprecation reviews' }).waitFor();
    await page.getByText('No deprecation requests').or(page.locator('section.review')).first().waitFor();
    await menu.getByRole('link', { name: 'Inventory' }).click();
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/products', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    await page.getByLabel('Reason').fill('Replaced by the search API.');
    await page.getByLabel('Proposed sunset').fill('2030-06-30');
    await page.getByRole('button', { name: 'Request deprecation' }).click();
    await page.getByRole('status').filter({ hasText: 'Deprecation requested' }).waitFor();
    await menu.getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { name: 'Deprecation reviews' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Deprecation of GET /products' }).count()).toBe(1);
    await page.context().close();
  });

  test('Back to the inventory right after an ignore override no longer lists the endpoint it hides', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?host=id.example.com&state=shadow`);
    const links = page.getByRole('table', { name: 'Endpoints' }).locator('tbody a');
    await links.first().waitFor();
    const before = await links.allTextContents();
    expect(before.length).toBeGreaterThan(1);
    const hidden = before[0];
    await links.first().click();
    await page.waitForURL(/\/endpoints\//);
    await page.getByRole('form', { name: 'Path override' }).getByLabel('Action').selectOption('ignore');
    await page.getByRole('button', { name: 'Save override' }).click();
    await page.getByRole('status').filter({ hasText: 'Override saved' }).waitFor();
    await page.goBack();
    await page.waitForURL(/\/inventory\?host=id\.example\.com&state=shadow$/);
    await expect.poll(() => links.allTextContents()).toEqual(before.filter((p) => p !== hidden));
    await page.context().close();
  });

  test('the Specs page for a new API slug shows that slug in its API control, not "Choose an API…"', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/specs`);
    await page.getByLabel('New API slug').fill('Billing');
    await page.getByLabel('New API slug').press('Enter');
    await page.waitForURL(/\/specs\?api=billing$/);
    await page.getByRole('heading', { name: 'Register a version of billing' }).waitFor();
    await expect.poll(() => page.getByLabel('API', { exact: true }).inputValue()).toBe('billing');
    expect(await page.getByLabel('API', { exact: true }).locator('option:checked').textContent()).toBe('billing (new)');
    await page.context().close();
  });

  test('requesting a deprecation from the keyboard moves the focus to the answer that replaces the form', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?host=id.example.com&q=sessions&state=documented`);
    await page.getByRole('table', { name: 'Endpoints' }).locator('tbody a').first().click();
    await page.waitForURL(/\/endpoints\//);
    await page.getByLabel('Reason').fill('Sessions move to the identity provider.');
    await page.getByLabel('Proposed sunset').fill('2030-09-30');
    await page.getByRole('button', { name: 'Request deprecation' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Deprecation requested' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Deprecation requested: governance will review it on the Reviews page.');
    await page.context().close();
  });

  test('Next pressed twice before its page arrives makes one history entry, so one Back returns to the first page', async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?pageSize=8`);
    const pager = page.locator('.pager');
    await expect.poll(() => pager.locator('span').textContent()).toMatch(/^1–8 of /);
    // A slow answer, so both presses happen while page 1 is still shown.
    await page.route('**/api/endpoints?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    await pager.getByRole('button', { name: 'Next' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => pager.locator('span').textContent()).toMatch(/^9–16 of /);
    expect(page.url()).toMatch(/\?pageSize=8&page=2$/);
    await page.goBack();
    await expect.poll(() => page.url()).toMatch(/\?pageSize=8$/);
    await expect.poll(() => pager.locator('span').textContent()).toMatch(/^1–8 of /);
    await page.context().close();
  });
});

