import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import * as deprecationsRoute from '../../app/api/deprecations/route';
import * as endpointRoute from '../../app/api/endpoints/[id]/route';
import * as overridesRoute from '../../app/api/overrides/route';
import * as overrideRoute from '../../app/api/overrides/[id]/route';
import * as ownershipRuleRoute from '../../app/api/ownership-rules/[id]/route';
import * as ownershipRulesRoute from '../../app/api/ownership-rules/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { isRefusal } from '../../lib/http/other-methods';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from '../integration/spec-registry-helpers';

/**
 * The team half of the RBAC matrix (the role half is test/integration/rbac-routes.test.ts): every state-changing
 * route that targets something a team owns, called by the owner of that team, the owner of another team, an owner
 * with no team, governance and an admin, against real fixtures. Every state-changing route must be classified
 * here, so a new one cannot skip the question "whose is it?".
 */
type Caller = 'own-owner' | 'other-owner' | 'teamless-owner' | 'governance' | 'admin';
const CALLERS: Caller[] = ['other-owner', 'teamless-owner', 'governance', 'own-owner', 'admin'];

/** State-changing routes whose target is not a team's (with why), checked only by role in rbac-routes.test.ts. */
const NOT_TEAM_SCOPED: Record<string, string> = {
  'POST /api/ingest': 'collector traffic; admin or ingest token only',
  'POST /api/otlp/v1/traces': 'collector traffic; admin or ingest token only',
  'POST /api/tokens': 'admin only',
  'DELETE /api/tokens/[id]': 'admin only',
  'POST /api/deprecations/[id]/decision': 'governance and admin only, across all teams by design',
  'POST /api/apis/[api]/specs/preview': 'changes nothing: a dry run of the upload, refused as the upload is (test/integration/spec-registry.test.ts)',
  'POST /api/me/sessions/revoke': "the caller's own sessions only",
  'POST /api/users/[id]/sessions/revoke': 'admin only',
  'POST /api/users/[id]/disable': 'admin only (test/integration/users-api.test.ts)',
  'POST /api/users/[id]/enable': 'admin only (test/integration/users-api.test.ts)',
  'POST /api/alerts/[id]/retry': 'admin only (alert:retry; test/integration/alert-retry.test.ts)',
};

const SPEC = paymentsSpec({ '/charges/{chargeId}': 'getCharge' });

interface Fixture { endpointId: string; operationId: string; overrideId: string; ruleId: string; teamId: string }
const TEAM_OF: Record<Caller, string> = { 'own-owner': 'payments', 'other-owner': 'search', 'teamless-owner': 'payments', governance: 'payments', admin: 'payments' };
type Attempt = (headers: Record<string, string>, f: Fixture, caller: Caller) => Promise<{ status: number; body: unknown }>;

/** Route → how to call it on the payments team's target, and which callers may. */
const TEAM_SCOPED: Record<string, { allowed: Caller[]; call: Attempt; audit: string }> = {
  'POST /api/apis/[api]/specs': {
    allowed: ['own-owner', 'admin'],
    audit: 'spec.register',
    call: (headers, _f, caller) => callRoute(specsRoute.POST, 'POST', `/api/apis/payments/specs?version=${caller}`, { headers: { ...headers, 'content-type': 'application/yaml' }, body: SPEC.replace('version: 1.0.0', `version: 1.0.0-${caller}`), params: { api: 'payments' } }),
  },
  'PATCH /api/endpoints/[id]': {
    allowed: ['own-owner', 'governance', 'admin'],
    audit: 'endpoint.triage',
    call: (headers, f) => callRoute(endpointRoute.PATCH, 'PATCH', `/api/endpoints/${f.endpointId}`, { headers, json: { triage: 'acknowledged', note: 'known' }, params: { id: f.endpointId } }),
  },
  'POST /api/overrides': {
    allowed: ['own-owner', 'admin'],
    audit: 'override.create',
    call: (headers, _f, caller) => callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers, json: { host: 'pay.test', method: 'GET', pattern: `/v1/${caller}/{id}`, action: 'ignore' } }),
  },
  'DELETE /api/overrides/[id]': {
    allowed: ['own-owner', 'admin'],
    audit: 'override.delete',
    call: async (headers, f, caller) => {
      // Each allowed caller deletes its own fresh copy; the refused ones try the fixture's.
      const id = caller === 'admin' ? (await db().pathOverride.create({ data: { host: 'pay.test', method: '*', pattern: '/v1/spare-admin', action: 'ignore' } })).id : f.overrideId;
      return callRoute(overrideRoute.DELETE, 'DELETE', `/api/overrides/${id}`, { headers, params: { id } });
    },
  },
  'POST /api/ownership-rules': {
    // Everyone tries to claim a prefix of the payments API's host for their own team (payments when they have none).
    allowed: ['own-owner', 'admin'],
    audit: 'ownership.create',
    call: (headers, _f, caller) => callRoute(ownershipRulesRoute.POST, 'POST', '/api/ownership-rules', { headers, json: { host: 'pay.test', pathPrefix: `/v1/${caller}`, team: TEAM_OF[caller] } }),
  },
  'DELETE /api/ownership-rules/[id]': {
    allowed: ['own-owner', 'admin'],
    audit: 'ownership.delete',
    call: async (headers, f, caller) => {
      const id = caller === 'admin' ? (await db().ownershipRule.create({ data: { host: 'pay.test', pathPrefix: '/v1/spare-admin', teamId: f.teamId } })).id : f.ruleId;
      return callRoute(ownershipRuleRoute.DELETE, 'DELETE', `/api/ownership-rules/${id}`, { headers, params: { id } });
    },
  },
  'POST /api/deprecations': {
    allowed: ['own-owner', 'admin'],
    audit: 'deprecation.request',
    call: async (headers, f) => {
      // One pending request per operation: each caller files against an operation with none pending.
      await db().deprecationRequest.deleteMany({ where: { operationId: f.operationId } });
      return callRoute(deprecationsRoute.POST, 'POST', '/api/deprecations', { headers, json: { operationId: f.operationId, reason: 'replaced by v2', proposedSunset: '2027-06-30' } });
    },
  },
};

