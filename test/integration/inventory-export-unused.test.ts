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
