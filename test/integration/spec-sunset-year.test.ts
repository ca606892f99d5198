import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, sessionHeaders } from './spec-registry-helpers';

const SPEC = `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://pay.test/v1' }]
paths:
  /charges:
    get: { operationId: listCharges, x-sunset: '0000-06-01', responses: { '200': { description: ok } } }
  /refunds:
    get: { operationId: listRefunds, x-sunset: 'Sat, 01 Jan 0000 00:00:00 GMT', responses: { '200': { description: ok } } }
  /payouts:
    get: { operationId: listPayouts, x-sunset: '0000-12-31T23:00:00-02:00', responses: { '200': { description: ok } } }
  /disputes:
    get: { operationId: listDisputes, x-sunset: 'Sun, 31 Feb 2027 00:00:00 GMT', responses: { '200': { description: ok } } }
  /balances:
    get: { operationId: getBalances, x-sunset: 'Tue, 01 Dec 2026 12:00:00 GMT', responses: { '200': { description: ok } } }
`;

/**
 * An HTTP date (the Sunset header's form) is read as the date it spells: Date.parse made its year 0000 the year 2000
 * (0000–0049 are 2000–2049 to it) and 31 February 3 March. A sunset in the year 0000 (a typo for 2000-something, or a placeholder) is stored as the operation's date column,
 * which PostgreSQL refuses ('date/time field value out of range'): registering such a spec was a 500 there, and on
 * SQLite it made every call a zombie. It is no date, said as a warning at its pointer, as other text that is none.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`a spec sunset before year 1 on ${kind}`, () => {
    let owner: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
    });
    afterAll(() => disconnectDb());

    test('a spec with a sunset before year 1 registers, the date is a warning and no sunset', async () => {
      const res = await callRoute(specsRoute.POST as never, 'POST', '/api/apis/payments/specs?owner=payments', { headers: { ...owner, 'content-type': 'application/yaml' }, body: SPEC, params: { api: 'payments' } });
      expect(res.status).toBe(201);
      expect(res.body.warnings.map((w: { pointer: string }) => w.pointer)).toEqual(['/paths/~1charges/get/x-sunset', '/paths/~1refunds/get/x-sunset', '/paths/~1disputes/get/x-sunset']);
      const ops = await db().operation.findMany({ orderBy: { pathTemplate: 'asc' } });
      // 23:00 two hours behind UTC on the last day of the year 0000 is 01:00 UTC on 1 January of the year 1: a date.
      expect(ops.map((o) => [o.pathTemplate, o.sunsetAt?.toISOString() ?? null])).toEqual([
        ['/balances', '2026-12-01T12:00:00.000Z'],
        ['/charges', null],
        ['/disputes', null],
        ['/payouts', '0001-01-01T01:00:00.000Z'],
        ['/refunds', null],
      ]);
    });
  });
});
