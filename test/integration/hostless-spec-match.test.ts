import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as previewRoute from '../../app/api/apis/[api]/specs/preview/route';
import { db, disconnectDb } from '../../lib/db/client';
import { upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, tokenHeaders } from './spec-registry-helpers';

const payments = `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://pay.test/v1' }]
paths:
  /invoices:
    get: { operationId: listInvoices, responses: { '200': { description: ok } } }
  /invoices/{id}:
    get:
      operationId: getInvoice
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok } }
  /health:
    get: { operationId: paymentsHealth, responses: { '200': { description: ok } } }
`;

const orders = `openapi: 3.0.3
info: { title: Orders, version: 1.0.0 }
servers: [{ url: 'https://orders.test/v1' }]
paths:
  /health:
    get: { operationId: ordersHealth, responses: { '200': { description: ok } } }
`;

async function hostlessRows() {
  const rows = await db().endpoint.findMany({
    where: { host: 'unknown-host' },
    orderBy: [{ pathTemplate: 'asc' }, { method: 'asc' }],
    select: { method: true, pathTemplate: true, state: true, requestCount: true, api: { select: { slug: true } }, operation: { select: { operationId: true } } },
  });
  return rows.map((r) => `${r.state} ${r.method} ${r.pathTemplate} ${Number(r.requestCount)} ${r.api?.slug ?? '-'} ${r.operation?.operationId ?? '-'}`);
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`host-less traffic under a registered spec's servers, on ${kind}`, () => {
    let ci: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      ci = await tokenHeaders('ci', ['specs:write', 'read']);
    });
    afterAll(() => disconnectDb());

    const push = (api: string, spec: string) => callRoute(specsRoute.POST, 'POST', `/api/apis/${api}/specs`, { headers: ci, json: { spec, version: '1' }, params: { api } });

    test('a path one operation documents is documented by it, and one two APIs document stays undecided', async () => {
      // A log without Host ingested before its spec: until 6 Dec every row stayed a shadow with no API, while
      // `lantern discover` of the same log with the spec called them documented.
      await ingest([
        observation('unknown-host', 'GET', '/v1/invoices', 4),
        observation('unknown-host', 'GET', '/v1/invoices/{invoiceId}', 2),
        observation('unknown-host', 'POST', '/v1/invoices', 1),
        observation('unknown-host', 'GET', '/v1/health', 3),
        observation('unknown-host', 'GET', '/v1/other', 2),
      ]);
      expect((await push('orders', orders)).status).toBe(201);
      const preview = await callRoute(previewRoute.POST, 'POST', '/api/apis/payments/specs/preview', { headers: { ...ci, 'content-type': 'application/yaml' }, body: payments, params: { api: 'payments' } });
      expect(preview.body.adopts.map((a: { host: string; method: string; path: string }) => `${a.method} ${a.host}${a.path}`).sort()).toEqual([
        'GET unknown-host/v1/invoices',
        'GET unknown-host/v1/invoices/{invoiceId}',
      ]);
      expect((await push('payments', payments)).status).toBe(201);
      expect(await hostlessRows()).toEqual([
        // Two APIs document it: which one the call was for is anyone's guess.
        'shadow GET /v1/health 3 - -',
        'documented GET /v1/invoices 4 payments listInvoices',
        'shadow POST /v1/invoices 1 payments -',
        'documented GET /v1/invoices/{id} 2 payments getInvoice',
        'shadow GET /v1/other 2 - -',
      ]);
    });

    test('the traffic that comes later, the same way, counts on those rows', async () => {
      await ingest([observation('unknown-host', 'GET', '/v1/invoices/{invoiceId}', 5), observation('unknown-host', 'GET', '/v1/invoices/in_42', 1)]);
      expect((await hostlessRows()).filter((r) => r.includes('getInvoice'))).toEqual(['documented GET /v1/invoices/{id} 8 payments getInvoice']);
    });
  
    test("rows an older release left shadow are documented at serve's next start", async () => {
      await db().endpoint.updateMany({ where: { host: 'unknown-host', pathTemplate: '/v1/invoices', method: 'GET' }, data: { state: 'shadow', apiId: null, operationId: null } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: 14 }, update: { version: 14 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.shadowsWithoutApi.map((c) => `${c.from}→${c.to} ${c.method} ${c.path}`)).toEqual(['shadow→documented GET /v1/invoices']);
      expect((await hostlessRows()).filter((r) => r.includes('listInvoices'))).toEqual(['documented GET /v1/invoices 4 payments listInvoices']);
    });
  });
}
