import fc from 'fast-check';
import { expect, test } from 'vitest';
import type { Exchange } from '../exchange';
import { EvidenceAccumulator } from './evidence';

const exchange: fc.Arbitrary<Exchange> = fc.record({
  ts: fc.integer({ min: 0, max: 5 * 86_400 }).map((s) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString()),
  method: fc.constant('GET'),
  path: fc.constantFrom('/a/1', '/a/2', '/a/3', '/a/10', '/a/11', '/a/20', '/a/300'),
  status: fc.constantFrom(200, 201, 404, 500, 503),
  src: fc.constantFrom('10.0.0.1:1', '203.0.113.9:2', '[2001:db8::1]:443', undefined),
  query: fc.subarray(['limit', 'cursor', 'debug', 'expand']),
  sensitive: fc.subarray(['email', 'iban', 'phone']),
  auth: fc.oneof(
    fc.constant([{ kind: 'none' }]),
    fc.record({ kind: fc.constant('bearer-jwt'), fingerprint: fc.constantFrom('0000000000000001', '0000000000000002'), jwt: fc.record({ iss: fc.constantFrom('https://a/', 'https://b/'), scopes: fc.subarray(['read', 'write', 'admin']) }) }).map((a) => [a]),
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
