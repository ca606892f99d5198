import { expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { apacheTokens, compileApacheFormat } from './apache-format';
import { compileNginxFormat } from './nginx-format';
import { parseOne, TEST_KEY } from './test-helpers';

test('compiles a LogFormat with %D, %v, %{X}i and escaped quotes', () => {
  const format = compileApacheFormat('%v %a %l %u %t \\"%r\\" %>s %b %D \\"%{User-Agent}i\\" \\"%{Cookie}i\\"', TEST_KEY);
  const line = 'www.example.org 192.0.2.10 - - [05/Mar/2024:08:00:00 +0000] "GET /account HTTP/1.1" 200 4512 23500 "Mozilla/5.0 \\"quoted\\"" "sid=abc123; cart=c81"';
  const { status, records } = parseOne(format, line);
  expect(status).toBe('ok');
  expect(records[0]).toEqual({
    ts: '2024-03-05T08:00:00.000Z', src: '192.0.2.10', host: 'www.example.org', method: 'GET', path: '/account', transport: 'http/1.1',
    status: 200, responseBytes: 4512, latencyMs: 23.5, userAgent: 'Mozilla/5.0 "quoted"',
    auth: [{ kind: 'cookie:cart,sid', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }], source: { file: 't.log', line: 1 },
  });
});

test('knows the nicknames httpd.conf ships', () => {
  const format = compileApacheFormat('vhost_combined', TEST_KEY);
  const { records } = parseOne(format, 'shop.example:443 192.0.2.1 - - [05/Mar/2024:08:00:00 +0000] "GET /cart HTTP/1.1" 200 10 "-" "curl/8"');
  // `%v:%p` is the server name, then the port: the name alone is the host.
  expect(records[0]).toMatchObject({ host: 'shop.example', src: '192.0.2.1', path: '/cart', status: 200, userAgent: 'curl/8' });
});

test('tokenises %>s, %{sec}t and a literal %%', () => {
  expect(apacheTokens('%{sec}t %>s 100%%')).toEqual([
    { field: 'apacheTime:sec', name: '%{sec}t' }, { literal: ' ' }, { field: 'status', name: '%>s' }, { literal: ' 100%' },
  ]);
});

test('accepts the LogFormat directive line', () => {
  const format = compileApacheFormat('LogFormat "%h %t \\"%r\\" %>s" short', TEST_KEY);
  expect(parseOne(format, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] "DELETE /x HTTP/1.1" 204').records[0]).toMatchObject({ method: 'DELETE', status: 204 });
});

test('%b is the body size even after %O (headers included), which stands in only when %b is not logged', () => {
  const both = compileApacheFormat('%h %t \\"%r\\" %>s %I %O %b', TEST_KEY);
  expect(parseOne(both, '192.0.2.10 [05/Mar/2024:08:00:00 +0000] "POST /a HTTP/1.1" 201 512 731 419').records[0]).toMatchObject({ requestBytes: 512, responseBytes: 419 });
  const totals = compileApacheFormat('%h %t \\"%r\\" %>s %O', TEST_KEY);
  expect(parseOne(totals, '192.0.2.10 [05/Mar/2024:08:00:00 +0000] "GET /a HTTP/1.1" 200 731').records[0].responseBytes).toBe(731);
});

test('%u, the authenticated user, is basic evidence fingerprinted by the name', () => {
  const format = compileApacheFormat('combined', TEST_KEY);
  const { records } = parseOne(format, '192.0.2.1 - carol [05/Mar/2024:08:00:00 +0000] "GET /admin HTTP/1.1" 200 10 "-" "curl/8"');
  expect(records[0].auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('basic carol', TEST_KEY) }]);
  expect(JSON.stringify(records)).not.toContain('carol');
  expect(parseOne(format, '192.0.2.1 - - [05/Mar/2024:08:00:00 +0000] "GET /admin HTTP/1.1" 401 10 "-" "curl/8"').records[0]).not.toHaveProperty('auth');
});

test('a field ending in an escaped backslash (`\\\\"`) ends at its quote', () => {
  const format = compileApacheFormat('combined', TEST_KEY);
  const { records } = parseOne(format, '192.0.2.1 - - [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 10 "http://a.example/\\\\" "curl/8"');
  expect(records[0]).toMatchObject({ path: '/x', status: 200, userAgent: 'curl/8' });
});

