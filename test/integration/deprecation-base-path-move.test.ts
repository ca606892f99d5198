import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POST as decide } from '../../app/api/deprecations/[id]/decision/route';
import { GET as listRequests, POST as request } from '../../app/api/deprecations/route';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { exportInventory } from '../../lib/db/inventory-export';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, sessionHeaders } from './spec-registry-helpers';

/**
 * v2 moves the version prefix from the server URL into every path (`https://orders.example.com/v1` + `/orders` →
 * `https://orders.example.com` + `/v1/orders`): no URL changed, and the diff lists nothing. An approved deprecation
 * follows the operation there as it follows a renamed parameter: until 6 Dec approvals were carried by method and
 * spec path alone, so v2's copy was not deprecated, its callers went back to documented, and it could be requested
 * and approved again.
 */
const spec = (server: string, prefix: string) => `openapi: 3.1.0
info: { title: Orders, version: '${prefix ? 2 : 1}' }
servers: [{ url: '${server}' }]
paths:
  ${prefix}/orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
  ${prefix}/orders/{id}:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
  ${prefix}/refunds:
    get: { operationId: listRefunds, responses: { '200': { description: ok } } }
`;
const V1 = spec('https://orders.example.com/v1', '');
const V2 = spec('https://orders.example.com', '/v1');

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`an approved deprecation across a base-path move on ${kind}`, () => {
    let owner: Record<string, string>;
    let gov: Record<string, string>;
    const push = (body: string) => callRoute(pushSpec, 'POST', '/api/apis/orders/specs?owner=orders', { headers: { ...owner, 'content-type': 'application/yaml' }, body, params: { api: 'orders' } });
    const states = async () => Object.fromEntries((await endpointRows('orders.example.com')).map((r) => [r.path, r.state]));
    const file = async (operationId: string) => {
      const op = await db().operation.findFirstOrThrow({ where: { operationId, spec: { isCurrent: true } } });
      return callRoute(request, 'POST', '/api/deprecations', { headers: owner, json: { operationId: op.id, reason: 'replaced', proposedSunset: '2026-11-01' } });
    };

    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['orders']);
      gov = await sessionHeaders('gov@example.org', 'governance');
      await ingest([observation('orders.example.com', 'GET', '/v1/orders', 3, { day: '2026-12-01' }), observation('orders.example.com', 'GET', '/v1/orders/{id}', 5, { day: '2026-12-01' })]);
      expect((await push(V1)).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('v2 keeps the approved operations deprecated: its callers stay zombies, the uncalled one stays deprecated', async () => {
      for (const operationId of ['getOrder', 'listRefunds']) {
        const filed = await file(operationId);
        expect(filed.status).toBe(201);
        const id = filed.body.id as string;
        expect((await callRoute(decide, 'POST', `/api/deprecations/${id}/decision`, { headers: gov, json: { decision: 'approve', note: 'ok' }, params: { id } })).status).toBe(200);
      }
      expect(await states()).toEqual({ '/v1/orders': 'documented', '/v1/orders/{id}': 'zombie' });
      const v2 = await push(V2);
      expect([v2.status, v2.body.spec.diffSummary.added, v2.body.spec.diffSummary.removed]).toEqual([201, [], []]);
      expect(await states()).toEqual({ '/v1/orders': 'documented', '/v1/orders/{id}': 'zombie' });
      const unused = (await exportInventory())!.unused;
      expect(unused.map((u) => [u.path, u.deprecated])).toEqual([['/v1/refunds', true]]);
      // Governance still sees who calls it, through v2's copy.
      const listed = await callRoute(listRequests, 'GET', '/api/deprecations', { headers: gov });
      const callers = listed.body.items.map((i: { operation: { path: string; callers: { path: string }[] } }) => [i.operation.path, i.operation.callers.map((c) => c.path)]);
      expect(callers).toEqual([['/refunds', []], ['/orders/{id}', ['/v1/orders/{id}']]]);
      // The endpoint page says it is deprecated, with the sunset approved.
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/orders/{id}' } });
      const page = (await getEndpointDetail(row.id))!.operation!;
      expect([page.path, page.specVersion, page.deprecated, page.sunsetAt]).toEqual(['/v1/orders/{id}', '2', true, '2026-11-01']);
    });

    test("v2's copy of an approved operation cannot be requested again; an operation no approval names can (near miss)", async () => {
      const again = await file('getOrder');
      expect([again.status, again.body.error.message]).toEqual([422, 'GET /v1/orders/{id} is already deprecated (sunset 2026-11-01) in its spec or by an approved request']);
      expect((await file('listOrders')).status).toBe(201);
    });

    test('a request pending against v2 is the same review once v1 is restored: the endpoint page says it is pending', async () => {
      expect((await push(V1)).body.status).toBe('restored');
      const row = await db().endpoint.findFirstOrThrow({ where: { pathTemplate: '/v1/orders' } });
      expect((await getEndpointDetail(row.id))!.operation!.pendingDeprecation).toEqual({ proposedSunset: '2026-11-01' });
      expect((await file('listOrders')).status).toBe(422);
    });
  });
}
