import { expect, test } from 'vitest';
import { collectAuthEvidence, fingerprintCredential, type Exchange } from '../../lib/exchange';
import { otlpExchanges } from './otlp';
import { TEST_KEY } from './test-helpers';

const attr = (key: string, value: string | number) =>
  ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });

function traces(spans: unknown[]) {
  return { resourceSpans: [{ resource: { attributes: [attr('service.name', 'orders')] }, scopeSpans: [{ scope: { name: 'x' }, spans }] }] };
}

function run(doc: unknown) {
  const out: Exchange[] = [];
  const counts = otlpExchanges(doc, 'traces.json', 4, TEST_KEY, (ex) => out.push(ex));
  return { counts, out };
}

test('reads a server span with stable semantic conventions', () => {
  const { counts, out } = run(traces([{
    traceId: 'a', spanId: 'b', name: 'GET /orders/{id}', kind: 2, startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000168456789',
    attributes: [attr('http.request.method', 'GET'), attr('url.path', '/orders/42'), attr('url.query', 'expand=lines'), attr('http.route', '/orders/{id}'),
      attr('server.address', 'orders.internal'), attr('server.port', 8443), attr('http.response.status_code', 200), attr('client.address', '10.1.2.3'),
      attr('network.protocol.version', '2'), attr('user_agent.original', 'okhttp/4.12.0')],
  }]));
  expect(counts).toEqual({ exchanges: 1, skipped: 0, invalid: 0 });
  expect(out).toEqual([{
    ts: '2023-11-14T22:13:20.123Z', method: 'GET', path: '/orders/42', query: ['expand'], route: '/orders/{id}', host: 'orders.internal:8443',
    status: 200, latencyMs: 45, src: '10.1.2.3', transport: 'h2', userAgent: 'okhttp/4.12.0', source: { file: 'traces.json', line: 4 },
  }]);
});

test('reads old conventions (http.method, http.target, http.status_code, net.host.name) and SPAN_KIND_SERVER', () => {
  const { out } = run(traces([{
    kind: 'SPAN_KIND_SERVER', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000002000000',
    attributes: [attr('http.method', 'POST'), attr('http.target', '/v1/pay?card=1'), attr('http.status_code', 402), attr('net.host.name', 'pay'), attr('http.flavor', '1.1')],
  }]));
  expect(out).toEqual([{ ts: '2023-11-14T22:13:20.000Z', method: 'POST', path: '/v1/pay', query: ['card'], host: 'pay', status: 402, latencyMs: 2, transport: 'http/1.1', source: { file: 'traces.json', line: 4 } }]);
});

test('the URL scheme a span states (url.scheme, old http.scheme) is recorded: it names the export\'s server', () => {
  const span = (scheme: [string, string]) => ({ kind: 2, startTimeUnixNano: '1700000000000000000', attributes: [attr('http.request.method', 'GET'), attr('url.path', '/a'), attr(...scheme)] });
  const { out } = run(traces([span(['url.scheme', 'http']), span(['http.scheme', 'https']), span(['url.scheme', 'ftp'])]));
  expect(out.map((ex) => ex.scheme)).toEqual(['http', 'https', undefined]);
});

test('client and internal spans are skipped; a server span without a start time is invalid', () => {
  const { counts } = run(traces([
    { kind: 3, startTimeUnixNano: '1', attributes: [attr('http.request.method', 'GET')] },
    { kind: 1, startTimeUnixNano: '1', attributes: [] },
    { kind: 2, attributes: [attr('http.request.method', 'GET')] },
  ]));
  expect(counts).toEqual({ exchanges: 0, skipped: 2, invalid: 1 });
});

test('request header attributes (string arrays) give auth evidence, kind and fingerprint only; the URL\'s is kept beside it', () => {
  const header = (name: string, ...values: string[]) => ({ key: `http.request.header.${name}`, value: { arrayValue: { values: values.map((v) => ({ stringValue: v })) } } });
  const span = (attributes: unknown[]) => ({ kind: 2, startTimeUnixNano: '1700000000000000000', attributes: [attr('http.request.method', 'GET'), attr('url.path', '/a'), ...attributes] });
  const { out } = run(traces([
    span([header('authorization', 'Bearer opaque-secret-1')]),
    span([header('x-api-key', 'key-secret-2'), header('cookie', 'session=cookie-secret-3')]),
    span([{ key: 'http.request.header.x_api_key', value: { stringValue: 'key-secret-2' } }, attr('url.query', 'access_token=query-secret-4')]),
    span([header('accept', 'application/json')]),
  ]));
  const fp = (v: string) => fingerprintCredential(v, TEST_KEY);
  expect(out.map((e) => e.auth)).toEqual([
    [{ kind: 'bearer-opaque', fingerprint: fp('opaque-secret-1') }],
    [{ kind: 'api-key:x-api-key', fingerprint: fp('key-secret-2') }, ...collectAuthEvidence({ headers: [['cookie', 'session=cookie-secret-3']] }, TEST_KEY)],
    [{ kind: 'api-key:x-api-key', fingerprint: fp('key-secret-2') }, { kind: 'api-key:access_token', fingerprint: fp('query-secret-4') }],
    undefined,
  ]);
  expect(JSON.stringify(out)).not.toMatch(/secret-/);
});

test("an http.route a tracer filled with the request's target keeps no query, fragment or URL userinfo", () => {
  // Until 6 Dec the route was printed by `lantern extract` as the span had it, `?api_key=…` values included.
  const span = (route: string) => ({ kind: 2, startTimeUnixNano: '1700000000000000000', attributes: [attr('http.request.method', 'GET'), attr('url.path', '/a'), attr('http.route', route)] });
  const { out } = run(traces([span('/v1/x?api_key=CANARY1'), span('/v1/y#access_token=CANARY2'), span('https://u:CANARY3@api.test/v1/z'), span('/items/{id?}')]));
  expect(out.map((ex) => ex.route)).toEqual(['/v1/x', '/v1/y', '/v1/z', '/items/{id?}']);
});
