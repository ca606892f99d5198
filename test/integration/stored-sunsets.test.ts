import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, tokenHeaders } from './spec-registry-helpers';

const spec = `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://pay.test/v1' }]
paths:
  /invoices:
    get: { operationId: listInvoices, x-sunset: 'see ticket API-123', responses: { '200': { description: ok } } }
  /refunds:
    get: { operationId: listRefunds, x-sunset: '2026-12-01T00:00:00', responses: { '200': { description: ok } } }
  /credits:
    get: { operationId: listCredits, responses: { '200': { description: ok } } }
  /payouts:
    get: { operationId: listPayouts, x-status: deprecated, responses: { '200': { description: ok } } }
`;

async function sunsets(): Promise<Record<string, string | null>> {
  const ops = await db().operation.findMany({ orderBy: { operationId: 'asc' }, select: { operationId: true, sunsetAt: true } });
  return Object.fromEntries(ops.map((o) => [o.operationId, o.sunsetAt?.toISOString() ?? null]));
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`sunsets an older release read out of a stored spec, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/payments/specs', { headers: ci, json: { spec, version: '1' }, params: { api: 'payments' } })).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test("serve's next start gives each operation its spec's sunset and deprecation as read today, and its calls are zombies by them alone", async () => {
      // What the release before 6 Dec stored: `see ticket API-123` guessed as the year 123, the zone-less date-time
      // read in a server running in Los Angeles; and a sunset governance approved for an operation the spec gives none.
      await db().operation.updateMany({ where: { operationId: 'listInvoices' }, data: { sunsetAt: new Date('0123-01-01T00:00:00Z') } });
      await db().operation.updateMany({ where: { operationId: 'listRefunds' }, data: { sunsetAt: new Date('2026-12-01T08:00:00Z') } });
      const credits = await db().operation.findFirstOrThrow({ where: { operationId: 'listCredits' } });
      await db().operation.update({ where: { id: credits.id }, data: { deprecated: true, sunsetAt: new Date('2027-01-01T00:00:00Z') } });
      // And `x-status: deprecated`, which deprecated nothing then.
      await db().operation.updateMany({ where: { operationId: 'listPayouts' }, data: { deprecated: false } });
      await db().deprecationRequest.create({ data: { operationId: credits.id, reason: 'moved to /v2', proposedSunset: new Date('2027-01-01T00:00:00Z'), status: 'approved', decidedAt: new Date('2026-11-01T00:00:00Z') } });
      await ingest([observation('pay.test', 'GET', '/v1/invoices', 3, { day: '2026-11-20' }), observation('pay.test', 'GET', '/v1/refunds', 2, { day: '2026-12-01' }), observation('pay.test', 'GET', '/v1/payouts', 1)]);
      // Until the pass: every call to the invoices was a zombie, the year 123 being long gone.
      expect((await endpointRows()).map((r) => `${r.state} ${r.path}`)).toEqual(['zombie /v1/invoices', 'documented /v1/payouts', 'zombie /v1/refunds']);
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: 18 }, update: { version: 18 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.sunsets.operations).toBe(3);
      expect(await sunsets()).toEqual({ listCredits: '2027-01-01T00:00:00.000Z', listInvoices: null, listPayouts: null, listRefunds: '2026-12-01T00:00:00.000Z' });
      const deprecated = await db().operation.findMany({ where: { deprecated: true }, orderBy: { operationId: 'asc' }, select: { operationId: true } });
      expect(deprecated.map((o) => o.operationId)).toEqual(['listCredits', 'listPayouts']);
      // The refunds were called at 11:00 UTC on the day of their sunset (midnight UTC): a zombie either way.
      expect((await endpointRows()).map((r) => `${r.state} ${r.path}`)).toEqual(['documented /v1/invoices', 'zombie /v1/payouts', 'zombie /v1/refunds']);
    });

    test('an operation marked `x-deprecated: true` alone, in a spec naming no lifecycle, is deprecated at the next start', async () => {
      const ci = await tokenHeaders('ci-2', ['specs:write']);
      const legacy = "swagger: '2.0'\ninfo: { title: Legacy, version: '1' }\nhost: legacy.test\npaths:\n  /export:\n    get: { operationId: exportAll, x-deprecated: true, responses: { '200': { description: ok } } }\n";
      expect((await callRoute(specsRoute.POST, 'POST', '/api/apis/legacy/specs', { headers: ci, json: { spec: legacy, version: '1' }, params: { api: 'legacy' } })).status).toBe(201);
      // What the release before stored: the marker deprecated nothing.
      await db().operation.updateMany({ where: { operationId: 'exportAll' }, data: { deprecated: false } });
      await db().storedDataRules.update({ where: { name: 'serve-start-up' }, data: { version: 40 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.sunsets.operations).toBe(1);
      expect((await db().operation.findFirstOrThrow({ where: { operationId: 'exportAll' } })).deprecated).toBe(true);
    });
  });
}
