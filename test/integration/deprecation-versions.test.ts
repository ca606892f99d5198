import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POST as decide } from '../../app/api/deprecations/[id]/decision/route';
import { GET as listRequests, POST as request } from '../../app/api/deprecations/route';
import { POST as pushSpec } from '../../app/api/apis/[api]/specs/route';
import { db, disconnectDb } from '../../lib/db/client';
import { DATABASE_KINDS, databaseAvailable, useFreshDatabase } from '../db-harness';
import { callRoute, endpointRows, ingest, observation, sessionHeaders } from './spec-registry-helpers';

// Two versions of one API: v2 renames /orders/{id}'s parameter and adds an operation; v1 may be restored later.
const spec = (version: string, param: string, extra = '') => `openapi: 3.1.0
info: { title: Orders, version: '${version}' }
servers: [{ url: 'https://orders.example.com' }]
paths:
  /orders:
    get: { operationId: listOrders, responses: { '200': { description: ok } } }
  /orders/{${param}}:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
${extra}`;
const V1 = spec('1', 'id');
const V2 = spec('2', 'orderId', "  /refunds:\n    get: { operationId: listRefunds, responses: { '200': { description: ok } } }\n");

for (const kind of DATABASE_KINDS) {
  describe.skipIf(!databaseAvailable(kind))(`an approved deprecation across spec versions on ${kind}`, () => {
    let owner: Record<string, string>;
    let gov: Record<string, string>;
    const push = (body: string) => callRoute(pushSpec, 'POST', '/api/apis/orders/specs?owner=orders', { headers: { ...owner, 'content-type': 'application/yaml' }, body, params: { api: 'orders' } });
    const states = async () => Object.fromEntries((await endpointRows('orders.example.com')).map((r) => [r.path, r.state]));
    const deprecate = async (operationId: string, proposedSunset = '2026-11-01') => {
      const op = await db().operation.findFirstOrThrow({ where: { operationId, spec: { isCurrent: true } } });
      const filed = await callRoute(request, 'POST', '/api/deprecations', { headers: owner, json: { operationId: op.id, reason: 'replaced', proposedSunset } });
      expect(filed.status).toBe(201);
      return filed.body.id as string;
    };
    const approve = (id: string) => callRoute(decide, 'POST', `/api/deprecations/${id}/decision`, { headers: gov, json: { decision: 'approve', note: 'callers notified' }, params: { id } });

    beforeAll(async () => {
      await useFreshDatabase(kind);
      owner = await sessionHeaders('owner@example.org', 'owner', ['orders']);
      gov = await sessionHeaders('gov@example.org', 'governance');
      await ingest([observation('orders.example.com', 'GET', '/orders', 3, { day: '2026-12-01' }), observation('orders.example.com', 'GET', '/orders/{id}', 5, { day: '2026-12-01' })]);
      expect((await push(V1)).status).toBe(201);
    });
    afterAll(() => disconnectDb());

    test('a new version, and restoring the old one, keep the approved operation a zombie', async () => {
      // Approval makes callers zombies at once, sunset or not (the operation is deprecated); so must v2's copy of it.
      const approved = await approve(await deprecate('getOrder', '2099-01-01'));
      expect(approved.body).toEqual({ status: 'approved', changed: 1 });
      expect(await states()).toEqual({ '/orders': 'documented', '/orders/{id}': 'zombie' });

      const v2 = await push(V2);
      expect(v2.status).toBe(201);
      expect(await states()).toEqual({ '/orders': 'documented', '/orders/{orderId}': 'zombie' });
      // Governance still sees who calls it: the callers match v2's copy of the operation, not the row approved.
      const listed = await callRoute(listRequests, 'GET', '/api/deprecations', { headers: gov });
      expect(listed.body.items.map((i: { operation: { path: string; callers: { path: string; state: string; requests: number }[] } }) => [i.operation.path, i.operation.callers.map((c) => [c.path, c.state, c.requests])])).toEqual([
        ['/orders/{id}', [['/orders/{orderId}', 'zombie', 5]]],
      ]);
      expect((await push(V1)).body.status).toBe('restored');
      expect(await states()).toEqual({ '/orders': 'documented', '/orders/{id}': 'zombie' });
    });

    test('a request filed against v1 and approved after v2 is live makes its callers zombies at once', async () => {
      const id = await deprecate('listOrders');
      expect((await push(V2)).body.status).toBe('restored');
      const approved = await approve(id);
      expect(approved.body).toEqual({ status: 'approved', changed: 1 });
      expect(await states()).toEqual({ '/orders': 'zombie', '/orders/{orderId}': 'zombie' });
    });

    test('a version that spells the paths with a trailing slash keeps the approved operations deprecated', async () => {
      // Before: `/orders/` was another operation than `/orders`, and both zombies became documented again.
      const v3 = await push(V2.replace("version: '2'", "version: '3'").replace('  /orders:', '  /orders/:').replace('  /orders/{orderId}:', '  /orders/{orderId}/:'));
      expect([v3.status, v3.body.spec.diffSummary.added, v3.body.spec.diffSummary.removed]).toEqual([201, [], []]);
      expect(await states()).toEqual({ '/orders/': 'zombie', '/orders/{orderId}/': 'zombie' });
    });
  });
}
