import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import * as endpointsRoute from '../../app/api/endpoints/route';
import * as openapiRoute from '../../app/api/exports/openapi/route';
import * as inventoryRoute from '../../app/api/inventory/route';
import { db, disconnectDb } from '../../lib/db/client';
import { sqlitePath } from '../../lib/db/database-url';
import { MAX_INDEXED_MATCHES, searchEndpointIds } from '../../lib/db/endpoint-search';
import { listEndpoints } from '../../lib/db/endpoints';
import { migrateDatabase } from '../../lib/db/migrate';
import { createOverride } from '../../lib/db/overrides';
import { createApiToken } from '../../lib/db/tokens';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase, type DatabaseKind } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const MIGRATION = '20261123194500_endpoint_substring_search';
const LOWER_MIGRATION = '20261123201500_endpoint_search_lower_indexes';
const SHOP = 'shop.example.com';
const PAY = 'payments.internal';
const PATHS: [string, string, string][] = [
  [SHOP, 'GET', '/Carts/{cartId}/Items'],
  [SHOP, 'POST', '/carts/{cartId}/items'],
  [SHOP, 'GET', '/user_profile'],
  [SHOP, 'GET', '/userXprofile'],
  [SHOP, 'GET', '/promo/50%off'],
  [SHOP, 'GET', '/promo/500off'],
  [SHOP, 'GET', '/say"hi"'],
  [PAY, 'GET', '/v2/charges/{chargeId}'],
  [PAY, 'DELETE', '/v2/charges/{chargeId}'],
  [PAY, 'GET', '/internal/reconcile'],
  ['menu.intl', 'GET', '/plats/CAFÉ'],
];

/** The promise the UI makes: a literal substring of host or path, ASCII case folded (what SQLite's LIKE folds). */
const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
async function expected(q: string): Promise<string[]> {
  const rows = await db().endpoint.findMany({ where: { ignoredById: null }, select: { id: true, host: true, pathTemplate: true } });
  return rows.filter((r) => fold(r.host).includes(fold(q)) || fold(r.pathTemplate).includes(fold(q))).map((r) => r.id).sort();
}

