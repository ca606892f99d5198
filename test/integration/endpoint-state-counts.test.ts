import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { sqlitePath } from '../../lib/db/database-url';
import { compactEndpointStateCounts, readEndpointStateCounts } from '../../lib/db/endpoint-state-counts';
import { listEndpoints } from '../../lib/db/endpoints';
import { migrateDatabase } from '../../lib/db/migrate';
import { createOverride, deleteOverride } from '../../lib/db/overrides';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase, type DatabaseKind } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const MIGRATION = '20261123200000_endpoint_state_counts';
const HOST = 'shop.example.com';

/** The truth the counters must equal: a count over every endpoint. */
async function countedByState(includeIgnored: boolean) {
  const groups = await db().endpoint.groupBy({ by: ['state'], where: includeIgnored ? {} : { ignoredById: null }, _count: { _all: true } });
  const counts = { documented: 0, shadow: 0, zombie: 0 };
  for (const g of groups) counts[g.state as keyof typeof counts] = g._count._all;
  return counts;
}

/**
 * The API's headline counts come from the counters (no filter) and equal the count, hidden endpoints in or out; so
 * does the number of hidden endpoints the dashboard offers to show ("Show ignored (N)"), unfiltered or filtered.
 */
async function expectExactCounts() {
  const hidden = (await countedByState(true)).shadow - (await countedByState(false)).shadow;
  for (const includeIgnored of [false, true]) {
    const truth = await countedByState(includeIgnored);
    expect(await readEndpointStateCounts(includeIgnored)).toEqual(truth);
    const page = await listEndpoints(endpointQuerySchema.parse({ includeIgnored: String(includeIgnored), state: 'shadow' }));
    expect(page.countsByState).toEqual(truth);
    expect(page.total).toBe(truth.shadow);
    expect(page.ignoredTotal).toBe(hidden);
    // Every endpoint is on HOST: the same numbers, counted over the rows the filter matches.
    const byHost = await listEndpoints(endpointQuerySchema.parse({ includeIgnored: String(includeIgnored), state: 'shadow', host: HOST }));
    expect([byHost.countsByState, byHost.total, byHost.ignoredTotal]).toEqual([truth, truth.shadow, hidden]);
  }
}

// `n7`, not `7`: a bare number is a parameter, which the server makes of it in whatever template it receives.
const paths = (from: number, n: number, prefix = '/items') => Array.from({ length: n }, (_, i) => observation(HOST, 'GET', `${prefix}/n${from + i}/detail`, 1));

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`per-state counters on ${kind}`, () => {
    let url: string;
    beforeAll(async () => {
      url = await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('4 concurrent pushers with overlapping endpoints, every endpoint pushed at least twice, are counted exactly', async () => {
      const batches = [paths(0, 40), paths(20, 40), paths(50, 40), paths(10, 80)];
      const results = await Promise.all([...batches, ...batches].map((b) => ingest(b)));
      expect(results.length).toBe(8);
      expect(await db().endpoint.count()).toBe(90);
      expect((await countedByState(true)).shadow).toBe(90);
      await expectExactCounts();
    });

    test('state changes, ignore overrides (and their removal), merges and deletes keep the counters exact', async () => {
      await db().endpoint.updateMany({ where: { pathTemplate: { startsWith: '/items/n1' } }, data: { state: 'documented' } });
      await db().endpoint.update({ where: { host_method_pathTemplate: { host: HOST, method: 'GET', pathTemplate: '/items/n2/detail' } }, data: { state: 'zombie' } });
      await expectExactCounts();
      const ignore = await createOverride({ host: HOST, pattern: '/items/n30/detail', action: 'ignore' }, 'system');
      expect((await countedByState(true)).shadow - (await countedByState(false)).shadow).toBe(1);
      await expectExactCounts();
      await deleteOverride(ignore.override.id, 'system');
      expect(await countedByState(true)).toEqual(await countedByState(false));
      await expectExactCounts();
      await createOverride({ host: HOST, pattern: '/items/{id}/detail', action: 'merge' }, 'system');
      expect(await db().endpoint.count()).toBe(1);
      await expectExactCounts();
      await db().endpoint.deleteMany();
      expect(await readEndpointStateCounts(true)).toEqual({ documented: 0, shadow: 0, zombie: 0 });
    });

    test('compaction keeps the sums', async () => {
      await ingest(paths(100, 30, '/orders'));
      await db().endpoint.updateMany({ where: { pathTemplate: { startsWith: '/orders/n11' } }, data: { state: 'documented' } });
      const counterRows = async () => (await db().$queryRawUnsafe<unknown[]>('SELECT * FROM "EndpointStateCount"')).length;
      const before = await counterRows();
      await compactEndpointStateCounts();
      await compactEndpointStateCounts();
      await expectExactCounts();
      // PostgreSQL folds its log to one row per non-zero (state, ignored); SQLite has one row per key throughout.
      if (kind === 'postgres') expect([before > 2, await counterRows()]).toEqual([true, 2]);
    });

    test('the migration counts the endpoints stored before it', async () => {
      await undoCountsMigration(kind, url);
      await ingest(paths(500, 7, '/orders'));
      expect(await migrateDatabase(url)).toMatchObject({ applied: [MIGRATION] });
      expect((await readEndpointStateCounts(true)).shadow).toBe(7 + 30 - 10);
      await expectExactCounts();
    });
  });
}

async function undoCountsMigration(kind: DatabaseKind, url: string) {
  const sql = kind === 'sqlite'
    ? `DROP TRIGGER "Endpoint_count_insert"; DROP TRIGGER "Endpoint_count_delete"; DROP TRIGGER "Endpoint_count_update"`
    : `DROP TRIGGER "Endpoint_count_insert" ON "Endpoint"; DROP TRIGGER "Endpoint_count_delete" ON "Endpoint";
       DROP TRIGGER "Endpoint_count_update" ON "Endpoint"; DROP FUNCTION "lantern_count_endpoint_inserts";
       DROP FUNCTION "lantern_count_endpoint_deletes"; DROP FUNCTION "lantern_count_endpoint_update"`;
  const rest = `DROP TABLE "EndpointStateCount"; DELETE FROM "_lantern_migrations" WHERE name = '${MIGRATION}'`;
  if (kind === 'sqlite') {
    const conn = new Database(sqlitePath(url));
    conn.exec(`${sql}; ${rest}`);
    conn.close();
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`${sql}; ${rest}`);
  await c.end();
}
