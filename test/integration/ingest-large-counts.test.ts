import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { applyIngestBatch } from '../../lib/db/ingest';
import { rollUpDailyStats } from '../../lib/db/retention';
import type { IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * A busy endpoint passes 2^31 requests in a month at ~830 requests a second, and in a day at ~25,000: the stored
 * history must keep counting past a 32-bit integer (PostgreSQL's INTEGER), both as batches add up and when days
 * roll up into a month.
 */
const BIG = 1_500_000_000;

function batch(key: string, daily: Record<string, number>): IngestBatch {
  const requests = Object.values(daily).reduce((a, b) => a + b, 0);
  return {
    idempotencyKey: `large-counts-${key}`,
    collector: { name: 'edge', kind: 'log' },
    stats: {},
    observations: [{
      host: 'busy.example.com', method: 'GET', path: '/v1/ping', examplePaths: ['/v1/ping'],
      evidence: {
        requests, statuses: { '200': requests }, authKinds: { none: requests }, jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0,
        sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0, clients: { internal: requests, public: 0, unknown: 0 }, callers: 0,
      },
      daily: Object.fromEntries(Object.entries(daily).map(([day, n]) => [day, { requests: n, errors: 0, unauthenticated: n }])),
    }],
  };
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`counts past 2^31 on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('batches add up past 2^31 in one day, the detail shows it, and the month roll-up keeps the sum', async () => {
      expect((await applyIngestBatch(batch('a', { '2026-06-01': BIG, '2026-06-02': BIG }))).status).toBe('applied');
      expect((await applyIngestBatch(batch('b', { '2026-06-01': BIG }))).status).toBe('applied');
      const [row] = await db().endpointDailyStat.findMany({ where: { day: '2026-06-01' } });
      expect(Number(row.requests)).toBe(2 * BIG);
      expect(Number(row.unauthenticated)).toBe(2 * BIG);
      const detail = await getEndpointDetail(row.endpointId, 30, new Date('2026-06-10T00:00:00Z'));
      expect(detail?.daily.filter((d) => d.requests > 0).map((d) => [d.day, d.requests])).toEqual([['2026-06-01', 2 * BIG], ['2026-06-02', BIG]]);

      expect(await rollUpDailyStats(new Date('2026-11-23T00:00:00Z'), 90)).toEqual({ folded: 2, months: 1 });
      const [month] = await db().endpointDailyStat.findMany({ where: { endpointId: row.endpointId } });
      expect([month.day, Number(month.requests), Number(month.unauthenticated)]).toEqual(['2026-06', 3 * BIG, 3 * BIG]);
      const endpoint = await db().endpoint.findUniqueOrThrow({ where: { id: row.endpointId } });
      expect(endpoint.requestCount).toBe(BigInt(3 * BIG));
    });
  });
}
