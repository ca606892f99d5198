import { expect, test } from 'vitest';
import { createHaproxyFormat } from './haproxy';
import { parseOne, TEST_KEY } from './test-helpers';

const haproxy = createHaproxyFormat(TEST_KEY);

test('reads the HTTP log format behind a syslog prefix (HAProxy docs example)', () => {
  const line = 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';
  expect(parseOne(haproxy, line).records).toEqual([{
    ts: '2009-02-06T12:14:14.655Z', src: '10.0.1.2:33317', host: '1wt.eu', method: 'GET', path: '/index.html', transport: 'http/1.1',
    scheme: 'http', status: 200, latencyMs: 109, responseBytes: 2750, source: { file: 't.log', line: 1 },
  }]);
});

test('reads an RFC 5424 prefix, a +bytes count and a <BADREQ>', () => {
  const line = '<134>1 2024-05-01T10:00:00+00:00 lb haproxy 77 - - 192.0.2.5:4000 [01/May/2024:10:00:00.001] fe~ be/<NOSRV> -1/-1/-1/-1/+5 400 +187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"';
  expect(parseOne(haproxy, line).records).toEqual([{
    ts: '2024-05-01T10:00:00.001Z', src: '192.0.2.5:4000', scheme: 'https', status: 400, latencyMs: 5, responseBytes: 187, source: { file: 't.log', line: 1 },
  }]);
});

test('TCP-mode lines are skipped', () => {
  expect(parseOne(haproxy, 'Feb  6 12:12:51 localhost haproxy[14387]: 10.0.1.2:33313 [06/Feb/2009:12:12:51.443] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/3 0/0').status).toBe('skip');
});

// Lines from a real HAProxy 2.6 (campaign 2026-12-04, sixth session): captures, HTTP/2 absolute URIs, httpslog.
test('the host comes from a captured Host (first request capture), never from a capture that is no host', () => {
  const captured = '127.0.0.1:50606 [04/Dec/2026:17:15:08.856] plain app/s1 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 {shop.test:18200|curl/7.88.1} {application/json} "GET /api/users/42?page=1&limit=5 HTTP/1.1"';
  expect(parseOne(haproxy, captured).records[0]).toMatchObject({ host: 'shop.test:18200', path: '/api/users/42', query: ['page', 'limit'] });
  const docs = 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';
  expect(parseOne(haproxy, docs).records[0].host).toBe('1wt.eu');
  // A captured token header's JWT (`capture request header X-Access-Token`) has dots too: until 6 Dec it was the
  // host, stored and shown as the endpoints' host.
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0IiwiaXNzIjoiaHR0cHM6Ly9pZHAudGVzdCIsImV4cCI6MTk5OTk5OTk5OX0.c2lnbmF0dXJl';
  const shortJwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';
  // Dotted vendor tokens: a SendGrid key (`SG.<22>.<43>`) and a Discord bot token (`<id>.<time>.<hmac>`, Discord's
  // documentation's example); until 6 Dec each was the host.
  const sendGrid = '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';
  const discord = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs';
  for (const block of ['{10.1.2.3}', '{curl/7.88.1}', '{application/json}', '{nginx}', '{https://a.example/x}', '{}', `{${jwt}|shop.test}`, `{${shortJwt}}`, '{AKIAIOSFODNN7EXAMPLE.x}', `{${sendGrid}}`, `{${discord}|shop.test}`]) {
    const line = `127.0.0.1:1 [04/Dec/2026:17:15:08.856] fe be/s 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 ${block} "GET /a HTTP/1.1"`;
    expect(parseOne(haproxy, line).records[0].host, block).toBeUndefined();
  }
});

test('HTTP/2 requests are logged with an absolute URI: host from it, h2c over http, h2 over https', () => {
  const h2c = '127.0.0.1:51994 [04/Dec/2026:17:15:08.968] plain app/s1 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 {shop.test:18202|curl/7.88.1} {application/json} "GET http://shop.test:18202/api/users/42?page=1 HTTP/2.0"';
  expect(parseOne(haproxy, h2c).records[0]).toMatchObject({ host: 'shop.test:18202', path: '/api/users/42', transport: 'h2c' });
  const h2 = '<134>1 2026-12-04T17:15:09.062987+00:00 - haproxy 25943 - - 127.0.0.1:53042 [04/Dec/2026:17:15:09.061] tls~ app/s1 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 "POST https://shop.test:18203/api/orders HTTP/2.0" 0/0000000000000000/0/0/0 shop.test/TLSv1.3/TLS_AES_256_GCM_SHA384';
  expect(parseOne(haproxy, h2).records[0]).toMatchObject({ host: 'shop.test:18203', method: 'POST', path: '/api/orders', transport: 'h2' });
});

test('option httpslog: the TLS fields after the request line stay out of the path; the SNI gives the host', () => {
  const line = '<134>1 2026-12-04T17:15:09.229+00:00 - haproxy 25943 - - 127.0.0.1:53114 [04/Dec/2026:17:15:09.229] tls~ app/s1 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 "POST /api/orders HTTP/1.1" 0/0000000000000000/0/0/0 shop.test/TLSv1.3/TLS_AES_256_GCM_SHA384';
  expect(parseOne(haproxy, line).records).toEqual([{
    ts: '2026-12-04T17:15:09.229Z', src: '127.0.0.1:53114', host: 'shop.test', method: 'POST', path: '/api/orders', transport: 'http/1.1',
    scheme: 'https', status: 200, latencyMs: 1, responseBytes: 156, source: { file: 't.log', line: 1 },
  }]);
  const noSni = line.replace('shop.test/TLSv1.3', '-/TLSv1.3');
  expect(parseOne(haproxy, noSni).records[0].host).toBeUndefined();
});

