import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POST as request } from '../../app/api/deprecations/route';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

// v2 renames the parameter of /orders/{id}: the same operation, a new Operation row.
const spec = (version: string, param: string) => `openapi: 3.1.0
info: { title: Orders, version: '${version}' }
servers: [{ url: 'https://orders.example.com' }]
paths:
  /orders/{${param}}:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
`;

/**
 * One pending deprecation request per operation across spec versions: a request filed against v1 is still pending
 * when v2 is live, and the endpoint page (now on v2's row) filed a second one, two identical reviews for governance.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`pending deprecation requests across spec versions on ${kind}`, () => {
    let owner: Record<string, string>;
    const push = (body: string) => callRoute(pushSpec, 'POST', '/api/apis/orders/specs?owner=orders', { headers: { ...owner, 'content-type': 'application/yaml' }, body, params: { api: 'orders' } });
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['orders']);
      await ingest([observation('orders.example.com', 'GET', '/orders/{id}', 5, { day: '2026-12-01' })]);
      expect((await push(spec('1', 'id'))).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('a request filed from the endpoint after v2 is live is refused while the one filed against v1 is pending', async () => {
      const file = async () => {
        const endpoint = await db().endpoint.findFirstOrThrow({ where: { host: 'orders.example.com' } });
        return callRoute(request, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced by v3', proposedSunset: '2030-01-01' } });
      };
      const first = await file();
      expect(first.status).toBe(201);
      expect((await push(spec('2', 'orderId'))).status).toBe(201);
      expect(await file()).toEqual({ status: 422, body: { error: { code: 'invalid', message: `a deprecation request for GET /orders/{orderId} is already pending review (${first.body.id})` } } });
      expect(await db().deprecationRequest.count()).toBe(1);
    });
  });
}
