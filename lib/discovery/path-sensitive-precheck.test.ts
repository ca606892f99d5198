import fc from 'fast-check';
import { expect, test } from 'vitest';
import { mayCarry } from './path-sensitive';
import { DEFAULT_DETECTORS, detectSensitiveData } from './sensitive-data';

const PERSONAL = DEFAULT_DETECTORS.filter((d) => ['email', 'phone', 'national-id', 'iban'].includes(d.tag));

test('the pre-check passes every path segment the detectors tag, and skips ids', () => {
  for (const s of ['jane@example.com', '+14155552671', '(415) 555-2671', '123-45-6789', 'DE89370400440532013000', 'NL91ABNA0417164300', 'AB123456C', 'X1234567L', '12345678Z', '12345678-Z', '4111111111111111', '4111-1111-1111-1111', 'a%40b']) {
    expect([s, mayCarry(s)]).toEqual([s, true]);
  }
  for (const s of ['/orders/123456', '/v1/resource12s/9876543/exports', '/logins/u3f2a1/keys', '/items/1e240']) expect([s, mayCarry(s)]).toEqual([s, false]);
});

test('whatever the detectors tag in a segment, the pre-check lets through (property)', () => {
  const piece = fc.constantFrom('0', '1', '4', '9', '12', '123', '2671', '123456', '1234567', '89370400', 'A', 'B', 'C', 'D', 'E', 'L', 'N', 'X', 'Z', 'a', 'x', '-', ' ', '.', '_');
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
      const s = pieces.join('');
      if (detectSensitiveData(s, PERSONAL).length > 0) expect([s, mayCarry(s)]).toEqual([s, true]);
    }),
    { numRuns: 20_000 },
  );
});
