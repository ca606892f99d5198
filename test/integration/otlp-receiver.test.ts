import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { GET as listEndpointsRoute } from '../../app/api/endpoints/route';
import { GET as inventoryRoute } from '../../app/api/inventory/route';
import { POST } from '../../app/api/otlp/v1/traces/route';
import { db, disconnectDb } from '../../lib/db/client';
import { getEndpointDetail } from '../../lib/db/endpoint-detail';
import { registerSpec } from '../../lib/db/spec-registry';
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

test('credentials and e-mails in span paths are neither stored nor shown by the API or the endpoint page', async () => {
  const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV_adQssw5c';
  const planted = /eyJhbGciOi|sk_live_|john\.doe|example\.com/;
  const spans = [`/reset/${jwt}`, '/hidden/sk_live_51HqLyjWDarjtT1zdp7dcXYZabc', '/hidden2/john.doe@example.com'].map((p, i) => span('GET', p, 200, 10 + i));
  expect((await post({ resourceSpans: [{ scopeSpans: [{ spans }] }] })).status).toBe(200);
  const all = await db().endpoint.findMany({ where: { OR: [{ pathTemplate: { startsWith: '/hidden' } }, { pathTemplate: { startsWith: '/reset' } }] } });
  expect(all.map((e) => e.examplePaths).sort()).toEqual([['/hidden/{redacted}'], ['/hidden2/{redacted}'], ['/reset/{redacted}']]);
  const stored = JSON.stringify([all, await db().alert.findMany(), await db().auditEvent.findMany()], (_, v) => (typeof v === 'bigint' ? String(v) : v));
  expect(stored).not.toMatch(planted);
  const reader = (await createApiToken({ name: 'reader', scopes: ['read'] })).token;
  const get = (handler: typeof inventoryRoute, url: string) => handler(new Request(url, { headers: { authorization: `Bearer ${reader}` } }), { params: Promise.resolve({}) });
  const inventory = await get(inventoryRoute, 'http://localhost/api/inventory');
  const list = await get(listEndpointsRoute, 'http://localhost/api/endpoints');
  expect([inventory.status, list.status]).toEqual([200, 200]);
  expect(await inventory.text()).not.toMatch(planted);
  expect(await list.text()).not.toMatch(planted);
  for (const e of all) expect(JSON.stringify(await getEndpointDetail(e.id))).not.toMatch(planted);
});

test("a span from a sender whose clock is a year ahead is reported as rejected, not stored as the endpoint's last call", async () => {
  const now = span('GET', '/clock/ok', 200, 1);
  const ahead = { ...span('GET', '/clock/ahead', 200, 1), startTimeUnixNano: String(BigInt(Date.now() + 365 * 86_400_000) * 1_000_000n) };
  const res = await post({ resourceSpans: [{ scopeSpans: [{ spans: [now, ahead] }] }] });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: "spans without a start time or HTTP method, or starting more than a day ahead of the receiver's clock" } });
  const stored = await db().endpoint.findMany({ where: { pathTemplate: { startsWith: '/clock' } } });
  expect(stored.map((e) => [e.pathTemplate, Number(e.requestCount), e.lastSeen.toISOString()])).toEqual([['/clock/ok', 1, '2026-11-22T12:00:01.000Z']]);
});

test('a body that is not an OTLP export is refused with 400', async () => {
  const res = await post({ hello: 'world' });
  expect(res.status).toBe(400);
  expect((await res.json()).error.message).toMatch(/resourceSpans/);
});

/**
 * The encoding most OpenTelemetry senders use by default: binary protobuf, here made by the official JavaScript
 * exporter (@opentelemetry/exporter-trace-otlp-proto) from spans of the official SDK, gzip-compressed, over real
 * HTTP to the route. Server spans of both semantic conventions become endpoints, the client span does not.
 */
test('spans exported by the OpenTelemetry SDK as gzipped protobuf are ingested like JSON', async () => {
  // What the route answered the exporter.
  const answers: Array<{ sent: string; status: number; type: string | null; exchanges: string | null }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const out = await POST(new Request(`http://localhost${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({}) });
      answers.push({ sent: `${req.headers['content-type']} ${req.headers['content-encoding']}`, status: out.status, type: out.headers.get('content-type'), exchanges: out.headers.get('x-lantern-exchanges') });
      res.writeHead(out.status, Object.fromEntries(out.headers));
      res.end(Buffer.from(await out.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/api/otlp/v1/traces`, headers: { authorization: `Bearer ${token}` }, compression: CompressionAlgorithm.GZIP });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'billing' }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('lantern-test');
  const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 9, 0, s));
  const server1 = (path: string, status: number, s: number) =>
    tracer.startSpan(`GET ${path}`, { kind: SpanKind.SERVER, startTime: at(s), attributes: { 'http.request.method': 'GET', 'url.path': path, 'server.address': 'billing.internal', 'http.response.status_code': status, 'user_agent.original': 'curl/8.5.0', 'http.request.header.x-api-key': ['billing-key-secret'] } }).end(at(s + 1));
  server1('/invoices/7001', 200, 1);
  server1('/invoices/7002', 404, 2);
  tracer.startSpan('POST', { kind: SpanKind.SERVER, startTime: at(3), attributes: { 'http.method': 'POST', 'http.target': '/invoices?draft=true', 'http.host': 'billing.internal', 'http.status_code': 201 } }).end(at(4));
  tracer.startSpan('GET', { kind: SpanKind.CLIENT, startTime: at(5), attributes: { 'http.request.method': 'GET', 'url.full': 'http://ledger/entries' } }).end(at(6));
  await provider.forceFlush();
  await provider.shutdown();
  server.close();
  expect(answers.map((a) => [a.sent, a.status, a.type])).toEqual(answers.map(() => ['application/x-protobuf gzip', 200, 'application/x-protobuf']));
  expect(answers.reduce((n, a) => n + Number(a.exchanges), 0)).toBe(3);
  const endpoints = await db().endpoint.findMany({ where: { host: 'billing.internal' }, orderBy: { method: 'asc' } });
  expect(endpoints.map((e) => [e.method, e.pathTemplate, Number(e.requestCount)])).toEqual([
    ['GET', '/invoices/{invoiceId}', 2],
    ['POST', '/invoices', 1],
  ]);
  // Request headers the instrumentation captured (string arrays) are auth evidence; the key itself is never stored.
  expect(endpoints.map((e) => e.authSummary)).toEqual([',api-key:x-api-key,', '']);
  expect(JSON.stringify(endpoints, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('billing-key-secret');
});

