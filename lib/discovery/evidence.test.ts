import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { collectAuthEvidence } from '../exchange/auth-evidence';
import { redactPathSecrets } from '../security/redact-path';
import { EvidenceAccumulator } from './evidence';

const exchange: fc.Arbitrary<Exchange> = fc.record({
  ts: fc.integer({ min: 0, max: 5 * 86_400 }).map((s) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString()),
  method: fc.constant('GET'),
  path: fc.constantFrom('/a/1', '/a/2', '/a/3', '/a/10', '/a/11', '/a/20', '/a/300'),
  status: fc.constantFrom(200, 201, 404, 500, 503),
  src: fc.constantFrom('10.0.0.1:1', '203.0.113.9:2', '[2001:db8::1]:443', undefined),
  query: fc.subarray(['limit', 'cursor', 'debug', 'expand']),
  sensitive: fc.subarray(['email', 'iban', 'phone']),
  latencyMs: fc.option(fc.integer({ min: 0, max: 5_000_000 }).map((us) => us / 1000), { nil: undefined }),
  auth: fc.oneof(
    fc.constant([{ kind: 'none' }]),
    fc.record({ kind: fc.constant('bearer-jwt'), fingerprint: fc.constantFrom('0000000000000001', '0000000000000002'), jwt: fc.record({ iss: fc.constantFrom('https://a/', 'https://b/'), aud: fc.subarray(['orders', 'billing']), scopes: fc.subarray(['read', 'write', 'admin']) }) }).map((a) => [a]),
  ),
}).map((e) => JSON.parse(JSON.stringify(e)) as Exchange);

