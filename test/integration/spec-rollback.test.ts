import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GET as getApi } from '../../app/api/apis/[api]/route';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import { disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, sessionHeaders } from './spec-registry-helpers';

const spec = (version: string, lifecycle = '') => `openapi: 3.1.0
info: { title: Stock, version: '${version}'${lifecycle} }
servers: [{ url: 'https://stock.example.com' }]
paths:
  /items:
    get: { operationId: listItems, responses: { '200': { description: ok } } }
`;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`rolling back a retiring spec version on ${kind}`, () => {
    let owner: Record<string, string>;
    const push = (body: string) => callRoute(pushSpec, 'POST', '/api/apis/stock/specs?owner=stock', { headers: { ...owner, 'content-type': 'application/yaml' }, body, params: { api: 'stock' } });

    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['stock']);
      await ingest([observation('stock.example.com', 'GET', '/items', 7, { day: '2026-12-01' })]);
    });
    afterAll(() => disconnectDb());

    test('the API is as live as its current spec: retired with v2, active again when v1 is restored or v3 is pushed', async () => {
      expect((await push(spec('1'))).status).toBe(201);
      expect((await push(spec('2', ', x-lifecycle: retired'))).status).toBe(201);
      const lifecycle = async () => (await callRoute(getApi, 'GET', '/api/apis/stock', { headers: owner, params: { api: 'stock' } })).body.lifecycle;
      expect(await lifecycle()).toBe('retired');
      expect((await endpointRows()).map((r) => [r.path, r.state, r.requests])).toEqual([['/items', 'zombie', 7]]);

      expect((await push(spec('1'))).body.status).toBe('restored');
      expect(await lifecycle()).toBe('active');
      expect((await endpointRows()).map((r) => [r.path, r.state, r.requests])).toEqual([['/items', 'documented', 7]]);

      expect((await push(spec('2', ', x-lifecycle: retired'))).body.status).toBe('restored');
      expect((await push(spec('3'))).status).toBe(201);
      expect(await lifecycle()).toBe('active');
      expect((await endpointRows()).map((r) => [r.path, r.state])).toEqual([['/items', 'documented']]);
    });
  });
}