const APP_API = join(import.meta.dirname, '../../app/api');
function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === 'route.ts' ? [p] : [];
  });
}

test('every state-changing route is classified as team-scoped or not', async () => {
  const changing: string[] = [];
  for (const file of routeFiles(APP_API)) {
    const route = `/api/${relative(APP_API, file).replace(/\/?route\.ts$/, '')}`;
    // next-auth's own endpoints, and the JSON 404 for paths no route serves.
    if (route.startsWith('/api/auth/') || route === '/api/[[...path]]') continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) if (typeof mod[m] === 'function' && !isRefusal(mod[m])) changing.push(`${m} ${route}`);
  }
  expect(changing.sort()).toEqual([...Object.keys(TEAM_SCOPED), ...Object.keys(NOT_TEAM_SCOPED)].sort());
});

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`owner of this team vs owner of another team (${kind})`, () => {
    const headers = new Map<Caller, Record<string, string>>();
    const fixture = {} as Fixture;

    beforeAll(async () => {
      await useFreshDatabase(kind);
      headers.set('own-owner', await sessionHeaders('owner@payments.test', 'owner', ['payments']));
      headers.set('other-owner', await sessionHeaders('owner@search.test', 'owner', ['search']));
      headers.set('teamless-owner', await sessionHeaders('owner@nowhere.test', 'owner'));
      headers.set('governance', await sessionHeaders('gov@corp.test', 'governance'));
      headers.set('admin', await sessionHeaders('admin@corp.test', 'admin'));
      const registered = await registerSpec({ apiSlug: 'payments', text: SPEC, ownerTeam: 'payments', actor: 'system' });
      expect(registered.status).toBe('created');
      await ingest([observation('pay.test', 'GET', '/v1/charges/{chargeId}', 5)]);
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { host: 'pay.test' } });
      expect(endpoint.ownerTeamId).toBe((await db().team.findUniqueOrThrow({ where: { slug: 'payments' } })).id);
      fixture.endpointId = endpoint.id;
      fixture.operationId = (await db().operation.findFirstOrThrow({ where: { operationId: 'getCharge' } })).id;
      fixture.overrideId = (await db().pathOverride.create({ data: { host: 'pay.test', method: '*', pattern: '/v1/spare', action: 'ignore' } })).id;
      fixture.teamId = endpoint.ownerTeamId!;
      fixture.ruleId = (await db().ownershipRule.create({ data: { host: 'pay.test', pathPrefix: '/v1/spare', teamId: fixture.teamId } })).id;
    });
    afterAll(() => disconnectDb());

    test('owners cannot claim every host (*), nor add overrides for every host; admins can', async () => {
      const own = headers.get('own-owner')!;
      const claimAll = await callRoute(ownershipRulesRoute.POST, 'POST', '/api/ownership-rules', { headers: own, json: { host: '*', pathPrefix: '/', team: 'payments' } });
      const overrideAll = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: own, json: { host: '*', pattern: '/health', action: 'ignore' } });
      expect([claimAll.status, overrideAll.status]).toEqual([403, 403]);
      const admin = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: headers.get('admin')!, json: { host: '*', pattern: '/health', action: 'ignore' } });
      expect(admin.status).toBe(201);
    });

    test("an owner cannot take another team's host by naming it in a spec's servers; the host's own team can", async () => {
      await ingest([observation('pay.test', 'GET', '/v1/internal/reconcile', 3)]);
      const evil = (server: string) => SPEC.replace("'https://pay.test/v1'", `'${server}'`).replace('/charges/{chargeId}', '/internal/reconcile');
      const upload = (caller: Caller, api: string, server: string, team: string) =>
        callRoute(specsRoute.POST, 'POST', `/api/apis/${api}/specs?owner=${team}`, { headers: { ...headers.get(caller)!, 'content-type': 'application/yaml' }, body: evil(server), params: { api } });
      const other = await Promise.all(['https://pay.test/v1', 'https://PAY.test:8443/v1', '/v1'].map(async (server) => (await upload('other-owner', 'evil', server, 'search')).status));
      expect(other).toEqual([403, 403, 403]);
      expect(await db().api.findUnique({ where: { slug: 'evil' } })).toBeNull();
      const shadow = await db().endpoint.findFirstOrThrow({ where: { host: 'pay.test', pathTemplate: '/v1/internal/reconcile' } });
      expect([shadow.state, shadow.ownerTeamId]).toEqual(['shadow', fixture.teamId]);
      // The host's own team may add a second API on it.
      expect((await upload('own-owner', 'payments-internal', 'https://pay.test/v1', 'payments')).status).toBe(201);
    });

    test("an owner cannot take another team's host with path- or operation-level servers either", async () => {
      await ingest([observation('pay.test', 'GET', '/v1/internal/refunds', 2)]);
      // The document's server is the owner's own; the path item (or its operation) claims pay.test, which the matcher uses.
      const spec = (level: 'path' | 'operation', server: string) => `openapi: 3.0.3
info: { title: Sneaky, version: 1.0.0 }
servers: [{ url: 'https://search-own.test' }]
paths:
  /v1/internal/refunds:
${level === 'path' ? `    servers: [{ url: '${server}' }]\n` : ''}    get:
${level === 'operation' ? `      servers: [{ url: '${server}' }]\n` : ''}      operationId: listRefunds
      responses: { '200': { description: ok } }
`;
      const upload = (api: string, body: string) =>
        callRoute(specsRoute.POST, 'POST', `/api/apis/${api}/specs?owner=search`, { headers: { ...headers.get('other-owner')!, 'content-type': 'application/yaml' }, body, params: { api } });
      const outcomes = [];
      for (const [api, body] of [['sneaky-path', spec('path', 'https://pay.test')], ['sneaky-op', spec('operation', 'https://pay.test')], ['sneaky-rel', spec('operation', '/')]] as const) {
        const res = await upload(api, body);
        outcomes.push(res.status);
        expect(await db().api.findUnique({ where: { slug: api } })).toBeNull();
      }
      expect(outcomes).toEqual([403, 403, 403]);
      const shadow = await db().endpoint.findFirstOrThrow({ where: { host: 'pay.test', pathTemplate: '/v1/internal/refunds' } });
      expect([shadow.state, shadow.ownerTeamId]).toEqual(['shadow', fixture.teamId]);
      // Its own hosts, at any level, are the owner's to name.
      expect((await upload('search-own', spec('operation', 'https://search-only.test'))).status).toBe(201);
    });

    test('a host shared by two teams\' APIs is changed host-wide by admins only; a host an ownership rule gives a team is that team\'s', async () => {
      const shared = (api: string) => SPEC.replace("'https://pay.test/v1'", `'https://shared.test/${api}'`);
      expect((await registerSpec({ apiSlug: 'cart', text: shared('cart'), ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      // An admin may register a host another team answers for, for any team.
      const shop = await callRoute(specsRoute.POST, 'POST', '/api/apis/shop/specs?owner=search', { headers: { ...headers.get('admin')!, 'content-type': 'application/yaml' }, body: shared('shop'), params: { api: 'shop' } });
      expect(shop.status).toBe(201);
      const override = (caller: Caller, host: string) => callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: headers.get(caller)!, json: { host, pattern: `/${caller}/{id}`, action: 'ignore' } });
      expect([(await override('own-owner', 'shared.test')).status, (await override('other-owner', 'shared.test')).status, (await override('admin', 'shared.test')).status]).toEqual([403, 403, 201]);
      await db().ownershipRule.create({ data: { host: 'ruled.test', pathPrefix: '/', teamId: fixture.teamId } });
      const claim = await callRoute(specsRoute.POST, 'POST', '/api/apis/ruled/specs?owner=search', {
        headers: { ...headers.get('other-owner')!, 'content-type': 'application/yaml' },
        body: SPEC.replace("'https://pay.test/v1'", "'https://ruled.test'"),
        params: { api: 'ruled' },
      });
      expect([claim.status, (await override('other-owner', 'ruled.test')).status, (await override('own-owner', 'ruled.test')).status]).toEqual([403, 403, 201]);
    });

    for (const [route, rule] of Object.entries(TEAM_SCOPED)) {
      test(`${route}: ${rule.allowed.join(', ')} may; the others get 403 and change nothing`, async () => {
        const outcomes: Record<string, number> = {};
        for (const caller of CALLERS) {
          const before = await db().auditEvent.count({ where: { action: rule.audit } });
          const res = await rule.call(headers.get(caller)!, fixture, caller);
          outcomes[caller] = res.status;
          const after = await db().auditEvent.count({ where: { action: rule.audit } });
          // Every change leaves an audit event; a refusal leaves none.
          expect(after - before, `${caller}: audit events for ${rule.audit}`).toBe(rule.allowed.includes(caller) ? 1 : 0);
        }
        const expected = Object.fromEntries(CALLERS.map((c) => [c, rule.allowed.includes(c) ? 'ok' : 403]));
        expect(Object.fromEntries(Object.entries(outcomes).map(([c, s]) => [c, s >= 200 && s < 300 ? 'ok' : s]))).toEqual(expected);
      });
    }
  });
}
