import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disconnectDb } from '../../lib/db/client';
import { listEndpoints } from '../../lib/db/endpoints';
import { inventoryStats } from '../../lib/db/inventory-stats';
import { createOverride } from '../../lib/db/overrides';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'files.example.com';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the methods the inventory's Method filter offers, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
    });
    afterAll(() => disconnectDb());

    test('every method the endpoints have, once, sorted; none from hidden endpoints; each filters to its endpoints', async () => {
      await ingest([
        observation(HOST, 'GET', '/docs', 2),
        observation(HOST, 'QUERY', '/search', 2),
        observation(HOST, 'PROPFIND', '/dav/reports', 1),
        observation(HOST, 'GET', '/dav/reports', 1),
        observation(HOST, 'MKCOL', '/internal/scratch', 1),
      ]);
      await createOverride({ host: HOST, pattern: '/internal/scratch', action: 'ignore' }, 'system');
      // Before: no such list; the filter offered GET … OPTIONS, and a QUERY or WebDAV endpoint could not be picked.
      expect((await inventoryStats()).methods).toEqual(['GET', 'PROPFIND', 'QUERY']);
      const pathsFor = async (method: string) => (await listEndpoints(endpointQuerySchema.parse({ method }))).items.map((e) => e.pathTemplate).sort();
      expect(await pathsFor('QUERY')).toEqual(['/search']);
      expect(await pathsFor('PROPFIND')).toEqual(['/dav/reports']);
    });
  });
}
