import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disconnectDb } from '../../lib/db/client';
import { listEndpoints } from '../../lib/db/endpoints';
import { inventoryStats } from '../../lib/db/inventory-stats';
import { createOverride } from '../../lib/db/overrides';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'shop.example.com';

function calledWith(path: string, authKinds: Record<string, number>) {
  const o = observation(HOST, 'GET', path, 3);
  return { ...o, evidence: { ...o.evidence, authKinds, unauthenticated2xx: authKinds.none ?? 0 } };
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the auth kinds the inventory's Auth filter offers, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('every kind traffic showed, once, sorted; none from hidden endpoints; each offered kind filters to its endpoints', async () => {
      await ingest([
        calledWith('/cart', { 'cookie:lang,session': 2, none: 1 }),
        calledWith('/search', { 'api-key:x-goog-api-key': 3 }),
        calledWith('/orders', { 'bearer-jwt': 2, 'cookie:lang,session': 1 }),
        calledWith('/internal/debug', { 'api-key:x-debug-key': 3 }),
      ]);
      await createOverride({ host: HOST, pattern: '/internal/debug', action: 'ignore' }, 'system');
      const { authKinds } = await inventoryStats();
      // Before: no such list; the filter offered six fixed kinds, and `cookie:lang,session` could not be picked.
      expect(authKinds).toEqual(['api-key:x-goog-api-key', 'bearer-jwt', 'cookie:lang,session', 'none']);
      const pathsFor = async (auth: string) => (await listEndpoints(endpointQuerySchema.parse({ auth }))).items.map((e) => e.pathTemplate).sort();
      expect(await pathsFor('cookie:lang,session')).toEqual(['/cart', '/orders']);
      expect(await pathsFor('api-key:x-goog-api-key')).toEqual(['/search']);
    });
  });
}
