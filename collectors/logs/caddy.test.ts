import { expect, test } from 'vitest';
import { collectAuthEvidence, fingerprintCredential } from '../../lib/exchange';
import { caddyFormat } from './caddy';
import { createJsonLinesFormat } from './json-lines';
import { parseOne, TEST_KEY } from './test-helpers';

const caddy = createJsonLinesFormat([caddyFormat], [], TEST_KEY, 'caddy');

// Shaped like Caddy 2.6's default JSON encoder output (time and duration as float seconds).
const entry = (over: Record<string, unknown> = {}, request: Record<string, unknown> = {}) => JSON.stringify({
  level: 'info', ts: 1796391652.3866522, logger: 'http.log.access.log0', msg: 'handled request',
  request: {
    remote_ip: '127.0.0.1', remote_port: '55470', proto: 'HTTP/1.1', method: 'POST', host: 'api.example:8080',
    uri: '/v1/users/42?page=2&api_key=k-123',
    headers: { 'Content-Length': ['16'], 'User-Agent': ['cli/1'], Authorization: ['Bearer opaque-1'], 'Content-Type': ['application/json'] },
    ...request,
  },
  user_id: '', duration: 0.013353174, size: 1331, status: 201,
  resp_headers: { 'Content-Type': ['application/json'], Deprecation: ['@1700000000'], Sunset: ['Wed, 01 Jan 2025 00:00:00 GMT'] },
  ...over,
});

test('reads an access entry; the exchange starts `duration` before the entry was written', () => {
  const { status, records } = parseOne(caddy, entry());
  expect(status).toBe('ok');
  expect(records).toEqual([{
    ts: '2026-12-04T13:40:52.373Z', src: '127.0.0.1:55470', transport: 'http/1.1', host: 'api.example:8080',
    method: 'POST', path: '/v1/users/42', query: ['page', 'api_key'], status: 201, latencyMs: 13.353174,
    requestContentType: 'application/json', requestBytes: 16, responseContentType: 'application/json', responseBytes: 1331,
    userAgent: 'cli/1', deprecation: '@1700000000', sunset: 'Wed, 01 Jan 2025 00:00:00 GMT',
    auth: collectAuthEvidence({ headers: [['authorization', 'Bearer opaque-1']], query: [['page', '2'], ['api_key', 'k-123']] }, TEST_KEY),
    source: { file: 't.log', line: 1 },
  }]);
  expect(JSON.stringify(records)).not.toContain('opaque-1');
  expect(JSON.stringify(records)).not.toContain('k-123');
});

test('every time_format and duration_format Caddy offers gives the same start and latency', () => {
  const start = Date.parse('2026-12-04T13:40:52.000Z');
  const forms: Array<[unknown, unknown]> = [
    [(start + 250) / 1000, 0.25], // defaults: unix_seconds_float, seconds
    [start + 250, 250_000_000], // unix_milli_float, nanoseconds
    [(start + 250) * 1e6, '250ms'], // unix_nano, Go's duration text
    ['2026-12-04T13:40:52.250Z', '0.25s'], // iso8601
    ['2026-12-04T14:40:52.250+01:00', '250000µs'], // rfc3339 with an offset
  ];
  for (const [ts, duration] of forms) {
    const [ex] = parseOne(caddy, entry({ ts, duration })).records;
    expect([ex.ts, ex.latencyMs], JSON.stringify([ts, duration])).toEqual(['2026-12-04T13:40:52.000Z', 250]);
  }
  expect(parseOne(caddy, entry({ duration: '1m2.5s' })).records[0].latencyMs).toBe(62_500);
  expect(parseOne(caddy, entry({ ts: 'yesterday' })).status).toBe('invalid');
});

test('redacted credentials (Caddy without log_credentials) make auth unknown, not "none"', () => {
  for (const redacted of [[], ['REDACTED']]) {
    const bare = parseOne(caddy, entry({}, { uri: '/v1/users', headers: { Authorization: redacted, 'User-Agent': ['cli/1'] } })).records[0];
    expect(bare.auth).toBeUndefined();
    // A credential Caddy does not redact (an API-key header) is still evidence.
    const keyed = parseOne(caddy, entry({}, { uri: '/v1/users', headers: { Cookie: redacted, 'X-Api-Key': ['k-9'] } })).records[0];
    expect(keyed.auth).toEqual(collectAuthEvidence({ headers: [['x-api-key', 'k-9']] }, TEST_KEY));
  }
  // Caddy logs every request header: no credential header at all is a request without credentials.
  expect(parseOne(caddy, entry({}, { uri: '/v1/users', headers: { 'User-Agent': ['cli/1'] } })).records[0].auth).toEqual([{ kind: 'none' }]);
});

