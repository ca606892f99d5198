import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { latencyFigures, readLatency } from '../../lib/discovery/latency-summary';
import { db, disconnectDb } from '../../lib/db/client';
import { endpointPages, listEndpoints } from '../../lib/db/endpoints';
import { applyIngestBatch } from '../../lib/db/ingest';
import { STORED_DATA_RULES, upgradeStoredData } from '../../lib/db/stored-data-rules';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { ingestBatchSchema, type IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';

/**
 * The inventory sorts by latency p95, read from a column written with the latency summary (a JSON column cannot be
 * sorted by). Until 7 Dec the p95 column of the list could not be sorted at all. Hosts apart, so templating keeps
 * each endpoint its own.
 */
function batchOf(key: string, latencies: Record<string, Array<number | undefined>>): IngestBatch {
  const aggregator = createObservationAggregator({ specs: [] });
  for (const [host, ms] of Object.entries(latencies)) {
    ms.forEach((latencyMs, i) => aggregator.add({ ts: `2026-12-0${1 + (i % 3)}T10:00:00Z`, host, method: 'GET', path: '/health', status: 200, ...(latencyMs === undefined ? {} : { latencyMs }) } satisfies Exchange));
  }
  return ingestBatchSchema.parse(JSON.parse(JSON.stringify({ idempotencyKey: `p95-sort-batch-${key}`, collector: { name: 'edge', kind: 'log' }, observations: aggregator.observations() })));
}

const hostsBy = async (order: 'asc' | 'desc') => (await listEndpoints(endpointQuerySchema.parse({ sort: 'p95', order }))).items.map((e) => e.host);

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`sorting the inventory by latency p95 on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const batch = batchOf('first', { 'fast.test': [4, 5, 6], 'slow.test': [400, 420, 450], 'mid.test': [40, 50, 60], 'untimed.test': [undefined, undefined] });
      expect((await applyIngestBatch(batch)).status).toBe('applied');
    });
    afterAll(() => disconnectDb());

    test('slowest first or fastest first, endpoints no source timed last either way; the export keeps the order', async () => {
      expect(await hostsBy('desc')).toEqual(['slow.test', 'mid.test', 'fast.test', 'untimed.test']);
      expect(await hostsBy('asc')).toEqual(['fast.test', 'mid.test', 'slow.test', 'untimed.test']);
      const exported = [];
      for await (const page of endpointPages(endpointQuerySchema.parse({ sort: 'p95', order: 'desc' }), 2)) exported.push(...page.map((e) => e.host));
      expect(exported).toEqual(['slow.test', 'mid.test', 'fast.test', 'untimed.test']);
    });

    test('the stored p95 is the one the list shows, and follows the summary as traffic adds to it', async () => {
      const again = batchOf('second', { 'fast.test': Array.from({ length: 20 }, () => 900) });
      expect((await applyIngestBatch(again)).status).toBe('applied');
      const rows = await db().endpoint.findMany({ select: { host: true, latency: true, latencyP95Ms: true } });
      for (const r of rows) expect(r.latencyP95Ms).toBe(latencyFigures(readLatency(r.latency))?.p95 ?? null);
      expect(await hostsBy('desc')).toEqual(['fast.test', 'slow.test', 'mid.test', 'untimed.test']);
    });

    test("rows timed before the column existed get their p95 at serve's start", async () => {
      await db().endpoint.updateMany({ data: { latencyP95Ms: null } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: STORED_DATA_RULES - 1 }, update: { version: STORED_DATA_RULES - 1 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.latencyP95).toBe(3);
      expect(await hostsBy('desc')).toEqual(['fast.test', 'slow.test', 'mid.test', 'untimed.test']);
    });

    test('pages read timed and untimed rows apart and still follow the one order the export sorts (ties by id)', async () => {
      const same = [70, 70, 70];
      const latencies: Record<string, Array<number | undefined>> = { 'u1.test': [undefined], 't1.test': [12], 't2.test': same, 'u2.test': [undefined], 't3.test': same, 't4.test': [3000], 'u3.test': [undefined], 't5.test': same, 'u4.test': [undefined] };
      expect((await applyIngestBatch(batchOf('paging', latencies))).status).toBe('applied');
      for (const order of ['asc', 'desc'] as const) {
        const rows: Array<{ host: string; id: string; latency: { p95: number } | null }> = [];
        for await (const page of endpointPages(endpointQuerySchema.parse({ sort: 'p95', order }))) rows.push(...page);
        const exported = rows.map((e) => e.host);
        expect(exported).toHaveLength(13);
        // Ties (t2, t3, t5 share a p95; the untimed rows, last) come by id in the order's direction.
        const byId = (hosts: string[]) => rows.filter((r) => hosts.includes(r.host)).map((r) => r.id);
        const sorted = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : 1) * (order === 'asc' ? 1 : -1));
        const ties = byId(['t2.test', 't3.test', 't5.test']);
        expect(ties).toEqual(sorted(ties));
        expect(new Set(exported.slice(-5))).toEqual(new Set(['untimed.test', 'u1.test', 'u2.test', 'u3.test', 'u4.test']));
        const untimed = byId(exported.slice(-5));
        expect(untimed).toEqual(sorted(untimed));
        const p95s = rows.slice(0, 8).map((r) => r.latency?.p95 ?? Number.NaN);
        expect(p95s).toEqual([...p95s].sort((a, b) => (a - b) * (order === 'asc' ? 1 : -1)));
        for (const pageSize of [1, 2, 3, 4, 5, 8, 13]) {
          const listed: string[] = [];
          for (let page = 1; page <= Math.ceil(15 / pageSize); page++) {
            const got = await listEndpoints(endpointQuerySchema.parse({ sort: 'p95', order, page, pageSize }));
            listed.push(...got.items.map((e) => e.host));
          }
          expect(listed, `${order}, pages of ${pageSize}`).toEqual(exported);
        }
        const timedOnly = await listEndpoints(endpointQuerySchema.parse({ sort: 'p95', order, q: 't', page: 2, pageSize: 3 }));
        expect(timedOnly.items.map((e) => e.host)).toEqual(exported.filter((h) => h.includes('t')).slice(3, 6));
      }
    });
  });
}
