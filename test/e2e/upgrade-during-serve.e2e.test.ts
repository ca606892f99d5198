import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createClient } from '../../lib/db/client';
import { STORED_DATA_RULES } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { useOldReleaseDatabase } from '../integration/old-release-db';
import { oldInventorySql, resetBatch } from '../integration/upgrade-during-serve';
import { chromiumAvailable, launchBrowser } from './browser';
import { startLanternIn } from './lantern-server';

const LANTERN = join(import.meta.dirname, '../../bin/lantern');

async function resetRows(url: string) {
  const client = createClient(url);
  try {
    return await client.endpoint.findMany({ where: { pathTemplate: { startsWith: '/password/reset/' } }, select: { pathTemplate: true, requestCount: true } });
  } finally {
    await client.$disconnect();
  }
}

/**
 * `lantern serve` on a database an older release wrote, its start-up passes held after the first of them
 * (LANTERN_TEST_HOLD_STORED_DATA) with the reset code still in its stored template. Until 7 Dec the app served
 * beside them: a collector's batch was counted and the inventory and its pages read the rows half upgraded. Now data
 * routes answer 503 with Retry-After and pages a notice until the passes are done; the batch a collector sends again
 * is then counted once, on the upgraded row.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`serve while the start-up passes run, on ${kind}`, () => {
    test('data routes 503 with Retry-After, pages a notice, health upgrading; afterwards the retried batch counts once', async () => {
      const old = await useOldReleaseDatabase(kind);
      await old.exec(oldInventorySql());
      await old.close();
      const databaseUrl = process.env.DATABASE_URL!;
      const dataDir = mkdtempSync(join(tmpdir(), 'lantern-upgrade-serve-'));
      const hold = join(dataDir, 'hold-stored-data');
      writeFileSync(hold, '');
      const env = { DATABASE_URL: databaseUrl, LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '0', LANTERN_TEST_HOLD_STORED_DATA: hold };
      const lantern = await startLanternIn(dataDir, env, null);
      try {
        await expect.poll(() => lantern.output(), { timeout: 60_000 }).toContain('lantern: stored data: held (LANTERN_TEST_HOLD_STORED_DATA)');
        const cli = { env: { ...process.env, ...env } };
        const ingestToken = (await promisify(execFile)(LANTERN, ['token', 'create', '--name', 'edge', '--scope', 'ingest'], cli)).stdout.trim();
        const readToken = (await promisify(execFile)(LANTERN, ['token', 'create', '--name', 'reader', '--scope', 'read'], cli)).stdout.trim();
        const push = () => fetch(`${lantern.url}/api/ingest`, { method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' }, body: JSON.stringify(resetBatch('upgrade-serve-batch-01')) });
        const inventory = () => fetch(`${lantern.url}/api/inventory`, { headers: { authorization: `Bearer ${readToken}` } });
        const answer = async (res: Response) => [res.status, res.headers.get('retry-after'), ((await res.json()) as { error?: { code: string } }).error?.code];

        expect(await (await fetch(`${lantern.url}/api/health`)).json()).toEqual({ status: 'upgrading' });
        expect(await answer(await push())).toEqual([503, '5', 'upgrading']);
        expect(await answer(await inventory())).toEqual([503, '5', 'upgrading']);
        expect(await resetRows(databaseUrl)).toEqual([{ pathTemplate: '/password/reset/Kx7pQ2mZ', requestCount: 5n }]);
        const browser = chromiumAvailable() ? await launchBrowser() : null;
        const page = browser && (await (await browser.newContext()).newPage());
        if (page) {
          await page.goto(`${lantern.url}/signin?next=%2Finventory%3Fstate%3Dshadow`);
          await page.getByLabel('E-mail').fill(lantern.adminEmail);
          await page.getByLabel('Password').fill(lantern.adminPassword);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.waitForURL(/\/upgrading\?next=/);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Upgrading stored data');
        }

        rmSync(hold);
        await expect.poll(async () => (await (await fetch(`${lantern.url}/api/health`)).json()) as unknown, { timeout: 60_000 }).toEqual({ status: 'ok' });
        expect(lantern.output()).toContain('lantern: stored data: pass 17 of 17 done (alert sinks)');
        // The notice reloads itself and goes back to the page asked for.
        if (page) await page.waitForURL(/\/inventory\?state=shadow$/, { timeout: 30_000 });
        await browser?.close();
        expect(((await (await push()).json()) as { status: string }).status).toBe('applied');
        expect(((await (await push()).json()) as { status: string }).status).toBe('duplicate');
        expect((await inventory()).status).toBe(200);
        expect(await resetRows(databaseUrl)).toEqual([{ pathTemplate: '/password/reset/{resetId}', requestCount: 7n }]);
      } finally {
        await lantern.stop();
      }
    });

    test('a first start on an empty database records the rules version without the passes', async () => {
      // Until 7 Dec the passes read the demo estate this release had just ingested, and said so.
      const url = await useFreshDatabase(kind, { migrate: false });
      const dataDir = mkdtempSync(join(tmpdir(), 'lantern-first-start-'));
      const lantern = await startLanternIn(dataDir, { DATABASE_URL: url, LANTERN_DATA_DIR: dataDir });
      try {
        expect(lantern.output()).not.toContain('stored data');
        const client = createClient(url);
        expect(await client.storedDataRules.findMany({ select: { name: true, version: true } })).toEqual([{ name: 'serve-start-up', version: STORED_DATA_RULES }]);
        await client.$disconnect();
      } finally {
        await lantern.stop();
      }
    });

    test('a pass that fails stops the server, exit 1, rather than serve rows half upgraded', async () => {
      // Until 7 Dec the failure was logged and the server went on serving what the passes before it had left.
      const old = await useOldReleaseDatabase(kind);
      await old.exec(oldInventorySql(10));
      const databaseUrl = process.env.DATABASE_URL!;
      const dataDir = mkdtempSync(join(tmpdir(), 'lantern-upgrade-fails-'));
      const hold = join(dataDir, 'hold-stored-data');
      writeFileSync(hold, '');
      const lantern = await startLanternIn(dataDir, { DATABASE_URL: databaseUrl, LANTERN_DATA_DIR: dataDir, LANTERN_DEMO: '0', LANTERN_TEST_HOLD_STORED_DATA: hold }, null);
      try {
        await expect.poll(() => lantern.output(), { timeout: 60_000 }).toContain('lantern: stored data: held (LANTERN_TEST_HOLD_STORED_DATA)');
        // The templates pass writes an audit event: with no table for it, that pass fails.
        await old.exec('DROP TABLE "AuditEvent"');
        rmSync(hold);
        await expect.poll(() => lantern.exitCode(), { timeout: 60_000 }).toBe(1);
        expect(lantern.output()).toMatch(/lantern: bringing stored data under today's rules failed \(resumed at the next start\): /);
      } finally {
        await old.close();
        await lantern.stop();
      }
    });
  });
}
