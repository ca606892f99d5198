import { expect, test } from 'vitest';
import { createSquidFormat } from './squid';
import { parseOne, TEST_KEY } from './test-helpers';

const squid = createSquidFormat(TEST_KEY);

test('a request through the proxy: absolute URL, stripped query, start = logged time − elapsed', () => {
  // As Debian's Squid 5.7 wrote it (`logformat squid`).
  const line = '1796395370.465     15 10.0.0.7 TCP_MISS/200 242 GET http://api.partner.example/v2/rates/42? - HIER_DIRECT/203.0.113.9 application/json';
  expect(parseOne(squid, line).records).toEqual([{
    ts: '2026-12-04T14:42:50.450Z', src: '10.0.0.7', method: 'GET', host: 'api.partner.example', scheme: 'http', path: '/v2/rates/42', status: 200,
    latencyMs: 15, responseBytes: 242, responseContentType: 'application/json', source: { file: 't.log', line: 1 },
  }]);
});

test('a CONNECT tunnel is host-level: TLS to :443, no method, no path, no size', () => {
  const [tls] = parseOne(squid, '1796395370.900   3521 10.0.0.7 TCP_TUNNEL/200 6214 CONNECT api.stripe.com:443 - HIER_DIRECT/54.187.0.1 -').records;
  expect(tls).toEqual({ ts: '2026-12-04T14:42:47.379Z', src: '10.0.0.7', host: 'api.stripe.com', transport: 'tls', status: 200, latencyMs: 3521, source: { file: 't.log', line: 1 } });
  const [other] = parseOne(squid, '1796395370.900      0 10.0.0.7 NONE_NONE/503 0 CONNECT 10.1.1.1:8443 - HIER_DIRECT/10.1.1.1 -').records;
  expect([other.host, other.transport, other.status]).toEqual(['10.1.1.1:8443', undefined, 503]);
});

test('status 000 (no reply) is no status; a key left in the URL (strip_query_terms off) is evidence, never a value', () => {
  const [ex] = parseOne(squid, '1796395370.465      1 10.0.0.7 TCP_MISS_ABORTED/000 0 GET http://maps.example/api/geo?key=s3cr3t&q=x - HIER_DIRECT/1.2.3.4 -').records;
  expect(ex.status).toBeUndefined();
  expect(ex.query).toEqual(['key', 'q']);
  expect(ex.auth?.[0].kind).toBe('api-key:key');
  expect(JSON.stringify(ex)).not.toContain('s3cr3t');
});

test.each([
  ['combined', '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"'],
  ['no URL', '1796395370.465      1 10.0.0.7 TCP_MISS/200 242 GET'],
  ['not a path', '1796395370.465      1 10.0.0.7 TCP_MISS/200 242 GET nowhere - HIER_NONE/- -'],
])('rejects %s', (_name, line) => {
  expect(parseOne(squid, line).status).toBe('invalid');
});

test('a CONNECT with a login in its authority gives the basic evidence the URL form gives, never the password', () => {
  // Before: `CONNECT bob:pw@h:443` gave no auth at all, while `GET http://bob:pw@h/` gave `basic`.
  const line = (verb: string, target: string) => `1796395370.900   3521 10.0.0.7 TCP_TUNNEL/200 6214 ${verb} ${target} - HIER_DIRECT/54.187.0.1 -`;
  const [tunnel] = parseOne(squid, line('CONNECT', 'bob:hunter2@api.stripe.com:443')).records;
  const [plain] = parseOne(squid, line('GET', 'http://bob:hunter2@api.stripe.com/v1')).records;
  expect([tunnel.host, tunnel.transport, tunnel.auth]).toEqual(['api.stripe.com', 'tls', plain.auth]);
  expect(plain.auth?.map((e) => e.kind)).toEqual(['basic']);
  expect(JSON.stringify(tunnel)).not.toMatch(/hunter2|bob/);
});

