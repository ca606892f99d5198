import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Locator } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/** How many lines an element's text is laid out on (its line boxes), whatever its box looks like. */
const lines = (el: Locator) =>
  el.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });

/** What the dashboard's layout shows on a laptop-sized window (1400 px), read from the laid-out page. */
describe.skipIf(!chromiumAvailable())('dashboard layout', () => {
  const run = lanternAndBrowser();
  const signIn = () => signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);

  test("the inventory's state badges keep their word whole, where 'documented' broke into 'documente' and 'd'", async () => {
    const page = await signIn();
    const badges = page.getByRole('table', { name: 'Endpoints' }).locator('tbody td:first-child .badge');
    await badges.first().waitFor();
    const words = await badges.allTextContents();
    expect(words).toContain('documented');
    const counts = await Promise.all((await badges.all()).map(lines));
    expect(counts.every((n) => n === 1), `lines per badge: ${counts.join(',')}`).toBe(true);
    await page.context().close();
  });

  test('the inventory keeps each host name on one line, where api.payments.example.com broke into "…example.co" and "m"', async () => {
    const page = await signIn();
    const cells = page.getByRole('table', { name: 'Endpoints' }).locator('tbody td:nth-child(3)');
    await cells.first().waitFor();
    // Lines of the host's text itself (its text nodes), whatever element wraps it.
    const laidOut = await cells.evaluateAll((tds) => tds.map((td) => {
      const tops = new Set<number>();
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const r of range.getClientRects()) tops.add(Math.round(r.top));
      }
      return `${td.textContent} ${tops.size}`;
    }));
    expect(laidOut).toContain('api.payments.example.com 1');
    expect(laidOut.filter((l) => !l.endsWith(' 1'))).toEqual([]);
    await page.context().close();
  });

  test("an endpoint's status chart labels every status it answered, where one of two bars went unlabelled", async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?host=id.example.com&q=sessions&state=documented`);
    await page.getByRole('table', { name: 'Endpoints' }).getByRole('link', { name: '/api/sessions', exact: true }).click();
    await page.waitForURL(/\/endpoints\//);
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'), { readonly: true });
    const row = sqlite.prepare('SELECT statusCounts FROM Endpoint WHERE id = ?').get(page.url().split('/').pop()) as { statusCounts: string };
    sqlite.close();
    const statuses = Object.keys(JSON.parse(row.statusCounts) as Record<string, number>);
    expect(statuses.length).toBeGreaterThan(1);
    const labels = page.getByRole('region', { name: 'Status codes' }).locator('.recharts-yAxis-tick-labels text');
    await expect.poll(async () => (await labels.allTextContents()).sort()).toEqual(statuses.sort());
    await page.context().close();
  });

  test("the override form's pattern label reads on one line, where '(', '{name}' and 'matches one segment)' were stacked", async () => {
    const page = await signIn();
    await page.goto(`${run.lantern.url}/inventory?host=catalog.example.com&state=shadow`);
    await page.getByRole('table', { name: 'Endpoints' }).locator('tbody a').first().click();
    await page.waitForURL(/\/endpoints\//);
    const label = page.getByRole('form', { name: 'Path override' }).locator('label').filter({ hasText: 'matches one segment' });
    const caption = await label.evaluate((node) => {
      const range = document.createRange();
      range.setStartBefore(node.firstChild!);
      range.setEndBefore(node.querySelector('input')!);
      // On one line when its pieces (text, the code box) start within one line's height of each other.
      const rects = [...range.getClientRects()];
      const tops = rects.map((r) => r.top);
      return { text: range.toString(), oneLine: Math.max(...tops) - Math.min(...tops) < Math.min(...rects.map((r) => r.height)) };
    });
    expect(caption).toEqual({ text: 'Pattern ({name} matches one segment)', oneLine: true });
    await page.context().close();
  });
  test('the Alerts and Audit pages wrap a very long path in their tables instead of widening the page, styled as the other tables', async () => {
    // What an alert and an audit event say about an endpoint of a deep, unspaced path (as long-names.e2e.test.ts).
    const longPath = `/v2/${'segment/'.repeat(150)}{id}`;
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    try {
      const { id } = sqlite.prepare('SELECT id FROM Endpoint ORDER BY id LIMIT 1').get() as { id: string };
      const later = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '+00:00');
      sqlite.prepare("INSERT INTO Alert (id, kind, endpointId, summary, payload, attempts, sentTo, createdAt) VALUES ('alert-long', 'new-shadow', ?, ?, '{}', 0, '[]', ?)").run(id, `new shadow endpoint GET shop.test${longPath}`, later);
      sqlite.prepare("INSERT INTO AuditEvent (id, actor, action, targetType, summary, at) VALUES ('audit-long', 'system', 'endpoints.reclassify', 'endpoint', ?, ?)").run(`merged shop.test${longPath}`, later);
    } finally {
      sqlite.close();
    }
    const page = await signIn();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const [path, name] of [['/alerts', 'Alerts'], ['/audit', 'Audit events']]) {
      await page.goto(`${run.lantern.url}${path}`);
      const table = page.getByRole('table', { name });
      await table.waitFor();
      expect(await overflow(), path).toBeLessThanOrEqual(0);
      expect(await table.getAttribute('class'), path).toBe('data');
    }
    await page.context().close();
  });
  test('the Specs page (history and preview) and the Reviews page wrap a very long path or an unbroken reason instead of widening the page', async () => {
    const page = await signIn();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const longPath = `/v2/${'segment/'.repeat(150)}{id}`;
    const spec = (version: string) => `openapi: 3.0.3
info: { title: Long, version: ${version} }
servers: [{ url: 'https://long.example.com' }]
paths:
  '${longPath}': { get: { operationId: getLong${version.replaceAll('.', '')}, parameters: [{ name: id, in: path, required: true, schema: { type: string } }], responses: { '200': { description: ok } } } }
`;
    expect(await page.evaluate(async (text) => (await fetch('/api/apis/long/specs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text })).status, spec('1.0.0'))).toBe(201);
    await page.goto(`${run.lantern.url}/specs?api=long`);
    await page.getByRole('list', { name: 'Version history' }).getByText(longPath, { exact: false }).waitFor();
    expect(await overflow(), 'version history').toBeLessThanOrEqual(0);
    await page.getByLabel('Spec text').fill(spec('1.0.1'));
    await page.getByRole('button', { name: 'Validate and preview' }).click();
    await page.getByLabel('Preview').waitFor();
    expect(await overflow(), 'preview').toBeLessThanOrEqual(0);

    const [endpoint] = await page.evaluate(async () => ((await (await fetch('/api/endpoints?q=payouts&state=documented')).json()) as { items: { id: string }[] }).items);
    // A reason quoting a long URL: no space to break at.
    const reason = `Replaced: see https://wiki.example.com/${'migration-guide-'.repeat(60)}`;
    const filed = await page.evaluate(async ([endpointId, text]) => (await fetch('/api/deprecations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpointId, reason: text, proposedSunset: '2030-01-01' }) })).status, [endpoint.id, reason]);
    expect(filed).toBe(201);
    await page.goto(`${run.lantern.url}/reviews`);
    await page.getByText(reason).waitFor();
    expect(await overflow(), 'reviews').toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
