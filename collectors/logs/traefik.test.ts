import { expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { createJsonLinesFormat } from './json-lines';
import { parseOne, TEST_KEY } from './test-helpers';
import { createLineFormats, sniffLineFormat } from './registry';
import { traefikJsonFormat } from './traefik';

const traefik = createJsonLinesFormat([traefikJsonFormat], [], TEST_KEY, 'traefik');

// Traefik v2+ field names; `downstream_*`/`origin_*` are the response headers an operator keeps.
const entry = (over: Record<string, unknown> = {}) => JSON.stringify({
  ClientAddr: '10.0.0.1:5', RequestMethod: 'GET', RequestPath: '/old', RequestHost: 'api.example.com', RequestAddr: 'api.example.com:8443',
  RequestProtocol: 'HTTP/1.1', StartUTC: '2024-01-01T00:00:00Z', DownstreamStatus: 200, ...over,
});

test('the host keeps a non-default port (RequestAddr is the Host header; RequestHost drops the port)', () => {
  expect(parseOne(traefik, entry()).records[0].host).toBe('api.example.com:8443');
  expect(parseOne(traefik, entry({ RequestAddr: 'api.example.com:443' })).records[0].host).toBe('api.example.com');
  expect(parseOne(traefik, entry({ RequestAddr: undefined })).records[0].host).toBe('api.example.com');
});

test('logged Deprecation and Sunset response headers become deprecation and sunset; what the client got wins', () => {
  const { records } = parseOne(traefik, entry({ 'downstream_Deprecation': '@1688169599', 'downstream_Sunset': 'Wed, 11 Nov 2026 11:11:11 GMT' }));
  expect(records).toEqual([{
    ts: '2024-01-01T00:00:00.000Z', src: '10.0.0.1:5', host: 'api.example.com:8443', method: 'GET', path: '/old', transport: 'http/1.1',
    status: 200, deprecation: '@1688169599', sunset: 'Wed, 11 Nov 2026 11:11:11 GMT', source: { file: 't.log', line: 1 },
  }]);
  const both = parseOne(traefik, entry({ 'origin_Deprecation': '@1', 'downstream_Deprecation': '@2', 'origin_Sunset': 'Thu, 01 Jan 2026 00:00:00 GMT' }));
  expect([both.records[0].deprecation, both.records[0].sunset]).toEqual(['@2', 'Thu, 01 Jan 2026 00:00:00 GMT']);
});

test('RequestScheme says how the client came', () => {
  expect(parseOne(traefik, entry({ RequestScheme: 'http' })).records[0].scheme).toBe('http');
  expect(parseOne(traefik, entry({ RequestScheme: 'https' })).records[0].scheme).toBe('https');
  expect('scheme' in parseOne(traefik, entry()).records[0]).toBe(false);
});

test('TLSVersion, logged only for a request over TLS, says https when RequestScheme is not logged', () => {
  expect(parseOne(traefik, entry({ TLSVersion: '1.3', TLSCipher: 'TLS_AES_128_GCM_SHA256' })).records[0].scheme).toBe('https');
  expect(parseOne(traefik, entry({ TLSVersion: '1.2', RequestScheme: 'http' })).records[0].scheme).toBe('http');
  expect('scheme' in parseOne(traefik, entry({ TLSVersion: '' })).records[0]).toBe(false);
});

test("Traefik's own log lines in its access log stream (JSON or text, v2 or v3) are skipped, not malformed", () => {
  const own = [
    '{"level":"info","msg":"Configuration loaded from flags.","time":"2024-10-10T13:55:30Z"}',
    '{"level":"error","msg":"service not found","routerName":"x@docker","time":"2024-10-10T13:55:37Z"}',
    '{"level":"info","version":"3.1.2","time":"2024-10-10T13:55:30Z","message":"Traefik version 3.1.2 built on 2024-08-06T13:39:17Z"}',
    'time="2024-10-10T13:55:30Z" level=info msg="Configuration loaded from flags."',
    'time="2024-10-10T13:55:37Z" level=error msg="service not found" routerName=x@docker',
    '2024-10-10T13:55:38Z INF Traefik version 3.1.2 built on 2024-08-06T13:39:17Z version=3.1.2',
  ];
  const clf = '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /users/1 HTTP/1.1" 200 5 "-" "curl/8.0" 1 "r@docker" "http://10.0.0.2:80" 3ms';
  for (const forced of [undefined, 'traefik']) {
    const formats = createLineFormats({ fingerprintKey: TEST_KEY, format: forced });
    const sniffed = sniffLineFormat([...own, clf, entry()], formats);
    if (!('format' in sniffed)) throw new Error('no format');
    for (const line of own) expect(parseOne(sniffed.format, line), line).toEqual({ status: 'skip', records: [] });
    expect(parseOne(sniffed.format, clf).records[0].path).toBe('/users/1');
    expect(parseOne(sniffed.format, entry()).records[0].path).toBe('/old');
  }
  // An access line a logger wrapped is still read; a broken line is still malformed.
  const wrapped = JSON.stringify({ level: 'info', time: '2024-10-10T13:55:36Z', msg: clf });
  const json = createLineFormats({ fingerprintKey: TEST_KEY }).candidates.find((f) => f.name === 'json')!;
  expect(parseOne(json, wrapped).records[0].path).toBe('/users/1');
  expect(parseOne(json, '{"level":"info","time":"2024-10-10T13:55:36Z"}').status).toBe('invalid');
});

test('an access line with some fields dropped (accessLog.fields.names) is read, or malformed, never skipped as a logger line', () => {
  // Traefik writes each access entry through logrus: `level`, `msg` and `time` beside the access fields.
  const logrus = { level: 'info', msg: '', time: '2024-01-01T00:00:01Z' };
  const dropped = (...names: string[]) => {
    const e = { ...JSON.parse(entry()), RequestLine: 'GET /old?q=1 HTTP/1.1', OriginStatus: 200, ...logrus } as Record<string, unknown>;
    for (const n of names) delete e[n];
    return JSON.stringify(e);
  };
  // RequestMethod and RequestPath dropped: the request line says them.
  expect(parseOne(traefik, dropped('RequestMethod', 'RequestPath')).records.map((r) => [r.method, r.path, r.query, r.status])).toEqual([['GET', '/old', ['q'], 200]]);
  // DownstreamStatus dropped: OriginStatus stands in.
  expect(parseOne(traefik, dropped('RequestMethod', 'DownstreamStatus')).records.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/old', 200]]);
  // Nothing left that says which request it was: malformed, and so counted and named.
  expect(parseOne(traefik, dropped('RequestMethod', 'RequestPath', 'RequestLine', 'DownstreamStatus', 'OriginStatus')).status).toBe('invalid');
});

test('ClientUsername (the user basicAuth let in) is basic evidence by the name when the Authorization header is not kept', () => {
  const { records } = parseOne(traefik, entry({ ClientUsername: 'erin' }));
  expect(records[0].auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('basic erin', TEST_KEY) }]);
  expect(JSON.stringify(records)).not.toContain('erin');
  expect(parseOne(traefik, entry({ ClientUsername: '-' })).records[0]).not.toHaveProperty('auth');
  // A kept Authorization says the credential itself.
  const kept = parseOne(traefik, entry({ ClientUsername: 'erin', 'request_Authorization': 'Basic ZXJpbjpwdw==' })).records[0];
  expect(kept.auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('ZXJpbjpwdw==', TEST_KEY) }]);
});