async function listed(q: string) {
  const page = await listEndpoints(endpointQuerySchema.parse({ q, pageSize: 500 }));
  const ids = page.items.map((e) => e.id).sort();
  expect(page.total).toBe(ids.length);
  expect(page.countsByState.documented + page.countsByState.shadow + page.countsByState.zombie).toBe(ids.length);
  return ids;
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`inventory search on ${kind}`, () => {
    let url: string;
    beforeAll(async () => {
      url = await useFreshDatabase(kind);
      await ingest(PATHS.map(([host, method, path], i) => observation(host, method, path, i + 1)));
    });
    afterAll(() => disconnectDb());

    test('terms of 3+ characters come from the trigram index and match literal substrings, case-insensitively', async () => {
      const cases: [string, number][] = [['items', 2], ['ITEMS', 2], ['CaRtS/{', 2], ['user_p', 1], ['50%', 1], ['say"hi', 1], ['example.com', 7], ['charges/{chargeId}', 2], ['/v2/', 2], ['nothing-like-this', 0]];
      for (const [q, n] of cases) {
        const fromIndex = await searchEndpointIds(q);
        expect(fromIndex?.sort(), q).toEqual(await expected(q));
        expect(await listed(q), q).toEqual(await expected(q));
        expect(fromIndex, q).toHaveLength(n);
      }
    });

    test('shorter terms and terms matching more than the cap fall back to the scan with the same answer', async () => {
      expect(await searchEndpointIds('it')).toBeUndefined();
      expect(await listed('it')).toEqual(await expected('it'));
      expect(await listed('V2')).toHaveLength(2);
      expect(await searchEndpointIds('example', 6)).toBeUndefined();
      expect(await searchEndpointIds('example', 7)).toHaveLength(7);
      expect(await listed('example')).toEqual(await expected('example'));
      // PostgreSQL's scan escapes LIKE wildcards; SQLite's cannot (see searchScanFilter), so there `%` matches all.
      if (kind === 'postgres') expect(await listed('%')).toEqual(await expected('%'));
      if (kind === 'postgres') expect(await listed('%')).toHaveLength(1);
      // Beyond ASCII, PostgreSQL folds case with its own lower() on both sides (the scan path for a 1-character term).
      if (kind === 'postgres') for (const q of ['é', 'É']) expect(await listed(q), q).toHaveLength(1);
    });

    test('spaces around the search term (pasted, or typed before Enter) are not part of it; blanks alone filter nothing', async () => {
      expect(await listed('  /v2/ ')).toEqual(await expected('/v2/'));
      expect(await listed('\titems\n')).toHaveLength(2);
      expect(await listed('   ')).toEqual(await listed(''));
      expect(await listed('   ')).toHaveLength(PATHS.length);
    });

    test('the host filter, and the shadow OpenAPI export of a host, find the host whatever the case it is typed in', async () => {
      const byHost = async (host: string) => (await listEndpoints(endpointQuerySchema.parse({ host, pageSize: 500 }))).items.map((e) => e.pathTemplate).sort();
      expect(await byHost('PAYMENTS.Internal')).toEqual(['/internal/reconcile', '/v2/charges/{chargeId}', '/v2/charges/{chargeId}']);
      expect(await byHost(' Menu.INTL ')).toEqual(['/plats/CAFÉ']);
      const headers = { authorization: `Bearer ${(await createApiToken({ name: 'host-read', scopes: ['read'] })).token}` };
      const exported = await openapiRoute.GET(new Request('http://localhost/api/exports/openapi?host=Menu.INTL', { headers }), { params: Promise.resolve({}) as Promise<never> });
      expect(exported.status).toBe(200);
      expect(Object.keys((parseYaml(await exported.text()) as { paths: object }).paths)).toEqual(['/plats/CAFÉ']);
    });

    test('a NUL in the search term or any text filter is a 400 naming the parameter, not a database error', async () => {
      const headers = { authorization: `Bearer ${(await createApiToken({ name: 'search-read', scopes: ['read'] })).token}` };
      const get = async (route: typeof endpointsRoute, query: string) => {
        const res = await route.GET(new Request(`http://localhost/api/x?${query}`, { headers }), { params: Promise.resolve({}) as Promise<never> });
        return [res.status, ((await res.json()) as { error?: { details?: { path: string }[] } }).error?.details?.map((d) => d.path)];
      };
      // Three NULs reach the trigram index, one reaches the scan.
      for (const q of ['%00%00%00', '%00', 'ca%00rts']) expect(await get(endpointsRoute, `q=${q}`), q).toEqual([400, ['q']]);
      for (const f of ['host', 'api', 'team', 'method', 'auth']) expect(await get(endpointsRoute, `${f}=a%00b`), f).toEqual([400, [f]]);
      expect(await get(inventoryRoute, 'api=%00')).toEqual([400, ['api']]);
      expect((await get(endpointsRoute, 'q=items'))[0]).toBe(200);
    });

    test('search follows every write: ingest, folds, renames and deletes', async () => {
      await ingest([observation(SHOP, 'GET', '/carts/{cartId}/coupons', 1)]);
      expect(await listed('coupons')).toHaveLength(1);

      await createOverride({ host: PAY, pattern: '/v2/charges/{id}', action: 'merge' }, 'system');
      expect(await listed('chargeId')).toEqual([]);
      expect(await listed('charges/{id}')).toEqual(await expected('charges/{id}'));
      expect(await listed('charges/{id}')).toHaveLength(2);

      const reconcile = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/internal/reconcile' } });
      expect(await listed('Q9')).toEqual([]);
      await db().endpoint.update({ where: { id: reconcile.id }, data: { pathTemplate: '/internal/settle/q9', host: 'ledger.internal' } });
      expect(await listed('reconcile')).toEqual([]);
      expect(await listed('settle')).toEqual([reconcile.id]);
      expect(await listed('Q9'), 'the scan (short term) sees the rename too').toEqual([reconcile.id]);
      expect(await listed('ledger')).toEqual([reconcile.id]);
      await db().endpoint.delete({ where: { id: reconcile.id } });
      expect(await listed('settle')).toEqual([]);
    });

    test('as many matches as the index path takes, with every filter bound too, and one more', async () => {
      // `b7`, not `7`: a bare number is a parameter, which the server makes of it in whatever template it receives.
      const bulk = (from: number, n: number) => Array.from({ length: n }, (_, i) => observation(SHOP, 'GET', `/bulk/b${from + i}`, 1));
      await ingest(bulk(0, MAX_INDEXED_MATCHES));
      const filters = { host: SHOP, method: 'get', auth: 'bearer-jwt', sensitive: '0', triage: 'new', state: 'shadow', sort: 'path', order: 'asc', page: '2', pageSize: '500' };
      expect(await searchEndpointIds('/bulk/')).toHaveLength(MAX_INDEXED_MATCHES);
      const page = await listEndpoints(endpointQuerySchema.parse({ ...filters, q: '/bulk/' }));
      expect([page.total, page.items.length]).toEqual([MAX_INDEXED_MATCHES, MAX_INDEXED_MATCHES - 500]);
      await ingest(bulk(MAX_INDEXED_MATCHES, 1));
      expect(await searchEndpointIds('/bulk/')).toBeUndefined();
      expect((await listEndpoints(endpointQuerySchema.parse({ ...filters, q: '/bulk/' }))).total).toBe(MAX_INDEXED_MATCHES + 1);
      await db().endpoint.deleteMany({ where: { pathTemplate: { startsWith: '/bulk/' } } });
    });

    test('the migration indexes endpoints stored before it', async () => {
      await undoSearchMigration(kind, url);
      await ingest([observation(SHOP, 'GET', '/legacy/stored-before', 1)]);
      expect(await migrateDatabase(url)).toMatchObject({ applied: kind === 'postgres' ? [MIGRATION, LOWER_MIGRATION] : [MIGRATION] });
      expect(await searchEndpointIds('stored-before')).toHaveLength(1);
      expect(await searchEndpointIds('items')).toHaveLength(2);
      expect(await listed('items')).toEqual(await expected('items'));
    });
  });
}

async function undoSearchMigration(kind: DatabaseKind, url: string) {
  if (kind === 'sqlite') {
    const conn = new Database(sqlitePath(url));
    conn.exec(`DROP TRIGGER "Endpoint_search_insert"; DROP TRIGGER "Endpoint_search_update"; DROP TRIGGER "Endpoint_search_delete";
      DROP TABLE "EndpointSearch"; DROP TABLE "EndpointSearchKey"; DELETE FROM "_lantern_migrations" WHERE name = '${MIGRATION}'`);
    conn.close();
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP INDEX "Endpoint_host_lower_trgm_idx"; DROP INDEX "Endpoint_pathTemplate_lower_trgm_idx";
    DELETE FROM "_lantern_migrations" WHERE name IN ('${MIGRATION}', '${LOWER_MIGRATION}')`);
  await c.end();
}
