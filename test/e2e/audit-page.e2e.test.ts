import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const SPEC = `openapi: 3.0.3
info: { title: Audited, version: 1.0.0 }
servers: [{ url: 'https://audited.example.com' }]
paths:
  /things: { get: { responses: { '200': { description: ok } } } }
`;

/** The audit log in the dashboard: linked for the roles that may read it (governance, admin), absent for the rest. */
describe.skipIf(!chromiumAvailable())('the Audit page', () => {
  const run = lanternAndBrowser();

  test('an admin reaches it from the navigation and sees who registered a spec, newest first, a page at a time', async () => {
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const status = await admin.evaluate(async (text) => (await fetch('/api/apis/audited-e2e/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text })).status, SPEC);
    expect(status).toBe(201);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await admin.waitForURL(/\/audit$/);
    const firstRow = admin.getByRole('table', { name: 'Audit events' }).locator('tbody tr').first();
    const cells = await firstRow.locator('td').allTextContents();
    expect(cells.slice(1, 3)).toEqual(['user:admin@localhost', 'spec.register']);
    const total = Number(/of (\d+), newest first/.exec((await admin.getByRole('main').textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(1);
    const api = await admin.evaluate(async () => (await (await fetch('/api/audit?page=1&pageSize=1')).json()) as { items: { action: string }[]; total: number; page: number; pageSize: number });
    expect([api.items.map((e) => e.action), api.total, api.page, api.pageSize]).toEqual([['spec.register'], total, 1, 1]);
    await admin.context().close();
  });

  test('a viewer gets no Audit link and the page does not exist for them', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'viewer@example.org', '--role', 'viewer', '--password', 'viewer-password-1'], { env });
    const viewer = await signedInPage(run.browser, run.lantern.url, 'viewer@example.org', 'viewer-password-1');
    expect(await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).count()).toBe(0);
    const res = await viewer.goto(`${run.lantern.url}/audit`);
    expect(res?.status()).toBe(404);
    // Until 6 Dec it said an endpoint's not-found: 'it may have been merged into another template or removed'.
    expect(await viewer.getByRole('main').innerText()).toBe('Not found\n\nNo page here. Back to the inventory.');
    // Nor does its name: until 6 Dec the tab of this 404 read "Audit log · Lantern".
    expect(await viewer.title()).toBe('Not found · Lantern');
    // An endpoint that is gone still says why it may be.
    expect((await viewer.goto(`${run.lantern.url}/endpoints/no-such-endpoint`))?.status()).toBe(404);
    expect(await viewer.getByRole('main').innerText()).toBe('Endpoint not found\n\nNo endpoint here: it may have been merged into another template or removed. Back to the inventory.');
    await viewer.context().close();
  });

  test('a sign-in names who signed in, and a user the CLI created names the CLI, not an anonymous system', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'auditor@example.org', '--role', 'governance', '--password', 'auditor-password-1'], { env });
    const auditor = await signedInPage(run.browser, run.lantern.url, 'auditor@example.org', 'auditor-password-1');
    await auditor.goto(`${run.lantern.url}/audit`);
    const rows = await auditor.getByRole('table', { name: 'Audit events' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    const about = (summary: string) => rows.find((r) => r[3] === summary)?.slice(0, 2);
    // Until 6 Dec both said `system`.
    expect(about('auditor@example.org signed in')).toEqual(['user:auditor@example.org', 'user.signin']);
    expect(about('cli created auditor@example.org (governance)')).toEqual(['CLI (local)', 'user.create']);
    // The API keeps the stored value, which a SIEM reads.
    const { items } = await auditor.evaluate(async () => (await (await fetch('/api/audit?pageSize=100')).json()) as { items: { action: string; actor: string }[] });
    expect(items.find((e) => e.action === 'user.create')?.actor).toBe('cli');
    await auditor.context().close();
  });

  test("the demo estate's seeding event writes its count of exchanges with thousands separators, as the page's other counts", async () => {
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const { items } = await admin.evaluate(async () => (await (await fetch('/api/audit?pageSize=100')).json()) as { items: { action: string; summary: string }[] });
    const seeded = items.find((e) => e.action === 'demo.seed')?.summary;
    // Until 6 Dec: 'seeded 3 demo APIs from 7953 generated exchanges'.
    expect(seeded).toMatch(/^seeded 3 demo APIs from \d{1,3}(,\d{3})+ generated exchanges$/);
    await admin.context().close();
  });
});
