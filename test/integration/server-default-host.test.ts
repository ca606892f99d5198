import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, tokenHeaders } from './spec-registry-helpers';

// The default is the production host; the enum lists only the others (OpenAPI 3.0: the default SHOULD be in it).
const spec = `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://{env}.pay.test', variables: { env: { default: api, enum: [sandbox, staging] } } }]
paths:
  /invoices:
    get: { operationId: listInvoices, responses: { '200': { description: ok } } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a server variable's default the enum lacks, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: ci, json: { spec, version: '1' }, params: { api: 'payments' } })).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('is a host the spec documents: its traffic is documented', async () => {
      // Before: only sandbox and staging were matched, and every call to api.pay.test was a shadow.
      await ingest([observation('api.pay.test', 'GET', '/invoices', 5)]);
      expect((await endpointRows('api.pay.test')).map((r) => `${r.state} ${r.method} ${r.path}`)).toEqual(['documented GET /invoices']);
    });

    test("a shadow an older release stored there is documented at serve's next start", async () => {
      await db().endpoint.updateMany({ where: { host: 'api.pay.test' }, data: { state: 'shadow', apiId: null, operationId: null } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: 20 }, update: { version: 20 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.shadowsWithoutApi.map((c) => `${c.from} → ${c.to} ${c.method} ${c.host}${c.path}`)).toEqual(['shadow → documented GET api.pay.test/invoices']);
    });
  });
}
