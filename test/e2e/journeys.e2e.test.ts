import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_APIS, demoSpecDocument } from '../../lib/demo/demo-estate';
import { chromiumAvailable, launchBrowser, signedInPage } from './browser';
import { startLantern, type RunningLantern } from './lantern-server';

/**
 * The three journeys of the dashboard, on the demo estate, in Debian's chromium:
 * a platform engineer finds shadow endpoints, an owner adopts them with a new spec version, governance deprecates
 * an operation that keeps being called past its sunset.
 */
const run = promisify(execFile);
const LANTERN = join(import.meta.dirname, '../../bin/lantern');
const PASSWORD = 'journey-password-1';

describe.skipIf(!chromiumAvailable())('dashboard journeys', () => {
  let lantern: RunningLantern;
  let browser: Browser;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    lantern = await startLantern();
    browser = await launchBrowser();
    env = { ...process.env, DATABASE_URL: `file:${join(lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: lantern.dataDir };
    await run(LANTERN, ['user', 'add', '--email', 'platform@example.org', '--role', 'viewer', '--password', PASSWORD], { env });
    await run(LANTERN, ['user', 'add', '--email', 'owner@example.org', '--role', 'owner', '--team', 'payments', '--password', PASSWORD], { env });
    await run(LANTERN, ['user', 'add', '--email', 'gov@example.org', '--role', 'governance', '--password', PASSWORD], { env });
  });
  afterAll(async () => {
    await browser?.close();
    await lantern?.stop();
  });

  const signIn = (email: string): Promise<Page> => signedInPage(browser, lantern.url, email, PASSWORD);

  const endpointRows = (page: Page) => page.getByRole('table', { name: 'Endpoints' }).locator('tbody tr');

  test('platform engineer: filters the inventory to the shadow endpoints of one host and opens one', async () => {
    const page = await signIn('platform@example.org');
    await page.getByLabel('State', { exact: true }).selectOption('shadow');
    await page.waitForURL(/state=shadow/);
    await page.getByLabel('Host', { exact: true }).fill('api.payments.example.com');
    await page.getByLabel('Host', { exact: true }).press('Enter');
    await page.waitForURL(/host=api\.payments\.example\.com/);
    const cells = (n: number) => endpointRows(page).locator(`td:nth-child(${n})`).allTextContents();
    await expect.poll(async () => (await cells(4)).map((t) => t.replace('PII', '')).sort()).toEqual(['/v2/charges/{chargeId}', '/v2/internal/reconcile']);
    expect(await cells(3)).toEqual(['api.payments.example.com', 'api.payments.example.com']);
    expect((await cells(1)).every((t) => t.startsWith('shadow'))).toBe(true);
    await page.getByRole('link', { name: '/v2/internal/reconcile' }).click();
    await page.waitForURL(/\/endpoints\//);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('/v2/internal/reconcile');
    expect(await page.getByLabel('Auth evidence and callers').textContent()).toContain('none');
    expect(await page.getByLabel('OpenAPI snippet').textContent()).toContain('  /internal/reconcile:'); // relative to the Payments API's server, …/v2
    await page.screenshot({ path: 'test-results/journey-1-platform-shadow-endpoint.png', fullPage: true });
    // Back returns to the filtered view: the filters come from the URL, not from state lost with the page.
    await page.goBack();
    await page.waitForURL(/\/inventory\?.*state=shadow/);
    await expect.poll(async () => (await cells(4)).map((t) => t.replace('PII', '')).sort()).toEqual(['/v2/charges/{chargeId}', '/v2/internal/reconcile']);
    expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('shadow');
    expect(await page.getByLabel('Host', { exact: true }).inputValue()).toBe('api.payments.example.com');
    await page.context().close();
  });

  test('owner: uploads a spec version and sees those shadow endpoints become documented', async () => {
    const page = await signIn('owner@example.org');
    const payments = DEMO_APIS.find((a) => a.slug === 'payments')!;
    const next = demoSpecDocument({
      ...payments,
      version: '2.4.0',
      operations: [
        ...payments.operations,
        { method: 'GET', path: '/internal/reconcile', operationId: 'reconcile', summary: 'Nightly reconciliation' },
        { method: 'DELETE', path: '/charges/{chargeId}', operationId: 'deleteCharge', summary: 'Delete a charge' },
      ],
    });
    await page.goto(`${lantern.url}/specs?api=payments`);
    await page.getByLabel('Spec text').fill(JSON.stringify(next, null, 2));
    await page.getByRole('button', { name: 'Validate and preview' }).click();
    const adopted = page.getByRole('list', { name: 'Shadow endpoints adopted' });
    await expect.poll(async () => (await adopted.locator('li').allTextContents()).map((t) => t.split(' (')[0]).sort()).toEqual([
      'DELETE api.payments.example.com/v2/charges/{chargeId}',
      'GET api.payments.example.com/v2/internal/reconcile',
    ]);
    await page.getByRole('button', { name: 'Register this version' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Registered version' }).textContent()).toContain('2.4.0');
    await expect.poll(() => page.getByRole('list', { name: 'Version history' }).textContent()).toContain('Added (2)');

    await page.goto(`${lantern.url}/inventory?host=api.payments.example.com&state=shadow`);
    await expect.poll(() => page.getByText('No endpoints match these filters').count()).toBe(1);
    await page.goto(`${lantern.url}/inventory?host=api.payments.example.com&q=reconcile`);
    await expect.poll(() => endpointRows(page).first().textContent()).toMatch(/^documented/);
    await page.screenshot({ path: 'test-results/journey-2-owner-adopts-shadows.png', fullPage: true });
    await page.context().close();
  });

  test('governance: approves a deprecation; traffic past the sunset makes the endpoint a zombie with an alert', async () => {
    const owner = await signIn('owner@example.org');
    await owner.goto(`${lantern.url}/inventory?host=api.payments.example.com&q=payouts`);
    await owner.getByRole('link', { name: '/v2/payouts' }).click();
    await owner.waitForURL(/\/endpoints\//);
    const endpointUrl = owner.url();
    const today = new Date().toISOString().slice(0, 10);
    await owner.getByLabel('Reason').fill('Replaced by /v3/payouts; callers were notified.');
    await owner.getByLabel('Proposed sunset').fill(today);
    await owner.getByRole('button', { name: 'Request deprecation' }).click();
    await expect.poll(() => owner.getByText('Deprecation requested').count()).toBe(1);
    await owner.context().close();

    const gov = await signIn('gov@example.org');
    await gov.goto(`${lantern.url}/reviews`);
    const review = gov.getByRole('region', { name: 'Deprecation of GET /payouts' });
    await expect.poll(() => review.textContent()).toContain('pending');
    expect(await review.getByRole('table', { name: 'Callers still using it' }).textContent()).toContain('api.payments.example.com/v2/payouts');
    await review.getByLabel('Decision note').fill('Approved: sunset today.');
    await review.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => review.textContent()).toContain('approved');
    await gov.screenshot({ path: 'test-results/journey-3a-governance-approves.png', fullPage: true });

    // Traffic continues after the sunset: a collector pushes it.
    const token = (await run(LANTERN, ['token', 'create', '--name', 'edge', '--scope', 'ingest'], { env })).stdout.trim();
    const file = join(lantern.dataDir, 'after-sunset.jsonl');
    const now = Date.now();
    writeFileSync(file, [0, 1, 2].map((i) => JSON.stringify({ ts: new Date(now - i * 1000).toISOString(), host: 'api.payments.example.com', method: 'GET', path: '/v2/payouts', status: 200 })).join('\n') + '\n');
    await run(LANTERN, ['push', file, '--server', lantern.url, '--token', token, '--name', 'edge'], { env: { ...env, LANTERN_DATA_DIR: join(lantern.dataDir, 'pusher') } });

    await gov.goto(endpointUrl);
    await expect.poll(() => gov.getByRole('heading', { level: 1 }).textContent()).toContain('zombie');
    expect(await gov.getByRole('list', { name: 'Alerts' }).textContent()).toContain('traffic to zombie endpoint GET api.payments.example.com/v2/payouts');
    await gov.screenshot({ path: 'test-results/journey-3b-zombie-with-alert.png', fullPage: true });
    await gov.context().close();
  });
});