test('evidence is the same whatever the order and grouping of the traffic (property)', () => {
  fc.assert(
    fc.property(fc.array(exchange, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (exchanges, noise) => {
      const inOrder = new EvidenceAccumulator();
      for (const e of exchanges) inOrder.add(e);
      // The same traffic split into groups (as templating merges per-path observations), merged in reverse.
      const groups = new Map<number, EvidenceAccumulator>();
      exchanges.forEach((e, i) => {
        const g = noise[i] % 4;
        if (!groups.has(g)) groups.set(g, new EvidenceAccumulator());
        groups.get(g)!.add(e);
      });
      const merged = new EvidenceAccumulator();
      for (const g of [...groups.values()].reverse()) merged.merge(g);
      expect(merged.snapshot()).toEqual(inOrder.snapshot());
    }),
    { numRuns: 300 },
  );
});

test('days are UTC days, whatever offset the source wrote', () => {
  const acc = new EvidenceAccumulator();
  acc.add({ ts: '2026-01-02T01:00:00+02:00', method: 'GET', path: '/a', status: 503, auth: [{ kind: 'none' }] });
  acc.add({ ts: '2026-01-02T01:00:00Z', method: 'GET', path: '/b', status: 200, auth: [{ kind: 'none' }] });
  expect(acc.snapshot().daily).toEqual({
    '2026-01-01': { requests: 1, errors: 1, unauthenticated: 1 },
    '2026-01-02': { requests: 1, errors: 0, unauthenticated: 1 },
  });
});

const PLANTED = {
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV_adQssw5c',
  apiKey: 'sk_live_51HqLyjWDarjtT1zdp7dcXYZabc',
  email: 'john.doe@example.com',
};

test('example paths are redacted where they are collected: a planted JWT, API key or e-mail never comes out', () => {
  const acc = new EvidenceAccumulator();
  for (const path of [`/reset/${PLANTED.jwt}`, `/hidden/${PLANTED.apiKey}`, `/hidden2/${PLANTED.email}`, '/orders/991']) {
    acc.add({ ts: '2026-01-01T00:00:00Z', method: 'GET', path, status: 200 });
  }
  const merged = new EvidenceAccumulator();
  merged.merge(acc);
  for (const snapshot of [acc.snapshot(), merged.snapshot()]) {
    expect(snapshot.examplePaths).toEqual(['/hidden/{redacted}', '/hidden2/{redacted}', '/orders/991', '/reset/{redacted}']);
    for (const secret of Object.values(PLANTED)) expect(JSON.stringify(snapshot)).not.toContain(secret);
  }
});

test('examples are the five smallest distinct redacted paths whatever the order, though most paths skip redaction (property)', () => {
  // Paths on both sides of `{redacted}`: `/a/~sk_live_…` sorts above `/a/{s1}`…`/a/{s5}` while its redaction sorts
  // below them, so a list full of those must still take it in.
  const path = fc.constantFrom(
    '/a/1', '/a/300', '/z/9', '/a/{s1}', '/a/{s2}', '/a/{s3}', '/a/{s4}', '/a/{s5}', `/a/${PLANTED.apiKey}`,
    `/z/${PLANTED.email}`, `/a/~${PLANTED.apiKey}`, `/a/~${PLANTED.email}`, `/reset/${PLANTED.jwt}`, '/reset/a1b2c3d4e5', '/reset/abcdef',
  );
  fc.assert(
    fc.property(fc.array(path, { minLength: 1, maxLength: 40 }), (paths) => {
      const acc = new EvidenceAccumulator();
      for (const p of paths) acc.add({ ts: '2026-01-01T00:00:00Z', method: 'GET', path: p, status: 200 });
      const expected = [...new Set(paths.map(redactPathSecrets))].sort().slice(0, 5);
      expect(acc.snapshot().examplePaths).toEqual(expected);
    }),
    { numRuns: 500 },
  );
});

test('JWT audiences reach the evidence, as issuers do', () => {
  // Before: `aud` was read from every token and dropped here, so no view could show which service a token was for.
  const acc = new EvidenceAccumulator();
  const jwt = (aud: string[]) => [{ kind: 'bearer-jwt', fingerprint: '0000000000000001', jwt: { iss: 'https://idp/', aud } }];
  acc.add({ ts: '2026-01-01T00:00:00Z', method: 'GET', path: '/a', status: 200, auth: jwt(['orders', 'api://billing']) });
  acc.add({ ts: '2026-01-01T00:00:01Z', method: 'GET', path: '/a', status: 200, auth: jwt(['orders']) });
  expect(acc.snapshot().jwtAudiences).toEqual(['api://billing', 'orders']);
  const none = new EvidenceAccumulator();
  none.add({ ts: '2026-01-01T00:00:00Z', method: 'GET', path: '/a', status: 200, auth: [{ kind: 'none' }] });
  expect('jwtAudiences' in none.snapshot()).toBe(false);
});

test('a request that authenticated only to a forward proxy is an unauthenticated call of the API, counted as none', () => {
  const acc = new EvidenceAccumulator();
  const ts = '2026-01-01T10:00:00Z';
  // As collectAuthEvidence gives it, and as a log that records only the credential headers it saw gives it (`none` left out).
  acc.add({ ts, method: 'GET', path: '/a', status: 200, auth: [{ kind: 'none' }, { kind: 'proxy:basic', fingerprint: '00000000000000aa' }] });
  acc.add({ ts, method: 'GET', path: '/a', status: 200, auth: [{ kind: 'proxy:ntlm', fingerprint: '00000000000000bb' }] });
  acc.add({ ts, method: 'GET', path: '/a', status: 200, auth: [{ kind: 'bearer-opaque', fingerprint: '00000000000000cc' }, { kind: 'proxy:basic', fingerprint: '00000000000000aa' }] });
  const e = acc.snapshot();
  expect([e.unauthenticated2xx, e.authKinds, e.daily]).toEqual([2, { 'bearer-opaque': 1, none: 2, 'proxy:basic': 2, 'proxy:ntlm': 1 }, { '2026-01-01': { requests: 3, errors: 0, unauthenticated: 2 } }]);
});

test('a 2xx to a JWT with its signature stripped (any alg, empty third part) is a JWT not enforced, as alg none is', () => {
  // `header.payload.` with `alg: RS256` left in the header: the classic signature-stripping probe. Before: read as a
  // signed RS256 token, so an API accepting it went unseen (only `alg: none` counted).
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const stripped = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://idp.test/', exp: 4102444800 })}.`;
  const signed = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss: 'https://idp.test/', exp: 4102444800 })}.c2ln`;
  const acc = new EvidenceAccumulator();
  for (const token of [stripped, signed]) acc.add({ ts: '2026-01-01T10:00:00Z', method: 'GET', path: '/a', status: 200, auth: collectAuthEvidence({ headers: [['authorization', `Bearer ${token}`]] }, 'k') });
  expect(acc.snapshot().jwtNotEnforced2xx).toBe(1);
});
