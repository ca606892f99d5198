import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { reclassifyEndpoints } from '../../lib/db/reclassify';
import { STORED_DATA_RULES } from '../../lib/db/stored-data-rules';
import { retemplateStoredEndpoints } from '../../lib/db/stored-templates';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'django.example.com';
const SPEC = `openapi: 3.0.3
info: {title: Users, version: '1'}
servers: [{url: 'https://${HOST}'}]
paths:
  /api/users/{id}/:
    parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
    get: {responses: {'200': {description: ok}}}
`;

async function inventory() {
  const rows = await db().endpoint.findMany({ where: { host: HOST } });
  return rows.map((r) => `${r.state} ${r.method} ${r.pathTemplate} ${r.requestCount}`).sort();
}

// The spec's spelling is the inventory's: documented GET /api/users/{id}/ and the shadow PATCH beside it alike.
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a shadow method on a trailing-slash spec path on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'users', text: SPEC, actor: 'system' })).status).toBe('created');
    });
    afterAll(() => disconnectDb());

    test('is stored with the spec path spelling, whatever the collector sent, and counted in one row', async () => {
      // A collector of an earlier release (or one without the server's specs) templates without the slash.
      await ingest([observation(HOST, 'GET', '/api/users/{id}/', 4), observation(HOST, 'PATCH', '/api/users/{id}', 2)]);
      expect(await inventory()).toEqual(['documented GET /api/users/{id}/ 4', 'shadow PATCH /api/users/{id}/ 2']);
      await ingest([observation(HOST, 'PATCH', '/api/users/{id}/', 3), observation(HOST, 'PATCH', '/api/users/{id}', 1)]);
      expect(await inventory()).toEqual(['documented GET /api/users/{id}/ 4', 'shadow PATCH /api/users/{id}/ 6']);
      expect((await reclassifyEndpoints({ all: true }, 'system', 'check')).changed).toEqual([]);
    });

    test('rows an earlier release stored without the slash are re-keyed by the start-up pass, folded into the row new traffic made', async () => {
      const stored = (method: string, pathTemplate: string, requestCount: number) =>
        db().endpoint.create({ data: { host: HOST, method, pathTemplate, requestCount, state: 'shadow', firstSeen: new Date('2026-12-01T00:00:00Z'), lastSeen: new Date('2026-12-02T00:00:00Z') } });
      await stored('DELETE', '/api/users/{id}', 5);
      await stored('PUT', '/api/users/{id}', 1);
      // Today's collector counts DELETE under the spec's spelling: a second row until the pass runs.
      await ingest([observation(HOST, 'DELETE', '/api/users/{id}/', 2)]);
      expect(await inventory()).toContain('shadow DELETE /api/users/{id} 5');
      expect(STORED_DATA_RULES).toBeGreaterThanOrEqual(3);
      expect(await retemplateStoredEndpoints()).toEqual({ retemplated: 2, folded: 1, examples: 0 });
      expect(await inventory()).toEqual([
        'documented GET /api/users/{id}/ 4',
        'shadow DELETE /api/users/{id}/ 7',
        'shadow PATCH /api/users/{id}/ 6',
        'shadow PUT /api/users/{id}/ 1',
      ]);
      expect(await retemplateStoredEndpoints()).toEqual({ retemplated: 0, folded: 0, examples: 0 });
    });
  });
}
