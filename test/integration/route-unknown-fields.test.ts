import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as decisionRoute from '../../app/api/deprecations/[id]/decision/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import * as endpointRoute from '../../app/api/endpoints/[id]/route';
import * as overridesRoute from '../../app/api/overrides/route';
import * as ownershipRulesRoute from '../../app/api/ownership-rules/route';
import * as tokensRoute from '../../app/api/tokens/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from './spec-registry-helpers';

const refused = (...paths: string[]) => ({
  status: 400,
  body: { error: { code: 'invalid_request', message: 'the request does not match the expected shape', details: paths.map((path) => ({ path, message: 'unknown field' })) } },
});

/**
 * A field a change route does not know is a 400 naming it, not dropped: `hostname` for `host` made an admin's
 * ownership rule or `ignore` override one for every host (`*`, the default), `methods` an override for every method,
 * an `expiresAt` a token that never expires, a triage `reason` a triage without its note.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`unknown fields in route bodies on ${kind}`, () => {
    let admin: Record<string, string>, owner: Record<string, string>, gov: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      admin = await sessionHeaders('admin@example.org', 'admin');
      owner = await sessionHeaders('owner@example.org', 'owner', ['payments']);
      gov = await sessionHeaders('gov@example.org', 'governance');
      expect((await registerSpec({ apiSlug: 'payments', text: paymentsSpec({ '/charges': 'listCharges' }), ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.test', 'GET', '/v1/charges', 3), observation('pay.test', 'GET', '/health', 3)]);
    });
    afterAll(() => disconnectDb());

    test('ownership rules and overrides', async () => {
      expect(await callRoute(ownershipRulesRoute.POST as never, 'POST', '/api/ownership-rules', { headers: admin, json: { hostname: 'pay.test', pathPrefix: '/internal', team: 'payments' } })).toEqual(refused('hostname'));
      expect(await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: admin, json: { hostname: 'pay.test', methods: ['GET'], pattern: '/health', action: 'ignore' } })).toEqual(refused('hostname', 'methods'));
      expect(await db().ownershipRule.count()).toBe(0);
      expect(await db().pathOverride.count()).toBe(0);
      expect(await db().endpoint.count({ where: { ignoredById: { not: null } } })).toBe(0);
    });

    test('tokens, triage, deprecation requests and decisions', async () => {
      expect(await callRoute(tokensRoute.POST as never, 'POST', '/api/tokens', { headers: admin, json: { name: 'ci', scopes: ['read'], expiresAt: '2027-01-01' } })).toEqual(refused('expiresAt'));
      expect(await db().apiToken.count()).toBe(0);

      const endpoint = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/charges' } });
      expect(await callRoute(endpointRoute.PATCH as never, 'PATCH', `/api/endpoints/${endpoint.id}`, { headers: owner, json: { triage: 'ignored', reason: 'a probe' }, params: { id: endpoint.id } })).toEqual(refused('reason'));
      expect((await db().endpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).triage).toBe('new');

      const file = (json: object) => callRoute(deprecationsRoute.POST as never, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced', proposedSunset: '2027-06-30', ...json } });
      expect(await file({ sunset: '2027-01-01' })).toEqual(refused('sunset'));
      const filed = await file({});
      expect(filed.status).toBe(201);
      const id = filed.body.id as string;
      expect(await callRoute(decisionRoute.POST as never, 'POST', `/api/deprecations/${id}/decision`, { headers: gov, json: { decision: 'approve', note: 'ok', sunset: '2027-01-01' }, params: { id } })).toEqual(refused('sunset'));
      expect((await db().deprecationRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    });
  });
});
