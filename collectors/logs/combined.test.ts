import { describe, expect, test } from 'vitest';
import { fingerprintCredential } from '../../lib/exchange';
import { createCombinedFormat } from './combined';
import { parseOne, TEST_KEY } from './test-helpers';

const combined = createCombinedFormat(TEST_KEY);

describe('combined', () => {
  test('reads an nginx combined line into an exchange', () => {
    const line = '203.0.113.9 - alice [10/Oct/2023:13:55:36 -0700] "POST /api/v1/orders?expand=items&page=2 HTTP/1.1" 201 512 "https://shop.example/" "okhttp/4.12.0"';
    expect(parseOne(combined, line, 3)).toEqual({
      status: 'ok',
      records: [{
        ts: '2023-10-10T20:55:36.000Z', src: '203.0.113.9', method: 'POST', path: '/api/v1/orders', query: ['expand', 'page'],
        transport: 'http/1.1', auth: [{ kind: 'basic', fingerprint: fingerprintCredential('basic alice', TEST_KEY) }], status: 201, responseBytes: 512, userAgent: 'okhttp/4.12.0', source: { file: 't.log', line: 3 },
      }],
    });
  });

  test('a user agent is read as the client sent it: nginx\'s `\\x22` and `\\xC3\\xA9`, Apache\'s `\\"` and `\\\\` unescaped', () => {
    // Before, the escapes stayed: `curl \\x22q\\x22` here and `curl "q"` from a capture, a HAR or a JSON log.
    const agent = (quoted: string) => parseOne(combined, `10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "${quoted}"`).records[0].userAgent;
    expect(agent('curl \\x22q\\x22 caf\\xC3\\xA9')).toBe('curl "q" café');
    expect(agent('Mozilla/5.0 \\"quoted\\" a\\\\b')).toBe('Mozilla/5.0 "quoted" a\\b');
  });

  test("nginx's `000` (no status was set: the client went before any answer) and `009` (HTTP/0.9) keep the request, without a status", () => {
    // nginx writes $status as `%03ui` of 0 or 9 then (ngx_http_log_status): until 6 Dec the line was malformed.
    const read = (status: string) => parseOne(combined, `10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /api/orders HTTP/1.1" ${status} 0 "-" "curl/8"`);
    // No answer, so no response size either, as Envoy's `0`, Caddy's `0`, HAProxy's `-1`, a HAR and a capture give none
    // (until 7 Dec `$body_bytes_sent`'s 0 stood). HTTP/0.9 has an answer, without a status line: its size stays.
    expect(read('000')).toEqual({ status: 'ok', records: [{ ts: '2024-01-01T00:00:00.000Z', src: '10.0.0.1', transport: 'http/1.1', method: 'GET', path: '/api/orders', userAgent: 'curl/8', source: { file: 't.log', line: 1 } }] });
    expect(read('009').records[0]).not.toHaveProperty('status');
    expect(read('009').records[0].responseBytes).toBe(0);
    expect(read('099').status).toBe('invalid');
    expect(parseOne(combined, '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "-" 000 0 "-" "-"')).toEqual({ status: 'skip', records: [] });
  });

  test('a line cut inside the status is invalid, never a record with no number for a status', () => {
    // Found by formats.property.test.ts: charCodeAt past the end is NaN, which passed the digit checks.
    for (const cut of ['12', '1', '']) {
      const line = `203.0.113.9 - - [10/Oct/2023:13:55:36 -0700] "GET /a/b?x=1&api_key=z HTTP/1.1" ${cut}`;
      expect(parseOne(combined, line)).toEqual({ status: 'invalid', records: [] });
    }
  });

  test('reads Apache common (no referer, no agent) and a `-` byte count', () => {
    const { records } = parseOne(combined, '::1 - - [01/Jan/2024:00:00:00 +0000] "HEAD /health HTTP/1.0" 204 -');
    expect(records).toEqual([{ ts: '2024-01-01T00:00:00.000Z', src: '::1', method: 'HEAD', path: '/health', transport: 'http/1.0', status: 204, source: { file: 't.log', line: 1 } }]);
  });

  test('a key in the query string becomes evidence, never a value', () => {
    const { records } = parseOne(combined, '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /v1/geo?api_key=s3cr3t&q=x HTTP/1.1" 200 9 "-" "curl/8"');
    expect(records[0].query).toEqual(['api_key', 'q']);
    expect(records[0].auth).toEqual([{ kind: 'api-key:api_key', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    expect(JSON.stringify(records[0])).not.toContain('s3cr3t');
  });

  test('without credentials in the query, auth stays absent (headers were never logged)', () => {
    const { records } = parseOne(combined, '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET /v1/geo?q=x HTTP/1.1" 200 9 "-" "curl/8"');
    expect('auth' in records[0]).toBe(false);
  });

  test('a TLS handshake sent to a plain port keeps its status, without method or path', () => {
    const { records } = parseOne(combined, '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03" 400 157 "-" "-"');
    expect(records).toEqual([{ ts: '2024-01-01T00:00:00.000Z', src: '10.0.0.1', status: 400, responseBytes: 157, source: { file: 't.log', line: 1 } }]);
  });

  test('an absolute-form target gives path and host', () => {
    const { records } = parseOne(combined, '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET http://Api.Example.com:80/v2/x HTTP/1.1" 200 1 "-" "-"');
    expect(records[0]).toMatchObject({ host: 'api.example.com', path: '/v2/x' });
  });

  test("lighttpd's default format: the virtual host stands where the identd user would", () => {
    // As Debian's lighttpd 1.4.69 wrote it behind mod_proxy.
    const line = '127.0.0.1 api.example:18400 - [04/Dec/2026:13:46:33 +0000] "POST /api/users/r0?page=0 HTTP/1.1" 200 1331 "-" "campaign/0"';
    expect(parseOne(combined, line).records[0]).toMatchObject({ src: '127.0.0.1', host: 'api.example:18400', path: '/api/users/r0' });
    expect(parseOne(combined, line.replace('api.example:18400', '10.1.2.3')).records[0].host).toBe('10.1.2.3');
    // An identd user (no dot, no port) is not a host.
    expect(parseOne(combined, line.replace('api.example:18400', 'alice')).records[0].host).toBeUndefined();
    // Nor a token with dots in that column (until 6 Dec a JWT there was the host).
    expect(parseOne(combined, line.replace('api.example:18400', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).records[0].host).toBeUndefined();
  });

  test("ingress-nginx's default `upstreaminfo` format: combined, then fields the reader leaves alone", () => {
    const line = '192.168.49.1 - - [04/Dec/2026:13:46:34 +0000] "POST /api/v1/orders HTTP/2.0" 201 45 "https://app.example/" "Mozilla/5.0" 312 0.012 [default-api-svc-80] [] 10.244.1.7:8080, 10.244.1.8:8080 45, 45 0.010, 0.002 502, 201 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d';
    expect(parseOne(combined, line).records).toEqual([{
      ts: '2026-12-04T13:46:34.000Z', src: '192.168.49.1', transport: 'h2', method: 'POST', path: '/api/v1/orders', status: 201,
      responseBytes: 45, userAgent: 'Mozilla/5.0', source: { file: 't.log', line: 1 },
    }]);
  });

  test.each([
    ['garbage', 'hello world'],
    ['bad month', '10.0.0.1 - - [01/Foo/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"'],
    ['31 February', '10.0.0.1 - - [31/Feb/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"'],
    ['no status', '10.0.0.1 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" abc 1 "-" "-"'],
    ['binary', '\u0000\u0001\u0002\uFFFD\uFFFD'],
  ])('rejects %s', (_name, line) => {
    expect(parseOne(combined, line)).toEqual({ status: 'invalid', records: [] });
  });
});

// Debian's Apache 2.4 `vhost_combined` (campaign 2026-12-04, sixth session): `%v:%p` is the canonical name and port.
test('a vhost with the scheme default port is the host without it, as every other source gives it', () => {
  const line = 'shop.test:80 127.0.0.1 - - [04/Dec/2026:17:56:36 +0000] "GET /api/users/42?page=1 HTTP/1.1" 200 176 "-" "curl/7.88.1"';
  expect(parseOne(combined, line).records[0].host).toBe('shop.test');
  expect(parseOne(combined, line.replace(':80 ', ':443 ')).records[0].host).toBe('shop.test');
  expect(parseOne(combined, line.replace(':80 ', ':8443 ')).records[0].host).toBe('shop.test:8443');
});

test('a vhost that is an IPv6 literal (`%v:%p` with ServerName [2001:db8::1]) is the host', () => {
  const line = '[2001:db8::1]:8443 127.0.0.1 - - [04/Dec/2026:17:56:36 +0000] "GET /a HTTP/1.1" 200 176 "-" "curl/7.88.1"';
  expect(parseOne(combined, line).records[0]).toMatchObject({ host: '[2001:db8::1]:8443', src: '127.0.0.1' });
  expect(parseOne(combined, line.replace(':8443 ', ':443 ')).records[0].host).toBe('[2001:db8::1]');
  // A bare IPv6 address there is an X-Forwarded-For entry, not a vhost.
  expect(parseOne(combined, line.replace('[2001:db8::1]:8443', '2001:db8::1')).records[0]).not.toHaveProperty('host');
});

test('`vhost_combined` with HostnameLookups On (`%v:%p %h`): the client is a name, the vhost first is the host, an address or not', () => {
  // Elastic's fixture line (integrations_apache_test-access-vhost.log, line 2), read as Filebeat reads it: the first
  // field is the destination. Until 6 Dec the address was taken for the client and the client's name for the host.
  const line = '192.168.33.2:11111 vhost1.domaine.fr:22222 - - [26/Dec/2016:16:22:14 +0000] "GET /hello HTTP/1.1" 404 499 "-" "curl/8"';
  const [record] = parseOne(combined, line).records;
  expect(record.host).toBe('192.168.33.2:11111');
  expect(record).not.toHaveProperty('src');
  expect(parseOne(combined, line.replace('192.168.33.2:11111', '127.0.1.1:80')).records[0].host).toBe('127.0.1.1');
  expect(parseOne(combined, line.replace('192.168.33.2:11111', 'shop.test:443')).records[0].host).toBe('shop.test');
  // Near misses: an address without a port before the name is an X-Forwarded-For entry, no vhost; an address client
  // keeps the usual reading (an address prefix is no vhost).
  expect(parseOne(combined, line.replace('192.168.33.2:11111', '203.0.113.5')).records[0]).not.toHaveProperty('host');
  expect(parseOne(combined, line.replace('vhost1.domaine.fr:22222', '10.0.0.7')).records[0]).toMatchObject({ src: '10.0.0.7' });
  expect(parseOne(combined, line.replace('vhost1.domaine.fr:22222', '10.0.0.7')).records[0]).not.toHaveProperty('host');
});

test('a credential parameter with an encoded name (`%61pi_key`, `api%5Fkey`) is fingerprinted as api_key', () => {
  const line = (target: string) => `10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET ${target} HTTP/1.1" 200 12 "-" "curl/8.0"`;
  const evidence = [{ kind: 'api-key:api_key', fingerprint: fingerprintCredential('k-1', TEST_KEY) }];
  for (const target of ['/a?%61pi_key=k-1', '/a?api%5Fkey=k-1', '/a?x=1&api+key=2&%61pi_key=k-1']) {
    const { records } = parseOne(combined, line(target));
    expect(records[0].auth, target).toEqual(evidence);
    expect(JSON.stringify(records)).not.toContain('k-1');
  }
  // Encoded values alone are not a credential.
  expect('auth' in parseOne(combined, line('/a?q=caf%C3%A9&page=1')).records[0]).toBe(false);
});

test('a session id in a path parameter never reaches the output: the path drops it, a cookie kind names it', () => {
  const line = (target: string) => `10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET ${target} HTTP/1.1" 200 12 "-" "curl/8.0"`;
  const { records } = parseOne(combined, line('/app;jsessionid=S-9'));
  expect(records[0]).toMatchObject({ path: '/app', auth: [{ kind: 'cookie:jsessionid', fingerprint: fingerprintCredential('jsessionid=S-9', TEST_KEY) }] });
  expect(JSON.stringify(records)).not.toContain('S-9');
  // A matrix parameter that is no session stays in the path, and the record has no auth.
  expect(parseOne(combined, line('/items;v=2')).records[0]).not.toHaveProperty('auth');
});

test('userinfo in an absolute-form target is basic evidence, kept out of host and path', () => {
  const line = '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET http://bob:pw-2@h.example/x HTTP/1.1" 200 12 "-" "curl/8.0"';
  const { records } = parseOne(combined, line);
  expect(records[0]).toMatchObject({
    host: 'h.example', path: '/x', auth: [{ kind: 'basic', fingerprint: fingerprintCredential(Buffer.from('bob:pw-2').toString('base64'), TEST_KEY) }],
  });
  expect(JSON.stringify(records)).not.toContain('pw-2');
});

test('a remote user (nginx $remote_user, Apache %u) is basic evidence fingerprinted by the name, which is never kept', () => {
  const line = (user: string) => `10.0.0.1 - ${user} [10/Oct/2023:13:55:36 +0000] "GET /x?api_key=k-1 HTTP/1.1" 200 12 "-" "curl/8.0"`;
  const { records } = parseOne(combined, line('alice.w'));
  expect(records[0].auth).toEqual([
    { kind: 'basic', fingerprint: fingerprintCredential('basic alice.w', TEST_KEY) },
    { kind: 'api-key:api_key', fingerprint: fingerprintCredential('k-1', TEST_KEY) },
  ]);
  expect(JSON.stringify(records)).not.toContain('alice');
  // No user, Apache's empty one, or what a client sends when it had none: no basic evidence.
  for (const none of ['-', '""', 'undefined']) expect(parseOne(combined, line(none)).records[0].auth).toEqual([records[0].auth![1]]);
  // The vhost and X-Forwarded-For prefixes keep the user column where it is.
  const vhost = 'shop.test:80 127.0.0.1 - bob [04/Dec/2026:17:56:36 +0000] "GET /a HTTP/1.1" 200 176 "-" "curl/7.88.1"';
  expect(parseOne(combined, vhost).records[0].auth).toEqual([{ kind: 'basic', fingerprint: fingerprintCredential('basic bob', TEST_KEY) }]);
});

test("Apache's escaped quote (\\\") in the request ends nothing: a client cannot write its own status into the line", () => {
  // Apache logs `GET /admin" 200 HTTP/1.1`, which it answered 400, with the quote escaped.
  const line = '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /admin\\" 200 HTTP/1.1" 400 226 "-" "curl/8.0"';
  expect(parseOne(combined, line).records[0]).toMatchObject({ method: 'GET', status: 400, responseBytes: 226, userAgent: 'curl/8.0' });
  // An escaped backslash before the closing quote (`\\\\"`) is a backslash, then the quote that ends the field.
  const agent = '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET /x HTTP/1.1" 200 5 "-" "tool\\\\"';
  expect(parseOne(combined, agent).records[0].userAgent).toBe('tool\\');
});

test('a remote user with spaces (Apache writes %u as it is: a certificate DN, an OIDC name) is the whole column', () => {
  // `SSLUserName SSL_CLIENT_S_DN_CN` and mod_auth_openidc's `OIDCRemoteUserClaim name` give `John Doe`; Apache escapes
  // quotes and control characters in %u, not spaces.
  const line = (user: string, prefix = '192.0.2.1') => `${prefix} - ${user} [05/Mar/2024:08:00:00 +0000] "GET /admin HTTP/1.1" 200 10 "-" "curl/8"`;
  const basic = (name: string) => [{ kind: 'basic', fingerprint: fingerprintCredential(`basic ${name}`, TEST_KEY) }];
  expect(parseOne(combined, line('John Doe')).records[0]).toMatchObject({ src: '192.0.2.1', auth: basic('John Doe') });
  expect(parseOne(combined, line('/C=US/O=Example/CN=Jane Doe')).records[0]).toMatchObject({ src: '192.0.2.1', auth: basic('/C=US/O=Example/CN=Jane Doe') });
  expect(parseOne(combined, line('Ann - Marie')).records[0].auth).toEqual(basic('Ann - Marie'));
  // Behind a vhost or an X-Forwarded-For list alike.
  expect(parseOne(combined, line('John Doe', 'shop.test:443 192.0.2.1')).records[0]).toMatchObject({ src: '192.0.2.1', host: 'shop.test', auth: basic('John Doe') });
  expect(parseOne(combined, line('John Doe', '10.0.0.2, 192.0.2.1')).records[0]).toMatchObject({ src: '192.0.2.1', auth: basic('John Doe') });
  // lighttpd's vhost in the ident column is still the host, the last word the user.
  expect(parseOne(combined, '192.0.2.1 shop.test alice [05/Mar/2024:08:00:00 +0000] "GET /a HTTP/1.1" 200 10 "-" "curl/8"').records[0])
    .toMatchObject({ src: '192.0.2.1', host: 'shop.test', auth: basic('alice') });
});
