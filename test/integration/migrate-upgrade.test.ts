import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { listMigrations, migrateDatabase } from '../../lib/db/migrate';

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
