import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

/**
 * Two alerts on a demo endpoint, newer than the demo's own, written as delivery runs leave them: one still retried, one
 * out of attempts. `createdAt` in the text form Prisma writes, so it sorts with the demo's rows.
 */
function raiseAlerts(dataDir: string): { endpointId: string } {
  const sqlite = new Database(join(dataDir, 'lantern.db'));
  try {
    const { id: endpointId } = sqlite.prepare('SELECT id FROM Endpoint ORDER BY id LIMIT 1').get() as { id: string };
    const insert = sqlite.prepare("INSERT INTO Alert (id, kind, endpointId, summary, payload, attempts, lastError, sentTo, createdAt) VALUES (?, ?, ?, ?, '{}', ?, ?, '[]', ?)");
    const inAnHour = (ms: number) => new Date(Date.now() + 3_600_000 + ms).toISOString().replace('Z', '+00:00');
    insert.run('alert-e2e-pending', 'new-shadow', endpointId, 'new shadow endpoint GET e2e.test/pending', 2, 'hook.test answered 503', inAnHour(0));
    insert.run('alert-e2e-undeliverable', 'zombie-traffic', endpointId, 'traffic to zombie endpoint GET e2e.test/given-up', 30, 'siem.test: connect ECONNREFUSED', inAnHour(1));
    return { endpointId };
  } finally {
    sqlite.close();
  }
}

/** The Alerts page: every role that reads the inventory reaches it, sees each alert's delivery state and its endpoint. */
describe.skipIf(!chromiumAvailable())('the Alerts page', () => {
  const run = lanternAndBrowser();

  test('an admin reaches it from the navigation, filters by kind and follows an alert to its endpoint', async () => {
    const { endpointId } = raiseAlerts(run.lantern.dataDir);
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await admin.waitForURL(/\/alerts$/);
    const rows = admin.getByRole('table', { name: 'Alerts' }).locator('tbody tr');
    const cells = await Promise.all([0, 1].map(async (i) => [...(await rows.nth(i).locator('td').allTextContents()).slice(1, 3), await rows.nth(i).locator('.delivery-state').textContent()]));
    expect(cells).toEqual([
      ['Zombie traffic', 'traffic to zombie endpoint GET e2e.test/given-up', 'Undeliverable after 30 attemptsLast error: siem.test: connect ECONNREFUSED'],
      ['New shadow', 'new shadow endpoint GET e2e.test/pending', 'Pending (2 attempts)Last error: hook.test answered 503'],
    ]);
    await admin.getByRole('navigation', { name: 'Alert kinds' }).getByRole('link', { name: 'New shadow' }).click();
    await admin.waitForURL(/\/alerts\?kind=new-shadow$/);
    const kinds = await admin.getByRole('table', { name: 'Alerts' }).locator('tbody tr td:nth-child(2)').allTextContents();
    expect([...new Set(kinds)]).toEqual(['New shadow']);
    expect(await admin.getByRole('table', { name: 'Alerts' }).locator('tbody tr td:nth-child(3)').first().textContent()).toBe('new shadow endpoint GET e2e.test/pending');
    await admin.getByRole('link', { name: 'new shadow endpoint GET e2e.test/pending' }).click();
    await admin.waitForURL(new RegExp(`/endpoints/${endpointId}$`));
    const api = await admin.evaluate(async () => (await (await fetch('/api/alerts?kind=zombie-traffic&pageSize=1')).json()) as { items: { id: string; delivery: { state: string } }[]; total: number });
    expect(api.items.map((a) => [a.id, a.delivery.state])).toEqual([['alert-e2e-undeliverable', 'undeliverable']]);
    await admin.context().close();
  });

  test('an admin retries the undeliverable alert: it is pending again with fresh attempts, and the audit log says who', async () => {
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await admin.goto(`${run.lantern.url}/alerts?kind=zombie-traffic`);
    const row = admin.getByRole('table', { name: 'Alerts' }).locator('tbody tr').first();
    await row.getByRole('button', { name: 'Retry delivery of traffic to zombie endpoint GET e2e.test/given-up' }).click();
    await expect.poll(() => row.locator('.delivery-state').textContent()).toBe('Pending (0 attempts)Last error: siem.test: connect ECONNREFUSED');
    expect(await row.getByRole('button').count()).toBe(0);
    await admin.goto(`${run.lantern.url}/audit`);
    const audit = await admin.getByRole('table', { name: 'Audit events' }).locator('tbody tr').first().locator('td').allTextContents();
    expect(audit.slice(1)).toEqual(['user:admin@localhost', 'alert.retry', 'alert alert-e2e-undeliverable', 'retry delivery of "traffic to zombie endpoint GET e2e.test/given-up" (0 sinks already took it)']);
    await admin.context().close();
  });

  test('a link with a kind and a page that does not parse keeps the kind: the table and the menu say New shadow', async () => {
    const admin = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    await admin.goto(`${run.lantern.url}/alerts?kind=new-shadow&page=0`);
    const kinds = await admin.getByRole('table', { name: 'Alerts' }).locator('tbody tr td:nth-child(2)').allTextContents();
    expect([kinds.length > 0, [...new Set(kinds)]]).toEqual([true, ['New shadow']]);
    expect(await admin.getByRole('navigation', { name: 'Alert kinds' }).getByRole('link', { name: 'New shadow' }).getAttribute('aria-current')).toBe('page');
    await admin.context().close();
  });

  test('a viewer sees the alerts but no retry button, and the API refuses them', async () => {
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    sqlite.prepare("UPDATE Alert SET attempts = 30 WHERE id = 'alert-e2e-undeliverable'").run();
    sqlite.close();
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'viewer@example.org', '--role', 'viewer', '--password', 'viewer-password-1'], { env });
    const viewer = await signedInPage(run.browser, run.lantern.url, 'viewer@example.org', 'viewer-password-1');
    await viewer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await viewer.waitForURL(/\/alerts$/);
    const row = viewer.getByRole('table', { name: 'Alerts' }).locator('tbody tr').first();
    expect(await row.locator('.delivery-state').textContent()).toBe('Undeliverable after 30 attemptsLast error: siem.test: connect ECONNREFUSED');
    expect(await row.getByRole('button').count()).toBe(0);
    const refused = await viewer.evaluate(async () => {
      const res = await fetch('/api/alerts/alert-e2e-undeliverable/retry', { method: 'POST' });
      return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    });
    expect(refused).toEqual([403, 'forbidden']);
    await viewer.context().close();
  });
});
