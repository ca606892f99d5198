import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { listEndpoints } from '../../lib/db/endpoints';
import { exportInventory } from '../../lib/db/inventory-export';
import { registerSpec } from '../../lib/db/spec-registry';
import { backfillStoredUnlisted } from '../../lib/db/stored-unlisted';
import { parseInventoryFilters } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';
const SPEC = (extra = '') => `openapi: 3.1.0
info: { title: Shop, version: '${extra ? 2 : 1}' }
servers: [{ url: 'https://${HOST}' }]
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
${extra}`;

const list = async (raw: Record<string, string> = {}) => {
  const page = await listEndpoints(parseInventoryFilters({ sort: 'path', order: 'asc', ...raw }));
  // By path, then method (two methods of one path are ordered by id, which is random).
  const paths = page.items.map((e) => `${e.method} ${e.pathTemplate}${e.unlisted ? ' (unlisted)' : ''}`).sort((x, y) => x.split(' ')[1].localeCompare(y.split(' ')[1]) || x.localeCompare(y));
  return { paths, counts: page.countsByState, total: page.total, unlistedTotal: page.unlistedTotal };
};

/**
 * The dashboard's inventory beside `lantern inventory` and `check`: until 7 Dec it listed and counted as shadows a
 * scanner's 404-only probes and CORS preflights, which they leave out (unlisted-shadows.ts), so the shadow counts
 * disagreed. Endpoint.unlisted stores the rule (an index serves the list and counts at 100k rows).
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`unlisted shadows in the dashboard's inventory, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'shop', text: SPEC(), actor: 'cli' })).status).toBe('created');
      await ingest([
        observation(HOST, 'GET', '/orders', 5),
        observation(HOST, 'GET', '/internal/debug', 2),
        observation(HOST, 'GET', '/wp-login.php', 3, { statuses: { '404': 3 } }),
        observation(HOST, 'GET', '/.env', 1, { statuses: { '404': 1 } }),
        observation(HOST, 'OPTIONS', '/internal/debug', 2, { statuses: { '204': 2 } }),
      ]);
    });
    afterAll(() => disconnectDb());

    test('the list and its counts, filtered or not, leave them out and count them apart, as inventory does', async () => {
      const expected = { paths: ['GET /internal/debug', 'GET /orders'], counts: { documented: 1, shadow: 1, zombie: 0 }, total: 2, unlistedTotal: 3 };
      // No filter: the trigger-kept counters less the unlisted rows; a host filter: a count over the matching rows.
      expect(await list()).toEqual(expected);
      expect(await list({ host: HOST })).toEqual(expected);
      const inventory = (await exportInventory({ api: 'shop' }))!;
      expect([inventory.endpoints.filter((e) => e.state === 'shadow').length, inventory.notFound.endpoints + inventory.preflights.endpoints]).toEqual([expected.counts.shadow, expected.unlistedTotal]);
      expect(await list({ state: 'shadow', method: 'GET' })).toEqual({ ...expected, paths: ['GET /internal/debug'], total: 1, unlistedTotal: 2 });
      const all = ['GET /.env (unlisted)', 'GET /internal/debug', 'OPTIONS /internal/debug (unlisted)', 'GET /orders', 'GET /wp-login.php (unlisted)'];
      expect(await list({ includeUnlisted: '1' })).toEqual({ paths: all, counts: { documented: 1, shadow: 4, zombie: 0 }, total: 5, unlistedTotal: 3 });
      expect(await list({ includeUnlisted: '1', host: HOST })).toEqual({ paths: all, counts: { documented: 1, shadow: 4, zombie: 0 }, total: 5, unlistedTotal: 3 });
    });

    test('the column follows the statuses at ingest and the state at reclassification', async () => {
      // The probe's first real answer makes it a shadow check fails on; documented, a 404-only path is no shadow at all.
      await ingest([observation(HOST, 'GET', '/.env', 1, { statuses: { '200': 1 } })]);
      const documentLogin = "  /wp-login.php:\n    get: { operationId: login, responses: { '404': { description: gone } } }\n";
      expect((await registerSpec({ apiSlug: 'shop', text: SPEC(documentLogin), actor: 'cli' })).status).toBe('created');
      expect(await list()).toEqual({
        paths: ['GET /.env', 'GET /internal/debug', 'GET /orders', 'GET /wp-login.php'],
        counts: { documented: 2, shadow: 2, zombie: 0 }, total: 4, unlistedTotal: 1,
      });
    });

    test("rows stored before the column get it from serve's stored-data pass", async () => {
      await db().endpoint.updateMany({ data: { unlisted: false } });
      expect((await list()).total).toBe(5);
      expect(await backfillStoredUnlisted()).toEqual({ changed: 1 });
      expect(await backfillStoredUnlisted()).toEqual({ changed: 0 });
      expect((await list()).paths).toEqual(['GET /.env', 'GET /internal/debug', 'GET /orders', 'GET /wp-login.php']);
    });
  });
}
