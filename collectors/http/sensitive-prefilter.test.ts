import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { DEFAULT_DETECTORS, detectSensitiveData } from '../../lib/discovery/sensitive-data';
import { scanForSensitiveData } from './body-sample';
import { detectorsThatMayMatch } from './sensitive-prefilter';

const OTHERS = DEFAULT_DETECTORS.filter((d) => d.tag !== 'email');
/** Characters the detectors care about, so random strings come close to matching often. */
const ALPHABET = '0123456789 -+().ABCDXYZGBTWghpousrxk_liveAIzaglpat-eyJ.@abc\n';
const SAMPLES = [
  'card 4111 1111 1111 1111 ok',
  'card 4111-1111-1111-1111',
  'ssn 078-05-1120.',
  'nino AB 12 34 56 C',
  'dni 12345678Z',
  'nie X1234567L',
  'iban GB82 WEST 1234 5698 7654 32',
  'call +44 20 7946 0958',
  'call (555) 123-4567',
  'AKIAIOSFODNN7EXAMPLE ghp_abcdefghijklmnopqrstuvwxyz0123456789 xoxb-1234567890-abc sk_live_abcdefghijklmnop1234',
  'AIzaSyA1234567890abcdefghijklmnopqrstuv glpat-abcdefghij0123456789',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc',
  '-----BEGIN RSA PRIVATE KEY-----',
];

test('every default detector is recognised by the prefilter (an unknown one would simply always run)', () => {
  expect(OTHERS.length).toBe(9);
  expect(detectorsThatMayMatch('', OTHERS)).toEqual([]);
});

test('each sample is found through the prefilter, and an empty body skips every detector', () => {
  for (const s of SAMPLES) {
    const want = detectSensitiveData(s, OTHERS);
    expect(want.length).toBeGreaterThan(0);
    expect(detectSensitiveData(s, detectorsThatMayMatch(s, OTHERS))).toEqual(want);
  }
});

test('the prefilter never drops a detector that would have matched', () => {
  const text = fc.oneof(
    fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 80 }),
    fc.tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...SAMPLES), fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 20 })).map((p) => p.join('')),
  );
  fc.assert(
    fc.property(text, (t) => {
      expect(detectSensitiveData(t, detectorsThatMayMatch(t, OTHERS))).toEqual(detectSensitiveData(t, OTHERS));
      expect(scanForSensitiveData(t)).toEqual(detectSensitiveData(t));
    }),
    { numRuns: 20_000, seed: 11 },
  );
});

test('same tags as detectSensitiveData on the shared HAR, log and spec fixtures', () => {
  const dir = SHARED_FIXTURES;
  let checked = 0;
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const f of readdirSync(join(dir, sub.name))) {
      if (!/\.(json|har|log|txt|yaml|yml)$/.test(f)) continue;
      const t = readFileSync(join(dir, sub.name, f), 'utf8');
      expect(scanForSensitiveData(t)).toEqual(detectSensitiveData(t));
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
});