test('protobuf that is not an export request is refused with 400 and the reason; other media types with 415', async () => {
  const send = (type: string, body: Buffer<ArrayBuffer>) =>
    POST(new Request('http://localhost/api/otlp/v1/traces', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body }), { params: Promise.resolve({}) });
  const garbage = await send('application/x-protobuf', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
  expect(garbage.status).toBe(400);
  expect((await garbage.json()).error.message).toMatch(/not an OTLP protobuf ExportTraceServiceRequest/);
  expect((await send('text/plain', Buffer.from('x'))).status).toBe(415);
  // 20 000 arrays in arrays in one attribute value: refused at protobufjs's depth limit, not a stack overflow.
  const varint = (n: number) => { const b: number[] = []; for (; n > 127; n >>>= 7) b.push((n & 127) | 128); b.push(n); return Buffer.from(b); };
  const field = (id: number, body: Buffer) => Buffer.concat([varint((id << 3) | 2), varint(body.length), body]);
  let value = field(1, Buffer.from('x'));
  for (let i = 0; i < 20_000; i++) value = field(5, field(1, value));
  const deep = await send('application/x-protobuf', field(1, field(1, field(1, Buffer.concat([field(1, Buffer.from('k')), field(2, value)])))));
  expect(deep.status).toBe(400);
  expect((await deep.json()).error.message).toMatch(/depth/);
});

test("the registered specs template the receiver's spans, as they do local ingest (a few spans decide nothing alone)", async () => {
  const spec = `openapi: 3.1.0
info: { title: Shipping, version: '1' }
servers: [{ url: 'https://shipping.internal' }]
paths:
${['dhl', 'ups', 'fedex', 'usps', 'royalmail'].map((c) => `  /carriers/${c}/labels:\n    post: { operationId: ${c}Label, responses: { '201': { description: ok } } }`).join('\n')}
`;
  expect((await registerSpec({ apiSlug: 'shipping', text: spec, actor: 'system' })).status).toBe('created');
  const shipping = (carrier: string, t: number) => ({
    ...span('POST', `/carriers/${carrier}/labels`, 201, t),
    attributes: [
      { key: 'http.request.method', value: { stringValue: 'POST' } },
      { key: 'url.path', value: { stringValue: `/carriers/${carrier}/labels` } },
      { key: 'server.address', value: { stringValue: 'shipping.internal' } },
      { key: 'http.response.status_code', value: { intValue: '201' } },
    ],
  });
  // Five carriers, one label each: blind, five values sharing `labels` are one parameter, and the server could not
  // map `/carriers/{carrierId}/labels` back onto five documented operations (before: one shadow endpoint).
  const carriers = ['dhl', 'ups', 'fedex', 'usps', 'royalmail'];
  const res = await post({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: carriers.map((c, t) => shipping(c, t + 1)) }] }] });
  expect(res.status).toBe(200);
  const endpoints = await db().endpoint.findMany({ where: { host: 'shipping.internal' }, orderBy: { pathTemplate: 'asc' } });
  expect(endpoints.map((e) => [e.pathTemplate, Number(e.requestCount), e.state])).toEqual(carriers.sort().map((c) => [`/carriers/${c}/labels`, 1, 'documented']));
});

/**
 * A gateway's quiet exports: three server spans without http.route each, every one a member name seen once. Each
 * export is counted on its own (its body is its key), but templated with what the receiver has seen lately; before
 * 4 Dec (sixth session) every export stored its own literals and no template ever formed (18 endpoints).
 */
test('quiet exports of spans without a route end as one template, every span counted once', async () => {
  const names = ['ann', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor'];
  for (let i = 0; i < 6; i++) {
    const spans = names.slice(i * 3, i * 3 + 3).map((name, k) => {
      const s = span('GET', `/members/${name}`, 200, 10 + i * 3 + k);
      return { ...s, attributes: s.attributes.map((a) => (a.key === 'server.address' ? { key: a.key, value: { stringValue: 'members.internal' } } : a)) };
    });
    const res = await post({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }] });
    expect(res.headers.get('x-lantern-exchanges')).toBe('3');
  }
  const endpoints = await db().endpoint.findMany({ where: { host: 'members.internal' } });
  expect(endpoints.map((e) => [e.pathTemplate, Number(e.requestCount)])).toEqual([['/members/{memberId}', 18]]);
});