test('HAProxy #XX escapes in the request line are percent-encoding, not a fragment', () => {
  const line = '127.0.0.1:59560 [04/Dec/2026:17:16:14.418] plain app/s1 0/0/0/0/0 200 156 - - ---- 1/1/0/0/0 0/0 {shop.test|ua #22quoted#22 #7Bb#7D} {application/json} "GET /api/bad#22quote{x}|y HTTP/1.1"';
  expect(parseOne(haproxy, line).records[0]).toMatchObject({ host: 'shop.test', path: '/api/bad%22quote{x}|y' });
});

test('an IPv6 client, which %ci:%cp writes unbracketed, is [address]:port', () => {
  const line = (client: string) => `Feb  6 12:14:14 localhost haproxy[14389]: ${client} [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 "GET /index.html HTTP/1.1"`;
  expect(parseOne(haproxy, line('2001:db8::1:33317')).records[0].src).toBe('[2001:db8::1]:33317');
  expect(parseOne(haproxy, line('::ffff:10.0.0.9:33317')).records[0].src).toBe('[::ffff:10.0.0.9]:33317');
  expect(parseOne(haproxy, line('10.0.1.2:33317')).records[0].src).toBe('10.0.1.2:33317');
});

test("the frontend's `~` (%ft: a connection over TLS) gives the scheme https, its absence http", () => {
  // Until 6 Dec unread: a record from HAProxy had no scheme, though the log says how the client came.
  const line = (frontend: string, request: string) => `127.0.0.1:53114 [04/Dec/2026:17:15:09.229] ${frontend} app/s1 0/0/0/1/1 200 156 - - ---- 1/1/0/0/0 0/0 "${request}"`;
  expect(parseOne(haproxy, line('tls~', 'POST /api/orders HTTP/1.1')).records[0].scheme).toBe('https');
  expect(parseOne(haproxy, line('plain', 'GET /api/users/42 HTTP/1.1')).records[0].scheme).toBe('http');
  // An absolute URI says it itself.
  expect(parseOne(haproxy, line('tls~', 'POST https://shop.test:18203/api/orders HTTP/2.0')).records[0].scheme).toBe('https');
});

test('a request the client aborted before any answer (status -1, CD--) has no response size or latency', () => {
  // HAProxy logs -1 "if the connection was aborted before a complete response", with the bytes and total time to
  // the abort: until 6 Dec a 0-byte response and a latency to no answer, where HAR, capture, Envoy and Caddy records
  // of no response have neither.
  const line = 'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in api/srv1 10/0/30/-1/5012 -1 0 - - CD-- 1/1/1/1/0 0/0 {api.example} {} "POST /v1/pay HTTP/1.1"';
  expect(parseOne(haproxy, line).records).toEqual([{
    ts: '2009-02-06T12:14:14.655Z', src: '10.0.1.2:33317', host: 'api.example', method: 'POST', path: '/v1/pay', transport: 'http/1.1',
    scheme: 'http', source: { file: 't.log', line: 1 },
  }]);
});

test('a response with no body (HEAD, 304) is size 0: HAProxy\'s bytes_read counts its headers', () => {
  const line = (verb: string, code: string) => `127.0.0.1:1 [04/Dec/2026:17:15:08.856] fe be/s 0/0/0/1/1 ${code} 156 - - ---- 1/1/0/0/0 0/0 "${verb} /a HTTP/1.1"`;
  expect([parseOne(haproxy, line('HEAD', '200')).records[0].responseBytes, parseOne(haproxy, line('GET', '304')).records[0].responseBytes]).toEqual([0, 0]);
  expect(parseOne(haproxy, line('GET', '200')).records[0].responseBytes).toBe(156);
});

test('an RFC 5424 header HAProxy wrote gives the accept date its zone: both are the host\'s local time', () => {
  // HAProxy writes the accept date in local time without a zone, and the RFC 5424 timestamp (`log … format rfc5424`)
  // from the same clock with its offset: until 7 Dec a host on +01:00 had every request stamped an hour late.
  const line = (stamp: string) => `<134>1 ${stamp} lb haproxy 77 - - 192.0.2.5:4000 [01/May/2024:10:00:00.001] fe~ be/s1 0/0/1/2/3 200 187 - - ---- 1/1/0/0/0 0/0 "GET /a HTTP/1.1"`;
  expect(parseOne(haproxy, line('2024-05-01T10:00:00.004+01:00')).records[0].ts).toBe('2024-05-01T09:00:00.001Z');
  expect(parseOne(haproxy, line('2024-05-01T10:00:00.004-04:30')).records[0].ts).toBe('2024-05-01T14:30:00.001Z');
  // Near misses: a UTC header, a header whose local time is not the accept date's (a relay stamping in its own zone),
  // and RFC 3164 (no zone) leave the accept date read as UTC.
  expect(parseOne(haproxy, line('2024-05-01T10:00:00.004Z')).records[0].ts).toBe('2024-05-01T10:00:00.001Z');
  expect(parseOne(haproxy, line('2024-05-01T12:00:00.004+02:00')).records[0].ts).toBe('2024-05-01T10:00:00.001Z');
  expect(parseOne(haproxy, line('2024-05-01T10:00:00.004+01:00').replace(/^<134>1 \S+ lb haproxy 77 - -/, 'May  1 10:00:00 lb haproxy[77]:')).records[0].ts).toBe('2024-05-01T10:00:00.001Z');
});
