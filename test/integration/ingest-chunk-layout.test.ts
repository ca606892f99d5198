import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { halveBatch, planBatches } from '../../lib/inventory/batches';
import type { EndpointObservation } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/** An endpoint called `requests` times on one day. */
function observed(path: string, requests: number): EndpointObservation {
  return {
    host: 'layout.example.com', method: 'GET', path,
    evidence: {
      requests, firstSeen: '2026-12-04T10:00:00.000Z', lastSeen: '2026-12-04T11:00:00.000Z', statuses: { '200': requests }, authKinds: { none: requests },
      jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
      clients: { internal: 0, public: 0, unknown: requests }, callers: 0,
    },
    daily: { '2026-12-04': { requests, errors: 0, unauthenticated: 0 } },
    examplePaths: [path],
  };
}

async function storedRequests(): Promise<number> {
  const rows = await db().endpoint.findMany({ where: { host: 'layout.example.com' }, select: { requestCount: true } });
  return rows.reduce((n, r) => n + Number(r.requestCount), 0);
}

/**
 * One log, pushed twice with other templating in between (a spec registered, an override, `push a.log` then `push
 * a.log b.log` whose agreed templates differ): 1001 literal endpoints the first time (two batches), one template the
 * second (one batch). The keys were the input's fingerprint and `index/count`, so the second push had other keys, and
 * the log was counted twice.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`one input cut into another number of batches on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('the same input sent again in another number of batches is counted once; each retry of the first is a duplicate', async () => {
      const literal = Array.from({ length: 1001 }, (_, i) => observed(`/members/m${i}`, 1));
      const first = planBatches({ inputFingerprint: 'access-log', collector: { name: 'edge-a', kind: 'log' }, observations: literal, exchanges: 1001 });
      const templated = planBatches({ inputFingerprint: 'access-log', collector: { name: 'edge-b', kind: 'log' }, observations: [observed('/members/{memberId}', 1001)], exchanges: 1001 });
      expect([first.length, templated.length]).toEqual([2, 1]);
      expect((await ingestBatch(first[0])).status).toBe('applied');
      // The other layout arrives while the first still has a batch to deliver (spooled through an outage).
      expect((await ingestBatch(templated[0])).status).toBe('duplicate');
      expect((await ingestBatch(first[1])).status).toBe('applied');
      expect((await ingestBatch(first[0])).status).toBe('duplicate');
      expect(await storedRequests()).toBe(1001);
    });

    test('a batch sent in halves after the server refused it as too large counts in its input\'s layout, once', async () => {
      // bin/push/drain-spool.ts: a batch planned before the collector knew the server's lower limit goes in halves.
      const observations = [observed('/h/1', 2), observed('/h/2', 3), observed('/h/3', 4)].map((o) => ({ ...o, host: 'halves.example.com' }));
      const [whole] = planBatches({ inputFingerprint: 'halved-log', collector: { name: 'edge-a', kind: 'log' }, observations, exchanges: 9 });
      const [a, b] = halveBatch(whole);
      const [b1, b2] = halveBatch(b);
      expect((await ingestBatch(a)).status).toBe('applied');
      expect((await ingestBatch(b1)).status).toBe('applied');
      expect((await ingestBatch(b2)).status).toBe('applied');
      // The same batch halved again by a collector that had spooled it too; the input cut to the limit from the start.
      expect((await ingestBatch(halveBatch(whole)[0])).status).toBe('duplicate');
      const cut = planBatches({ inputFingerprint: 'halved-log', collector: { name: 'edge-b', kind: 'log' }, observations, exchanges: 9, maxBytes: 1200 });
      expect(cut.length).toBeGreaterThan(1);
      for (const batch of cut) expect((await ingestBatch(batch)).status).toBe('duplicate');
      const rows = await db().endpoint.findMany({ where: { host: 'halves.example.com' }, select: { requestCount: true } });
      expect(rows.reduce((n, r) => n + Number(r.requestCount), 0)).toBe(9);
    });

    test('different inputs, and an input sent again in the same batches, are each counted once', async () => {
      const one = planBatches({ inputFingerprint: 'other-log', collector: { name: 'edge-a', kind: 'log' }, observations: [observed('/x', 5)], exchanges: 5 });
      const two = planBatches({ inputFingerprint: 'third-log', collector: { name: 'edge-a', kind: 'log' }, observations: [observed('/x', 7)], exchanges: 7 });
      expect((await ingestBatch(one[0])).status).toBe('applied');
      expect((await ingestBatch(two[0])).status).toBe('applied');
      expect((await ingestBatch(one[0])).status).toBe('duplicate');
      expect(await storedRequests()).toBe(1001 + 12);
    });
  });
}
