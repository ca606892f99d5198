import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as endpointRoute from '../../app/api/endpoints/[id]/route';
import * as endpointsRoute from '../../app/api/endpoints/route';
import * as overrideRoute from '../../app/api/overrides/[id]/route';
import * as overridesRoute from '../../app/api/overrides/route';
import * as ruleRoute from '../../app/api/ownership-rules/[id]/route';
import * as rulesRoute from '../../app/api/ownership-rules/route';
import { db, disconnectDb } from '../../lib/db/client';
import { loadOverrides } from '../../lib/db/overrides';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, sessionHeaders } from './spec-registry-helpers';

const HOST = 'shop.example.com';

async function idOf(path: string, method = 'GET') {
  return (await db().endpoint.findUniqueOrThrow({ where: { host_method_pathTemplate: { host: HOST, method, pathTemplate: path } } })).id;
}

async function dailyOf(path: string) {
  const rows = await db().endpointDailyStat.findMany({ where: { endpointId: await idOf(path) }, orderBy: { day: 'asc' } });
  return rows.map((r) => [r.day, Number(r.requests), Number(r.unauthenticated)]);
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`overrides and triage on ${kind}`, () => {
    let owner: Record<string, string>;
    let governance: Record<string, string>;
    let outsider: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@shop.test', 'owner', ['shop']);
      governance = await sessionHeaders('gov@shop.test', 'governance');
      outsider = await sessionHeaders('owner@else.test', 'owner', ['else']);
      await db().ownershipRule.create({ data: { host: HOST, pathPrefix: '/', teamId: (await db().team.findUniqueOrThrow({ where: { slug: 'shop' } })).id } });
      await ingest([
        observation(HOST, 'GET', '/carts/alpha/items', 5, { day: '2026-11-19' }),
        observation(HOST, 'GET', '/carts/beta/items', 7, { day: '2026-11-20', anonymous2xx: 2 }),
        observation(HOST, 'GET', '/carts/gamma', 3, { day: '2026-11-20' }),
        observation(HOST, 'GET', '/health', 50),
      ]);
    });
    afterAll(() => disconnectDb());

    test('triage is kept per endpoint, only by its team, governance or an admin, and survives re-ingest', async () => {
      const id = await idOf('/carts/beta/items');
      const denied = await callRoute(endpointRoute.PATCH, 'PATCH', `/api/endpoints/${id}`, { headers: outsider, json: { triage: 'adopted' }, params: { id } });
      expect(denied.status).toBe(403);
      const bad = await callRoute(endpointRoute.PATCH, 'PATCH', `/api/endpoints/${id}`, { headers: owner, json: { triage: 'maybe' }, params: { id } });
      expect(bad.status).toBe(400);
      const ok = await callRoute(endpointRoute.PATCH, 'PATCH', `/api/endpoints/${id}`, { headers: owner, json: { triage: 'acknowledged', note: 'beta carts, ticket SHOP-12' }, params: { id } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ id, triage: 'acknowledged', triageNote: 'beta carts, ticket SHOP-12' });
      await ingest([observation(HOST, 'GET', '/carts/beta/items', 1)]);
      const row = await db().endpoint.findUniqueOrThrow({ where: { id } });
      expect([row.triage, row.triageNote, Number(row.requestCount)]).toEqual(['acknowledged', 'beta carts, ticket SHOP-12', 8]);
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'endpoint.triage' } });
      expect(audit.summary).toBe('GET shop.example.com/carts/beta/items: new → acknowledged (beta carts, ticket SHOP-12)');
    });

    test('a merge override folds stored endpoints into one row, summing counts and daily stats exactly and keeping triage', async () => {
      const res = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: owner, json: { host: HOST, pattern: '/carts/{cartId}', action: 'merge' } });
      expect(res.status).toBe(201);
      expect(await endpointRows(HOST)).toEqual([
        { host: HOST, method: 'GET', path: '/carts/{cartId}', state: 'shadow', requests: 3, triage: 'new', ignored: false },
        { host: HOST, method: 'GET', path: '/carts/{cartId}/items', state: 'shadow', requests: 13, triage: 'acknowledged', ignored: false },
        { host: HOST, method: 'GET', path: '/health', state: 'shadow', requests: 50, triage: 'new', ignored: false },
      ]);
      expect(await dailyOf('/carts/{cartId}/items')).toEqual([
        ['2026-11-19', 5, 0],
        ['2026-11-20', 8, 2],
      ]);
      const folded = await db().endpoint.findUniqueOrThrow({ where: { id: await idOf('/carts/{cartId}/items') } });
      expect([folded.statusCounts, folded.authCounts, (folded.evidence as { unauthenticated2xx: number }).unauthenticated2xx]).toEqual([{ '200': 13 }, { 'bearer-jwt': 11, none: 2 }, 2]);
      // Until 7 Dec the event read as the row is stored, `merge * shop.example.com/carts/{cartId}`, naming nothing folded.
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'override.create', targetId: res.body.override.id } });
      expect(audit.summary).toBe('merged /carts/gamma into /carts/{cartId}; /carts/alpha/items, /carts/beta/items into /carts/{cartId}/items on shop.example.com, every method');
    });

    test('traffic ingested later without the override still lands on the merged row', async () => {
      await ingest([observation(HOST, 'GET', '/carts/delta/items', 4, { day: '2026-11-21' })]);
      const items = (await endpointRows(HOST)).filter((r) => r.path.endsWith('/items'));
      expect(items).toEqual([{ host: HOST, method: 'GET', path: '/carts/{cartId}/items', state: 'shadow', requests: 17, triage: 'acknowledged', ignored: false }]);
      expect(await dailyOf('/carts/{cartId}/items')).toEqual([
        ['2026-11-19', 5, 0],
        ['2026-11-20', 8, 2],
        ['2026-11-21', 4, 0],
      ]);
    });

    test('a split of paths a merge covers (or a merge of split ones) is refused with 409 naming the override there, in either order', async () => {
      const post = (json: Record<string, string>) => callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: owner, json: { host: HOST, ...json } });
      const before = await db().pathOverride.count();
      // The merge of /carts/{cartId} on all methods, from the test above: GET paths are among them, whatever the name.
      // Named as the page lists overrides (overrideLabel): until 7 Dec 'of * shop.example.com/…', the * read as a path.
      const split = await post({ method: 'GET', pattern: 'carts/{id}', action: 'split' });
      expect([split.status, split.body.error?.code]).toEqual([409, 'conflict']);
      expect(split.body.error.message).toBe('a merge override of shop.example.com/carts/{cartId}, any method (added by owner@shop.test) already exists and says the opposite; delete it first to split these paths');
      expect(split.body.error.details.existing).toBe((await db().pathOverride.findFirstOrThrow({ where: { action: 'merge' } })).id);
      const again = await post({ pattern: '/carts/{cartId}', action: 'merge' });
      expect([again.status, again.body.error?.message]).toEqual([409, 'a merge override of shop.example.com/carts/{cartId}, any method (added by owner@shop.test) already exists']);
      // The same merge with its parameter named otherwise (or `*`) names the same paths: until 7 Dec both were kept,
      // the list showed two merges, and the stored template took whichever name came last.
      for (const pattern of ['/carts/{id}', '/carts/*']) {
        const renamed = await post({ pattern, action: 'merge' });
        expect([renamed.status, renamed.body.error?.message]).toEqual([409, 'a merge override of shop.example.com/carts/{cartId}, any method (added by owner@shop.test) already exists for the same paths']);
      }
      expect(await db().pathOverride.count()).toBe(before);
      // Near misses, accepted: another pattern (a literal kept out of the merge), another host; and the other order.
      const admin = await sessionHeaders('admin@overrides.test', 'admin');
      const other = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: admin, json: { host: 'else.example.com', method: 'GET', pattern: '/carts/{id}', action: 'split' } });
      expect(other.status).toBe(201);
      const splitFirst = await post({ method: 'GET', pattern: '/orders/{orderId}', action: 'split' });
      expect(splitFirst.status).toBe(201);
      const merge = await post({ method: 'GET', pattern: '/orders/*', action: 'merge' });
      expect([merge.status, merge.body.error?.message]).toEqual([409, 'a split override of GET shop.example.com/orders/{orderId} (added by owner@shop.test) already exists and says the opposite; delete it first to merge these paths']);
      const postMerge = await post({ method: 'POST', pattern: '/orders/*', action: 'merge' });
      expect(postMerge.status).toBe(201);
      for (const id of [other.body.override.id, splitFirst.body.override.id, postMerge.body.override.id]) {
        expect((await callRoute(overrideRoute.DELETE, 'DELETE', `/api/overrides/${id}`, { headers: admin, params: { id } })).status).toBe(200);
      }
    });

    test('an ignore override hides matching endpoints from the inventory (state kept) until it is deleted', async () => {
      const created = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: owner, json: { host: HOST, method: 'GET', pattern: '/health', action: 'ignore', note: 'load balancer probe' } });
      expect(created.status).toBe(201);
      const visible = await callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?sort=path&order=asc', { headers: governance });
      expect(visible.body.items.map((e: { pathTemplate: string }) => e.pathTemplate)).toEqual(['/carts/{cartId}', '/carts/{cartId}/items']);
      const all = await callRoute(endpointsRoute.GET, 'GET', '/api/endpoints?sort=path&order=asc&includeIgnored=true', { headers: governance });
      expect(all.body.items.map((e: { pathTemplate: string; state: string }) => `${e.state} ${e.pathTemplate}`)).toEqual(['shadow /carts/{cartId}', 'shadow /carts/{cartId}/items', 'shadow /health']);
      await ingest([observation(HOST, 'GET', '/health', 10)]);
      expect((await endpointRows(HOST)).find((r) => r.path === '/health')).toMatchObject({ ignored: true, requests: 60 });

      const listed = await callRoute(overridesRoute.GET, 'GET', '/api/overrides', { headers: governance });
      expect(listed.body.items.map((o: { action: string; pattern: string; method: string; hiddenEndpoints: number; author: string }) => [o.action, o.method, o.pattern, o.hiddenEndpoints, o.author])).toEqual([
        ['merge', '*', '/carts/{cartId}', 0, 'owner@shop.test'],
        ['ignore', 'GET', '/health', 1, 'owner@shop.test'],
      ]);
      expect(await loadOverrides()).toEqual([
        { host: HOST, pattern: '/carts/{cartId}', action: 'merge' },
        { host: HOST, method: 'GET', pattern: '/health', action: 'ignore' },
      ]);
      const id = created.body.override.id as string;
      const removed = await callRoute(overrideRoute.DELETE, 'DELETE', `/api/overrides/${id}`, { headers: owner, params: { id } });
      expect(removed.status).toBe(200);
      expect((await endpointRows(HOST)).find((r) => r.path === '/health')?.ignored).toBe(false);
      const events = await db().auditEvent.findMany({ where: { targetId: id }, orderBy: { action: 'asc' }, select: { action: true, summary: true } });
      expect(events.map((e) => `${e.action}: ${e.summary}`)).toEqual(['override.create: ignored GET /health on shop.example.com', 'override.delete: deleted the ignore override of GET /health on shop.example.com']);
      const missing = await callRoute(overrideRoute.DELETE, 'DELETE', `/api/overrides/${id}`, { headers: owner, params: { id } });
      expect(missing.status).toBe(404);
    });

    test('a split override removes the template that swallowed the literal, and says so in the audit log', async () => {
      const res = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: owner, json: { host: HOST, pattern: '/carts/checkout', action: 'split' } });
      expect(res.status).toBe(201);
      expect(res.body.removed).toHaveLength(2);
      expect((await endpointRows(HOST)).map((r) => r.path)).toEqual(['/health']);
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'override.create', targetId: res.body.override.id } });
      expect(audit.summary).toBe('split /carts/checkout on shop.example.com, every method; removed GET /carts/{cartId} (3 requests), GET /carts/{cartId}/items (17 requests)');
      const invalid = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: owner, json: { host: HOST, pattern: '/a/**/b', action: 'ignore' } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.error).toEqual({ code: 'invalid_override', message: '`**` may only be the last segment' });
    });

    test('ownership rules over HTTP: owners assign their own teams only; the longest prefix owns the endpoint', async () => {
      const ownerOf = async () => (await db().endpoint.findUniqueOrThrow({ where: { id: await idOf('/health') }, include: { ownerTeam: true } })).ownerTeam?.slug;
      expect(await ownerOf()).toBe('shop');
      const denied = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: outsider, json: { host: HOST, pathPrefix: '/health', team: 'shop' } });
      expect(denied.status).toBe(403);
      // Nor may they carve a prefix out of a host another team's rule owns (test/security/rbac-team-scope.test.ts);
      // an admin may re-assign it.
      const carveOut = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: outsider, json: { host: HOST, pathPrefix: '/health', team: 'else' } });
      expect(carveOut.status).toBe(403);
      const admin = await sessionHeaders('admin@shop.test', 'admin');
      // Even an admin names teams by slug: a rule is how a team is created too.
      const badSlug = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: HOST, pathPrefix: '/health', team: 'Else Team <x>' } });
      expect([badSlug.status, badSlug.body.error.details.map((d: { path: string }) => d.path)]).toEqual([400, ['team']]);
      const created = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: HOST, pathPrefix: '/health', team: 'else' } });
      expect(created.status).toBe(201);
      expect(await ownerOf()).toBe('else');
      const listed = await callRoute(rulesRoute.GET, 'GET', '/api/ownership-rules', { headers: governance });
      expect(listed.body.items.map((r: { host: string; pathPrefix: string; team: { slug: string } }) => `${r.host}${r.pathPrefix} ${r.team.slug}`)).toEqual([`${HOST}/ shop`, `${HOST}/health else`]);
      const id = created.body.id as string;
      expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${id}`, { headers: owner, params: { id } })).status).toBe(403);
      expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${id}`, { headers: outsider, params: { id } })).status).toBe(204);
      expect(await ownerOf()).toBe('shop');
    });

    test('posting a rule again for the same host and prefix re-points it: 200 and an ownership.update naming both teams', async () => {
      const admin = await sessionHeaders('repointer@shop.test', 'admin');
      const ownerOf = async () => (await db().endpoint.findUniqueOrThrow({ where: { id: await idOf('/health') }, include: { ownerTeam: true } })).ownerTeam?.slug;
      const first = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: HOST, pathPrefix: '/health', team: 'pay' } });
      expect(first.status).toBe(201);
      expect(await ownerOf()).toBe('pay');
      const again = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: HOST, pathPrefix: '/health', team: 'other' } });
      expect([again.status, again.body.id]).toEqual([200, first.body.id]);
      expect(await ownerOf()).toBe('other');
      const events = await db().auditEvent.findMany({ where: { targetId: first.body.id }, orderBy: { action: 'asc' } });
      expect(events.map((e) => [e.action, e.summary])).toEqual([
        ['ownership.create', `${HOST}/health → team pay`],
        ['ownership.update', `${HOST}/health: team pay → team other`],
      ]);
      expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${first.body.id}`, { headers: admin, params: { id: first.body.id } })).status).toBe(204);
    });

    test('a host named with its default port, a root dot or capitals is the host endpoints keep, for overrides and rules alike', async () => {
      // Before: lower-cased only, `shop.example.com:443` named no stored host: the ignore hid nothing, the rule owned nothing.
      const admin = await sessionHeaders('spelling@shop.test', 'admin');
      const spelled = 'Shop.Example.com.:443';
      const ignore = await callRoute(overridesRoute.POST, 'POST', '/api/overrides', { headers: admin, json: { host: spelled, method: 'GET', pattern: '/health', action: 'ignore' } });
      expect([ignore.status, ignore.body.override.host]).toEqual([201, HOST]);
      expect((await endpointRows(HOST)).find((r) => r.path === '/health')?.ignored).toBe(true);
      const rule = await callRoute(rulesRoute.POST, 'POST', '/api/ownership-rules', { headers: admin, json: { host: spelled, pathPrefix: '/health', team: 'spelt' } });
      expect([rule.status, rule.body.host]).toEqual([201, HOST]);
      const owner = await db().endpoint.findUniqueOrThrow({ where: { id: await idOf('/health') }, include: { ownerTeam: true } });
      expect(owner.ownerTeam?.slug).toBe('spelt');
      const id = ignore.body.override.id as string;
      expect((await callRoute(overrideRoute.DELETE, 'DELETE', `/api/overrides/${id}`, { headers: admin, params: { id } })).status).toBe(200);
      expect((await callRoute(ruleRoute.DELETE, 'DELETE', `/api/ownership-rules/${rule.body.id}`, { headers: admin, params: { id: rule.body.id } })).status).toBe(204);
    });
  });
}