test('%{SSL_PROTOCOL}x says whether the client came over TLS', () => {
  const format = compileApacheFormat('%h %t \\"%r\\" %>s %{SSL_PROTOCOL}x', TEST_KEY);
  expect(parseOne(format, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 TLSv1.2').records[0].scheme).toBe('https');
  expect(parseOne(format, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 -').records[0].scheme).toBe('http');
});

test('with Authorization logged, %u adds no basic evidence: the header says the scheme, or that it was not Basic', () => {
  // mod_auth_openidc sets the user from a bearer token; mod_auth_kerb from Negotiate; from a session cookie, no header.
  const format = compileApacheFormat('%h %l %u %t \\"%r\\" %>s %b \\"%{Authorization}i\\"', TEST_KEY);
  const at = (user: string, authorization: string) =>
    parseOne(format, `192.0.2.1 - ${user} [05/Mar/2024:08:00:00 +0000] "GET /admin HTTP/1.1" 200 10 "${authorization}"`).records[0].auth;
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjYXJvbCJ9.c2ln';
  expect(at('carol', `Bearer ${jwt}`)).toEqual([{ kind: 'bearer-jwt', fingerprint: fingerprintCredential(jwt, TEST_KEY), jwt: { alg: 'HS256' } }]);
  expect(at('carol', 'Basic Y2Fyb2w6cHc=')).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('Y2Fyb2w6cHc=', TEST_KEY) }]);
  // No Authorization at all: whatever let carol in was no HTTP Basic, and the log does not say what it was.
  expect(at('carol', '-')).toBeUndefined();
  // nginx alike ($remote_user is Basic's, but a logged header is the same caller already).
  const nginx = compileNginxFormat('$remote_addr - $remote_user [$time_local] "$request" $status "$http_authorization"', TEST_KEY);
  expect(parseOne(nginx, '192.0.2.1 - carol [05/Mar/2024:08:00:00 +0000] "GET /a HTTP/1.1" 200 "Basic Y2Fyb2w6cHc="').records[0].auth)
    .toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('Y2Fyb2w6cHc=', TEST_KEY) }]);
});

test('%u with spaces (a certificate DN, an OIDC name) is read whole: it ran into %t and the line was malformed', () => {
  const format = compileApacheFormat('combined', TEST_KEY);
  const { status, records } = parseOne(format, '192.0.2.1 - John Doe [05/Mar/2024:08:00:00 +0000] "GET /admin HTTP/1.1" 200 10 "-" "curl/8"');
  expect(status).toBe('ok');
  expect(records[0]).toMatchObject({ src: '192.0.2.1', path: '/admin', auth: [{ kind: 'basic', fingerprint: fingerprintCredential('basic John Doe', TEST_KEY) }] });
});

test('%{…}t pieces: strftime formats with their zone, msec_frac, sec/msec/usec with begin: or end:', () => {
  const at = (format: string, line: string) => parseOne(compileApacheFormat(format, TEST_KEY), line).records[0]?.ts;
  // The CLF time without brackets, and Apache's docs' own split example.
  expect(at('%h [%{%d/%b/%Y:%H:%M:%S %z}t] \\"%r\\" %>s', '10.0.0.1 [05/Mar/2024:08:00:00 +0100] "GET /a HTTP/1.1" 200')).toBe('2024-03-05T07:00:00.000Z');
  expect(at('%h [%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] \\"%r\\" %>s', '10.0.0.1 [05/Mar/2024 08:00:00.123 +0100] "GET /a HTTP/1.1" 200')).toBe('2024-03-05T07:00:00.123Z');
  // No zone logged: UTC, whatever the zone of the machine reading it.
  expect(at('%h %{%Y-%m-%d %H:%M:%S}t \\"%r\\" %>s', '10.0.0.1 2024-03-05 08:00:00 "GET /a HTTP/1.1" 200')).toBe('2024-03-05T08:00:00.000Z');
  expect(at('%h %{%m/%d/%y %I:%M:%S %p}t \\"%r\\" %>s', '10.0.0.1 03/05/24 08:00:00 PM "GET /a HTTP/1.1" 200')).toBe('2024-03-05T20:00:00.000Z');
  expect(at('%h %{begin:msec}t \\"%r\\" %>s', '10.0.0.1 1709625600123 "GET /a HTTP/1.1" 200')).toBe('2024-03-05T08:00:00.123Z');
  // end: is when the entry was written: the request came %D before.
  expect(at('%h %{end:sec}t \\"%r\\" %>s %D', '10.0.0.1 1709625600 "GET /a HTTP/1.1" 200 2000000')).toBe('2024-03-05T07:59:58.000Z');
  expect(at('%h [%{%d/%b/%Y:%H:%M:%S %z}t] \\"%r\\" %>s', '10.0.0.1 [5 March 2024] "GET /a HTTP/1.1" 200')).toBeUndefined();
  // A directive no time is read from is said when the format is given.
  expect(() => compileApacheFormat('%h %{%Y-%W}t \\"%r\\" %>s', TEST_KEY)).toThrow('Apache format: %{%Y-%W}t uses %W');
});