test("a reply Squid wrote itself (a denial, a refused request, an origin it could not reach) is no status of the API's", () => {
  // Before: the API's 403, 400 and 503, in its status counts and undocumented-status findings.
  const status = (line: string) => parseOne(squid, line).records[0]?.status;
  expect(status('1796395370.465      0 10.0.0.7 TCP_DENIED/403 3900 GET http://blocked.example/v1/x - HIER_NONE/- text/html')).toBeUndefined();
  expect(status('1796395370.465      0 10.0.0.7 NONE_NONE/400 3900 GET http://odd.example/v1/x - HIER_NONE/- text/html')).toBeUndefined();
  expect(status('1796395370.465   5003 10.0.0.7 TCP_MISS/503 4100 GET http://down.example/v1/x - HIER_NONE/- text/html')).toBeUndefined();
  // The call itself is kept: the estate tried to use that API.
  expect(parseOne(squid, '1796395370.465      0 10.0.0.7 TCP_DENIED/403 3900 GET http://blocked.example/v1/x - HIER_NONE/- text/html').records[0]).toMatchObject({ method: 'GET', host: 'blocked.example', path: '/v1/x' });
  // The origin's answers: forwarded, refused by reply access after it answered, or from the cache.
  expect(status('1796395370.465     12 10.0.0.7 TCP_MISS/503 120 GET http://api.example/v1/x - HIER_DIRECT/1.2.3.4 application/json')).toBe(503);
  expect(status('1796395370.465     12 10.0.0.7 TCP_DENIED_REPLY/403 120 GET http://api.example/v1/x - HIER_DIRECT/1.2.3.4 text/html')).toBe(403);
  expect(status('1796395370.465      0 10.0.0.7 TCP_MEM_HIT/200 120 GET http://api.example/v1/x - HIER_NONE/- application/json')).toBe(200);
  // Its proxy login asked for keeps the 407, which discovery counts apart (lib/discovery/observe.ts proxyRefused).
  expect(status('1796395370.465      0 10.0.0.7 TCP_DENIED/407 3900 GET http://api.example/v1/x - HIER_NONE/- text/html')).toBe(407);
});

test('a response with no body (HEAD, 304) is size 0: Squid\'s size counts its headers', () => {
  const line = (verb: string, code: string) => `1796395370.465     15 10.0.0.7 TCP_MISS/${code} 242 ${verb} http://api.partner.example/v2/rates/42 - HIER_DIRECT/203.0.113.9 -`;
  expect([parseOne(squid, line('HEAD', '200')).records[0].responseBytes, parseOne(squid, line('GET', '304')).records[0].responseBytes]).toEqual([0, 0]);
  expect(parseOne(squid, line('GET', '200')).records[0].responseBytes).toBe(242);
});

test('status 000 (no reply reached the client) has no response size or latency, as Envoy\'s 0 and a capture give none', () => {
  const [gone] = parseOne(squid, '1796395370.465   5004 10.0.0.7 TCP_MISS_ABORTED/000 0 GET http://maps.example/api/geo - HIER_DIRECT/1.2.3.4 -').records;
  expect(gone).toEqual({ ts: '2026-12-04T14:42:45.461Z', src: '10.0.0.7', method: 'GET', host: 'maps.example', scheme: 'http', path: '/api/geo', source: { file: 't.log', line: 1 } });
  // Near misses: an aborted transfer with a status keeps both, as does a reply Squid wrote itself (its own page).
  expect(parseOne(squid, '1796395370.465   5004 10.0.0.7 TCP_MISS_ABORTED/200 1200 GET http://maps.example/api/geo - HIER_DIRECT/1.2.3.4 -').records[0]).toMatchObject({ status: 200, responseBytes: 1200, latencyMs: 5004 });
  expect(parseOne(squid, '1796395370.465      0 10.0.0.7 TCP_DENIED/403 3990 GET http://maps.example/api/geo - HIER_NONE/- text/html').records[0]).toMatchObject({ responseBytes: 3990, latencyMs: 0 });
});
