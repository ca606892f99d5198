import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import * as overridesRoute from '../../app/api/overrides/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from './spec-registry-helpers';

const SPEC = paymentsSpec({ '/charges/{chargeId}': 'getCharge', '/refunds/{refundId}': 'getRefund' });

/**
 * A deprecation request names an operation; the endpoint it was filed from is context. A split override deletes
 * stored endpoints (their traffic is templated again by the next ingest): the requests filed from them, pending or
 * decided, stay on the review page with their decision.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`deprecation requests outliving their endpoints on ${kind}`, () => {
    let admin: Record<string, string>, owner: Record<string, string>, governance: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@example.org', 'admin');
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      governance = await sessionHeaders('governance@example.org', 'governance');
      expect((await registerSpec({ apiSlug: 'payments', text: SPEC, ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.test', 'GET', '/v1/charges/{chargeId}', 3), observation('pay.test', 'GET', '/v1/refunds/{refundId}', 2)]);
    });
    afterAll(() => disconnectDb());

    test('a split override removing the endpoints requests were filed from keeps the requests and the decision', async () => {
      const endpointOf = (path: string) => db().endpoint.findFirstOrThrow({ where: { pathTemplate: path } });
      const file = async (path: string) =>
        (await callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: (await endpointOf(path)).id, reason: 'replaced by v2', proposedSunset: '2027-01-31' } })).body.id as string;
      const approved = await file('/v1/charges/{chargeId}');
      const pending = await file('/v1/refunds/{refundId}');
      expect((await callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${approved}/decision`, { headers: governance, json: { decision: 'approve', note: 'callers told' }, params: { id: approved } })).status).toBe(200);

      const split = await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: admin, json: { host: 'pay.test', pattern: '/v1/{kind}/summary', action: 'split' } });
      expect(split.status).toBe(201);
      expect(split.body.removed.length).toBe(2);
      expect(await db().endpoint.count()).toBe(0);

      const review = await callRoute(deprecationsRoute.GET as never, 'GET', '/api/deprecations', { headers: governance });
      expect(review.body.items.map((r: { id: string; status: string; decisionNote: string | null; operation: { path: string; deprecated: boolean } }) => [r.id, r.status, r.decisionNote, r.operation.path, r.operation.deprecated]).sort()).toEqual(
        [[approved, 'approved', 'callers told', '/charges/{chargeId}', true], [pending, 'pending', null, '/refunds/{refundId}', false]].sort(),
      );
      expect((await db().deprecationRequest.findMany({ select: { endpointId: true } })).map((r) => r.endpointId)).toEqual([null, null]);
      // The pending one can still be decided.
      const decided = await callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${pending}/decision`, { headers: governance, json: { decision: 'reject', note: 'still called' }, params: { id: pending } });
      expect(decided.body).toEqual({ status: 'rejected', changed: 0 });
    });
  });
});
