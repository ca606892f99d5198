import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from './spec-registry-helpers';

const SPEC = paymentsSpec(Object.fromEntries([0, 1, 2, 3].map((i) => [`/charges${i}/{chargeId}`, `getCharge${i}`])));

/** Two reviewers deciding one request at once: exactly one decision stands, with its one audit event. */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`two decisions on one deprecation request on ${kind}`, () => {
    let owner: Record<string, string>, approver: Record<string, string>, rejecter: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      approver = await sessionHeaders('approver@example.org', 'governance');
      rejecter = await sessionHeaders('rejecter@example.org', 'governance');
      expect((await registerSpec({ apiSlug: 'payments', text: SPEC, ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([0, 1, 2, 3].map((i) => observation('pay.test', 'GET', `/v1/charges${i}/{chargeId}`, 3)));
    });
    afterAll(() => disconnectDb());

    test('an approval and a rejection sent together: one succeeds, the other is told the request is decided', async () => {
      const decide = (id: string, headers: Record<string, string>, decision: string) =>
        callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${id}/decision`, { headers, json: { decision, note: decision }, params: { id } });
      const endpoints = await db().endpoint.findMany({ orderBy: { pathTemplate: 'asc' } });
      expect(endpoints.map((e) => e.state)).toEqual(['documented', 'documented', 'documented', 'documented']);
      for (const endpoint of endpoints) {
        const created = await callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced', proposedSunset: '2026-12-01' } });
        expect(created.status).toBe(201);
        const id: string = created.body.id;
        const answers = await Promise.all([decide(id, approver, 'approve'), decide(id, rejecter, 'reject')]);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 422]);
        const winner = answers.find((a) => a.status === 200)!.body.status as string;
        const loser = answers.find((a) => a.status === 422)!;
        expect(loser.body).toEqual({ error: { code: 'invalid', message: `already ${winner}` } });

        const stored = await db().deprecationRequest.findUniqueOrThrow({ where: { id } });
        expect(stored.status).toBe(winner);
        expect(stored.decisionNote).toBe(winner === 'approved' ? 'approve' : 'reject');
        const operation = await db().operation.findUniqueOrThrow({ where: { id: stored.operationId! } });
        expect(operation.deprecated).toBe(winner === 'approved');
        expect((await db().endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).state).toBe(winner === 'approved' ? 'zombie' : 'documented');
        const audit = await db().auditEvent.findMany({ where: { targetType: 'deprecation', targetId: id } });
        expect(audit.map((a) => a.action)).toEqual([winner === 'approved' ? 'deprecation.approve' : 'deprecation.reject']);
      }
    });
  });
});
