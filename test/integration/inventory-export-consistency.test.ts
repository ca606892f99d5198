import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as exportRoute from '../../app/api/exports/inventory/route';
import { db, disconnectDb } from '../../lib/db/client';
import { listEndpoints } from '../../lib/db/endpoints';
import { inventoryCsv } from '../../lib/exports/inventory-csv';
import { endpointQuerySchema } from '../../lib/inventory/endpoint-query';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

/**
 * The inventory export reads more than one page of endpoints (it reads 500 rows at a time) while collectors keep
 * pushing: each endpoint must be in it exactly once, whatever ingest moves meanwhile.
 */
const COUNT = 1001;
const day = (i: number) => `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`an inventory export during ingest on ${kind}`, () => {
    let viewer: Record<string, string>;
    beforeAll(async () => {
      await useFreshDatabase(kind);
      viewer = await sessionHeaders('viewer@example.org', 'viewer');
      const all = Array.from({ length: COUNT }, (_, i) => observation('shop.test', 'GET', `/items${i}`, 1 + i, { day: day(i) }));
      await ingest(all.slice(0, 900));
      await ingest(all.slice(900));
    });
    afterAll(() => disconnectDb());

    test('an endpoint ingest moves to the top of the list during the export is exported once, with its new count', async () => {
      // /items0 was last seen first of all (the list's last page); traffic now makes it the most recent.
      const endpoints = db().endpoint;
      const findMany = endpoints.findMany.bind(endpoints);
      const spy = vi.spyOn(endpoints, 'findMany').mockImplementationOnce((async (args: Parameters<typeof findMany>[0]) => {
        const rows = await findMany(args);
        await ingest([observation('shop.test', 'GET', '/items0', 5, { day: '2026-11-30' })]);
        return rows;
      }) as never);
      const res = await callRoute(exportRoute.GET as never, 'GET', '/api/exports/inventory?format=json', { headers: viewer });
      spy.mockRestore();
      expect(res.status).toBe(200);
      const paths: string[] = res.body.endpoints.map((e: { pathTemplate: string }) => e.pathTemplate);
      expect(paths.length).toBe(COUNT);
      expect(new Set(paths).size).toBe(COUNT);
      expect(res.body.endpoints.find((e: { pathTemplate: string }) => e.pathTemplate === '/items0').requestCount).toBe(6);
    });

    test('with nothing changing, the export lists what the inventory pages list, in their order', async () => {
      for (const query of ['sort=path&order=asc', 'sort=requests&order=desc&q=items1', 'sort=lastSeen']) {
        const res = await callRoute(exportRoute.GET as never, 'GET', `/api/exports/inventory?format=json&${query}`, { headers: viewer });
        const q = endpointQuerySchema.parse(Object.fromEntries(new URLSearchParams(query)));
        const pages = [];
        for (let page = 1; ; page++) {
          const { items } = await listEndpoints({ ...q, page, pageSize: 400 });
          pages.push(...items);
          if (items.length < 400) break;
        }
        expect(res.body.endpoints.map((e: { id: string }) => e.id), query).toEqual(pages.map((e) => e.id));
        expect(res.body.endpoints, query).toEqual(pages);
      }
    });

    test('the export is streamed a page at a time and is the same text: JSON.stringify of every endpoint, the CSV of every row', async () => {
      const raw = async (query: string) => {
        const res = await exportRoute.GET(new Request(`http://localhost/api/exports/inventory?${query}`, { headers: viewer }), { params: Promise.resolve({}) } as never);
        expect(res.status).toBe(200);
        return res.text();
      };
      const json = await raw('format=json&sort=path&order=asc');
      const { endpoints } = JSON.parse(json);
      expect(endpoints.length).toBe(COUNT);
      expect(json).toBe(JSON.stringify({ endpoints }, null, 2));
      const csv = await raw('format=csv&sort=path&order=asc');
      expect(csv).toBe(inventoryCsv(endpoints));
      expect(csv.split('\r\n').length).toBe(COUNT + 2);
      expect(await raw('format=json&q=nothing-has-this-name')).toBe(JSON.stringify({ endpoints: [] }, null, 2));
      expect(await raw('format=csv&q=nothing-has-this-name')).toBe(inventoryCsv([]));
    });
  });
});
