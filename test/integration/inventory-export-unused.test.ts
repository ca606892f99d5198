import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { disconnectDb } from '../../lib/db/client';
import { exportInventory } from '../../lib/db/inventory-export';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, tokenHeaders } from './spec-registry-helpers';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the stored inventory's unused operations, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      const spec = paymentsSpec({ '/invoices': 'listInvoices', '/invoices/{id}': 'getInvoice', '/refunds': 'listRefunds' });
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: ci, json: { spec, version: '1' }, params: { api: 'payments' } })).status).toBe(201);
      await ingest([observation('pay.test', 'GET', '/v1/invoices', 4), observation('pay.test', 'GET', '/v1/admin', 2)]);
    });
    afterAll(() => disconnectDb());

    test('are the operations no stored traffic reached, whatever state the endpoints are filtered to', async () => {
      // Before: `inventory --state shadow` listed listInvoices as unused too: it was judged on the shadow rows shown.
      const unused = async (state?: string) => (await exportInventory({ state }))!.unused.map((u) => u.operationId);
      expect(await unused()).toEqual(['getInvoice', 'listRefunds']);
      expect(await unused('shadow')).toEqual(['getInvoice', 'listRefunds']);
      expect(await unused('zombie')).toEqual(['getInvoice', 'listRefunds']);
    });
  });
}

const filesSpec = `openapi: 3.0.3
info: { title: Files, version: 1.0.0 }
servers: [{ url: 'https://files.test/v1' }]
paths:
  /folders:
    get: { operationId: listFolders, responses: { '200': { description: ok } } }
  /uploads:
    servers: [{ url: 'https://upload.files.test/v2' }]
    post: { operationId: createUpload, responses: { '201': { description: created } } }
    get:
      operationId: listUploads
      servers: [{ url: 'https://upload.files.test/v3' }]
      responses: { '200': { description: ok } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the stored inventory's unused operations under their own servers, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/files/specs', { headers: ci, json: { spec: filesSpec, version: '1' }, params: { api: 'files' } })).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('carry the base path of the server that serves them: the path item\'s, the operation\'s, else the document\'s', async () => {
      // Before: every one had the API's first base path, /v1, where `discover --json` said /v2 and /v3.
      const unused = (await exportInventory({ api: 'files' }))!.unused.map((u) => `${u.method} ${u.path}`);
      expect(unused).toEqual(['GET /v1/folders', 'POST /v2/uploads', 'GET /v3/uploads']);
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the stored inventory's unused operations when two APIs document one, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      const push = (api: string, spec: string) => callRoute(specsRoute.POST, 'POST', `/api/apis/${api}/specs`, { headers: ci, json: { spec, version: '1' }, params: { api } });
      expect((await push('payments', paymentsSpec({ '/invoices': 'listInvoices' }))).status).toBe(201);
      expect((await push('payments-legacy', paymentsSpec({ '/invoices': 'legacyListInvoices', '/refunds': 'legacyListRefunds' }))).status).toBe(201);
      await ingest([observation('pay.test', 'GET', '/v1/invoices', 3)]);
    });
    afterAll(() => disconnectDb());

    test('leave out the copy the traffic was not matched to, as discover does: the endpoint was called', async () => {
      // Before: whichever copy lost was listed as never called, beside the endpoint that calls it.
      const inv = (await exportInventory())!;
      expect(inv.endpoints.map((e) => `${e.method} ${e.path} ${e.operationId}`)).toHaveLength(1);
      expect(inv.unused.map((u) => u.operationId)).toEqual(['legacyListRefunds']);
      expect((await exportInventory({ api: 'payments-legacy' }))!.unused.map((u) => u.operationId)).toEqual(['legacyListRefunds']);
    });
  });
}

const sunsetSpec = `openapi: 3.0.3
info: { title: Ledger, version: 1.0.0 }
servers: [{ url: 'https://ledger.test' }]
paths:
  /entries:
    get: { operationId: listEntries, x-sunset: '2099-01-01', responses: { '200': { description: ok } } }
  /accounts:
    get: { operationId: listAccounts, responses: { '200': { description: ok } } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`the stored inventory's unused operations deprecated by a sunset date alone, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/ledger/specs', { headers: ci, json: { spec: sunsetSpec, version: '1' }, params: { api: 'ledger' } })).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('say deprecated, as discover, findings and the version diff read a future x-sunset', async () => {
      // Before: `listEntries` said `deprecated: false` here, the sunset announced in its spec.
      const unused = (await exportInventory({ api: 'ledger' }))!.unused.map((u) => [u.operationId, u.deprecated]);
      expect(unused).toEqual([['listAccounts', false], ['listEntries', true]]);
    });
  });
}
