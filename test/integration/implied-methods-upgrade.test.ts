import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db, disconnectDb } from '../../lib/db/client';
import { reclassifyDueSunsets, reclassifyImpliedMethods } from '../../lib/db/reclassify';
import { registerSpec } from '../../lib/db/spec-registry';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { ingest, observation } from './spec-registry-helpers';

const HOST = 'orders.example.com';
const ORDERS = `openapi: 3.1.0
info: { title: Orders, version: '1' }
servers: [{ url: 'https://${HOST}' }]
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
`;

const rowOf = (method: string) =>
  db().endpoint.findUniqueOrThrow({ where: { host_method_pathTemplate: { host: HOST, method, pathTemplate: '/orders' } }, select: { state: true, apiId: true } });

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`HEAD/OPTIONS rows stored before the 5 Dec rules, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      expect((await registerSpec({ apiSlug: 'orders', text: ORDERS, actor: 'system' })).status).toBe('created');
      await ingest([observation(HOST, 'GET', '/orders', 5), observation(HOST, 'OPTIONS', '/orders', 3)]);
      // What the inventory held before the preflight rule: the preflight stored as a shadow endpoint of no API.
      await db().endpoint.update({ where: { host_method_pathTemplate: { host: HOST, method: 'OPTIONS', pathTemplate: '/orders' } }, data: { state: 'shadow', apiId: null, operationId: null } });
    });
    afterAll(() => disconnectDb());

    test('neither an unchanged spec push nor the hourly sunset job touches it; the start-up pass makes it documented, once', async () => {
      expect((await registerSpec({ apiSlug: 'orders', text: ORDERS, actor: 'system' })).status).toBe('unchanged');
      await reclassifyDueSunsets();
      expect((await rowOf('OPTIONS')).state).toBe('shadow');
      const { changed } = await reclassifyImpliedMethods();
      expect(changed.map((c) => [c.method, c.path, c.from, c.to])).toEqual([['OPTIONS', '/orders', 'shadow', 'documented']]);
      const api = await db().api.findUniqueOrThrow({ where: { slug: 'orders' } });
      expect(await rowOf('OPTIONS')).toEqual({ state: 'documented', apiId: api.id });
      expect((await reclassifyImpliedMethods()).changed).toEqual([]);
    });
  });
}