test("--format kong (or any other) on Traefik's access entries says each is no such record: not skipped as Traefik's own lines", () => {
  // Traefik writes its access entries through logrus, `"msg":""` beside `level` and `time`: until 6 Dec such an entry
  // no reader given took was skipped as one of Traefik's own log lines, and a whole log read as nothing, unsaid.
  const access = JSON.stringify({ ...JSON.parse(entry()), level: 'info', msg: '', time: '2024-01-01T00:00:01Z' });
  const own = '{"level":"info","msg":"Configuration loaded from flags.","time":"2024-10-10T13:55:30Z"}';
  for (const forced of ['kong', 'envoy', 'apigateway']) {
    const json = createLineFormats({ fingerprintKey: TEST_KEY, format: forced }).forced!;
    expect(parseOne(json, access), forced).toEqual({ status: 'invalid', records: [] });
    expect(parseOne(json, own).status, forced).toBe('skip');
  }
});

test('with ClientAddr dropped, ClientHost holding the X-Forwarded-For list Traefik copies into it is no src', () => {
  // Traefik's access log sets ClientHost to the request's X-Forwarded-For when one came (a trusted proxy's), ClientPort
  // staying the proxy's: until 7 Dec `src` was the list with that port (`203.0.113.9, 10.0.0.2:54321`).
  const src = (over: Record<string, unknown>) => parseOne(traefik, entry({ ClientAddr: undefined, ClientPort: '54321', ...over })).records[0].src;
  expect(src({ ClientHost: '203.0.113.9, 10.0.0.2' })).toBeUndefined();
  // Near misses: one address is the peer's (or one forwarded hop: the log cannot tell), with its port; ClientAddr wins.
  expect(src({ ClientHost: '10.0.0.2' })).toBe('10.0.0.2:54321');
  expect(src({ ClientHost: '2001:db8::2' })).toBe('[2001:db8::2]:54321');
  expect(parseOne(traefik, entry({ ClientHost: '203.0.113.9, 10.0.0.2' })).records[0].src).toBe('10.0.0.1:5');
});

test('with StartUTC and StartLocal dropped, `time` (the log write, the response done) less Duration is the start', () => {
  // Until 7 Dec `time` was taken as the start: a WebSocket was stamped when it closed.
  const start = (over: Record<string, unknown>) => parseOne(traefik, entry({ StartUTC: undefined, time: '2024-01-01T01:00:00Z', ...over })).records[0].ts;
  expect(start({ Duration: 3_600_000_000_000 })).toBe('2024-01-01T00:00:00.000Z');
  expect(start({ Duration: 1_500_000 })).toBe('2024-01-01T00:59:59.998Z');
  // Near misses: no Duration, the write time stands; a StartUTC is the start whatever the Duration.
  expect(start({})).toBe('2024-01-01T01:00:00.000Z');
  expect(parseOne(traefik, entry({ time: '2024-01-01T01:00:00Z', Duration: 3_600_000_000_000 })).records[0].ts).toBe('2024-01-01T00:00:00.000Z');
});
