import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as ingestRoute from '../../app/api/ingest/route';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * What `/api/ingest` stores of a batch it did not get from a current collector (another tool's, a collector of an
 * older release, anyone holding an ingest token): a path is a path, an auth kind is a kind, a fingerprint is a
 * fingerprint. Values (`?api_key=…`) and credentials must not reach the stored rows through any of them.
 */
const CANARY = 'sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd';

let headers: Record<string, string>;
let seq = 0;

async function postBatch(batch: unknown): Promise<{ status: number; body: { error?: { code: string; details?: { path: string; message: string }[] } } }> {
  const req = new Request('http://localhost/api/ingest', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  const res = await ingestRoute.POST(req, { params: Promise.resolve({}) as Promise<never> });
  return { status: res.status, body: await res.json() };
}

function batchOf(observation: { path: string; examplePaths: string[]; authKinds?: Record<string, number>; callerFingerprints?: string[]; evidence?: Record<string, unknown> }) {
  const n = 2;
  return {
    idempotencyKey: `stored-shape-${String(++seq).padStart(8, '0')}`,
    collector: { name: 'stored-shape', kind: 'log' },
    observations: [
      {
        host: 'shape.example.com',
        method: 'GET',
        path: observation.path,
        evidence: {
          requests: n, firstSeen: '2026-12-04T10:00:00Z', lastSeen: '2026-12-04T11:00:00Z', statuses: { '200': n }, authKinds: observation.authKinds ?? { none: n },
          jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
          clients: { internal: 0, public: 0, unknown: n }, callers: 0, ...(observation.callerFingerprints ? { callerFingerprints: observation.callerFingerprints } : {}), ...observation.evidence,
        },
        daily: { '2026-12-04': { requests: n, errors: 0, unauthenticated: 0 } },
        examplePaths: observation.examplePaths,
      },
    ],
  };
}

const storedText = async () =>
  JSON.stringify(await db().endpoint.findMany({ where: { host: 'shape.example.com' } }), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`what ingest stores of a foreign batch on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      headers = { authorization: `Bearer ${(await createApiToken({ name: 'stored-shape', scopes: ['ingest'] })).token}` };
    });
    afterAll(() => disconnectDb());

    test('a template or example path sent with its query or fragment is stored without it, summed with the clean row', async () => {
      // Another tool's batch (a query left on), and a collector that kept a SPA's `#fragment`.
      expect((await postBatch(batchOf({ path: `/v1/orders/{orderId}?api_key=${CANARY}`, examplePaths: [`/v1/orders/17?api_key=${CANARY}&page=2`] }))).status).toBe(200);
      expect((await postBatch(batchOf({ path: '/v1/orders/{orderId}#access_token=' + CANARY, examplePaths: ['/v1/orders/18#access_token=' + CANARY] }))).status).toBe(200);
      expect((await postBatch(batchOf({ path: '/v1/orders/{orderId}', examplePaths: ['/v1/orders/19'] }))).status).toBe(200);
      const rows = await db().endpoint.findMany({ where: { host: 'shape.example.com' }, orderBy: { pathTemplate: 'asc' } });
      expect(rows.map((r) => [r.pathTemplate, Number(r.requestCount), r.examplePaths])).toEqual([['/v1/orders/{orderId}', 6, ['/v1/orders/17', '/v1/orders/18', '/v1/orders/19']]]);
      expect(await storedText()).not.toContain('CANARY');
    });

    test('an auth kind that is no kind (a credential, a header line) is refused with 400 naming it, and nothing is stored', async () => {
      const bad = [`Bearer ${CANARY}`, CANARY, 'bearer', 'api-key:', 'cookie:a b'];
      const res = await postBatch(batchOf({ path: '/v1/kinds', examplePaths: ['/v1/kinds'], authKinds: { none: 1, ...Object.fromEntries(bad.map((k) => [k, 1])) } }));
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
      // Named, but a credential sent as a kind is not echoed back (lantern push prints the details).
      const named = ['Bearer {redacted}', '{redacted}', 'bearer', 'api-key:', 'cookie:a b'];
      expect(res.body.error?.details?.map((d) => d.path).sort()).toEqual(named.map((k) => `observations.0.evidence.authKinds.${k}`).sort());
      expect(JSON.stringify(res.body)).not.toContain('CANARY');
      expect(await db().endpoint.count({ where: { pathTemplate: '/v1/kinds' } })).toBe(0);
    });

    test('a caller fingerprint that is no fingerprint (a raw token) is refused with 400 naming it, and nothing is stored', async () => {
      const res = await postBatch(batchOf({ path: '/v1/callers', examplePaths: ['/v1/callers'], callerFingerprints: ['0123456789abcdef', CANARY] }));
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error?.details?.map((d) => d.path)).toEqual(['observations.0.evidence.callerFingerprints.1']);
      expect(await db().endpoint.count({ where: { pathTemplate: '/v1/callers' } })).toBe(0);
      expect(await storedText()).not.toContain('CANARY');
    });

    test('an issuer, audience, scope, sensitive tag or query name longer than any collector sends is refused with 400 naming it, and nothing is stored', async () => {
      // Collectors keep what a token says to these lengths (lib/exchange/jwt-claims.ts, query-names.ts): until 6 Dec a
      // batch could store strings of any length, megabytes a row, in evidence every inventory read loads.
      const long = (n: number) => 'x'.repeat(n);
      const res = await postBatch(batchOf({ path: '/v1/long', examplePaths: ['/v1/long'], evidence: {
        jwtIssuers: [long(512), long(513)], jwtAudiences: [long(513)], scopesSeen: [long(257)], scopeSets: [long(2049)], sensitive: [long(65)], queryParams: { [long(257)]: 1 },
      } }));
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error?.details?.map((d) => d.path).sort()).toEqual([
        'observations.0.evidence.jwtAudiences.0', 'observations.0.evidence.jwtIssuers.1', `observations.0.evidence.queryParams.${long(128)}…`,
        'observations.0.evidence.scopeSets.0', 'observations.0.evidence.scopesSeen.0', 'observations.0.evidence.sensitive.0',
      ]);
      expect(await db().endpoint.count({ where: { pathTemplate: '/v1/long' } })).toBe(0);
      // At the collectors' own lengths, stored.
      const ok = await postBatch(batchOf({ path: '/v1/long', examplePaths: ['/v1/long'], evidence: { jwtIssuers: [long(512)], jwtAudiences: [long(512)], scopesSeen: [long(256)], scopeSets: [long(2048)], sensitive: [long(64)], queryParams: { [long(256)]: 1 } } }));
      expect(ok.status).toBe(200);
    });

    test("an older collector's cookie kind naming a token is stored without it, counted with today's kind", async () => {
      const res = await postBatch(batchOf({ path: '/v1/cookies', examplePaths: ['/v1/cookies'], authKinds: { [`cookie:session,${CANARY}`]: 1, 'cookie:session,{redacted}': 1 } }));
      expect(res.status).toBe(200);
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/cookies' }, select: { authCounts: true, authSummary: true } });
      expect(row).toEqual({ authCounts: { 'cookie:session,{redacted}': 2 }, authSummary: ',cookie:session;{redacted},' });
      expect(await storedText()).not.toContain('CANARY');
    });

    test('a template or example path sent as an absolute URL is stored as its path: userinfo and host are no part of it', async () => {
      const res = await postBatch(batchOf({ path: `https://ops:${CANARY}@shape.example.com/v1/abs/{id}`, examplePaths: [`https://ops:${CANARY}@shape.example.com/v1/abs/7`, `http://shape.example.com/v1/abs/8?key=${CANARY}`] }));
      expect(res.status).toBe(200);
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: { contains: 'abs' } }, select: { pathTemplate: true, examplePaths: true } });
      expect(row).toEqual({ pathTemplate: '/v1/abs/{id}', examplePaths: ['/v1/abs/7', '/v1/abs/8'] });
      expect(await storedText()).not.toContain('CANARY');
    });

    test('a body that is no JSON is a 400 saying where it stops being JSON, never quoting it; a byte order mark is no error', async () => {
      const post = async (body: string) => {
        const req = new Request('http://localhost/api/ingest', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
        const res = await ingestRoute.POST(req, { params: Promise.resolve({}) as Promise<never> });
        return [res.status, ((await res.json()) as { error?: { message: string } }).error?.message];
      };
      // Before: 'body is not valid JSON', wherever in a 32 MiB batch the problem was; and a BOM was one.
      const cut = JSON.stringify(batchOf({ path: '/v1/json', examplePaths: ['/v1/json'] })).replace('"requests":2', `"requests":${CANARY}`);
      expect(await post(cut)).toEqual([400, `body is not valid JSON (line 1, column ${cut.indexOf(CANARY) + 1}: InvalidSymbol)`]);
      expect(await post(`\uFEFF${JSON.stringify(batchOf({ path: '/v1/json', examplePaths: ['/v1/json'] }))}`)).toEqual([200, undefined]);
    });

    test("a `?` inside a template's braces (ASP.NET Core's optional `{id?}`) is the template's, not a query", async () => {
      const res = await postBatch(batchOf({ path: '/v1/opt/{id?}?api_key=x', examplePaths: ['/v1/opt/7?api_key=x'] }));
      expect(res.status).toBe(200);
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: { startsWith: '/v1/opt' } }, select: { pathTemplate: true, examplePaths: true } });
      // The `?` is no query's start; `{id?}` is ASP.NET Core's optional parameter `id` (STORED_DATA_RULES 14).
      expect(row).toEqual({ pathTemplate: '/v1/opt/{id}', examplePaths: ['/v1/opt/7'] });
    });

    test("a batch's own stats cannot set the collector's batch and observation counts, which the server counts", async () => {
      expect((await postBatch(batchOf({ path: '/v1/stats', examplePaths: ['/v1/stats'] }))).status).toBe(200);
      const before = await db().collector.findUniqueOrThrow({ where: { name: 'stored-shape' } });
      const counted = (c: typeof before) => (c.counters as Record<string, number>);
      const res = await postBatch({ ...batchOf({ path: '/v1/stats', examplePaths: ['/v1/stats'] }), stats: { batches: 1000, observations: 5000, lines: 7 } });
      expect(res.status).toBe(200);
      const after = await db().collector.findUniqueOrThrow({ where: { name: 'stored-shape' } });
      expect([counted(after).batches - counted(before).batches, counted(after).observations - counted(before).observations, counted(after).lines - (counted(before).lines ?? 0)]).toEqual([1, 1, 7]);
    });
  });
}
