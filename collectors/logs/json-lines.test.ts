import { expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { createJsonLinesFormat } from './json-lines';
import { nginxJsonFormat } from './nginx-json';
import { createLineFormats } from './registry';
import { parseOne, TEST_KEY } from './test-helpers';

const json = createLineFormats({ fingerprintKey: TEST_KEY }).candidates.find((f) => f.name === 'json')!;

test('Kong: credentials in request headers become evidence, values are not kept', () => {
  const line = JSON.stringify({
    request: { method: 'GET', uri: '/v1/me?apikey=k-123', size: 100, headers: { host: 'api.example.com', authorization: 'Basic dTpw', 'user-agent': 'curl/8' }, querystring: { apikey: 'k-123' } },
    response: { status: 200, size: 300, headers: { 'content-type': 'application/json', deprecation: '@1700000000' } },
    latencies: { request: 12 }, client_ip: '203.0.113.5', started_at: 1700000000000,
  });
  const { records } = parseOne(json, line);
  expect(records).toEqual([{
    ts: '2023-11-14T22:13:20.000Z', src: '203.0.113.5', host: 'api.example.com', method: 'GET', path: '/v1/me', query: ['apikey'],
    status: 200, latencyMs: 12, responseBytes: 300, userAgent: 'curl/8', responseContentType: 'application/json',
    deprecation: '@1700000000',
    auth: [{ kind: 'basic', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }, { kind: 'api-key:apikey', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
    source: { file: 't.log', line: 1 },
  }]);
  expect(JSON.stringify(records)).not.toMatch(/k-123|dTpw/);
});

test('Kong: a call the gateway authenticated (credential stripped by hide_credentials) is never claimed to have no auth', () => {
  const kong = (over: Record<string, unknown>) => JSON.stringify({
    request: { method: 'GET', uri: '/v1/me', headers: { host: 'api.example.com' }, querystring: {} },
    response: { status: 200, headers: {} }, latencies: { request: 1 }, client_ip: '203.0.113.5', started_at: 1700000000000, ...over,
  });
  const authenticated = { authenticated_entity: { id: 'c62c1455' }, consumer: { id: 'ae974d6c', username: 'foo' } };
  expect(parseOne(json, kong(authenticated)).records[0]).not.toHaveProperty('auth');
  // What the log still shows is evidence as ever; without an authenticated entity, no credential is `none`.
  const kept = kong({ ...authenticated, request: { method: 'GET', uri: '/v1/me', headers: { host: 'api.example.com', apikey: 'k-9' } } });
  expect(parseOne(json, kept).records[0].auth).toEqual([{ kind: 'api-key:apikey', fingerprint: fingerprintCredential('k-9', TEST_KEY) }]);
  expect(parseOne(json, kong({ consumer: { id: 'anonymous-consumer' } })).records[0].auth).toEqual([{ kind: 'none' }]);
});

test('Kong: the scheme is the one its rebuilt url names (the client\'s), or https when TLS is logged', () => {
  const kong = (request: Record<string, unknown>) => JSON.stringify({
    request: { method: 'GET', uri: '/v1/me', headers: { host: 'api.example.com' }, ...request }, response: { status: 200 }, started_at: 1700000000000,
  });
  expect(parseOne(json, kong({ url: 'https://api.example.com:8443/v1/me' })).records[0]).toMatchObject({ scheme: 'https', path: '/v1/me' });
  expect(parseOne(json, kong({ url: 'http://localhost:8000/v1/me' })).records[0].scheme).toBe('http');
  expect(parseOne(json, kong({ tls: { version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } })).records[0].scheme).toBe('https');
  expect(parseOne(json, kong({})).records[0]).not.toHaveProperty('scheme');
});

test('API Gateway HTTP API: routeKey gives method and route, epoch ms the time', () => {
  const line = '{"requestId":"abc","ip":"198.51.100.1","requestTimeEpoch":"1700000000500","routeKey":"PUT /items/{id}","path":"/items/7","status":"204","protocol":"HTTP/1.1","responseLength":"0"}';
  expect(parseOne(json, line).records).toEqual([{
    ts: '2023-11-14T22:13:20.500Z', scheme: 'https', src: '198.51.100.1', method: 'PUT', path: '/items/7', route: '/items/{id}', transport: 'http/1.1', status: 204, responseBytes: 0,
    source: { file: 't.log', line: 1 },
  }]);
});

test('API Gateway: an API key logged via $context.identity.apiKey becomes a fingerprint', () => {
  const line = '{"requestId":"abc","requestTime":"10/Jun/2023:15:36:28 +0000","httpMethod":"GET","resourcePath":"/x","status":"200","apiKey":"AKIA-very-secret"}';
  const { records } = parseOne(json, line);
  expect(records[0].auth).toEqual([{ kind: 'api-key:x-api-key', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
  expect(JSON.stringify(records)).not.toContain('very-secret');
});

test('CloudWatch Logs: subscription payloads and export lines unwrap to the records inside', () => {
  const inner = '{"requestId":"r1","ip":"1.2.3.4","requestTime":"10/Jun/2023:15:36:28 +0000","httpMethod":"GET","resourcePath":"/pets","status":"200"}';
  const payload = JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: 'g', logEvents: [{ id: '1', timestamp: 1, message: inner }, { id: '2', timestamp: 2, message: inner }] });
  expect(parseOne(json, payload).records).toHaveLength(2);
  expect(parseOne(json, `2023-06-10T15:36:28.000Z ${inner}`).records).toEqual([{
    ts: '2023-06-10T15:36:28.000Z', scheme: 'https', src: '1.2.3.4', method: 'GET', route: '/pets', status: 200, source: { file: 't.log', line: 1 },
  }]);
});

test('CloudWatch Logs via Kinesis Firehose: payloads back to back on one line', () => {
  const inner = '{"requestId":"r1","ip":"1.2.3.4","requestTime":"10/Jun/2023:15:36:28 +0000","httpMethod":"GET","resourcePath":"/pets","status":"200"}';
  const payload = JSON.stringify({ messageType: 'DATA_MESSAGE', logGroup: 'g', logEvents: [{ id: '1', timestamp: 1, message: inner }] });
  const { status, records } = parseOne(json, payload + payload + payload);
  expect(status).toBe('ok');
  expect(records.map((r) => r.route)).toEqual(['/pets', '/pets', '/pets']);
});

test('Docker json-file lines wrap a text access log', () => {
  const line = JSON.stringify({ log: '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /x HTTP/1.1" 200 3 "-" "curl/8"\n', stream: 'stdout', time: '2024-01-01T00:00:00Z' });
  expect(parseOne(json, line).records[0]).toMatchObject({ method: 'GET', path: '/x', status: 200 });
});

test('Traefik: kept credential headers become evidence; REDACTED ones do not', () => {
  const base = { StartUTC: '2024-01-01T00:00:00Z', RequestMethod: 'GET', RequestPath: '/p', DownstreamStatus: 200 };
  expect(parseOne(json, JSON.stringify({ ...base, 'request_X-Api-Key': 'abc' })).records[0].auth).toEqual([{ kind: 'api-key:x-api-key', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
  expect('auth' in parseOne(json, JSON.stringify({ ...base, request_Authorization: 'REDACTED' })).records[0]).toBe(false);
});

test('nginx escape=json logs: keys named after the variables (or the usual short names)', () => {
  const line = '{"time_iso8601":"2024-03-01T10:00:00+00:00","remote_addr":"10.2.3.4","request":"GET /v1/cart?id=9 HTTP/1.1","status":"200","body_bytes_sent":"42","request_time":"0.004","http_user_agent":"curl/8","http_referer":""}';
  expect(parseOne(json, line).records).toEqual([{
    ts: '2024-03-01T09:59:59.996Z', src: '10.2.3.4', method: 'GET', path: '/v1/cart', query: ['id'], transport: 'http/1.1', status: 200,
    responseBytes: 42, latencyMs: 4, userAgent: 'curl/8', source: { file: 't.log', line: 1 },
  }]);
  const short = '{"@timestamp":"2024-03-01T10:00:00Z","client_ip":"10.2.3.4","method":"DELETE","uri":"/v1/cart/9","status":204}';
  expect(parseOne(json, short).records[0]).toMatchObject({ src: '10.2.3.4', method: 'DELETE', path: '/v1/cart/9', status: 204 });
});

test('nginx escape=json with $uri and $args: a credential in $args is evidence, its value goes no further', () => {
  const line = '{"time_iso8601":"2024-01-01T00:00:01+00:00","remote_addr":"10.0.0.1","request_method":"GET","uri":"/b","args":"token=t-5&x=1","status":200}';
  const { records } = parseOne(json, line);
  expect(records).toEqual([{
    ts: '2024-01-01T00:00:01.000Z', src: '10.0.0.1', method: 'GET', path: '/b', query: ['token', 'x'], status: 200,
    auth: [{ kind: 'api-key:token', fingerprint: fingerprintCredential('t-5', TEST_KEY) }], source: { file: 't.log', line: 1 },
  }]);
  expect(JSON.stringify(records)).not.toContain('t-5');
});

test('JSON of no known shape and broken JSON are invalid', () => {
  expect(parseOne(json, '{"hello":"world"}').status).toBe('invalid');
  expect(parseOne(json, '{"requestId":').status).toBe('invalid');
});

test('an nginx JSON log_format written without escape=json (its \\xHH escapes, no JSON) is read, plain or in a Docker envelope', () => {
  // nginx escapes `"`, `\` and non-ASCII bytes as \xHH unless `escape=json` is set (nginx < 1.11.8 has no such
  // option): until 6 Dec every line with a quote in its agent or a UTF-8 path was malformed.
  const line = '{"time_iso8601":"2024-03-05T08:00:00+00:00","remote_addr":"10.0.0.1","request":"GET /caf\\xC3\\xA9 HTTP/1.1","status":"200","http_user_agent":"app \\x22v2\\x22 \\x5C"}';
  const nginx = createJsonLinesFormat([nginxJsonFormat], [], TEST_KEY, 'nginx');
  const expected = { ts: '2024-03-05T08:00:00.000Z', src: '10.0.0.1', method: 'GET', path: '/caf%C3%A9', transport: 'http/1.1', status: 200, userAgent: 'app "v2" \\' };
  expect(parseOne(nginx, line).records).toEqual([{ ...expected, source: { file: 't.log', line: 1 } }]);
  const docker = JSON.stringify({ log: `${line}\n`, stream: 'stdout', time: '2024-03-05T08:00:00.1Z' });
  expect(parseOne(nginx, docker).records).toEqual([{ ...expected, source: { file: 't.log', line: 1 } }]);
  // An escaped backslash before `x` is JSON's own (`\\x41` in JSON is the text \x41), never nginx's escape.
  expect(parseOne(nginx, line.replace('app \\x22v2', 'app \\\\x41v2')).records[0].userAgent).toBe('app \\x41v2" \\');
});

test('a Docker json-file line of only a newline or spaces/tabs is skipped, not malformed; content after spaces is not blank', () => {
  const docker = (log: string) => JSON.stringify({ log, stream: 'stdout', time: '2024-10-10T13:55:36.1Z' });
  expect(['\n', '  \n', '\t\r\n', '   x\n'].map((l) => parseOne(json, docker(l)).status)).toEqual(['skip', 'skip', 'skip', 'invalid']);
});