test('a LogFormat no line could be read by is refused, naming what is wrong, as an nginx one is', () => {
  expect(() => compileApacheFormat('%h %l %u %>s %b', TEST_KEY)).toThrow('Apache format: no %t or %{…}t in the format string');
  expect(() => compileApacheFormat('%h %t %>s %b', TEST_KEY)).toThrow('Apache format: no %r or %U in the format string');
  expect(() => compileApacheFormat('%h %t \\"%r %>s', TEST_KEY)).toThrow(`Apache format: unbalanced '"' (1 in the format string)`);
  expect(() => compileApacheFormat('%h %{%s}t %U %>s', TEST_KEY)).not.toThrow();
});

test('%{Content-Length}i (the request\'s declared body) is the request size; %I (headers included) only without it', () => {
  const format = compileApacheFormat('%h %t \\"%r\\" %>s %I \\"%{Content-Length}i\\"', TEST_KEY);
  const at = (sizes: string) => parseOne(format, `10.0.0.1 [05/Mar/2024:08:00:00 +0000] "POST /a HTTP/1.1" 201 ${sizes}`).records[0];
  expect(at('731 "512"').requestBytes).toBe(512);
  expect(at('78 "-"')).not.toHaveProperty('requestBytes');
});

test('%{local}p without %A names the scheme (443 https, 80 http); %p, the canonical port, does not', () => {
  const local = compileApacheFormat('%h %t \\"%r\\" %>s %{local}p', TEST_KEY);
  const at = (format: ReturnType<typeof compileApacheFormat>, port: string) =>
    parseOne(format, `10.1.1.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 ${port}`).records[0].scheme;
  expect([at(local, '443'), at(local, '80'), at(local, '8080')]).toEqual(['https', 'http', undefined]);
  // Near miss: `%p` is the ServerName's port, or the scheme's default: a TLS vhost inheriting `ServerName host:80`
  // logs 80 for its https requests, so it says nothing (vhost_combined's `%v:%p`).
  const canonical = compileApacheFormat('%h %t \\"%r\\" %>s %p', TEST_KEY);
  expect([at(canonical, '443'), at(canonical, '80')]).toEqual([undefined, undefined]);
});

test('`%a:%{remote}p` with an IPv6 client (written unbracketed) splits at the last colon', () => {
  const format = compileApacheFormat('%a:%{remote}p %t \\"%r\\" %>s', TEST_KEY);
  expect(parseOne(format, '2001:db8::1:5000 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200').records[0].src).toBe('[2001:db8::1]:5000');
});

test("vhost_combined's %v:%p is one authority, as the built-in reader reads it: a port other than 80 and 443 is kept", () => {
  // Until 7 Dec `--apache-format vhost_combined` kept the name alone: the 8080 vhost's traffic was the 80 one's.
  const format = compileApacheFormat('vhost_combined', TEST_KEY);
  const host = (vhost: string) => parseOne(format, `${vhost} 192.0.2.1 - - [05/Mar/2024:08:00:00 +0000] "GET /cart HTTP/1.1" 200 10 "-" "curl/8"`).records[0].host;
  expect(['shop.example:8080', 'shop.example:443', 'shop.example:80'].map(host)).toEqual(['shop.example:8080', 'shop.example', 'shop.example']);
  // Near miss: %p alone, with no %v, names no host.
  expect(parseOne(compileApacheFormat('%p %h %t "%r" %>s', TEST_KEY), '8080 192.0.2.1 [05/Mar/2024:08:00:00 +0000] "GET /cart HTTP/1.1" 200').records[0].host).toBeUndefined();
});

test("vhost_combined's %v:%p with an IPv6 server name is split at the port's colon, bracketed or not", () => {
  // Until 7 Dec the name ran to its first colon: `[2001` (or `2001`) was the host and the port was lost.
  const format = compileApacheFormat('vhost_combined', TEST_KEY);
  const host = (vhost: string) => parseOne(format, `${vhost} 192.0.2.1 - - [05/Mar/2024:08:00:00 +0000] "GET /cart HTTP/1.1" 200 10 "-" "curl/8"`).records[0]?.host;
  expect(['[2001:db8::1]:8080', '[2001:db8::1]:443', '2001:db8::1:8080', '2001:db8::1:80'].map(host))
    .toEqual(['[2001:db8::1]:8080', '[2001:db8::1]', '[2001:db8::1]:8080', '[2001:db8::1]']);
  // %v alone: an unbracketed IPv6 server address is one host, bracketed as a Host header writes it.
  const alone = compileApacheFormat('%v %h %t \\"%r\\" %>s', TEST_KEY);
  expect(parseOne(alone, '2001:db8::1 192.0.2.1 [05/Mar/2024:08:00:00 +0000] "GET /cart HTTP/1.1" 200').records[0].host).toBe('[2001:db8::1]');
  // Near miss: a name with a port still splits where it did.
  expect(host('shop.example:8080')).toBe('shop.example:8080');
});
