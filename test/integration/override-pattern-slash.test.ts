import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as overridesRoute from '../../app/api/overrides/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

const HOST = 'shop.example.com';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`an override pattern written without its leading / on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      await ingest([observation(HOST, 'GET', '/health', 5), observation(HOST, 'GET', '/orders/{orderId}', 3)]);
    });
    afterAll(() => disconnectDb());

    test('is stored, listed and audited as the path it matches', async () => {
      const admin = await sessionHeaders('admin@shop.test', 'admin');
      const res = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: admin, json: { host: HOST, pattern: 'health', action: 'ignore' } });
      expect([res.status, res.body.override.pattern]).toEqual([201, '/health']);
      const hidden = await db().endpoint.findFirstOrThrow({ where: { host: HOST, pathTemplate: '/health' } });
      expect(hidden.ignoredById).toBe(res.body.override.id);
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'override.create' } });
      expect(audit.summary).toBe(`ignored /health on ${HOST}, every method`);
      const listed = await callRoute(overridesRoute.GET, 'GET', '/api/overrides', { headers: admin });
      expect(listed.body.items.map((o: { pattern: string }) => o.pattern)).toEqual(['/health']);
    });
  });
}
