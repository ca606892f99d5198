import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as overridesRoute from '../../app/api/overrides/route';
import * as ownershipRulesRoute from '../../app/api/ownership-rules/route';
import { db, disconnectDb } from '../../lib/db/client';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, paymentsSpec, sessionHeaders } from '../integration/spec-registry-helpers';

/**
 * A server URL without a port names its host on every port (lib/openapi/matcher.ts sameHost): the payments API's
 * `https://pay.test/v1` answers for the rows a mirror of its TLS port stores under `pay.test:8443`. Another team's
 * owner may claim that host with an ownership rule, or hide, merge or delete its endpoints with an override, no more
 * than they may on `pay.test` itself.
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`another port of an API's host and its owner's scope on ${kind}`, () => {
    let payments: Record<string, string>, search: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      payments = await sessionHeaders('pay-owner@example.org', 'owner', ['payments']);
      search = await sessionHeaders('search-owner@example.org', 'owner', ['search']);
      expect((await registerSpec({ apiSlug: 'payments', text: paymentsSpec({ '/charges/{chargeId}': 'getCharge' }), ownerTeam: 'payments', actor: 'system' })).status).toBe('created');
      await ingest([observation('pay.test:8443', 'GET', '/v1/charges/{chargeId}', 3), observation('pay.test:8443', 'GET', '/v1/refunds', 2)]);
    });
    afterAll(() => disconnectDb());

    test("the rows on another port of the payments API's host are the payments team's", async () => {
      const rows = await db().endpoint.findMany({ where: { host: 'pay.test:8443' }, include: { ownerTeam: true }, orderBy: { pathTemplate: 'asc' } });
      expect(rows.map((r) => [r.pathTemplate, r.state, r.ownerTeam?.slug])).toEqual([['/v1/charges/{chargeId}', 'documented', 'payments'], ['/v1/refunds', 'shadow', 'payments']]);
    });

    test("another team's owner may not claim that host:port with an ownership rule", async () => {
      const claim = await callRoute(ownershipRulesRoute.POST as never, 'POST', '/api/ownership-rules', { headers: search, json: { host: 'pay.test:8443', pathPrefix: '/', team: 'search' } });
      expect(claim.status).toBe(403);
      expect(await db().ownershipRule.count()).toBe(0);
    });

    test("another team's owner may not claim the host spelt another way (upper case, the root's dot)", async () => {
      // Before: `PAY.TEST.` was compared as written, named by no API, and stored as the rule for `pay.test` itself.
      for (const host of ['PAY.TEST.', 'pay.test.:8443']) {
        const claim = await callRoute(ownershipRulesRoute.POST as never, 'POST', '/api/ownership-rules', { headers: search, json: { host, pathPrefix: '/', team: 'search' } });
        expect(claim.status, host).toBe(403);
        const override = await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: search, json: { host, pattern: '/v1/refunds', action: 'ignore' } });
        expect(override.status, host).toBe(403);
      }
      expect(await db().ownershipRule.count()).toBe(0);
    });

    test("another team's owner may not add an override on that host:port, even holding a rule for it", async () => {
      // A rule an admin gave the search team earlier (or one claimed before this was checked) does not make the host theirs.
      const team = await db().team.findUniqueOrThrow({ where: { slug: 'search' } });
      await db().ownershipRule.create({ data: { host: 'pay.test:8443', pathPrefix: '/internal', teamId: team.id } });
      for (const action of ['ignore', 'split', 'merge']) {
        const res = await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: search, json: { host: 'pay.test:8443', pattern: action === 'merge' ? '/v1/{x}' : '/v1/charges/x', action } });
        expect(res.status, action).toBe(403);
      }
      expect(await db().pathOverride.count()).toBe(0);
      expect(await db().endpoint.count({ where: { host: 'pay.test:8443', ignoredById: null } })).toBe(2);
    });

    test("the payments team's owner still may", async () => {
      const res = await callRoute(overridesRoute.POST as never, 'POST', '/api/overrides', { headers: payments, json: { host: 'pay.test:8443', pattern: '/v1/refunds', action: 'ignore' } });
      expect(res.status).toBe(201);
    });
  });
});
