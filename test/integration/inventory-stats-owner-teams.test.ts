import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disconnectDb } from '../../lib/db/client';
import { listEndpoints } from '../../lib/db/endpoints';
import { inventoryStats } from '../../lib/db/inventory-stats';
import { createOverride } from '../../lib/db/overrides';
import { createOwnershipRule } from '../../lib/db/ownership';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the teams the inventory's Owner filter offers, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('every team owning an endpoint, by an ownership rule and with no API, once, sorted; none owning only hidden endpoints', async () => {
      await ingest([observation(HOST, 'GET', '/cart', 3), observation(HOST, 'GET', '/cart/items', 2), observation(HOST, 'GET', '/search', 1), observation(HOST, 'GET', '/internal/debug', 1)]);
      await createOwnershipRule({ host: HOST, pathPrefix: '/search', team: 'search', note: 'no spec yet' });
      await createOwnershipRule({ host: HOST, pathPrefix: '/cart', team: 'checkout' });
      await createOwnershipRule({ host: HOST, pathPrefix: '/internal', team: 'platform' });
      await createOverride({ host: HOST, pattern: '/internal/debug', action: 'ignore' }, 'system');
      const { ownerTeams } = await inventoryStats();
      // Before: no such list; the filter offered only the teams owning an API, none of these three.
      expect(ownerTeams).toEqual([{ slug: 'checkout', name: 'checkout' }, { slug: 'search', name: 'search' }]);
      const pathsFor = async (team: string) => (await listEndpoints(endpointQuerySchema.parse({ team }))).items.map((e) => e.pathTemplate).sort();
      expect(await pathsFor('checkout')).toEqual(['/cart', '/cart/items']);
      expect(await pathsFor('search')).toEqual(['/search']);
    });
  });
}
