import { afterAll, beforeAll, expect, test } from 'vitest';
import { POST } from '../../app/api/otlp/v1/traces/route';
import { db, disconnectDb } from '../../lib/db/client';
import { createApiToken } from '../../lib/db/tokens';
import { useFreshDatabase } from '../db-harness';

let token: string;
beforeAll(async () => {
  await useFreshDatabase('sqlite');
  token = (await createApiToken({ name: 'gateway', scopes: ['ingest'] })).token;
});
afterAll(() => disconnectDb());

const span = (method: string, path: string, status: number, t: number, kind = 2) => ({
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  name: `${method} ${path}`,
  kind,
  startTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 22, 12, 0, t)) * 1_000_000n),
  endTimeUnixNano: String(BigInt(Date.UTC(2026, 10, 22, 12, 0, t)) * 1_000_000n + 5_000_000n),
  attributes: [
    { key: 'http.request.method', value: { stringValue: method } },
    { key: 'url.path', value: { stringValue: path } },
    { key: 'server.address', value: { stringValue: 'orders.internal' } },
    { key: 'http.response.status_code', value: { intValue: String(status) } },
  ],
});

const exportRequest = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] },
      scopeSpans: [{ spans: [span('GET', '/orders/1001', 200, 1), span('GET', '/orders/1002', 200, 2), span('GET', '/orders/1003', 404, 3), span('POST', '/orders', 201, 4), span('GET', '/orders/9', 200, 5, 3)] }],
    },
  ],
};

const post = (body: unknown) =>
  POST(new Request('http://localhost/api/otlp/v1/traces', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }), { params: Promise.resolve({}) });

test('server spans become endpoints; client spans are not counted; a retried export counts once', async () => {
  const res = await post(exportRequest);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
  expect(res.headers.get('x-lantern-exchanges')).toBe('4');
  expect((await post(exportRequest)).headers.get('x-lantern-batches-applied')).toBe('0');
  const endpoints = await db().endpoint.findMany({ orderBy: { method: 'asc' } });
  expect(endpoints.map((e) => [e.host, e.method, e.pathTemplate, Number(e.requestCount)])).toEqual([
    ['orders.internal', 'GET', '/orders/{orderId}', 3],
    ['orders.internal', 'POST', '/orders', 1],
  ]);
  expect(endpoints[0].statusCounts).toEqual({ '200': 2, '404': 1 });
  expect((await db().collector.findFirstOrThrow()).name).toBe('otlp:gateway');
});

test('a body that is not an OTLP export is refused with 400', async () => {
  const res = await post({ hello: 'world' });
  expect(res.status).toBe(400);
  expect((await res.json()).error.message).toMatch(/resourceSpans/);
});
