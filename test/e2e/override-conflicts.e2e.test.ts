import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { chromiumAvailable, signedInPage } from './browser';
import { lanternAndBrowser } from './lantern-and-browser';

/**
 * The endpoint page lists the overrides that act on it. Until 7 Dec it left out those of every host (`host: '*'`,
 * saved through the API), though the 409 refusing a split named such a merge and said to delete it first; and a merge
 * and a split of the same paths saved before that 409 existed (6 Dec) were listed side by side, unremarked, as were two
 * of the same override with the parameter named otherwise (refused since 7 Dec).
 */
describe.skipIf(!chromiumAvailable())('overrides of every host, and contradictory ones, on an endpoint page', () => {
  const run = lanternAndBrowser();

  /** Opens GET /v2/charges/{chargeId}'s page; its list of overrides. */
  async function chargeOverrides(page: Page) {
    const id = await page.evaluate(async () => {
      const { items } = (await (await fetch('/api/endpoints?host=api.payments.example.com&pageSize=50')).json()) as { items: { id: string; method: string; pathTemplate: string }[] };
      return items.find((e) => e.method === 'GET' && e.pathTemplate === '/v2/charges/{chargeId}')!.id;
    });
    await page.goto(`${run.lantern.url}/endpoints/${id}`);
    return page.getByRole('list', { name: 'Overrides on GET api.payments.example.com' });
  }

  test('lists an override of every host, and says which two contradict each other', async () => {
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const anyHost = await page.evaluate(async () => {
      const res = await fetch('/api/overrides', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ host: '*', pattern: '/v2/charges/{chargeId}', action: 'merge' }) });
      return ((await res.json()) as { override: { id: string } }).override.id;
    });
    // A split of the same paths as stored before the 409 (the API refuses it now), and one of other paths (near miss).
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    try {
      const insert = sqlite.prepare("INSERT INTO PathOverride (id, host, method, pattern, action, createdAt) SELECT ?, 'api.payments.example.com', 'GET', ?, 'split', createdAt FROM PathOverride WHERE id = ?");
      insert.run('old-split', '/v2/charges/{id}', anyHost);
      insert.run('other-split', '/v2/charges/search', anyHost);
    } finally {
      sqlite.close();
    }
    const list = await chargeOverrides(page);
    await expect.poll(async () => (await list.getByRole('listitem').allInnerTexts()).sort()).toEqual([
      'merge /v2/charges/{chargeId} on any host, any method by admin@localhost — says the opposite of the split GET api.payments.example.com/v2/charges/{id}: remove one of them Remove',
      'split GET api.payments.example.com/v2/charges/search Remove',
      'split GET api.payments.example.com/v2/charges/{id} — says the opposite of the merge /v2/charges/{chargeId} on any host, any method: remove one of them Remove',
    ]);
    await list.getByRole('button', { name: 'Remove split GET api.payments.example.com/v2/charges/{id}' }).click();
    await expect.poll(async () => (await list.getByRole('listitem').allInnerTexts()).sort()).toEqual([
      'merge /v2/charges/{chargeId} on any host, any method by admin@localhost Remove',
      'split GET api.payments.example.com/v2/charges/search Remove',
    ]);
    await page.context().close();
  });

  test("an owner of the host sees the override of every host without a Remove the server would refuse (an admin's)", async () => {
    const env = { ...process.env, DATABASE_URL: `file:${join(run.lantern.dataDir, 'lantern.db')}`, LANTERN_DATA_DIR: run.lantern.dataDir };
    await promisify(execFile)(join(import.meta.dirname, '../../bin/lantern'), ['user', 'add', '--email', 'owner@payments.test', '--role', 'owner', '--team', 'payments', '--password', 'owner-password-1'], { env });
    const page = await signedInPage(run.browser, run.lantern.url, 'owner@payments.test', 'owner-password-1');
    const list = await chargeOverrides(page);
    await expect.poll(async () => (await list.getByRole('listitem').allInnerTexts()).sort()).toEqual([
      "merge /v2/charges/{chargeId} on any host, any method by admin@localhost (an admin's to remove)",
      'split GET api.payments.example.com/v2/charges/search Remove',
    ]);
    await page.context().close();
  });

  test('two of the same override saved before the 409, the parameter named otherwise, each name the other', async () => {
    const sqlite = new Database(join(run.lantern.dataDir, 'lantern.db'));
    try {
      const insert = sqlite.prepare("INSERT INTO PathOverride (id, host, method, pattern, action, createdAt) SELECT ?, ?, ?, ?, 'merge', createdAt FROM PathOverride WHERE action = 'merge' LIMIT 1");
      insert.run('old-merge', '*', '*', '/v2/charges/*');
      // Near miss: a merge of this host and method only is narrower than the one of every host, not the same.
      insert.run('narrow-merge', 'api.payments.example.com', 'GET', '/v2/charges/{id}');
    } finally {
      sqlite.close();
    }
    const page = await signedInPage(run.browser, run.lantern.url, run.lantern.adminEmail, run.lantern.adminPassword);
    const list = await chargeOverrides(page);
    await expect.poll(async () => (await list.getByRole('listitem').allInnerTexts()).sort()).toEqual([
      'merge /v2/charges/* on any host, any method — repeats the merge /v2/charges/{chargeId} on any host, any method (the same paths): remove one of them Remove',
      'merge /v2/charges/{chargeId} on any host, any method by admin@localhost — repeats the merge /v2/charges/* on any host, any method (the same paths): remove one of them Remove',
      'merge GET api.payments.example.com/v2/charges/{id} Remove',
      'split GET api.payments.example.com/v2/charges/search Remove',
    ]);
    await list.getByRole('button', { name: 'Remove merge /v2/charges/* on any host, any method' }).click();
    await expect.poll(async () => (await list.getByRole('listitem').allInnerTexts()).sort()).toEqual([
      'merge /v2/charges/{chargeId} on any host, any method by admin@localhost Remove',
      'merge GET api.payments.example.com/v2/charges/{id} Remove',
      'split GET api.payments.example.com/v2/charges/search Remove',
    ]);
    await page.context().close();
  });
});
