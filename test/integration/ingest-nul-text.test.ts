import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * A `%00` probe in traffic reaches the server as U+0000 (templating decodes segments), and a forged batch can put one
 * anywhere. PostgreSQL stores it in neither text nor jsonb: the batch, and every observation in it, must still count.
 */
function observation(path: string, requests: number, over: Partial<EndpointObservation['evidence']> = {}): EndpointObservation {
  return {
    host: 'api.example.com', method: 'GET', path, examplePaths: [path],
    evidence: {
      requests, statuses: { '200': requests }, authKinds: { none: requests }, jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0,
      sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0, clients: { internal: requests, public: 0, unknown: 0 }, callers: 0, ...over,
    },
    daily: { '2026-11-01': { requests, errors: 0, unauthenticated: requests } },
  };
}

const batch: IngestBatch = {
  idempotencyKey: 'nul-text-batch-0001',
  collector: { name: 'edge\u0000probe', kind: 'log' },
  stats: {},
  observations: [
    observation('/v1/ok', 5),
    observation('/v1/a\u0000b', 3, { statuses: { '2\u000000': 1, '2%0000': 2 }, jwtIssuers: ['https://idp\u0000/'], queryParams: { 'q\u0000': 3 } }),
  ],
};

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`text with U+0000 on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('is stored as the %00 it was on the wire; every observation of the batch counts, once', async () => {
      expect((await ingestBatch(batch)).status).toBe('applied');
      expect((await ingestBatch(batch)).status).toBe('duplicate');
      const rows = await db().endpoint.findMany({ orderBy: { pathTemplate: 'asc' } });
      expect(rows.map((r) => [r.pathTemplate, Number(r.requestCount)])).toEqual([['/v1/a%00b', 3], ['/v1/ok', 5]]);
      expect(rows[0].statusCounts).toEqual({ '2%0000': 3 });
      expect(rows[0].examplePaths).toEqual(['/v1/a%00b']);
      expect((await db().collector.findFirstOrThrow()).name).toBe('edge%00probe');
      expect(Number((await db().endpointDailyStat.aggregate({ _sum: { requests: true } }))._sum.requests)).toBe(8);
    });
  });
}
