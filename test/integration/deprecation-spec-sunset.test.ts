import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

// A sunset the spec announces (x-sunset, no `deprecated`), and an operation the spec already deprecates.
const SPEC = `openapi: 3.0.3
info: { title: Payments, version: 1.0.0 }
servers: [{ url: 'https://pay.test/v1' }]
paths:
  /charges:
    get: { operationId: listCharges, x-sunset: '2027-06-30', responses: { '200': { description: ok } } }
  /refunds:
    get: { operationId: listRefunds, deprecated: true, x-sunset: '2027-09-30', responses: { '200': { description: ok } } }
`;

/**
 * The spec is the contract callers read: a deprecation request cannot move the sunset it publishes, nor deprecate
 * again what it already deprecates (approving one overwrote the spec's sunset with the one proposed).
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`deprecation requests for operations their spec deprecates on ${kind}`, () => {
    let owner: Record<string, string>, governance: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      governance = await sessionHeaders('governance@example.org', 'governance');
      expect((await registerSpec({ apiSlug: 'payments', text: SPEC, ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.test', 'GET', '/v1/charges', 3), observation('pay.test', 'GET', '/v1/refunds', 2)]);
    });
    afterAll(() => disconnectDb());

    const file = async (path: string, proposedSunset: string) => {
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: path } });
      return callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced by v2', proposedSunset } });
    };

    test('an operation its spec already deprecates cannot be requested again', async () => {
      expect(await file('/v1/refunds', '2030-01-01')).toEqual({
        status: 422,
        body: { error: { code: 'invalid', message: 'GET /refunds is already deprecated (sunset 2027-09-30) in its spec or by an approved request' } },
      });
      expect(await db().deprecationRequest.count()).toBe(0);
    });

    test("a sunset other than the one the spec publishes is refused; the spec's own is filed, and approving keeps it", async () => {
      expect(await file('/v1/charges', '2030-01-01')).toEqual({
        status: 422,
        body: { error: { code: 'invalid', message: 'the spec of GET /charges sets its sunset to 2027-06-30: propose that date, or change the spec' } },
      });
      const filed = await file('/v1/charges', '2027-06-30');
      expect(filed.status).toBe(201);
      const decided = await callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${filed.body.id}/decision`, { headers: governance, json: { decision: 'approve', note: 'ok' }, params: { id: filed.body.id } });
      expect(decided.status).toBe(200);
      const operation = await db().operation.findFirstOrThrow({ where: { pathTemplate: '/charges' }, select: { deprecated: true, sunsetAt: true } });
      expect(operation).toEqual({ deprecated: true, sunsetAt: new Date('2027-06-30T00:00:00Z') });
    });
  });
});
