import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as previewRoute from '../../app/api/apis/[api]/specs/preview/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, tokenHeaders } from './spec-registry-helpers';

/**
 * A server URL without a port names its host on every port (lib/openapi/matcher.ts sameHost), and registering the
 * spec documents the shadows a mirror of the TLS port stored under `pay.test:8443`. The preview is to say so: until
 * 6 Dec it read only the rows stored under the server's host as written, and listed none of them as adopted.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a spec preview on ${kind}`, () => {
    let ci: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      ci = await tokenHeaders('ci', ['specs:write', 'read']);
    });
    afterAll(() => disconnectDb());

    test('lists the shadows on another port of a server host as adopted, as registering adopts them', async () => {
      await ingest([observation('pay.test:8443', 'GET', '/v1/charges/{chargeId}', 3), observation('pay.test', 'GET', '/v1/charges/{chargeId}', 1), observation('pay.test:8443', 'GET', '/v1/refunds', 2)]);
      const spec = paymentsSpec({ '/charges/{chargeId}': 'getCharge' });
      const preview = await callRoute(previewRoute.POST, 'POST', '/api/apis/payments/specs/preview', { headers: { ...ci, 'content-type': 'application/yaml' }, body: spec, params: { api: 'payments' } });
      expect(preview.status).toBe(200);
      const adopts = (preview.body.adopts as { host: string; method: string; path: string }[]).map((a) => `${a.method} ${a.host}${a.path}`).sort();
      expect(adopts).toEqual(['GET pay.test/v1/charges/{chargeId}', 'GET pay.test:8443/v1/charges/{chargeId}']);
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: { ...ci, 'content-type': 'application/yaml' }, body: spec, params: { api: 'payments' } })).status).toBe(201);
      const documented = await db().endpoint.findMany({ where: { state: 'documented' }, select: { host: true, method: true, pathTemplate: true } });
      expect(documented.map((e) => `${e.method} ${e.host}${e.pathTemplate}`).sort()).toEqual(adopts);
    });
  });
}
