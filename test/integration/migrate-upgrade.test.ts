import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { deliverPendingAlerts } from '../../lib/alerts/deliver-alerts';
import { db, disconnectDb } from '../../lib/db/client';
import { listMigrations, migrateDatabase } from '../../lib/db/migrate';
import { reclassifyImpliedMethods } from '../../lib/db/reclassify';
import { redactStoredQueryNames } from '../../lib/db/stored-query-names';
import { registerSpec } from '../../lib/db/spec-registry';
import { resetEnvCache } from '../../lib/env';
import { DATABASE_KINDS, databaseAvailable } from '../db-harness';
import { receiver } from '../webhook-receiver';
import { LAST_OLD_MIGRATION, oldReleaseMigrations, useOldReleaseDatabase, SHOP_SPEC, sqlTime } from './old-release-db';

/**
 * A SQLite inventory written by the first release, then upgraded by the current runner. The early migrations rebuild
 * "Endpoint" (create new_Endpoint, copy, DROP, rename); rows that reference an endpoint must come through intact.
 */
test('upgrading a SQLite database from the first schema keeps daily stats and deprecation requests', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'lantern-upgrade-')), 'lantern.db');
  const [init] = listMigrations('sqlite');
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  old.exec(init.sql);
  old.exec(`CREATE TABLE "_lantern_migrations" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`);
  old.prepare('INSERT INTO "_lantern_migrations" VALUES (?, ?, ?)').run(init.name, init.checksum, new Date().toISOString());
  old.exec(`INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt")
            VALUES ('e1', 'api.example.org', 'GET', '/v1/users/{id}', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 42, '2026-11-02T00:00:00Z')`);
  old.exec(`INSERT INTO "EndpointDailyStat" ("endpointId", "day", "requests", "errors", "unauthenticated")
            VALUES ('e1', '2026-11-01', 30, 2, 1), ('e1', '2026-11-02', 12, 0, 0)`);
  old.exec(`INSERT INTO "DeprecationRequest" ("id", "endpointId", "reason", "updatedAt") VALUES ('d1', 'e1', 'replaced by v2', '2026-11-02T00:00:00Z')`);
  old.close();

  const result = await migrateDatabase(`file:${path}`);
  expect(result.applied.length).toBe(listMigrations('sqlite').length - 1);

  const now = new Database(path, { readonly: true });
  expect(now.prepare(`SELECT "requestCount" AS n FROM "Endpoint" WHERE id = 'e1'`).get()).toEqual({ n: 42 });
  expect(now.prepare(`SELECT SUM("requests") AS n, COUNT(*) AS days FROM "EndpointDailyStat" WHERE "endpointId" = 'e1'`).get()).toEqual({ n: 42, days: 2 });
  expect(now.prepare(`SELECT COUNT(*) AS n FROM "DeprecationRequest" WHERE "endpointId" = 'e1'`).get()).toEqual({ n: 1 });
  expect(now.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  now.close();
});

