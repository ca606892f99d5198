import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { applyIngestBatch } from '../../lib/db/ingest';
import { planBatches } from '../../lib/inventory/batches';
import type { EndpointObservation } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/** 1,500 observations (two batches) whose counts are known exactly. */
function observations(): EndpointObservation[] {
  return Array.from({ length: 1500 }, (_, i) => {
    const requests = (i % 7) + 1;
    return {
      host: `svc${i % 3}.example.com`,
      method: i % 2 ? 'GET' : 'POST',
      path: `/v1/items${i}/{itemId}`,
      evidence: {
        requests,
        firstSeen: '2026-11-20T10:00:00.000Z',
        lastSeen: '2026-11-21T10:00:00.000Z',
        statuses: { '200': requests - 1, '503': 1 },
        authKinds: { none: 1, 'bearer-jwt': requests - 1 },
        jwtIssuers: ['https://login.example.com/'],
        scopesSeen: ['items:read'],
        unauthenticated2xx: 0,
        sensitive: i % 100 === 0 ? ['email'] : [],
        queryParams: { page: requests },
        deprecationHeaders: 0,
        sunsetHeaders: 0,
        clients: { internal: requests, public: 0, unknown: 0 },
        callers: 1,
      },
      daily: { '2026-11-20': { requests: 1, errors: 1, unauthenticated: 1 }, '2026-11-21': { requests: requests - 1, errors: 0, unauthenticated: 0 } },
      examplePaths: [`/v1/items${i}/42`],
    };
  });
}

const expectedRequests = Array.from({ length: 1500 }, (_, i) => (i % 7) + 1).reduce((a, b) => a + b, 0);

const collectors = (rows: { name: string; kind: string }[]) => Object.fromEntries(rows.map((r) => [r.name, r.kind]));

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`exact ingest on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('the same batches from 4 concurrent pushers, twice, are counted exactly once', async () => {
      const batches = planBatches({ inputFingerprint: 'capture-a', collector: { name: 'edge', kind: 'pcap' }, observations: observations(), exchanges: expectedRequests });
      expect(batches).toHaveLength(2);
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, (_, p) => (async () => {
          const statuses: string[] = [];
          for (let round = 0; round < 2; round++) {
            for (const b of p % 2 ? [...batches].reverse() : batches) {
              statuses.push((await applyIngestBatch({ ...b, collector: { name: `pusher-${p}`, kind: 'pcap' } })).status);
            }
          }
          return statuses;
        })()),
      );
      expect(outcomes.flat().filter((s) => s === 'applied')).toHaveLength(2);
      expect(outcomes.flat().filter((s) => s === 'duplicate')).toHaveLength(14);

      const totals = await db().endpoint.aggregate({ _sum: { requestCount: true }, _count: true });
      expect(totals._count).toBe(1500);
      expect(Number(totals._sum.requestCount)).toBe(expectedRequests);
      const daily = await db().endpointDailyStat.aggregate({ _sum: { requests: true, errors: true, unauthenticated: true } });
      expect(daily._sum).toEqual({ requests: BigInt(expectedRequests), errors: 1500n, unauthenticated: 1500n });
      expect(await db().ingestBatch.count({ where: { idempotencyKey: { startsWith: 'b-' } } })).toBe(2);
    });

    test('a second, different capture adds to the same endpoints exactly', async () => {
      const again = planBatches({ inputFingerprint: 'capture-b', collector: { name: 'edge', kind: 'pcap' }, observations: observations(), exchanges: expectedRequests });
      for (const b of again) expect((await applyIngestBatch(b)).status).toBe('applied');
      const one = await db().endpoint.findUniqueOrThrow({ where: { host_method_pathTemplate: { host: 'svc0.example.com', method: 'POST', pathTemplate: '/v1/items0/{itemId}' } } });
      expect(Number(one.requestCount)).toBe(2);
      expect(one.statusCounts).toEqual({ '200': 0, '503': 2 });
      expect(one.authCounts).toEqual({ none: 2, 'bearer-jwt': 0 });
      expect(one.sensitiveTags).toEqual(['email']);
      expect(one.evidence).toMatchObject({ queryParams: { page: 2 }, jwtIssuers: ['https://login.example.com/'], clients: { internal: 2 } });
      expect(one.firstSeen.toISOString()).toBe('2026-11-20T10:00:00.000Z');
      const totals = await db().endpoint.aggregate({ _sum: { requestCount: true } });
      expect(Number(totals._sum.requestCount)).toBe(2 * expectedRequests);
      const collectors = await db().collector.findMany({ orderBy: { name: 'asc' } });
      expect(collectors.find((c) => c.name === 'edge')?.counters).toMatchObject({ batches: 2, observations: 1500 });
    });

    test('a collector says the exchanges it read and the requests counted from them, once however often resent, and every kind it read', async () => {
      const one = observations().slice(0, 3);
      const requests = one.reduce((n, o) => n + o.evidence.requests, 0);
      // A log with 3 records no endpoint counts (no method), then a capture, under one collector name as one run sends them.
      const log = planBatches({ inputFingerprint: 'run-log', collector: { name: 'run', kind: 'log' }, observations: one, exchanges: requests + 3 });
      const capture = planBatches({ inputFingerprint: 'run-pcap', collector: { name: 'run', kind: 'pcap' }, observations: one, exchanges: requests });
      for (const b of [...log, ...capture, ...log, ...capture]) await applyIngestBatch(b);
      const run = await db().collector.findUniqueOrThrow({ where: { name: 'run' } });
      expect(run.counters).toMatchObject({ exchanges: 2 * requests + 3, requests: 2 * requests, batches: 2 });
      expect(run.kind).toBe('mixed');
      // A collector of one kind keeps it.
      expect(collectors(await db().collector.findMany()).edge).toBe('pcap');
    });
  });
}
