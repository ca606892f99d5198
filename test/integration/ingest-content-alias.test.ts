import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { halveBatch, planBatches } from '../../lib/inventory/batches';
import type { EndpointObservation } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

function observed(host: string, path: string, requests: number): EndpointObservation {
  return {
    host, method: 'GET', path,
    evidence: {
      requests, firstSeen: '2026-12-04T10:00:00.000Z', lastSeen: '2026-12-04T11:00:00.000Z', statuses: { '200': requests }, authKinds: { none: requests },
      jwtIssuers: [], scopesSeen: [], unauthenticated2xx: 0, sensitive: [], queryParams: {}, deprecationHeaders: 0, sunsetHeaders: 0,
      clients: { internal: 0, public: 0, unknown: requests }, callers: 0,
    },
    daily: { '2026-12-04': { requests, errors: 0, unauthenticated: 0 } },
    examplePaths: [path],
  };
}

async function storedRequests(host: string): Promise<number> {
  const rows = await db().endpoint.findMany({ where: { host }, select: { requestCount: true } });
  return rows.reduce((n, r) => n + Number(r.requestCount), 0);
}

/** The same log as a file (keyed by its size and first and last MiB) and through a pipe (by the digest of its bytes). */
function bothWays(host: string, count: number) {
  const observations = Array.from({ length: count }, (_, i) => observed(host, `/items/i${i}`, 2));
  const collector = { name: 'edge', kind: 'log' as const };
  const asFile = planBatches({ inputFingerprint: `file-${host}`, aliasFingerprint: `content-${host}`, collector, observations, exchanges: 2 * count });
  const asPipe = planBatches({ inputFingerprint: `content-${host}`, collector, observations, exchanges: 2 * count });
  return { asFile, asPipe };
}

/**
 * Until this mend `push a.log` and then `cat a.log | push -` counted the log twice: a file's key is its size and first
 * and last MiB, a pipe's the digest of what it carried. A file's batches now carry the key a pipe of its bytes has as
 * an alias, and the server counts a batch once under either.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`a file's batches keyed by its content too on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('the file first, then the same bytes through a pipe: counted once', async () => {
      const { asFile, asPipe } = bothWays('file-first.example.com', 1001);
      expect([asFile.length, asPipe.length]).toEqual([2, 2]);
      for (const b of asFile) expect((await ingestBatch(b)).status).toBe('applied');
      for (const b of asPipe) expect((await ingestBatch(b)).status).toBe('duplicate');
      expect(await storedRequests('file-first.example.com')).toBe(2002);
    });

    test('the pipe first, then the file; halves of a batch refused as too large count once under either key', async () => {
      const { asFile, asPipe } = bothWays('pipe-first.example.com', 1001);
      expect((await ingestBatch(asPipe[0])).status).toBe('applied');
      expect((await ingestBatch(asFile[0])).status).toBe('duplicate');
      // Both senders' second batches were over the server's limit, and went in halves (bin/push/drain-spool.ts).
      for (const half of halveBatch(asFile[1])) expect((await ingestBatch(half)).status).toBe('applied');
      for (const half of halveBatch(asPipe[1])) expect((await ingestBatch(half)).status).toBe('duplicate');
      expect(await storedRequests('pipe-first.example.com')).toBe(2002);
    });

    test('a batch with no alias (an older collector) is keyed as before', async () => {
      const { asPipe } = bothWays('older.example.com', 3);
      const [batch] = planBatches({ inputFingerprint: 'file-older.example.com', collector: { name: 'edge', kind: 'log' }, observations: asPipe[0].observations, exchanges: 6 });
      expect(batch).not.toHaveProperty('alias');
      expect((await ingestBatch(batch)).status).toBe('applied');
      expect((await ingestBatch(asPipe[0])).status).toBe('applied');
    });
  });
}
