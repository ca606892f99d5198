import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isPlainIpv4, parseDigits, statusDigits } from './char-scan';

test('isPlainIpv4 takes dotted quads of 1–3 digits and nothing else, in a range of the string', () => {
  for (const ok of ['10.0.0.1', '255.255.255.255', '0.0.0.0', '1.22.133.4']) expect(isPlainIpv4(ok), ok).toBe(true);
  for (const bad of ['', '10.0.0', '10.0.0.1.', '.10.0.0.1', '10..0.1', '1000.0.0.1', '10.0.0.1:80', '10.0.0.a', '::1', '10.0.0.1 ']) {
    expect(isPlainIpv4(bad), bad).toBe(false);
  }
  const line = '203.0.113.9 - - [10/Oct/2026:13:55:36 +0000]';
  expect(isPlainIpv4(line, 0, line.indexOf(' '))).toBe(true);
  expect(isPlainIpv4(line, 0, line.indexOf(' ') + 1)).toBe(false);
});

test('isPlainIpv4 agrees with the regex it stands for', () => {
  const re = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
  fc.assert(fc.property(fc.stringMatching(/^[0-9.:a]{0,18}$/), (s) => isPlainIpv4(s) === re.test(s)));
});

test('parseDigits reads a non-negative integer in place, -1 for anything else', () => {
  expect(parseDigits('x 1234 y', 2, 6)).toBe(1234);
  expect(parseDigits('0', 0, 1)).toBe(0);
  expect(parseDigits('-', 0, 1)).toBe(-1);
  expect(parseDigits('12a', 0, 3)).toBe(-1);
  expect(parseDigits('12', 1, 1)).toBe(-1);
  expect(parseDigits('9'.repeat(15), 0, 15)).toBe(999_999_999_999_999);
  expect(parseDigits('1'.repeat(16), 0, 16)).toBe(-1);
  fc.assert(fc.property(fc.nat(), (n) => parseDigits(`<${n}>`, 1, String(n).length + 1) === n));
});

test('statusDigits reads 100–999 and refuses a short or non-digit status', () => {
  expect(statusDigits('" 200 512', 2)).toBe(200);
  expect(statusDigits('999', 0)).toBe(999);
  expect(statusDigits('099', 0)).toBe(-1);
  expect(statusDigits('20', 0)).toBe(-1);
  expect(statusDigits('2x0', 0)).toBe(-1);
  expect(statusDigits(' 404', 2)).toBe(-1);
});
