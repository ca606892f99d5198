import fc from 'fast-check';
import { expect, test } from 'vitest';
import { queryParamNames } from '../../lib/exchange';
import { authorityHost } from '../../lib/exchange/http-rules';
import { addressValue, endpoint, fastQueryNames, hostValue, isoFromText, nonNegativeInt, queryCredentialEvidence, statusValue, transportOf } from './exchange-fields';

test('fastQueryNames gives exactly what the shared queryParamNames gives', () => {
  const piece = fc.oneof(fc.constantFrom('a', 'b', 'page', '%20', '+', '=', '&', '==', 'x%zz', 'é', ''), fc.string({ maxLength: 5 }));
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
      const query = parts.join('');
      expect(fastQueryNames(`/p?${query}`, 3)).toEqual(queryParamNames(query));
    }),
    { numRuns: 3000 },
  );
  const many = Array.from({ length: 300 }, (_, i) => `k${i}=1`).join('&');
  expect(fastQueryNames(`/?${many}`, 2)).toEqual(queryParamNames(many));
});

test('fastQueryNames records a bare token in the query as {redacted}, as queryParamNames does', () => {
  expect(fastQueryNames('/files/report.pdf?Xk9fQ2mZ7pLr4Tb8Wc1Vy6Hn3Jd5Gs0A&dl=1', 18)).toEqual(['{redacted}', 'dl']);
});

test('port 0, what Envoy logs for an address taken from X-Forwarded-For, is no port', () => {
  expect(['10.124.0.13:0', '[2a02:cf40::4e36]:0', '[fe80::1%eth0]:0', '10.0.0.1:10', '[::1]:80'].map(addressValue)).toEqual([
    '10.124.0.13', '2a02:cf40::4e36', 'fe80::1%eth0', '10.0.0.1:10', '[::1]:80',
  ]);
  expect([endpoint('10.0.0.1', 0), endpoint('2001:db8::1', '0'), endpoint('10.0.0.1:0', 443)]).toEqual(['10.0.0.1', '2001:db8::1', '10.0.0.1']);
});

test('addressValue accepts IPs with or without ports and nothing else', () => {
  expect(['10.0.0.1', '10.0.0.1:443', '::1', '[::1]:443', '2001:db8::1', '[fe80::1%eth0]:80'].map(addressValue)).toEqual([
    '10.0.0.1', '10.0.0.1:443', '::1', '[::1]:443', '2001:db8::1', '[fe80::1%eth0]:80',
  ]);
  expect(['-', 'host.example', 'vhost:80', '1.2.3', '1.2.3.4.5', 'cafe', ''].map(addressValue)).toEqual(Array(7).fill(undefined));
});

test('endpoint brackets IPv6 when a port is added; authorityHost drops default ports and userinfo', () => {
  expect([endpoint('2001:db8::1', 443), endpoint('10.0.0.1', '8080'), endpoint('10.0.0.1', 'x'), endpoint('-')]).toEqual([
    '[2001:db8::1]:443', '10.0.0.1:8080', '10.0.0.1', undefined,
  ]);
  expect([authorityHost('User:pw@API.example.com:443', 'https'), authorityHost('a.example:80', 'http'), authorityHost('a.example:8080', 'http')]).toEqual([
    'api.example.com', 'a.example', 'a.example:8080',
  ]);
});

test('transports as logged by nginx, Envoy, HAR and OTel', () => {
  expect(['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/2', 'h2', 'h3', 'HTTP/3', '1.1', '2', 'SPDY/3'].map(transportOf)).toEqual([
    'http/1.1', 'http/1.0', 'h2', 'h2', 'h2', 'http/3', 'http/3', 'http/1.1', 'h2', undefined,
  ]);
});

test('counts from log fields are safe integers or absent: 1e300 bytes in a HAR made a record the schema refuses', () => {
  expect([12, '12', 12.9, 0, '0', Number.MAX_SAFE_INTEGER].map(nonNegativeInt)).toEqual([12, 12, 12, 0, 0, Number.MAX_SAFE_INTEGER]);
  expect([1e300, '1e300', Number.MAX_SAFE_INTEGER + 2, Infinity, -1, '-', '', 'x', NaN, null, {}, true].map(nonNegativeInt)).toEqual(Array(12).fill(undefined));
  expect([200, '404', 99, 1000, 1e300].map(statusValue)).toEqual([200, 404, undefined, undefined, undefined]);
});

test('endpoint adds a port to an address that has none, and keeps one logged with it', () => {
  expect(endpoint('10.0.0.1', 443)).toBe('10.0.0.1:443');
  expect(endpoint('2001:db8::1', '8443')).toBe('[2001:db8::1]:8443');
  expect(endpoint('10.0.0.1:80', 443)).toBe('10.0.0.1:80');
  expect(endpoint('[::1]:80', 443)).toBe('[::1]:80');
  expect(endpoint('10.0.0.1', 70000)).toBe('10.0.0.1');
});

test('a time without a zone is UTC, whatever the zone of the machine reading it', () => {
  // Before: Date.parse read it in the reader's zone: 2026-12-04T09:30:00 was 08:30Z in Paris, 14:30Z in New York.
  const zone = process.env.TZ;
  try {
    for (const tz of ['Europe/Paris', 'America/New_York', 'UTC']) {
      process.env.TZ = tz;
      expect(isoFromText('2026-12-04T09:30:00.250'), tz).toBe('2026-12-04T09:30:00.250Z');
      expect(isoFromText('2026-12-04 09:30:00'), tz).toBe('2026-12-04T09:30:00.000Z');
      expect(isoFromText('2026-12-04T09:30:00+01:00'), tz).toBe('2026-12-04T08:30:00.000Z');
      expect(isoFromText('2026-12-04T09:30:00-0500'), tz).toBe('2026-12-04T14:30:00.000Z');
      expect(isoFromText('2026-12-04T09:30:00Z'), tz).toBe('2026-12-04T09:30:00.000Z');
    }
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test("a log's Firebase `?auth=<token>` is an API key, its `?auth=1` nothing", () => {
  // Until 6 Dec the quick test left `auth` out: a Realtime Database REST call with its ID token was unauthenticated.
  expect(queryCredentialEvidence('print=pretty&auth=q7Rm2xVb9KpL4sWd8ZtYc3NfJh6GaE1uXo', 'k')?.map((e) => e.kind)).toEqual(['api-key:auth']);
  expect(queryCredentialEvidence('auth=1', 'k')).toBeUndefined();
});

test("a logged Host with a path or query after the authority (a client's `Host: api.test?token=…`) is the authority alone, as a capture's is", () => {
  // Until 7 Dec a log's or a HAR's Host kept the rest, token included, in every record `extract` printed (and
  // discovery, refusing such a host, made the traffic host-less).
  expect(['api.test?token=Kx7pQ2mZ', 'API.test:8443/v1?x=1', 'api.test#frag', 'bob:pw@api.test/x', 'api.test'].map(hostValue)).toEqual([
    'api.test', 'api.test:8443', 'api.test', 'api.test', 'api.test',
  ]);
  // Nothing before the `/` or `?` is no host.
  expect(['/v1', '?token=x', '-', ''].map(hostValue)).toEqual([undefined, undefined, undefined, undefined]);
});
