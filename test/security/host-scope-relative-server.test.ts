import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import * as overridesRoute from '../../app/api/overrides/route';
import * as ownershipRulesRoute from '../../app/api/ownership-rules/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from '../integration/spec-registry-helpers';

/**
 * A spec whose only server is relative (`/v1`, as Gitea's `/api/v1`) names no host: it serves whichever host its
 * traffic reaches. The host its endpoints are stored on answers to its team all the same: until 6 Dec no API was
 * counted for it, so another team's owner could claim it with an ownership rule and then hide, merge or delete the
 * API's documented endpoints with overrides, while the API's own owner was refused.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`a relative server's host and its owner's scope on ${kind}`, () => {
    let payments: Record<string, string>, search: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      payments = await sessionHeaders('pay-owner@example.org', 'owner', ['payments']);
      search = await sessionHeaders('search-owner@example.org', 'owner', ['search']);
      const relative = paymentsSpec({ '/charges/{chargeId}': 'getCharge' }).replace("url: 'https://pay.test/v1'", "url: '/v1'");
      expect((await registerSpec({ apiSlug: 'payments', text: relative, ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.internal', 'GET', '/v1/charges/{chargeId}', 3)]);
    });
    afterAll(() => disconnectDb());

    test("the API's endpoints on the host its traffic reached are the payments team's", async () => {
      const rows = await db().endpoint.findMany({ where: { host: 'pay.internal' }, include: { ownerTeam: true } });
      expect(rows.map((r) => [r.pathTemplate, r.state, r.ownerTeam?.slug])).toEqual([['/v1/charges/{chargeId}', 'documented', 'payments']]);
    });

    test("another team's owner may not claim that host with an ownership rule", async () => {
      const claim = await callRoute(ownershipRulesRoute.POST as never, 'POST', '/api/ownership-rules', { headers: search, json: { host: 'pay.internal', pathPrefix: '/', team: 'search' } });
      expect(claim.status).toBe(403);
      expect(await db().ownershipRule.count()).toBe(0);
    });

    test("another team's owner may not hide the API's endpoints there, even holding a rule for the host", async () => {
      const team = await db().team.findUniqueOrThrow({ where: { slug: 'search' } });
      await db().ownershipRule.create({ data: { host: 'pay.internal', pathPrefix: '/internal', teamId: team.id } });
      const res = await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: search, json: { host: 'pay.internal', pattern: '/v1/charges/*', action: 'ignore' } });
      expect(res.status).toBe(403);
      expect(await db().endpoint.count({ where: { host: 'pay.internal', ignoredById: null } })).toBe(1);
    });

    test("another team's owner may not register a spec naming that host, whose server would take the API's endpoints", async () => {
      const spec = paymentsSpec({ '/charges/{chargeId}': 'getCharge' }).replace('https://pay.test/v1', 'https://pay.internal/v1');
      const res = await callRoute(pushSpec, 'POST', '/api/apis/search/specs?owner=search', { headers: { ...search, 'content-type': 'application/yaml' }, body: spec, params: { api: 'search' } });
      expect(res.status).toBe(403);
      expect(await db().api.count({ where: { slug: 'search' } })).toBe(0);
    });

    test("the payments team's owner may", async () => {
      const res = await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: payments, json: { host: 'pay.internal', pattern: '/v1/health', action: 'ignore' } });
      expect(res.status).toBe(201);
    });
  });
});
