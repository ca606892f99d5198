import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as previewRoute from '../../app/api/apis/[api]/specs/preview/route';
import { db, disconnectDb } from '../../lib/db/client';
import { upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, tokenHeaders } from './spec-registry-helpers';

const spec = (server: string) => `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: '${server}', variables: { version: { default: v2 } } }]
paths:
  /invoices:
    get: { operationId: listInvoices, responses: { '200': { description: ok } } }
  /refunds:
    servers: [{ url: 'https://refunds.pay.test' }]
    post: { operationId: createRefund, responses: { '201': { description: created } } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a spec version whose servers moved, on ${kind}`, () => {
    let ci: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      ci = await tokenHeaders('ci', ['specs:write', 'read']);
    });
    afterAll(() => disconnectDb());

    test('a base path moved /v1 → /v2 is said in the diff and the preview, and traffic follows the new base path', async () => {
      // Before: the diff compared spec paths only, so this push said "+0 added -0 removed" (the dashboard: "No
      // operation changes") while every call to /v1 turned shadow.
      await ingest([observation('pay.test', 'GET', '/v1/invoices', 4), observation('pay.test', 'GET', '/v2/invoices', 2), observation('refunds.pay.test', 'POST', '/refunds', 1)]);
      const push = (text: string, version: string) => callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: ci, json: { spec: text, version }, params: { api: 'payments' } });
      expect((await push(spec('https://pay.test/v1'), '1')).status).toBe(201);
      const v2 = spec('https://pay.test/{version}');
      const preview = await callRoute(previewRoute.POST, 'POST', '/api/apis/payments/specs/preview', { headers: { ...ci, 'content-type': 'application/yaml' }, body: v2, params: { api: 'payments' } });
      const moved = [{ method: 'GET', path: '/invoices', operationId: 'listInvoices', from: ['pay.test/v1'], to: ['pay.test/v2'] }];
      expect(preview.body.diff).toMatchObject({ added: [], removed: [], newlyDeprecated: [], moved });
      const res = await push(v2, '2');
      expect(res.status).toBe(201);
      expect(res.body.spec.diffSummary).toMatchObject({ previousVersion: '1', added: [], removed: [], newlyDeprecated: [], moved });
      expect((await endpointRows()).map((r) => `${r.state} ${r.method} ${r.host}${r.path}`)).toEqual([
        'shadow GET pay.test/v1/invoices',
        'documented GET pay.test/v2/invoices',
        'documented POST refunds.pay.test/refunds',
      ]);
      // A path outside every base path of a host one API names is no API's shadow, /v1 left behind included: such a
      // host is often a gateway's, whose other services no spec describes yet, and their shadows would become this
      // API's (its owner's alerts and lists). A shadow under its base path is its own.
      await ingest([observation('pay.test', 'GET', '/health', 1), observation('pay.test', 'GET', '/v2/refunds', 1)]);
      const apis = await db().endpoint.findMany({ where: { host: 'pay.test' }, orderBy: { pathTemplate: 'asc' }, select: { pathTemplate: true, api: { select: { slug: true } } } });
      expect(apis.map((r) => `${r.pathTemplate} ${r.api?.slug ?? '-'}`)).toEqual(['/health -', '/v1/invoices -', '/v2/invoices payments', '/v2/refunds payments']);
    });

    test("a row an older release left without its API gets it at serve's next start", async () => {
      await db().endpoint.updateMany({ where: { host: 'pay.test', pathTemplate: '/v2/refunds' }, data: { apiId: null } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: 16 }, update: { version: 16 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.shadowsWithoutApi.map((c) => `${c.to} ${c.method} ${c.host}${c.path}`)).toEqual(['shadow GET pay.test/v2/refunds']);
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'pay.test', pathTemplate: '/v2/refunds' }, select: { api: { select: { slug: true } } } });
      expect(row.api?.slug).toBe('payments');
    });

    test("a preview lists the shadows a path-level server's host gives the new version, as registering it adopts them", async () => {
      // Before: the preview looked for shadows on the document's server hosts only, so `POST refunds.pay.test/refunds`
      // was missing from "would document" while registering the same text documented it.
      await ingest([observation('refunds.pay.test', 'POST', '/refunds/{refundId}/cancel', 3)]);
      const v3 = `${spec('https://pay.test/{version}')}  /refunds/{id}/cancel:\n    servers: [{ url: 'https://refunds.pay.test' }]\n    post:\n      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]\n      responses: { '200': { description: ok } }\n`;
      const preview = await callRoute(previewRoute.POST, 'POST', '/api/apis/payments/specs/preview', { headers: { ...ci, 'content-type': 'application/yaml' }, body: v3, params: { api: 'payments' } });
      expect(preview.status).toBe(200);
      expect(preview.body.adopts.map((a: { host: string; method: string; path: string }) => `${a.method} ${a.host}${a.path}`)).toEqual(['POST refunds.pay.test/refunds/{refundId}/cancel']);
      const res = await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: ci, json: { spec: v3, version: '3' }, params: { api: 'payments' } });
      expect(res.status).toBe(201);
      expect((await endpointRows('refunds.pay.test')).map((r) => `${r.state} ${r.method} ${r.path}`)).toEqual(['documented POST /refunds', 'documented POST /refunds/{id}/cancel']);
    });
  });
}
