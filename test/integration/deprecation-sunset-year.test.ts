import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from './spec-registry-helpers';

/**
 * `YYYY-MM-DD` admits the year 0000, which PostgreSQL has no date for ('date/time field value out of range'): a
 * request proposing it was a 500 there and filed on SQLite. It is a 400 naming the field on both.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`proposed sunsets near year 1 on ${kind}`, () => {
    let owner: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      expect((await registerSpec({ apiSlug: 'payments', text: paymentsSpec({ '/charges': 'listCharges' }), ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.test', 'GET', '/v1/charges', 3)]);
    });
    afterAll(() => disconnectDb());

    const file = async (proposedSunset: string) => {
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/charges' } });
      return callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced by v2', proposedSunset } });
    };

    test('a sunset in the year 0000 is a 400 naming proposedSunset, and nothing is filed', async () => {
      expect(await file('0000-12-31')).toEqual({
        status: 400,
        body: { error: { code: 'invalid_request', message: 'the request does not match the expected shape', details: [{ path: 'proposedSunset', message: 'must be in year 1 or later' }] } },
      });
      expect(await db().deprecationRequest.count()).toBe(0);
      expect(await db().auditEvent.count({ where: { action: 'deprecation.request' } })).toBe(0);
    });

    test('the first day of year 1 is filed', async () => {
      expect((await file('0001-01-01')).status).toBe(201);
      expect((await db().deprecationRequest.findFirstOrThrow()).proposedSunset?.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    });
  });
});
