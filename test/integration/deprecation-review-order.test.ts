import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from './spec-registry-helpers';

const PATHS = ['/a', '/b', '/c', '/d'];

/**
 * The Reviews page lists what GET /api/deprecations gives, in its order: requests awaiting a decision first (newest
 * first), then the decided ones, newest first. Sorted by the status's name, approved requests came before the
 * pending ones, and a reviewer scrolled past every past approval to find what was left to decide.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`the deprecation review order on ${kind}`, () => {
    let owner: Record<string, string>, gov: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      gov = await sessionHeaders('gov@example.org', 'governance');
      expect((await registerSpec({ apiSlug: 'payments', text: paymentsSpec(Object.fromEntries(PATHS.map((p) => [p, `op${p.slice(1)}`]))), ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest(PATHS.map((p) => observation('pay.test', 'GET', `/v1${p}`, 1)));
    });
    afterAll(() => disconnectDb());

    test('pending requests first, then the decided ones', async () => {
      const ids: Record<string, string> = {};
      for (const [path, decision] of [['/a', 'approve'], ['/b', undefined], ['/c', 'reject'], ['/d', undefined]] as const) {
        const endpoint = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: `/v1${path}` } });
        const filed = await callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced', proposedSunset: '2027-01-31' } });
        expect(filed.status).toBe(201);
        ids[path] = filed.body.id;
        if (decision) expect((await callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${filed.body.id}/decision`, { headers: gov, json: { decision, note: 'ok' }, params: { id: filed.body.id } })).status).toBe(200);
        // Distinct creation times, so "newest first" has one answer on either database.
        await new Promise((r) => setTimeout(r, 5));
      }
      const listed = await callRoute(deprecationsRoute.GET as never, 'GET', '/api/deprecations', { headers: gov });
      expect(listed.body.items.map((i: { operation: { path: string }; status: string }) => [i.operation.path, i.status])).toEqual([
        ['/d', 'pending'],
        ['/b', 'pending'],
        ['/c', 'rejected'],
        ['/a', 'approved'],
      ]);
    });
  });
});
