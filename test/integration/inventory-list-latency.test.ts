import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as endpointsRoute from '../../app/api/endpoints/route';
import * as exportRoute from '../../app/api/exports/inventory/route';
import { LatencyAccumulator, latencyFigures } from '../../lib/discovery/latency-summary';
import { disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

/**
 * The inventory list and its exports carry each endpoint's latency figures, as the endpoint page and `GET
 * /api/inventory` do: the CSV's p50 and p95 (in ms, empty when nothing timed the endpoint), the list and the JSON
 * export the whole figures. Until 6 Dec neither the list nor the exports had any.
 */
const timed = new LatencyAccumulator();
for (let ms = 1; ms <= 100; ms++) timed.add(ms);

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`inventory latency on ${kind}`, () => {
    let viewer: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      viewer = await sessionHeaders('viewer@example.org', 'viewer');
      const orders = observation('shop.test', 'GET', '/orders', 100, { day: '2026-12-02' });
      orders.evidence.latency = timed.snapshot();
      await ingest([orders, observation('shop.test', 'GET', '/health', 3, { day: '2026-12-01' })]);
    });
    afterAll(() => disconnectDb());

    test('the CSV export has p50Ms and p95Ms before unlisted, empty for an endpoint never timed', async () => {
      const res = await exportRoute.GET(new Request('http://localhost/api/exports/inventory?format=csv&sort=path&order=asc', { headers: viewer }), { params: Promise.resolve({}) as never });
      expect(res.status).toBe(200);
      const [header, health, orders, end] = (await res.text()).split('\r\n');
      expect(header).toBe('state,method,host,path,api,owner,triage,requests,firstSeen,lastSeen,authKinds,sensitive,statuses,ignored,p50Ms,p95Ms,unlisted');
      const { p50, p95 } = latencyFigures(timed.snapshot())!;
      // Estimates within the buckets' 9.1% of the exact 50 and 95 ms.
      expect([p50, p95]).toEqual([46.951, 93.901]);
      expect(orders.split(',').slice(-4)).toEqual(['false', '46.951', '93.901', 'false']);
      expect(health.split(',').slice(-4)).toEqual(['false', '', '', 'false']);
      expect(end).toBe('');
    });

    test('the list API and the JSON export give the same figures as the inventory API, null when never timed', async () => {
      const list = await callRoute(endpointsRoute.GET as never, 'GET', '/api/endpoints?sort=path&order=asc', { headers: viewer });
      expect(list.status).toBe(200);
      const figures = latencyFigures(timed.snapshot());
      expect(list.body.items.map((e: { pathTemplate: string; latency: unknown }) => [e.pathTemplate, e.latency])).toEqual([['/health', null], ['/orders', figures]]);
      const json = await callRoute(exportRoute.GET as never, 'GET', '/api/exports/inventory?format=json&sort=path&order=asc', { headers: viewer });
      expect(json.body.endpoints.map((e: { latency: unknown }) => e.latency)).toEqual([null, figures]);
    });
  });
}
