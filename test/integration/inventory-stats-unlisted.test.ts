import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disconnectDb } from '../../lib/db/client';
import { listEndpoints } from '../../lib/db/endpoints';
import { inventoryStats } from '../../lib/db/inventory-stats';
import { parseInventoryFilters } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';
const NOW = new Date('2026-11-25T12:00:00Z');

/**
 * The inventory page's charts beside its list: the list leaves out a scanner's 404-only probes and CORS preflights
 * (Endpoint.unlisted, as `lantern check` does), and until 7 Dec the new-shadows-per-week chart counted them as new
 * shadows and the requests chart their requests as shadow traffic: a scanner's run was a spike of shadow APIs.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the inventory charts leave out what the list leaves out, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      await ingest([
        observation(HOST, 'GET', '/internal/debug', 2),
        observation(HOST, 'GET', '/wp-login.php', 30, { statuses: { '404': 30 } }),
        observation(HOST, 'POST', '/xmlrpc.php', 20, { statuses: { '405': 20 } }),
        observation(HOST, 'OPTIONS', '/internal/debug', 7, { statuses: { '204': 7 } }),
      ]);
    });
    afterAll(() => disconnectDb());

    test('new shadows per week and shadow requests per day count the listed shadows only', async () => {
      const listed = await listEndpoints(parseInventoryFilters({ state: 'shadow' }));
      expect(listed.items.map((e) => `${e.method} ${e.pathTemplate}`)).toEqual(['GET /internal/debug']);
      const stats = await inventoryStats(NOW);
      expect(stats.newShadowsByWeek.reduce((n, w) => n + w.count, 0)).toBe(listed.total);
      expect(stats.requestsByDay.reduce((n, d) => n + d.shadow, 0)).toBe(2);
    });
  });
}
