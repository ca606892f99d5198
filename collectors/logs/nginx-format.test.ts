import { expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { compileApacheFormat } from './apache-format';
import { createCombinedFormat } from './combined';
import { compileNginxFormat, nginxTokens } from './nginx-format';
import { createJsonLinesFormat } from './json-lines';
import { nginxJsonFormat } from './nginx-json';
import { parseOne, TEST_KEY } from './test-helpers';

test('compiles a custom log_format with timing, host and a credential header', () => {
  const format = compileNginxFormat(
    '$remote_addr:$remote_port $host [$time_iso8601] "$request_method $request_uri $server_protocol" $status $body_bytes_sent $request_length $request_time "$http_user_agent" "$http_authorization"',
    TEST_KEY,
  );
  const line = '198.51.100.7:51234 api.example.com [2024-03-01T10:00:00+01:00] "GET /v2/users/42?fields=name HTTP/2.0" 200 1834 311 0.012 "Go-http-client/2.0" "Bearer opaque-token-value"';
  expect(parseOne(format, line, 9)).toEqual({
    status: 'ok',
    records: [{
      ts: '2024-03-01T08:59:59.988Z', src: '198.51.100.7:51234', host: 'api.example.com', method: 'GET', path: '/v2/users/42',
      query: ['fields'], transport: 'h2', status: 200, responseBytes: 1834, requestBytes: 311, latencyMs: 12,
      userAgent: 'Go-http-client/2.0', auth: [{ kind: 'bearer-opaque', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }],
      source: { file: 't.log', line: 9 },
    }],
  });
});

test('a credential header logged as `-` leaves auth absent', () => {
  const format = compileNginxFormat('$remote_addr [$time_local] "$request" $status "$http_x_api_key"', TEST_KEY);
  const { records } = parseOne(format, '10.0.0.1 [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 "-"');
  expect(records).toEqual([{ ts: '2024-01-01T00:00:00.000Z', src: '10.0.0.1', method: 'GET', path: '/', transport: 'http/1.1', status: 200, source: { file: 't.log', line: 1 } }]);
});

test('accepts the directive as written in nginx.conf, pieces joined', () => {
  const tokens = nginxTokens(`log_format main '$remote_addr - $remote_user [$time_local] '\n  '"$request" $status';`);
  expect(tokens).toEqual([
    { field: 'src', name: 'remote_addr' }, { literal: ' - ' }, { field: 'remoteUser', name: 'remote_user' }, { literal: ' [' },
    { field: 'timeClf', name: 'time_local' }, { literal: '] "' }, { field: 'request', name: 'request' }, { literal: '" ' },
    { field: 'status', name: 'status' },
  ]);
});

test('${var} braces and $msec epoch time', () => {
  const format = compileNginxFormat('${msec}|${status}|${uri}', TEST_KEY);
  expect(parseOne(format, '1700000000.250|404|/missing').records).toEqual([
    { ts: '2023-11-14T22:13:20.250Z', status: 404, path: '/missing', source: { file: 't.log', line: 1 } },
  ]);
});

test('refuses a format where two variables touch (no way to split them)', () => {
  expect(() => compileNginxFormat('$remote_addr$status', TEST_KEY)).toThrow(/adjacent/);
  expect(() => compileNginxFormat('no variables here', TEST_KEY)).toThrow(/no \$variables/);
});

test('a line that does not follow the format is invalid', () => {
  const format = compileNginxFormat('$remote_addr [$time_local] "$request" $status', TEST_KEY);
  expect(parseOne(format, 'something else entirely').status).toBe('invalid');
  expect(parseOne(format, '10.0.0.1 [not a time] "GET / HTTP/1.1" 200').status).toBe('invalid');
});

test('the body size is $body_bytes_sent wherever it stands; $bytes_sent (headers included) only stands in for it', () => {
  // Lines from nginx 1.22 proxying to a Node backend, with both sizes logged, the total first.
  const both = compileNginxFormat('$remote_addr $host [$time_iso8601] "$request" $status $bytes_sent $body_bytes_sent $request_time "$http_user_agent" $content_type', TEST_KEY);
  const line = '127.0.0.1 127.0.0.1 [2026-12-04T11:39:59+00:00] "GET /api/chunked/r1 HTTP/1.1" 200 307 121 0.007 "campaign/1" -';
  expect(parseOne(both, line).records[0]).toMatchObject({ path: '/api/chunked/r1', status: 200, responseBytes: 121 });
  const totalOnly = compileNginxFormat('$remote_addr [$time_iso8601] "$request" $status $bytes_sent', TEST_KEY);
  expect(parseOne(totalOnly, '127.0.0.1 [2026-12-04T11:40:32+00:00] "GET /a HTTP/1.1" 200 307').records[0].responseBytes).toBe(307);
});

test('a logged $scheme says how the client came, which a log\'s HTTP/1.1 does not', () => {
  const format = compileNginxFormat('$remote_addr [$time_local] $scheme "$request" $status', TEST_KEY);
  const at = (scheme: string) => parseOne(format, `10.0.0.1 [01/Jan/2024:00:00:00 +0000] ${scheme} "GET /a HTTP/1.1" 200`).records[0]?.scheme;
  expect([at('http'), at('https'), at('-')]).toEqual(['http', 'https', undefined]);
  // An absolute target names its own scheme first.
  expect(parseOne(format, '10.0.0.1 [01/Jan/2024:00:00:00 +0000] https "GET http://h.example/a HTTP/1.1" 200').records[0].scheme).toBe('http');
});

test('$remote_user is basic evidence fingerprinted by the name, in text and in escape=json logs', () => {
  const format = compileNginxFormat('$remote_addr - $remote_user [$time_local] "$request" $status', TEST_KEY);
  const { records } = parseOne(format, '10.1.1.1 - dave [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200');
  expect(records[0].auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('basic dave', TEST_KEY) }]);
  expect(JSON.stringify(records)).not.toContain('dave');
  expect(parseOne(format, '10.1.1.1 - - [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200').records[0]).not.toHaveProperty('auth');
  const json = createJsonLinesFormat([nginxJsonFormat], [], TEST_KEY, 'nginx');
  const entry = (user: string) => JSON.stringify({ time_iso8601: '2024-03-05T08:00:00+00:00', remote_user: user, request: 'GET /x HTTP/1.1', status: '200' });
  expect(parseOne(json, entry('dave')).records[0].auth).toEqual(records[0].auth);
  // escape=json writes an unset variable as an empty string.
  expect(parseOne(json, entry('')).records[0]).not.toHaveProperty('auth');
});

