import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POST as decide } from '../../app/api/deprecations/[id]/decision/route';
import { POST as request } from '../../app/api/deprecations/route';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { exportInventory } from '../../lib/db/inventory-export';
import { createOverride } from '../../lib/db/overrides';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, ingest, observation, sessionHeaders } from './spec-registry-helpers';

const spec = (version: string, param: string) => `openapi: 3.1.0
info: { title: Orders, version: '${version}' }
servers: [{ url: 'https://orders.example.com' }]
paths:
  /orders/{${param}}:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
`;

/**
 * An approved deprecation holds in every later version of the spec, so once v2 is live the operation is still
 * deprecated: a new request for it is refused as for the version approved, where it was filed and could be approved
 * again with another sunset (two approvals of one operation, each carried to the current version).
 */
describe.each(DATABASE_KINDS)('%s', (kind) => {
  describe.skipIf(!databaseAvailable(kind))(`an operation approved for deprecation in an older spec version on ${kind}`, () => {
    let owner: Record<string, string>, gov: Record<string, string>;
    const push = (body: string) => callRoute(pushSpec, 'POST', '/api/apis/orders/specs?owner=orders', { headers: { ...owner, 'content-type': 'application/yaml' }, body, params: { api: 'orders' } });
    const file = async (proposedSunset: string) => {
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { host: 'orders.example.com' } });
      return callRoute(request, 'POST', '/api/deprecations', { headers: owner, json: { endpointId: endpoint.id, reason: 'replaced by /v3/orders', proposedSunset } });
    };
    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['orders']);
      gov = await sessionHeaders('gov@example.org', 'governance');
      await ingest([observation('orders.example.com', 'GET', '/orders/{id}', 5, { day: '2026-12-01' })]);
      expect((await push(spec('1', 'id'))).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('after v2 is pushed, the operation approved in v1 cannot be requested again', async () => {
      const first = await file('2027-03-31');
      expect(first.status).toBe(201);
      const approved = await callRoute(decide, 'POST', `/api/deprecations/${first.body.id}/decision`, { headers: gov, json: { decision: 'approve', note: 'callers notified' }, params: { id: first.body.id } });
      expect(approved.status).toBe(200);
      expect((await file('2027-06-30')).status).toBe(422);

      expect((await push(spec('2', 'orderId'))).status).toBe(201);
      expect((await db().endpoint.findFirstOrThrow({ where: { host: 'orders.example.com' } })).state).toBe('zombie');
      expect(await file('2027-06-30')).toEqual({
        status: 422,
        body: { error: { code: 'invalid', message: 'GET /orders/{orderId} is already deprecated (sunset 2027-03-31) in its spec or by an approved request' } },
      });
      expect((await db().deprecationRequest.findMany()).map((r) => r.status)).toEqual(['approved']);
    });

    test("the endpoint page says why v2's copy is a zombie: deprecated, with the approved sunset", async () => {
      // v2's Operation row is not marked (the approval named v1's): the page showed a zombie with no deprecation at all.
      const endpoint = await db().endpoint.findFirstOrThrow({ where: { host: 'orders.example.com' } });
      const detail = await getEndpointDetail(endpoint.id, 30, new Date('2027-04-01T00:00:00Z'));
      expect(detail?.state).toBe('zombie');
      expect(detail?.operation).toMatchObject({ path: '/orders/{orderId}', specVersion: '2', deprecated: true, sunsetAt: '2027-03-31', sunsetPassed: true });
      expect((await getEndpointDetail(endpoint.id, 30, new Date('2027-03-30T00:00:00Z')))?.operation?.sunsetPassed).toBe(false);
    });

    test("the inventory export says v2's copy is deprecated when it lists it unused", async () => {
      // Before: `unused[].deprecated` read v2's row alone, unmarked: false. Its only caller ignored makes it unused.
      await createOverride({ host: 'orders.example.com', method: 'GET', pattern: '/orders/*', action: 'ignore' }, 'system');
      const exported = await exportInventory();
      expect(exported?.unused).toEqual([{ method: 'GET', path: '/orders/{orderId}', operationId: 'getOrder', api: 'orders', deprecated: true }]);
    });
  });
});
