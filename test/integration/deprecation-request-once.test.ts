import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import { db, disconnectDb } from '../../lib/db/client';
import { INGEST_LOCK } from '../../lib/db/ingest';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from './spec-registry-helpers';

const SPEC = paymentsSpec({ '/charges/{chargeId}': 'getCharge' });

/** One pending deprecation request per operation, however many times (and however fast) the form is sent. */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`one pending deprecation request per operation on ${kind}`, () => {
    let owner: Record<string, string>, colleague: Record<string, string>, governance: Record<string, string>;
    let url: string;
    beforeAll(async () => {
      url = await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      colleague = await sessionHeaders('colleague@example.org', 'owner', ['payments']);
      governance = await sessionHeaders('governance@example.org', 'governance');
      expect((await registerSpec({ apiSlug: 'payments', text: SPEC, ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.test', 'GET', '/v1/charges/{chargeId}', 3)]);
    });
    afterAll(() => disconnectDb());

    test('a request sent twice at once, and again later, leaves one pending request; once decided, a new one may be filed', async () => {
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/charges/{chargeId}' } });
      const file = (headers: Record<string, string>, proposedSunset: string) =>
        callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers, json: { endpointId: endpoint.id, reason: 'replaced by v2', proposedSunset } });
      const together = await Promise.all([file(owner, '2027-01-31'), file(owner, '2027-01-31')]);
      expect(together.map((r) => r.status).sort()).toEqual([201, 422]);
      const id: string = together.find((r) => r.status === 201)!.body.id;
      const message = `a deprecation request for GET /charges/{chargeId} is already pending review (${id})`;
      expect(together.find((r) => r.status === 422)!.body).toEqual({ error: { code: 'invalid', message } });
      expect(await file(colleague, '2027-06-30')).toEqual({ status: 422, body: { error: { code: 'invalid', message } } });
      expect((await db().deprecationRequest.findMany()).map((r) => r.id)).toEqual([id]);
      expect(await db().auditEvent.count({ where: { action: 'deprecation.request' } })).toBe(1);

      const rejected = await callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${id}/decision`, { headers: governance, json: { decision: 'reject', note: 'callers remain' }, params: { id } });
      expect(rejected.status).toBe(200);
      const again = await file(colleague, '2027-06-30');
      expect(again.status).toBe(201);
      expect((await db().deprecationRequest.findMany({ orderBy: { createdAt: 'asc' } })).map((r) => [r.id, r.status])).toEqual([[id, 'rejected'], [again.body.id, 'pending']]);
    });

    test.skipIf(kind !== 'postgres')('a request filed while an ingest holds the inventory lock for longer than 5 s waits for it, then is filed', { timeout: 60_000 }, async () => {
      await ingest([observation('pay.test', 'GET', '/v1/refunds/{refundId}', 1)]);
      expect((await registerSpec({ apiSlug: 'payments', text: paymentsSpec({ '/charges/{chargeId}': 'getCharge', '/refunds/{refundId}': 'getRefund' }), ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/refunds/{refundId}' } });
      // Another process (a CLI ingest) in the middle of a long batch; PostgreSQL only, as in triage-audit.test.ts.
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      await other.query(`SELECT pg_advisory_lock(${INGEST_LOCK})`);
      const filed = callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced by v2', proposedSunset: '2027-03-31' } });
      await new Promise((r) => setTimeout(r, 6_000));
      await other.end();
      expect((await filed).status).toBe(201);
    });
  });
});