// What the morning release stored: a documented GET with a 3e9-request history (each day within 32 bits, as its
// INTEGER columns required), the browser's preflight of it as a shadow row of no API (before the preflight rule),
// an undocumented path's HEAD and OPTIONS, alerts pending after failed attempts, one delivered, a deprecation request.
const OLD_ROWS = `
INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state", "apiId", "operationId")
  SELECT 'e-get', 'shop.example.com', 'GET', '/orders', ${sqlTime('2026-08-01')}, ${sqlTime('2026-12-02')}, 3000000005, ${sqlTime('2026-12-02')}, 'documented', a."id", o."id"
  FROM "Api" a JOIN "Spec" s ON s."apiId" = a."id" JOIN "Operation" o ON o."specId" = s."id" WHERE a."slug" = 'shop';
INSERT INTO "Endpoint" ("id", "host", "method", "pathTemplate", "firstSeen", "lastSeen", "requestCount", "updatedAt", "state") VALUES
  ('e-opt', 'shop.example.com', 'OPTIONS', '/orders', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 7, ${sqlTime('2026-12-02')}, 'shadow'),
  ('e-head-admin', 'shop.example.com', 'HEAD', '/admin', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 2, ${sqlTime('2026-12-02')}, 'shadow'),
  ('e-opt-admin', 'shop.example.com', 'OPTIONS', '/admin', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-02')}, 1, ${sqlTime('2026-12-02')}, 'shadow');
 -- An older collector sent a bare token as a query name; the morning release kept it as a name.
UPDATE "Endpoint" SET "evidence" = '{"queryParams":{"page":4,"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc":3,"{redacted}":2}}' WHERE "id" = 'e-get';
UPDATE "Endpoint" SET "apiId" = (SELECT "id" FROM "Api" WHERE "slug" = 'shop');
INSERT INTO "EndpointDailyStat" ("endpointId", "day", "requests", "errors", "unauthenticated") VALUES
  ('e-get', '2026-08', 5, 1, 0), ('e-get', '2026-12-01', 2000000000, 7, 3), ('e-get', '2026-12-02', 1000000000, 0, 0),
  ('e-opt', '2026-12-01', 7, 0, 7), ('e-head-admin', '2026-12-02', 2, 0, 2), ('e-opt-admin', '2026-12-02', 1, 0, 1);
INSERT INTO "Alert" ("id", "kind", "endpointId", "summary", "createdAt", "deliveredAt", "attempts", "lastError") VALUES
  ('a-new', 'new-shadow', 'e-head-admin', 'new shadow endpoint HEAD shop.example.com/admin', ${sqlTime('2026-12-02')}, NULL, 0, NULL),
  ('a-failed', 'new-shadow', 'e-opt', 'new shadow endpoint OPTIONS shop.example.com/orders', ${sqlTime('2026-12-01')}, NULL, 7, 'connect ECONNREFUSED'),
  ('a-sent', 'new-shadow', 'e-opt-admin', 'new shadow endpoint OPTIONS shop.example.com/admin', ${sqlTime('2026-12-01')}, ${sqlTime('2026-12-01')}, 1, NULL);
INSERT INTO "DeprecationRequest" ("id", "operationId", "endpointId", "reason", "updatedAt")
  SELECT 'd-1', "operationId", 'e-get', 'replaced by v2', ${sqlTime('2026-12-02')} FROM "Endpoint" WHERE "id" = 'e-get';
INSERT INTO "AuditEvent" ("id", "actor", "action", "targetType", "summary") VALUES ('au-1', 'user:gov@example.com', 'deprecation.request', 'operation', 'requested');
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`an inventory written by the 5 Dec morning release (7b49c98), upgraded on ${kind}`, () => {
    const hook = receiver();
    let auditBefore = 0;
    beforeAll(async () => {
      const old = await useOldReleaseDatabase(kind);
      // Api, Spec, Operation and AuditEvent are the same in both schemas, so today's registry writes them as then.
      expect((await registerSpec({ apiSlug: 'shop', text: SHOP_SPEC, actor: 'system' })).status).toBe('created');
      auditBefore = (await db().auditEvent.count()) + 1;
      await disconnectDb();
      await old.exec(OLD_ROWS);
      await old.close();
      process.env.LANTERN_WEBHOOK_URLS = await hook.start();
      resetEnvCache();
      hook.on((_req, _body, res) => res.writeHead(204).end());
    });
    afterAll(async () => {
      delete process.env.LANTERN_WEBHOOK_URLS;
      resetEnvCache();
      await disconnectDb();
      await hook.stop();
    });

    test('every later migration applies once, and every row, count and total is kept', async () => {
      const result = await migrateDatabase(process.env.DATABASE_URL!);
      expect(result).toEqual({ applied: listMigrations(kind).map((m) => m.name).filter((n) => n.slice(0, 14) > LAST_OLD_MIGRATION), alreadyApplied: oldReleaseMigrations(kind).length });
      expect(await migrateDatabase(process.env.DATABASE_URL!)).toEqual({ applied: [], alreadyApplied: listMigrations(kind).length });
      expect(await db().endpoint.aggregate({ _count: true, _sum: { requestCount: true } })).toEqual({ _count: 4, _sum: { requestCount: 3000000015n } });
      const stats = await db().endpointDailyStat.groupBy({ by: ['endpointId'], _sum: { requests: true, errors: true, unauthenticated: true }, orderBy: { endpointId: 'asc' } });
      expect(stats.map((s) => [s.endpointId, s._sum.requests, s._sum.errors, s._sum.unauthenticated])).toEqual([
        ['e-get', 3000000005n, 8n, 3n], ['e-head-admin', 2n, 0n, 2n], ['e-opt', 7n, 0n, 7n], ['e-opt-admin', 1n, 0n, 1n],
      ]);
      expect(await db().endpointDailyStat.count()).toBe(6);
      expect(await db().deprecationRequest.findMany({ select: { id: true, endpointId: true, status: true } })).toEqual([{ id: 'd-1', endpointId: 'e-get', status: 'pending' }]);
      expect(await db().auditEvent.count()).toBe(auditBefore);
      expect(await db().spec.count()).toBe(1);
      const alerts = await db().alert.findMany({ orderBy: { id: 'asc' }, select: { id: true, attempts: true, deliveredAt: true, sentTo: true, leaseOwner: true, leaseUntil: true, nextAttemptAt: true } });
      expect(alerts.map((a) => [a.id, a.attempts, a.deliveredAt !== null, a.sentTo, a.leaseOwner, a.leaseUntil, a.nextAttemptAt])).toEqual([
        ['a-failed', 7, false, [], null, null, null], ['a-new', 0, false, [], null, null, null], ['a-sent', 1, true, [], null, null, null],
      ]);
    });

    test('alerts pending before the upgrade reach a receiver that came up afterwards, once each', async () => {
      expect(await deliverPendingAlerts()).toEqual({ delivered: 2, failed: 0 });
      expect(await deliverPendingAlerts()).toEqual({ delivered: 0, failed: 0 });
      expect(hook.requests.map((r) => (JSON.parse(r.body) as { id: string }).id).sort()).toEqual(['a-failed', 'a-new']);
      expect(await db().alert.count({ where: { deliveredAt: null } })).toBe(0);
    });

    test("serve's start-up pass makes only the documented path's preflight documented", async () => {
      const { changed } = await reclassifyImpliedMethods();
      expect(changed.map((c) => [c.method, c.path, c.from, c.to])).toEqual([['OPTIONS', '/orders', 'shadow', 'documented']]);
      const rows = await db().endpoint.findMany({ orderBy: { id: 'asc' }, select: { id: true, state: true, requestCount: true } });
      expect(rows.map((r) => [r.id, r.state, r.requestCount])).toEqual([
        ['e-get', 'documented', 3000000005n], ['e-head-admin', 'shadow', 2n], ['e-opt', 'documented', 7n], ['e-opt-admin', 'shadow', 1n],
      ]);
      expect((await reclassifyImpliedMethods()).changed).toEqual([]);
    });

    test("serve's start-up pass stores a token kept as a query name before the upgrade as {redacted}, counts merged", async () => {
      expect(await redactStoredQueryNames()).toEqual({ changed: 1 });
      const { evidence } = await db().endpoint.findUniqueOrThrow({ where: { id: 'e-get' }, select: { evidence: true } });
      expect((evidence as { queryParams: Record<string, number> }).queryParams).toEqual({ page: 4, '{redacted}': 5 });
      expect(await redactStoredQueryNames()).toEqual({ changed: 0 });
    });
  });
}