test('$ssl_protocol or $https says whether the client came over TLS: https, or http when empty', () => {
  const format = compileNginxFormat('$remote_addr [$time_local] "$request" $status $ssl_protocol', TEST_KEY);
  expect(parseOne(format, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 TLSv1.3').records[0].scheme).toBe('https');
  expect(parseOne(format, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 -').records[0].scheme).toBe('http');
  const https = compileNginxFormat('$remote_addr [$time_local] "$request" $status "$https"', TEST_KEY);
  expect(parseOne(https, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 "on"').records[0].scheme).toBe('https');
  // $scheme, when logged too, says it.
  const both = compileNginxFormat('$remote_addr [$time_local] $scheme "$request" $status $ssl_protocol', TEST_KEY);
  expect(parseOne(both, '10.1.1.1 [05/Mar/2024:08:00:00 +0000] http "GET /x HTTP/1.1" 200 -').records[0].scheme).toBe('http');
});

test('a format no line could be read by is refused, naming what is wrong', () => {
  // An open quote: every field after it would run to the wrong place.
  expect(() => compileNginxFormat('$time_local $request "', TEST_KEY)).toThrow(`nginx format: unbalanced '"' (1 in the format string)`);
  expect(() => compileNginxFormat('[$time_local] "$request $status', TEST_KEY)).toThrow(/unbalanced '"'/);
  // No request, no time: every line would be malformed.
  expect(() => compileNginxFormat('$remote_addr [$time_local] $status', TEST_KEY)).toThrow('nginx format: no $request, $request_uri or $uri in the format string');
  expect(() => compileNginxFormat('$remote_addr "$request" $status', TEST_KEY)).toThrow('nginx format: no $time_local, $time_iso8601 or $msec in the format string');
  // The directive with a quote never closed: the pieces that did match were taken before, the rest dropped.
  expect(() => compileNginxFormat(`log_format main '[$time_local] "$request" $status;`, TEST_KEY)).toThrow(`nginx format: the log_format directive's ' quote at character 17 is never closed`);
});

test('the directive\'s pieces are joined as nginx joins its arguments: quoted or bare, after the name and escape=', () => {
  expect(nginxTokens(`log_format api escape=json '{"t":"$msec",' "\\"r\\":\\"$request\\"}";`)).toEqual([
    { literal: '{"t":"' }, { field: 'timeEpochSec', name: 'msec' }, { literal: '","r":"' }, { field: 'request', name: 'request' }, { literal: '"}' },
  ]);
  expect(nginxTokens('log_format bare $msec|$request;')).toEqual([
    { field: 'timeEpochSec', name: 'msec' }, { literal: '|' }, { field: 'request', name: 'request' },
  ]);
});

test('nginx writes its times when the request is done: the record starts $request_time earlier (Apache\'s %t is the start)', () => {
  // A WebSocket proxied for 95 s is logged when it closes.
  const format = compileNginxFormat('$msec "$request" $status $request_time', TEST_KEY);
  expect(parseOne(format, '1700000095.250 "GET /ws HTTP/1.1" 101 95.000').records[0]).toMatchObject({ ts: '2023-11-14T22:13:20.250Z', latencyMs: 95000 });
  const local = compileNginxFormat('[$time_local] "$request" $status $request_time', TEST_KEY);
  expect(parseOne(local, '[05/Mar/2024:08:01:35 +0000] "GET /ws HTTP/1.1" 101 95.000').records[0].ts).toBe('2024-03-05T08:00:00.000Z');
  // Without $request_time, the time logged.
  expect(parseOne(compileNginxFormat('$msec "$request" $status', TEST_KEY), '1700000095.250 "GET /ws HTTP/1.1" 101').records[0].ts).toBe('2023-11-14T22:14:55.250Z');
  // escape=json alike.
  const json = createJsonLinesFormat([nginxJsonFormat], [], TEST_KEY, 'nginx');
  const entry = JSON.stringify({ time_iso8601: '2024-03-05T08:01:35+00:00', request: 'GET /ws HTTP/1.1', status: '101', request_time: '95.000' });
  expect(parseOne(json, entry).records[0].ts).toBe('2024-03-05T08:00:00.000Z');
  // Apache's %t is when the request came: %D does not move it.
  const apache = compileApacheFormat('%t \\"%r\\" %>s %D', TEST_KEY);
  expect(parseOne(apache, '[05/Mar/2024:08:00:00 +0000] "GET /ws HTTP/1.1" 101 95000000').records[0].ts).toBe('2024-03-05T08:00:00.000Z');
});

test('$content_length (the request\'s declared body) is the request size, $request_length (headers included) only without it', () => {
  const format = compileNginxFormat('[$time_local] "$request" $status $request_length $content_length', TEST_KEY);
  const at = (sizes: string) => parseOne(format, `[05/Mar/2024:08:00:00 +0000] "POST /a HTTP/1.1" 201 ${sizes}`).records[0];
  expect(at('731 512').requestBytes).toBe(512);
  // A bodiless request: no size, as a capture gives it.
  expect(at('78 -')).not.toHaveProperty('requestBytes');
  expect(parseOne(compileNginxFormat('[$time_local] "$request" $status $request_length', TEST_KEY), '[05/Mar/2024:08:00:00 +0000] "POST /a HTTP/1.1" 201 731').records[0].requestBytes).toBe(731);
});

test('logged headers and the user agent are read unescaped: a Digest credential fingerprints as an escape=json log gives it', () => {
  // nginx writes `"` as `\\x22` in a text log: the Authorization header kept it, and its fingerprint matched no other source.
  const format = compileNginxFormat('$remote_addr [$time_local] "$request" $status "$http_user_agent" "$http_authorization"', TEST_KEY);
  const digest = 'Digest username="bob", realm="api", nonce="n1", uri="/x", response="r1"';
  const logged = digest.replace(/"/g, '\\x22');
  const { records } = parseOne(format, `10.0.0.1 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 "app \\x22v2\\x22" "${logged}"`);
  const json = createJsonLinesFormat([nginxJsonFormat], [], TEST_KEY, 'nginx');
  const entry = JSON.stringify({ time_iso8601: '2024-03-05T08:00:00+00:00', request: 'GET /x HTTP/1.1', status: '200', http_user_agent: 'app "v2"', http_authorization: digest });
  const fromJson = parseOne(json, entry).records[0];
  expect(records[0].userAgent).toBe('app "v2"');
  expect(records[0].auth).toEqual(fromJson.auth);
  expect(fromJson.auth?.[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
});

test('a remote user nginx escaped (`Jos\\xC3\\xA9`) is fingerprinted by the name an escape=json log gives (`José`)', () => {
  // Until 6 Dec by its escaped text: the same user was two callers.
  const format = compileNginxFormat('$remote_addr - $remote_user [$time_local] "$request" $status', TEST_KEY);
  const { records } = parseOne(format, '10.1.1.1 - Jos\\xC3\\xA9 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200');
  expect(records[0].auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('basic José', TEST_KEY) }]);
  const combined = createCombinedFormat(TEST_KEY);
  expect(parseOne(combined, '10.1.1.1 - Jos\\xC3\\xA9 [05/Mar/2024:08:00:00 +0000] "GET /x HTTP/1.1" 200 5').records[0].auth).toEqual(records[0].auth);
});

test('$server_port without $server_addr: 443 is https, 80 http, another port says nothing', () => {
  // With the address, `dst` carries the port and discovery reads the scheme off it (observed-scheme.ts); without it
  // the port was dropped with the address, and a log naming each request's port said nothing of how it came.
  const format = compileNginxFormat('$remote_addr [$time_local] $server_port "$request" $status', TEST_KEY);
  const at = (port: string) => parseOne(format, `10.0.0.1 [01/Jan/2024:00:00:00 +0000] ${port} "GET /a HTTP/1.1" 200`).records[0];
  expect([at('443').scheme, at('80').scheme, at('8443').scheme, at('-').scheme]).toEqual(['https', 'http', undefined, undefined]);
  expect('dst' in at('443')).toBe(false);
  // Near miss: with the address the port goes to `dst` as before, no scheme claimed beside it.
  const both = compileNginxFormat('$remote_addr [$time_local] $server_addr:$server_port "$request" $status', TEST_KEY);
  expect(parseOne(both, '10.0.0.1 [01/Jan/2024:00:00:00 +0000] 10.0.0.9:443 "GET /a HTTP/1.1" 200').records[0]).toMatchObject({ dst: '10.0.0.9:443' });
  expect(parseOne(both, '10.0.0.1 [01/Jan/2024:00:00:00 +0000] 10.0.0.9:443 "GET /a HTTP/1.1" 200').records[0].scheme).toBeUndefined();
});

test('with only $bytes_sent (headers included) logged, a response with no body (HEAD, 304) is size 0', () => {
  const format = compileNginxFormat('$remote_addr [$time_local] "$request" $status $bytes_sent', TEST_KEY);
  const size = (req: string, status: number) => parseOne(format, `10.0.0.1 [01/Jan/2024:00:00:00 +0000] "${req} /a HTTP/1.1" ${status} 187`).records[0].responseBytes;
  expect([size('HEAD', 200), size('GET', 304), size('GET', 200)]).toEqual([0, 0, 187]);
});

test('$status 000 (no answer: the client went first) leaves no response size or latency, in text and escape=json logs', () => {
  const format = compileNginxFormat('$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time', TEST_KEY);
  const [gone] = parseOne(format, '10.0.0.1 [01/Jan/2024:00:00:10 +0000] "GET /a HTTP/1.1" 000 0 7.500').records;
  // `ts` is still the request's start (the log write less $request_time); nothing says how long an answer took.
  expect(gone).toEqual({ ts: '2024-01-01T00:00:02.500Z', src: '10.0.0.1', transport: 'http/1.1', method: 'GET', path: '/a', source: { file: 't.log', line: 1 } });
  const json = createJsonLinesFormat([nginxJsonFormat], [], TEST_KEY);
  const [fromJson] = parseOne(json, '{"time_iso8601":"2024-01-01T00:00:10+00:00","request":"GET /a HTTP/1.1","status":"000","body_bytes_sent":"0","request_time":"7.500"}').records;
  expect([fromJson.responseBytes, fromJson.latencyMs, fromJson.status]).toEqual([undefined, undefined, undefined]);
  // Near miss: an answer keeps both.
  expect(parseOne(format, '10.0.0.1 [01/Jan/2024:00:00:10 +0000] "GET /a HTTP/1.1" 200 0 7.500').records[0]).toMatchObject({ responseBytes: 0, latencyMs: 7500 });
});

test('`$remote_addr:$remote_port` with an IPv6 client (written unbracketed) splits at the last colon', () => {
  // Until 7 Dec the address ran to the first colon (`2001`), and the record of every IPv6 client had no src.
  const format = compileNginxFormat('$remote_addr:$remote_port $server_addr:$server_port [$time_local] "$request" $status', TEST_KEY);
  const read = (peers: string) => parseOne(format, `${peers} [01/Jan/2024:00:00:00 +0000] "GET /a HTTP/1.1" 200`).records[0];
  expect(read('2001:db8::1:5000 2001:db8::2:443')).toMatchObject({ src: '[2001:db8::1]:5000', dst: '[2001:db8::2]:443' });
  expect(read('10.0.0.1:5000 10.0.0.2:443')).toMatchObject({ src: '10.0.0.1:5000', dst: '10.0.0.2:443' });
  // Near miss: a colon before a field that is no port still ends the field before it at the first colon.
  const other = compileNginxFormat('$remote_addr [$time_local] "$request" $status:$body_bytes_sent', TEST_KEY);
  expect(parseOne(other, '2001:db8::1 [01/Jan/2024:00:00:00 +0000] "GET /a HTTP/1.1" 200:17').records[0]).toMatchObject({ src: '2001:db8::1', status: 200, responseBytes: 17 });
});

test('a logged $http_host with a path or query after the authority (a client sent it so) is the authority alone', () => {
  // Until 7 Dec the record's host kept the rest, a token included, in every record `extract` printed.
  const format = compileNginxFormat('$remote_addr "$http_host" [$time_local] "$request" $status', TEST_KEY);
  const { records } = parseOne(format, '10.0.0.1 "api.example.com?token=Kx7pQ2mZa9Lm3Qp8" [01/Jan/2024:00:00:00 +0000] "GET /v1 HTTP/1.1" 200');
  expect(records.map((r) => r.host)).toEqual(['api.example.com']);
});
