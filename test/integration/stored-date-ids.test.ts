import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { ingestBatch } from '../../lib/db/ingest-pipeline';
import { retemplateStoredEndpoints } from '../../lib/db/stored-templates';
import { collectorTemplatingContext } from '../../lib/db/templating-context';
import { createObservationAggregator } from '../../lib/inventory/aggregate-observations';
import type { EndpointObservation, IngestBatch } from '../../lib/inventory/observation';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { observation } from './spec-registry-helpers';

// Until 6 Dec any eight digits were a date: order numbers made `/orders/{date}` where today's traffic makes
// `/orders/{orderId}`, two rows for one endpoint. The start-up pass and ingest name such a `{date}` as today,
// decided by the example paths; a `{date}` of real dates stays.
const HOST = 'shop.example.com';

function batch(collector: string, observations: EndpointObservation[]): IngestBatch {
  return { idempotencyKey: `test-${randomUUID()}`, collector: { name: collector, kind: 'pcap' }, observations, stats: {} };
}

function oldObservation(path: string, requests: number, examplePaths: string[]): EndpointObservation {
  return { ...observation(HOST, 'GET', path, requests, { day: '2026-12-05' }), examplePaths };
}

async function storedRows() {
  const rows = await db().endpoint.findMany({ select: { pathTemplate: true, requestCount: true } });
  return rows.map((r) => [r.pathTemplate, Number(r.requestCount)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`eight-digit IDs stored as {date} on ${kind}`, () => {
    beforeAll(() => useFreshDatabase(kind));
    afterAll(() => disconnectDb());

    test("a row stored as {date} is folded into today's row at start-up; real dates keep their name", async () => {
      // What an older release stored (its ingest took the templates as sent).
      expect((await ingestBatch(batch('edge-old', [oldObservation('/reports/{date}', 2, ['/reports/20240115'])]))).status).toBe('applied');
      await db().endpoint.create({
        data: { host: HOST, method: 'GET', pathTemplate: '/orders/{date}', firstSeen: new Date('2026-12-01T10:00:00Z'), lastSeen: new Date('2026-12-01T11:00:00Z'), requestCount: 5n, state: 'shadow', examplePaths: ['/orders/12345678', '/orders/23456789'] },
      });
      const aggregator = createObservationAggregator(await collectorTemplatingContext());
      for (const id of ['34567890', '45678901', '56789012']) aggregator.add({ ts: '2026-12-06T10:00:00.000Z', host: HOST, method: 'GET', path: `/orders/${id}`, status: 200 });
      const today = aggregator.observations(new Date('2026-12-07T00:00:00.000Z'));
      expect(today.map((o) => o.path)).toEqual(['/orders/{orderId}']);
      expect((await ingestBatch(batch('edge-today', today))).status).toBe('applied');
      expect(await storedRows()).toEqual([['/orders/{date}', 5], ['/orders/{orderId}', 3], ['/reports/{date}', 2]]);

      const result = await retemplateStoredEndpoints();
      expect([result.retemplated, result.folded]).toEqual([1, 1]);
      expect(await storedRows()).toEqual([['/orders/{orderId}', 8], ['/reports/{date}', 2]]);
    });

    test("an older collector's {date} of order numbers lands on today's row", async () => {
      expect((await ingestBatch(batch('edge-old', [oldObservation('/orders/{date}', 4, ['/orders/67890123'])]))).status).toBe('applied');
      expect(await storedRows()).toEqual([['/orders/{orderId}', 12], ['/reports/{date}', 2]]);
    });
  });
}
