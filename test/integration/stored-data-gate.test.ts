import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as healthRoute from '../../app/api/health/route';
import * as ingestRoute from '../../app/api/ingest/route';
import * as inventoryRoute from '../../app/api/inventory/route';
import { db, disconnectDb } from '../../lib/db/client';
import { migrateDatabase } from '../../lib/db/migrate';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { markStoredDataBehind } from '../../lib/db/stored-data-state';
import { createApiToken } from '../../lib/db/tokens';
import { DATABASE_KINDS, databaseAvailable } from '../db-harness';
import { useOldReleaseDatabase } from './old-release-db';
import { oldInventorySql, resetBatch } from './upgrade-during-serve';

type Route = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;
const ctx = { params: Promise.resolve({}) as Promise<never> };

async function answer(route: Route, req: Request) {
  const res = await route(req, ctx);
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
}

async function resetRows() {
  return db().endpoint.findMany({ where: { pathTemplate: { startsWith: '/password/reset/' } }, select: { pathTemplate: true, requestCount: true } });
}

/**
 * Until 7 Dec `lantern serve` started the app and ran the start-up passes beside it: a collector's batch was counted,
 * and the inventory read, while rows were half upgraded. The app refuses them now until the passes record today's
 * rules version (bin/commands/serve.ts writes the row behind before the app starts: markStoredDataBehind).
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`data routes while the start-up passes run, on ${kind}`, () => {
    let ingest: Record<string, string>;
    let read: Record<string, string>;
    beforeAll(async () => {
      const old = await useOldReleaseDatabase(kind);
      await old.exec(oldInventorySql(10));
      await old.close();
      await migrateDatabase(process.env.DATABASE_URL!);
      await markStoredDataBehind();
      ingest = { authorization: `Bearer ${(await createApiToken({ name: 'edge', scopes: ['ingest'] })).token}`, 'content-type': 'application/json' };
      read = { authorization: `Bearer ${(await createApiToken({ name: 'reader', scopes: ['read'] })).token}` };
    });
    afterAll(() => disconnectDb());

    test('ingest and the inventory answer 503 with Retry-After, health says upgrading; nothing is counted', async () => {
      const post = () => new Request('http://localhost/api/ingest', { method: 'POST', headers: ingest, body: JSON.stringify(resetBatch('gate-batch-0000000001')) });
      const refused = { status: 503, retryAfter: '5', body: { error: { code: 'upgrading', message: "Lantern is bringing stored data under this release's rules; retry shortly" } } };
      expect(await answer(ingestRoute.POST as Route, post())).toEqual(refused);
      expect(await answer(inventoryRoute.GET as Route, new Request('http://localhost/api/inventory', { headers: read }))).toEqual(refused);
      expect(await answer(healthRoute.GET as Route, new Request('http://localhost/api/health'))).toEqual({ status: 200, retryAfter: null, body: { status: 'upgrading' } });
      expect([await resetRows(), await db().ingestBatch.count()]).toEqual([[{ pathTemplate: '/password/reset/Kx7pQ2mZ', requestCount: 5n }], 0]);
      // A 401 stays a 401: the gate comes after who is asking.
      expect((await answer(ingestRoute.POST as Route, new Request('http://localhost/api/ingest', { method: 'POST', body: '{}' }))).status).toBe(401);
    });

    test('once the passes record the version, the retried batch is counted once on the upgraded row', async () => {
      const said: Array<[string, number, number]> = [];
      const run = await upgradeStoredData((pass, done, total) => void said.push([pass, done, total]));
      expect(run.ran && run.version).toBe(STORED_DATA_RULES);
      // Serve logs these as progress: each pass once, the last one `total of total`.
      expect([said.length, said.at(-1), new Set(said.map(([pass]) => pass)).size]).toEqual([said[0][2], ['alert sinks', said.length, said.length], said.length]);
      expect(await answer(healthRoute.GET as Route, new Request('http://localhost/api/health'))).toEqual({ status: 200, retryAfter: null, body: { status: 'ok' } });
      const post = () => new Request('http://localhost/api/ingest', { method: 'POST', headers: ingest, body: JSON.stringify(resetBatch('gate-batch-0000000001')) });
      expect((await answer(ingestRoute.POST as Route, post())).body).toEqual({ status: 'applied', created: 0, updated: 1, alerts: 0 });
      expect((await answer(ingestRoute.POST as Route, post())).body).toEqual({ status: 'duplicate', created: 0, updated: 0, alerts: 0 });
      expect(await resetRows()).toEqual([{ pathTemplate: '/password/reset/{resetId}', requestCount: 7n }]);
      expect((await answer(inventoryRoute.GET as Route, new Request('http://localhost/api/inventory', { headers: read }))).status).toBe(200);
    });
  });
}
