import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SHARED_FIXTURES } from '../../test/require';
import { decodeSpecBytes } from './decode-spec';

const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const refusedAt = (offset: number) => ({
  ok: false,
  problems: [{ pointer: '', message: `not valid UTF-8: the byte sequence at byte offset ${offset} is not a character (save the file as UTF-8)` }],
});

describe('decodeSpecBytes', () => {
  test('Latin-1 text is refused at its first non-UTF-8 byte', () => {
    expect(decodeSpecBytes(bytes('info: {title: "caf', [0xe9, 0x20, 0xff, 0xfe], '"}\n'))).toEqual(refusedAt(18));
  });

  test('the offset counts multi-byte characters, a BOM and a U+FFFD written in the file before the bad byte', () => {
    expect(decodeSpecBytes(bytes([0xef, 0xbb, 0xbf], 'é€😀\uFFFD', [0xc3], 'x'))).toEqual(refusedAt(3 + 2 + 3 + 4 + 3));
  });

  test('a sequence cut short at the end of the file is refused', () => {
    expect(decodeSpecBytes(bytes('title: ', [0xe2, 0x82]))).toEqual(refusedAt(7));
  });

  test('valid UTF-8 decodes as is, without its BOM', () => {
    expect(decodeSpecBytes(bytes([0xef, 0xbb, 0xbf], 'title: café €\n'))).toEqual({ ok: true, text: 'title: café €\n' });
    const stripe = readFileSync(`${SHARED_FIXTURES}specs/stripe__spec3.json`);
    expect(decodeSpecBytes(stripe)).toEqual({ ok: true, text: stripe.toString('utf8') });
  });
});
