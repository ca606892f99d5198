import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as specsRoute from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { upgradeStoredData } from '../../lib/db/stored-data-rules';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, tokenHeaders } from './spec-registry-helpers';

// A framework documenting both spellings, the one with the slash kept as a deprecated alias.
const spec = `openapi: 3.0.3
info: { title: Items, version: 1.0.0 }
servers: [{ url: 'https://items.test' }]
paths:
  /items:
    get: { operationId: listItems, responses: { '200': { description: ok } } }
  /items/:
    get: { operationId: listItemsAlias, deprecated: true, responses: { '200': { description: ok } } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`an operation written with and without a trailing slash, on ${kind}`, () => {
    beforeAll(async () => {
      await useFreshDatabase(kind);
      const ci = await tokenHeaders('ci', ['specs:write', 'read']);
      const pushed = await callRoute(specsRoute.POST, 'POST', '/api/apis/items/specs', { headers: ci, json: { spec, version: '1' }, params: { api: 'items' } });
      expect([pushed.status, pushed.body.warnings]).toEqual([201, [{ pointer: '/paths/~1items~1/get', message: 'GET /items/ and GET /items are one operation to matching (a trailing slash is not significant): calls to either count as GET /items' }]]);
    });
    afterAll(() => disconnectDb());

    test('stores the calls as calls to the live operation, not zombie calls to the deprecated spelling', async () => {
      // Before: zombie, linked to listItemsAlias (the spelling last in path order took the calls).
      await ingest([observation('items.test', 'GET', '/items', 5)]);
      expect((await endpointRows('items.test')).map((r) => `${r.state} ${r.method} ${r.path}`)).toEqual(['documented GET /items']);
      const row = await db().endpoint.findFirstOrThrow({ where: { host: 'items.test' }, select: { operation: { select: { operationId: true } } } });
      expect(row.operation?.operationId).toBe('listItems');
    });

    test("a row an older release stored as the deprecated spelling's zombie is documented at serve's next start", async () => {
      const alias = await db().operation.findFirstOrThrow({ where: { operationId: 'listItemsAlias' }, select: { id: true } });
      await db().endpoint.updateMany({ where: { host: 'items.test' }, data: { state: 'zombie', operationId: alias.id } });
      await db().storedDataRules.upsert({ where: { name: 'serve-start-up' }, create: { name: 'serve-start-up', version: 55 }, update: { version: 55 } });
      const run = await upgradeStoredData();
      expect(run.ran && run.slashTwins.map((c) => `${c.from} → ${c.to} ${c.method} ${c.host}${c.path}`)).toEqual(['zombie → documented GET items.test/items']);
    });
  });
}
