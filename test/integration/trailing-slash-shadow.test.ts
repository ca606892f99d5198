import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { reclassifyEndpoints } from '../../lib/db/reclassify';
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
  });
}
