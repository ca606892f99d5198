import fc from 'fast-check';
import { expect, test } from 'vitest';
import { classifyAddress, clientNetwork } from './client-network';

test('internal ranges, public addresses, IPv6 and what is no address', () => {
  const cases: Array<[string | undefined, string]> = [
    ['10.1.2.3:5000', 'internal'], ['127.0.0.1', 'internal'], ['172.16.0.1:1', 'internal'], ['172.31.255.255', 'internal'],
    ['172.32.0.1', 'public'], ['192.168.1.1:443', 'internal'], ['100.64.0.1', 'internal'], ['100.128.0.1', 'public'],
    ['169.254.1.1', 'internal'], ['8.8.8.8:53', 'public'], ['[::1]:80', 'internal'], ['[fd00::1]:80', 'internal'],
    ['2001:db8::1', 'public'], ['::ffff:10.0.0.1', 'internal'], ['256.1.1.1', 'unknown'], ['1.2.3', 'unknown'],
    ['1.2.3.4.5', 'unknown'], ['1..2.3', 'unknown'], ['a.b.c.d', 'unknown'], ['', 'unknown'], [undefined, 'unknown'],
    // The port is not the address's business.
    ['1.2.3.4:', 'public'], ['1.2.3.4:x', 'public'],
  ];
  for (const [src, want] of cases) expect(clientNetwork(src), String(src)).toBe(want);
});

test('the in-place IPv4 reading agrees with the general one on any dotted input', () => {
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', 'x', '010', '1a'));
  const src = fc.tuple(fc.array(octet, { minLength: 1, maxLength: 6 }), fc.option(fc.oneof(fc.integer({ min: 0, max: 70000 }).map(String), fc.constant('')))).map(
    ([parts, port]) => `${parts.join('.')}${port === null ? '' : `:${port}`}`,
  );
  fc.assert(
    fc.property(src, (s) => {
      const first = s.indexOf(':');
      const ip = first !== -1 && first === s.lastIndexOf(':') ? s.slice(0, first) : s;
      expect(clientNetwork(s)).toBe(classifyAddress(ip));
    }),
    { numRuns: 3000 },
  );
});
