import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { LatencyAccumulator, latencyFigures } from '../../lib/discovery/latency-summary';
import { db, disconnectDb } from '../../lib/db/client';
import { foldEndpoints } from '../../lib/db/endpoint-fold';
import { applyIngestBatch } from '../../lib/db/ingest';
import { exportInventory } from '../../lib/db/inventory-export';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { ingestBatchSchema, type IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * Latencies reach the inventory as a mergeable summary: batches of several collectors and repeated flushes are summed
 * into the row, a retried batch is counted once, and a batch without latencies (an older collector, a log that does
 * not time requests) is accepted and leaves them as they are.
 */
const exchange = (latencyMs: number | undefined, i: number): Exchange => ({
  ts: `2026-12-0${1 + (i % 3)}T10:00:00Z`, host: 'api.example.com', method: 'GET', path: `/v1/orders/${1000 + i}`, status: 200,
  ...(latencyMs === undefined ? {} : { latencyMs }),
});

function batchOf(key: string, collector: string, latencies: Array<number | undefined>, from = 0): IngestBatch {
  const aggregator = createObservationAggregator({ specs: [] });
  latencies.forEach((ms, i) => aggregator.add(exchange(ms, from + i)));
  // Through the server's own schema, as a batch arrives over HTTP.
  return ingestBatchSchema.parse(JSON.parse(JSON.stringify({ idempotencyKey: `latency-test-batch-${key}`, collector: { name: collector, kind: 'log' }, observations: aggregator.observations() })));
}

const fast = Array.from({ length: 90 }, (_, i) => 5 + (i % 10));
const slow = Array.from({ length: 10 }, (_, i) => 400 + 10 * i);

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`endpoint latency through ingest on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test('two collectors, a retry and an older collector: the stored summary is the whole traffic\'s, once', async () => {
      const a = batchOf('a', 'edge-a', fast);
      const b = batchOf('b', 'edge-b', slow, 90);
      // A collector before 6 Dec sent no latency at all.
      const old = batchOf('old', 'edge-old', [undefined, undefined], 100);
      for (const o of old.observations) expect(o.evidence).not.toHaveProperty('latency');
      expect((await applyIngestBatch(a)).status).toBe('applied');
      expect((await applyIngestBatch(old)).status).toBe('applied');
      expect((await applyIngestBatch(b)).status).toBe('applied');
      expect((await applyIngestBatch(a)).status).toBe('duplicate');

      const whole = new LatencyAccumulator();
      for (const ms of [...fast, ...slow]) whole.add(ms);
      const [row] = await db().endpoint.findMany({ where: { host: 'api.example.com' } });
      expect([row.pathTemplate, Number(row.requestCount)]).toEqual(['/v1/orders/{orderId}', 102]);
      expect(row.latency).toEqual(whole.snapshot());

      const inventory = await exportInventory();
      expect(inventory?.endpoints.map((e) => [e.path, e.latency])).toEqual([['/v1/orders/{orderId}', latencyFigures(whole.snapshot())]]);
      const figures = inventory!.endpoints[0].latency!;
      expect([figures.count, figures.max, figures.mean]).toEqual([100, 490, 53.05]);
      // The exact nearest-rank p50 is 10 ms and p95 440 ms; the estimates are within the buckets' 9.1%.
      expect(Math.abs(figures.p50 / 10 - 1)).toBeLessThanOrEqual(0.0906);
      expect(Math.abs(figures.p95 / 440 - 1)).toBeLessThanOrEqual(0.0906);
    });

    test('an endpoint no source timed has no latency, in the row and in the inventory', async () => {
      const batch = batchOf('untimed', 'edge-old', [undefined], 200);
      batch.observations[0] = { ...batch.observations[0], path: '/v1/untimed' };
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/untimed' } });
      expect(row.latency).toBeNull();
      expect((await exportInventory())?.endpoints.find((e) => e.path === '/v1/untimed')?.latency).toBeNull();
    });

    test('rows folded into one (a merge override, a retemplating) keep every latency of both', async () => {
      const batch = batchOf('other', 'edge-a', [700, 800], 300);
      batch.observations[0] = { ...batch.observations[0], path: '/v1/legacy-orders' };
      expect((await applyIngestBatch(batch)).status).toBe('applied');
      const keeper = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/orders/{orderId}' } });
      const source = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/legacy-orders' } });
      const untimed = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/untimed' } });
      // As a row timed before the column existed has it (rule 73): the fold writes it from the summary it makes.
      await db().endpoint.update({ where: { id: keeper.id }, data: { latencyP95Ms: null } });
      await db().$transaction((tx) => foldEndpoints(tx, keeper, [source, untimed], keeper.pathTemplate));
      const whole = new LatencyAccumulator();
      for (const ms of [...fast, ...slow, 700, 800]) whole.add(ms);
      const folded = await db().endpoint.findUniqueOrThrow({ where: { id: keeper.id } });
      expect(folded.latency).toEqual(whole.snapshot());
      // The p95 the inventory sorts by is the folded summary's, not the keeper's own (lib/db/latency-columns.ts).
      expect(folded.latencyP95Ms).toBe(latencyFigures(whole.snapshot())!.p95);
    });
  });
}
