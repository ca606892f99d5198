import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as ingestRoute from '../../app/api/ingest/route';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { listShadowEndpointsOfHost } from '../../lib/db/endpoints';
import { exportInventory } from '../../lib/db/inventory-export';
import { createApiToken } from '../../lib/db/tokens';
import { reconstructOpenApi } from '../../lib/exports/shadow-openapi';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { planBatches } from '../../lib/inventory/batches';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { extractFile } from '../security/hostile-helpers';

/**
 * What a collector (or anyone holding an ingest token) may send, through the route handler down to the stored rows:
 * names that are also Object.prototype properties, counts that are not counts, timestamps that are not timestamps.
 */
const PROTO_KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];

let headers: Record<string, string>;
let seq = 0;

async function postBatch(batch: unknown): Promise<{ status: number; body: { error?: { code: string; details?: { path: string }[] } } }> {
  const req = new Request('http://localhost/api/ingest', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
  const res = await ingestRoute.POST(req, { params: Promise.resolve({}) as Promise<never> });
  return { status: res.status, body: await res.json() };
}

/** One observation of GET bb.example.com/bb/items/{id}, shaped like ingest/gen.mjs from the bug bash. */
function batchOf(evidence: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const n = 5;
  return {
    idempotencyKey: `input-test-${String(++seq).padStart(8, '0')}`,
    collector: { name: 'input-test', kind: 'log' },
    observations: [
      {
        host: 'bb.example.com',
        method: 'GET',
        path: '/bb/items/{id}',
        evidence: {
          requests: n, firstSeen: '2026-12-04T10:00:00Z', lastSeen: '2026-12-04T11:00:00Z', statuses: { '200': n }, authKinds: { none: n },
          jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
          clients: { internal: 0, public: 0, unknown: n }, callers: 0, ...evidence,
        },
        daily: { '2026-12-04': { requests: n, errors: 0, unauthenticated: 0 } },
        examplePaths: ['/bb/items/1'],
        ...extra,
      },
    ],
    stats: { exchanges: n },
  };
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`ingest input on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      headers = { authorization: `Bearer ${(await createApiToken({ name: 'input-ingest', scopes: ['ingest'] })).token}` };
    });
    afterAll(() => disconnectDb());

    test('query names like constructor and toString are counted like any other, from the log line to the stored row', async () => {
      const line = '10.0.0.1 - - [04/Dec/2026:10:01:00 +0000] "GET http://qp.example.com/qp/items?constructor=1&toString=2&valueOf=3&hasOwnProperty=4 HTTP/1.1" 200 12 "-" "curl/8"\n';
      const { exchanges } = await extractFile('qp.log', line);
      const agg = createObservationAggregator({ specs: [] });
      for (const ex of exchanges) agg.add(ex);
      // Twice: the first push creates the row, the second merges into what is stored.
      for (const fingerprint of ['qp-a', 'qp-b']) {
        const [batch] = planBatches({ inputFingerprint: fingerprint, collector: { name: 'qp', kind: 'log' }, observations: agg.observations(), exchanges: 1 });
        expect((await postBatch(batch)).status).toBe(200);
      }
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'qp.example.com' } });
      expect((row.evidence as { queryParams: unknown }).queryParams).toEqual({ constructor: 2, hasOwnProperty: 2, toString: 2, valueOf: 2 });
    });

    test('__proto__, constructor and prototype as query, cookie and JSON names: recorded like any other name, from a HAR to the inventory, its API and exports', async () => {
      const har = {
        log: {
          version: '1.2',
          entries: [{
            startedDateTime: '2026-12-04T10:02:00.000Z',
            time: 5,
            request: {
              method: 'POST', url: 'https://pp.example.com/pp/items?__proto__=1&prototype=2&constructor=3', httpVersion: 'HTTP/1.1',
              headers: [{ name: '__proto__', value: 'x' }, { name: 'Cookie', value: '__proto__=s1; prototype=s2' }, { name: 'Content-Type', value: 'application/json' }],
              queryString: [], cookies: [],
              postData: { mimeType: 'application/json', text: '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"email":"ann@example.com"}' },
            },
            response: { status: 201, headers: [], content: { mimeType: 'application/json', text: '{"__proto__":{"polluted":"yes"}}' } },
          }],
        },
      };
      const { exchanges } = await extractFile('pp.har', JSON.stringify(har));
      expect(exchanges.map((e) => [e.query, e.auth?.map((a) => a.kind), e.sensitive])).toEqual([[['__proto__', 'prototype', 'constructor'], ['cookie:__proto__,prototype'], ['email']]]);
      const agg = createObservationAggregator({ specs: [] });
      for (const ex of exchanges) agg.add(ex);
      // Twice: the first push creates the row, the second merges into what is stored.
      for (const fingerprint of ['pp-a', 'pp-b']) {
        const [batch] = planBatches({ inputFingerprint: fingerprint, collector: { name: 'pp', kind: 'log' }, observations: agg.observations(), exchanges: 1 });
        expect((await postBatch(batch)).status).toBe(200);
      }
      // Own entries, sorted: PostgreSQL's jsonb orders keys its own way, and toEqual would not see a missing `__proto__`.
      const entries = (o: object) => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
      const counted = [['__proto__', 2], ['constructor', 2], ['prototype', 2]];
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'pp.example.com' } });
      expect(entries((row.evidence as { queryParams: object }).queryParams)).toEqual(counted);
      expect(row.authCounts).toEqual({ 'cookie:__proto__,prototype': 2 });
      expect(row.sensitiveTags).toEqual(['email']);
      // What GET /api/endpoints/:id serves (the endpoint page lists the query names from it).
      const detail = await getEndpointDetail(row.id);
      expect(entries(JSON.parse(JSON.stringify(detail?.queryParams)) as object)).toEqual(counted);
      // The shadow export documents the names as query parameters and the session cookie as a scheme.
      const doc = reconstructOpenApi('pp.example.com', await listShadowEndpointsOfHost('pp.example.com'));
      const op = (doc.paths as Record<string, Record<string, { parameters: { name: string }[]; security: object[] }>>)['/pp/items'].post;
      expect(op.parameters.map((p) => p.name)).toEqual(['__proto__', 'constructor', 'prototype']);
      expect(op.security).toEqual([{ cookie___proto__: [] }]);
      // lantern inventory --json (and GET /api/inventory).
      const inventory = await exportInventory({});
      expect(inventory?.endpoints.find((e) => e.host === 'pp.example.com')?.authKinds).toEqual({ 'cookie:__proto__,prototype': 2 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    test('a bare token an older collector sent as a query name is stored as {redacted}, counts merged', async () => {
      // Collectors before recordedQueryName (lib/exchange/query-names.ts) sent `/download?<token>` as a name.
      const canary = 'sk_live_CANARYq9Zt4Lw8Xv2Nb6Mc3Kd';
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.c2lnbmF0dXJlQ0FOQVJZ';
      const batch = batchOf({ queryParams: { page: 5, [canary]: 2, [jwt]: 3 } }, { host: 'old.example.com' });
      expect((await postBatch(batch)).status).toBe(200);
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'old.example.com' } });
      expect((row.evidence as { queryParams: unknown }).queryParams).toEqual({ page: 5, '{redacted}': 5 });
      expect(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/CANARY|eyJzdWIi/);
    });

    test('auth kinds, query names and collector counters named after Object.prototype stay numbers', async () => {
      const proto = Object.fromEntries(PROTO_KEYS.map((k) => [k, 1]));
      // An auth kind is a kind (`cookie:<names>`), whatever its names.
      const kinds = Object.fromEntries(PROTO_KEYS.map((k) => [`cookie:${k}`, 1]));
      for (let i = 0; i < 2; i++) {
        const batch = { ...batchOf({ authKinds: kinds, queryParams: proto }), stats: proto };
        batch.collector.name = 'proto-collector';
        expect((await postBatch(batch)).status).toBe(200);
      }
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'bb.example.com' } });
      const twice = Object.fromEntries(PROTO_KEYS.map((k) => [k, 2]));
      expect(row.statusCounts).toEqual({ '200': 10 });
      expect(row.authCounts).toEqual(Object.fromEntries(PROTO_KEYS.map((k) => [`cookie:${k}`, 2])));
      expect((row.evidence as { queryParams: unknown }).queryParams).toEqual(twice);
      const collector = await db().collector.findUniqueOrThrow({ where: { name: 'proto-collector' } });
      expect(collector.counters).toEqual({ batches: 2, observations: 2, requests: 10, ...twice });
    });

    test('status keys that are not status codes are refused with 400 naming each, and nothing is counted', async () => {
      const bad = ['abc', '1000', '0200', '-1', '', ' 200', 'constructor'];
      const res = await postBatch(batchOf({ requests: 5 + bad.length, statuses: { '200': 5, ...Object.fromEntries(bad.map((k) => [k, 1])) } }, { path: '/bb/status/{x}', examplePaths: ['/x'], daily: { '2026-12-04': { requests: 5 + bad.length, errors: 0, unauthenticated: 0 } } }));
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error?.details?.map((d) => d.path).sort()).toEqual(bad.map((k) => `observations.0.evidence.statuses.${k}`).sort());
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/status/{x}' } })).toBe(0);
      // 0 is what a collector counts when it saw no response; 999 is the highest three-digit code.
      const ok = await postBatch(batchOf({ statuses: { '0': 1, '101': 1, '200': 1, '599': 1, '999': 1 } }, { path: '/bb/status/{x}', examplePaths: ['/x'] }));
      expect(ok.status).toBe(200);
    });

    test('hosts and methods no collector sends (surrounding whitespace, controls, separators) are refused with 400 naming each, and nothing is stored', async () => {
      const forged: [string, string][] = [
        [' bb.example.com', 'GET'], ['bb.example.com ', 'GET'], ['bb.example.com\t', 'GET'], ['bb example.com', 'GET'], ['bb.example.com/x', 'GET'], ['<bb>', 'GET'],
        ['bb.example.com', 'GET '], ['bb.example.com', ' GET'], ['bb.example.com', 'GE T'], ['bb.example.com', 'GET\u0000'], ['bb.example.com', '"GET"'],
      ];
      for (const [host, method] of forged) {
        const res = await postBatch(batchOf({}, { host, method, path: '/bb/forged/{x}', examplePaths: ['/x'] }));
        expect([host, method, res.status, res.body.error?.details?.map((d) => d.path)]).toEqual([host, method, 400, [host === 'bb.example.com' ? 'observations.0.method' : 'observations.0.host']]);
      }
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/forged/{x}' } })).toBe(0);
      // What collectors do send: any token method, ports, IPv6 literals, punycode and Unicode IDNs, the stand-in for none.
      const real: [string, string][] = [
        ['bb.example.com', 'PROPFIND'], ['bb.example.com', 'CCM_POST'], ['bb.example.com:8443', 'GET'], ['[::1]:8080', 'GET'], ['[2001:db8::1]', 'GET'],
        ['10.0.0.1:8080', 'GET'], ['xn--bcher-kva.example', 'GET'], ['bücher.example', 'GET'], ['unknown-host', 'GET'],
      ];
      for (const [host, method] of real) {
        const res = await postBatch(batchOf({}, { host, method, path: '/bb/real/{x}', examplePaths: ['/x'] }));
        expect([host, method, res.status]).toEqual([host, method, 200]);
      }
      // The Unicode IDN is stored under its A-label, on the punycode row (lib/openapi/servers.ts canonicalHost).
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/real/{x}' } })).toBe(real.length - 1);
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/real/{x}', host: 'xn--bcher-kva.example' } })).toBe(1);
    });

    test('negative counts are refused with 400 naming each field, and nothing is counted', async () => {
      const before = await db().endpoint.findFirstOrThrow({ where: { host: 'bb.example.com' } });
      const neg = batchOf({ requests: -1000, statuses: { '200': -1000 }, authKinds: { none: -1000 } }, { daily: {} });
      const res = await postBatch(neg);
      expect([res.status, res.body.error?.code]).toEqual([400, 'invalid_request']);
      expect(res.body.error?.details?.map((d) => d.path)).toEqual(['observations.0.evidence.requests', 'observations.0.evidence.statuses.200', 'observations.0.evidence.authKinds.none', 'observations.0.daily']);
      const after = await db().endpoint.findFirstOrThrow({ where: { host: 'bb.example.com' } });
      expect(after.requestCount).toBe(before.requestCount);
    });

    test('days that do not add up to the request total are refused: the stored total and history would disagree', async () => {
      const res = await postBatch(batchOf({}, { daily: { '2026-12-04': { requests: 2, errors: 0, unauthenticated: 0 }, '2026-12-05': { requests: 2, errors: 0, unauthenticated: 0 } } }));
      expect([res.status, res.body.error?.details?.map((d) => d.path)]).toEqual([400, ['observations.0.daily']]);
      const impossibleDay = await postBatch(batchOf({}, { daily: { '2026-13-45': { requests: 5, errors: 0, unauthenticated: 0 } } }));
      expect([impossibleDay.status, impossibleDay.body.error?.details?.map((d) => d.path)]).toEqual([400, ['observations.0.daily.2026-13-45']]);
    });

    test('a first or last seen time that is not an ISO datetime is a 400 naming the field, for new and stored endpoints alike', async () => {
      const fresh = await postBatch(batchOf({ firstSeen: 'not-a-date' }, { path: '/bb/new/{x}', examplePaths: ['/x'] }));
      expect([fresh.status, fresh.body.error?.code, fresh.body.error?.details?.map((d) => d.path)]).toEqual([400, 'invalid_request', ['observations.0.evidence.firstSeen']]);
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/new/{x}' } })).toBe(0);
      const stored = await postBatch(batchOf({ lastSeen: '2026-12-04 11:00' }));
      expect([stored.status, stored.body.error?.details?.map((d) => d.path)]).toEqual([400, ['observations.0.evidence.lastSeen']]);
      const offset = await postBatch(batchOf({ firstSeen: '2026-12-04T12:00:00+02:00' }, { path: '/bb/new/{x}', examplePaths: ['/x'] }));
      expect(offset.status).toBe(200);
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/bb/new/{x}' } });
      expect(row.firstSeen.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    });

    test('a time more than a day after the server\'s clock (a collector\'s clock gone wrong) is a 400 naming the field, and nothing of the batch is stored', async () => {
      const soon = new Date(Date.now() + 3_600_000);
      const later = new Date(Date.now() + 3 * 86_400_000);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
        [{ lastSeen: '2999-11-20T12:00:00Z' }, {}, 'observations.0.evidence.lastSeen'],
        [{ firstSeen: later.toISOString(), lastSeen: later.toISOString() }, { daily: { [day(later)]: { requests: 5, errors: 0, unauthenticated: 0 } } }, 'observations.0.evidence.firstSeen'],
        [{}, { daily: { [day(later)]: { requests: 5, errors: 0, unauthenticated: 0 } } }, `observations.0.daily.${day(later)}`],
      ];
      for (const [evidence, extra, path] of cases) {
        const res = await postBatch(batchOf(evidence, { path: '/bb/future/{x}', examplePaths: ['/x'], ...extra }));
        expect([res.status, res.body.error?.code, res.body.error?.details?.map((d) => d.path)]).toEqual([400, 'invalid_request', [path]]);
      }
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/future/{x}' } })).toBe(0);
      // A clock an hour ahead is drift, not a fault.
      const drift = await postBatch(batchOf({ lastSeen: soon.toISOString() }, { path: '/bb/future/{x}', examplePaths: ['/x'], daily: { [day(soon)]: { requests: 5, errors: 0, unauthenticated: 0 } } }));
      expect(drift.status).toBe(200);
    });

    test('a first seen time after the last seen time is a 400 naming the field, and nothing of the batch is stored', async () => {
      const res = await postBatch(batchOf({ firstSeen: '2026-12-04T11:00:00Z', lastSeen: '2026-12-04T10:00:00Z' }, { path: '/bb/backwards/{x}', examplePaths: ['/x'] }));
      expect([res.status, res.body.error?.code, res.body.error?.details?.map((d) => d.path)]).toEqual([400, 'invalid_request', ['observations.0.evidence.lastSeen']]);
      // Compared as times, not as text: 12:00+02:00 is before 11:00Z.
      const offset = await postBatch(batchOf({ firstSeen: '2026-12-04T11:00:00Z', lastSeen: '2026-12-04T12:00:00+02:00' }, { path: '/bb/backwards/{x}', examplePaths: ['/x'] }));
      expect([offset.status, offset.body.error?.details?.map((d) => d.path)]).toEqual([400, ['observations.0.evidence.lastSeen']]);
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/backwards/{x}' } })).toBe(0);
      // One request is first and last seen at once.
      const once = await postBatch(batchOf({ firstSeen: '2026-12-04T10:00:00Z', lastSeen: '2026-12-04T10:00:00.000Z' }, { path: '/bb/backwards/{x}', examplePaths: ['/x'] }));
      expect(once.status).toBe(200);
    });

    test('a first or last seen time before year 1 (UTC) is a 400 naming the field, not a 500 from PostgreSQL', async () => {
      for (const [field, time] of [['firstSeen', '0000-06-01T00:00:00Z'], ['lastSeen', '0001-01-01T00:30:00+01:00']]) {
        const res = await postBatch(batchOf({ [field]: time }, { path: '/bb/year0/{x}', examplePaths: ['/x'] }));
        expect([res.status, res.body.error?.details?.map((d) => d.path)]).toEqual([400, [`observations.0.evidence.${field}`]]);
      }
      expect(await db().endpoint.count({ where: { pathTemplate: '/bb/year0/{x}' } })).toBe(0);
      const first = await postBatch(batchOf({ firstSeen: '0001-01-01T00:00:00Z' }, { path: '/bb/year1/{x}', examplePaths: ['/x'] }));
      expect(first.status).toBe(200);
    });
  });
}