test('bodiless responses have no body size whatever Caddy counted; bodiless requests no request size', () => {
  // `encode gzip` writes an empty gzip stream (20 bytes) for HEAD that Go never sends.
  const head = parseOne(caddy, entry({ size: 20, status: 200 }, { method: 'HEAD', headers: {} })).records[0];
  expect([head.responseBytes, head.requestBytes]).toEqual([0, undefined]);
  expect(parseOne(caddy, entry({ size: 20, status: 304 }, { method: 'GET' })).records[0].responseBytes).toBe(0);
  // Caddy ≥ 2.7 logs the body it read.
  expect(parseOne(caddy, entry({ bytes_read: 9 }, { headers: { 'Transfer-Encoding': ['chunked'] } })).records[0].requestBytes).toBe(9);
  // A handler that read none of a declared body logs `bytes_read` 0: the declared size stands (until 7 Dec it was 0).
  expect(parseOne(caddy, entry({ bytes_read: 0 })).records[0].requestBytes).toBe(16);
});

test('HTTP/2 is h2 with TLS and h2c without; SNI and the negotiated protocol are kept', () => {
  const tls = parseOne(caddy, entry({}, { proto: 'HTTP/2.0', tls: { resumed: false, version: 772, cipher_suite: 4865, proto: 'h2', server_name: 'api.example' } })).records[0];
  expect([tls.transport, tls.tls]).toEqual(['h2', { sni: 'api.example', alpn: ['h2'] }]);
  expect(parseOne(caddy, entry({}, { proto: 'HTTP/2.0' })).records[0].transport).toBe('h2c');
});

test("Caddy's other log lines in the same stream are skipped, not malformed; a broken entry is malformed", () => {
  expect(parseOne(caddy, '{"level":"info","ts":1796391756.4486117,"msg":"using provided configuration","config_file":"Caddyfile"}').status).toBe('skip');
  // The error logger names the request too; the access logger has its exchange.
  expect(parseOne(caddy, '{"level":"error","ts":1796391756.5,"logger":"http.log.error","msg":"dial tcp: connection refused","request":{"method":"GET","uri":"/x"}}').status).toBe('skip');
  expect(parseOne(caddy, entry({}, { method: 42, uri: 7 })).status).toBe('invalid');
});

test('Content-Type keeps the media type and charset only, as every collector does', () => {
  const { records } = parseOne(caddy, entry(
    { resp_headers: { 'Content-Type': ['text/html; charset=UTF-8; session=CANARY-ct-5'] } },
    { headers: { 'Content-Type': ['application/json; token=CANARY-ct-4'] } },
  ));
  expect([records[0].requestContentType, records[0].responseContentType]).toEqual(['application/json', 'text/html; charset=UTF-8']);
});

test('a request Caddy logs `tls` for came over HTTPS: scheme https', () => {
  const tls = { resumed: false, version: 772, cipher_suite: 4865, proto: 'h2', server_name: 'api.example' };
  expect(parseOne(caddy, entry({}, { tls, proto: 'HTTP/2.0' })).records[0]).toMatchObject({ scheme: 'https', transport: 'h2' });
  expect(parseOne(caddy, entry()).records[0]).not.toHaveProperty('scheme');
});

test('user_id, the user basic_auth let in, is basic evidence by the name when Caddy redacted the Authorization header', () => {
  const redacted = { uri: '/admin', headers: { Authorization: ['REDACTED'] } };
  const { records } = parseOne(caddy, entry({ user_id: 'frank' }, redacted));
  expect(records[0].auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('basic frank', TEST_KEY) }]);
  expect(JSON.stringify(records)).not.toContain('frank');
  expect(parseOne(caddy, entry({ user_id: '' }, redacted)).records[0]).not.toHaveProperty('auth');
  // With log_credentials the header itself says the credential.
  const kept = parseOne(caddy, entry({ user_id: 'frank' }, { uri: '/admin', headers: { Authorization: ['Basic ZnJhbms6cHc='] } })).records[0];
  expect(kept.auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('ZnJhbms6cHc=', TEST_KEY) }]);
});

test('a request the client left before any answer (Caddy logs status 0) has no response size or latency', () => {
  // Caddy's reverse_proxy logged a client gone before the upstream answered as `status: 0`, `size: 0` and the time
  // to the disconnect (caddyserver/caddy#7396): until 6 Dec a 0-byte response and a latency to no answer, where HAR,
  // capture and Envoy records of no response have neither. The start is still `duration` before the entry.
  const [record] = parseOne(caddy, entry({ status: 0, size: 0, resp_headers: {} })).records;
  expect(record).not.toHaveProperty('status');
  expect(record).not.toHaveProperty('responseBytes');
  expect(record).not.toHaveProperty('latencyMs');
  expect(record).toMatchObject({ ts: '2026-12-04T13:40:52.373Z', method: 'POST', path: '/v1/users/42', requestBytes: 16 });
});
