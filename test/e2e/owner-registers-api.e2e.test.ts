import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');
// No x-owner and no contact naming a group: the owner team is what the form says.
const BILLING = `openapi: 3.0.3
info: { title: Billing, version: 1.0.0 }
servers: [{ url: 'https://billing.example.com' }]
paths:
  /invoices: { get: { responses: { '200': { description: ok } } } }
`;

/**
 * A team owner registers the first spec of a new API from the Specs page. The server asks a new API's owner team of
 * an owner (`owner=…`), which the form had no way to send: the preview was refused with "name an owner team you
 * belong to (owner=…)", so owners could create APIs only with the CLI.
 */
describe.skipIf(!chromiumAvailable())('an owner registering a new API on the Specs page', () => {
  const run = lanternAndBrowser();

  test('picks one of their teams as its owner, previews and registers it', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'owner@example.org', '--role', 'owner', '--team', 'payments', '--password', 'owner-password-1'], { env });
    const page = await signedInPage(run.browser, run.lantern.url, 'owner@example.org', 'owner-password-1');
    await page.goto(`${run.lantern.url}/specs?api=billing`);
    const form = page.getByRole('form', { name: 'Register a spec' });
    await expect.poll(() => form.getByLabel('Owner team').inputValue()).toBe('payments');
    await form.getByLabel('Spec text').fill(BILLING);
    await form.getByRole('button', { name: 'Validate and preview' }).click();
    await form.getByLabel('Preview').waitFor();
    await form.getByRole('button', { name: 'Register this version' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Registered version 1.0.0: 0 endpoint(s) reclassified.');
    const apis = await page.evaluate(async () => ((await (await fetch('/api/apis')).json()) as { items: { slug: string; ownerTeam: { slug: string } | null }[] }).items);
    expect(apis.find((a) => a.slug === 'billing')?.ownerTeam?.slug).toBe('payments');
    // Once the API exists its owner is settled: the form no longer asks.
    await page.reload();
    await form.getByLabel('Spec text').waitFor();
    expect(await form.getByLabel('Owner team').count()).toBe(0);
    // Settings names the teams the owner acts for (it said "member of 1 team(s)").
    await page.goto(`${run.lantern.url}/settings`);
    await expect.poll(() => page.getByText('Signed in as').textContent()).toBe('Signed in as owner@example.org with role owner, member of Payments (payments).');
    await page.context().close();
  });

  test('an owner in no team is told why a new API cannot be theirs, with no form that could only be refused', async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(LANTERN, ['user', 'add', '--email', 'loner@example.org', '--role', 'owner', '--password', 'owner-password-2'], { env });
    const page = await signedInPage(run.browser, run.lantern.url, 'loner@example.org', 'owner-password-2');
    await page.goto(`${run.lantern.url}/specs?api=ledger`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Register a version of ledger' }) });
    // Until 6 Dec: an empty Owner team menu, and the preview refused with "name an owner team you belong to (owner=…)".
    await expect.poll(() => panel.locator('p').textContent()).toBe('You belong to no team, and a new API needs an owner team you belong to: ask an admin to add you to one.');
    expect(await page.getByRole('form', { name: 'Register a spec' }).count()).toBe(0);
    // Settings says it too, where until 6 Dec an owner's teams were named and no team was not a word.
    await page.goto(`${run.lantern.url}/settings`);
    await expect.poll(() => page.getByText('Signed in as').textContent()).toBe('Signed in as loner@example.org with role owner, member of no team: an owner acts for their teams\' APIs, so ask an admin to add you to one.');
    await page.context().close();
  });
});
