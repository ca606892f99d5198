import fc from 'fast-check';
import { expect, test } from 'vitest';
import { contentLength, isChunked, parseHead, parseHeadReference } from './http1-head';
import { findHeadEnd, zerosAt } from './http1-scan';

test('request heads: headers lower-cased and trimmed, obs-fold joined, version kept', () => {
  const head = parseHead('POST /a?b=1 HTTP/1.1\r\nHost:  api.x \r\nX-Fold: one\r\n\ttwo\r\nContent-Length: 5', false);
  expect(head).toEqual({
    kind: 'request',
    method: 'POST',
    target: '/a?b=1',
    version: 'HTTP/1.1',
    headers: [
      ['host', 'api.x'],
      ['x-fold', 'one two'],
      ['content-length', '5'],
    ],
  });
});

test('a value that starts on a folded line has no leading space (the Host of such a request named another host)', () => {
  const head = parseHead('GET / HTTP/1.1\r\nHost:\r\n api.example.com\r\nAuthorization:\r\n\tBearer t0k\r\n  en\r\nX-Empty:\r\n', false);
  expect(head?.headers).toEqual([
    ['host', 'api.example.com'],
    ['authorization', 'Bearer t0k en'],
    ['x-empty', ''],
  ]);
});

test('Wireshark-style leniency for known methods only, and none at all in strict mode', () => {
  expect(parseHead('OPTIONS HTTP/1.1\nHost: x', false)).toBeUndefined();
  expect(parseHead('GET / HTTP/1.\nHost: x', false)).toMatchObject({ method: 'GET', target: '/', version: 'HTTP/1.' });
  expect(parseHead('OPTIONS', false)).toMatchObject({ method: 'OPTIONS', target: '' });
  expect(parseHead('EHLO mail.example.com', false)).toBeUndefined();
  expect(parseHead('GET/ HTTP/1.1', false)).toBeUndefined();
  expect(parseHead('GET / HTTP/1.', true)).toBeUndefined();
  expect(parseHead('BREW /pot HTTP/1.1', true)).toMatchObject({ method: 'BREW' });
  expect(parseHead('HTTP/1.1 404 Not Found\r\nA: b', true)).toEqual({ kind: 'response', version: 'HTTP/1.1', status: 404, headers: [['a', 'b']] });
  expect(parseHead('HTTP/1.1 2000 OK', false)).toBeUndefined();
});

test('Content-Length and Transfer-Encoding as RFC 9112 reads them', () => {
  expect(contentLength([['content-length', '10, 10']])).toBe(10);
  expect(contentLength([['content-length', '10'], ['content-length', '11']])).toBe(-2);
  expect(contentLength([['content-length', '-1']])).toBe(-2);
  expect(contentLength([])).toBe(-1);
  expect(isChunked([['transfer-encoding', 'gzip, chunked']])).toBe(true);
  expect(isChunked([['transfer-encoding', 'chunked, gzip']])).toBe(false);
  expect(isChunked([['transfer-encoding', 'gzip'], ['transfer-encoding', 'chunked']])).toBe(true);
  expect(isChunked([['transfer-encoding', 'chunked'], ['transfer-encoding', 'gzip']])).toBe(false);
});

test('the fast path for plain start lines gives what the general parser gives, on every near miss', () => {
  // Every combination of the pieces a start line is made of, each with its plain form and its near misses.
  const requests: string[] = [];
  for (const method of ['GET', 'get', 'M-SEARCH', 'X', '', 'A'.repeat(33), 'G/T'])
    for (const sep1 of [' ', '  ', '', '\t'])
      for (const target of ['/a', '/a b', '', ' ', '/a\u3000', '/a\u00a0', '/a\t', '/a\r'])
        for (const sep2 of [' ', '  ', ''])
          for (const version of ['HTTP/1.1', 'HTTP/1.0', 'HTTP/1.1x', 'HTTP/1.', 'HTTP/2.0', 'http/1.1', 'HTTP/x.1', ''])
            for (const tail of ['', '\r', ' ']) requests.push(`${method}${sep1}${target}${sep2}${version}${tail}`);
  const responses: string[] = [];
  for (const version of ['HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', 'HTTP/1.', 'HTTP/1.1x', 'HTTP/a.b'])
    for (const sep of [' ', '  ', '', '\t'])
      for (const status of ['200', '2000', '20', '2x0', ''])
        for (const reason of ['', ' OK', '\tOK', ' Not\rFound', ' \u2028', '\u2029', 'x', ' ', '\r']) responses.push(`${version}${sep}${status}${reason}`);
  for (const start of [...requests, ...responses])
    for (const rest of ['', '\r\nHost: a\r\nX: y', '\nA: b'])
      for (const strict of [false, true]) expect([start, strict, parseHead(`${start}${rest}`, strict)]).toEqual([start, strict, parseHeadReference(`${start}${rest}`, strict)]);
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), fc.boolean(), (text, strict) => {
      expect(parseHead(text, strict)).toEqual(parseHeadReference(text, strict));
    }),
    { numRuns: 5000, seed: 12 },
  );
  expect(parseHead('GET /a HTTP/1.1\r\nHost: x', true)).toEqual({ kind: 'request', method: 'GET', target: '/a', version: 'HTTP/1.1', headers: [['host', 'x']] });
  expect(parseHead('HTTP/1.0 204\r\n', true)).toEqual({ kind: 'response', version: 'HTTP/1.0', status: 204, headers: [] });
});

test('header names are lower-cased the same whether or not they are among the common ones', () => {
  const names = ['Content-Type', 'CONTENT-LENGTH', 'host', 'hOsT', 'X-Api-Key', 'Transfer-Encoding', 'Content\rType', 'Content_Type', 'ÄCCEPT', 'Accept', 'Accepts', 'Hos', 'Set-Cookie', 'set-cookie2', 'Ünïcode-Name'];
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (name, flips) => {
      const mixed = [...name].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join('');
      const head = parseHead(`GET / HTTP/1.1\r\n${mixed}: v`, false);
      expect(head?.headers).toEqual([[mixed.toLowerCase(), 'v']]);
    }),
    { numRuns: 3000, seed: 13 },
  );
});

test('Content-Length: the plain-digits shortcut agrees with the list form', () => {
  const listForm = (values: string[]): number => {
    let value = -1;
    for (const v of values)
      for (const part of v.split(',')) {
        const t = part.trim();
        if (!/^\d{1,15}$/.test(t)) return -2;
        if (value !== -1 && value !== Number(t)) return -2;
        value = Number(t);
      }
    return value;
  };
  const value = fc.oneof(fc.stringMatching(/^\d{0,17}$/), fc.constantFrom('10, 10', '10,11', ' 7', '7 ', '', '-1', '1e3', '0x10', '١٢', '999999999999999', '1234567890123456'));
  fc.assert(
    fc.property(fc.array(value, { maxLength: 3 }), (values) => {
      expect(contentLength(values.map((v) => ['content-length', v] as [string, string]))).toBe(listForm(values));
    }),
    { numRuns: 5000, seed: 14 },
  );
});

/** The first LF that starts `LF LF` or `LF CR LF` inside [from, end): the definition the fast loop must keep. */
function headEndByDefinition(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] !== 10) continue;
    if (i + 1 < end && buf[i + 1] === 10) return i;
    if (i + 2 < end && buf[i + 1] === 13 && buf[i + 2] === 10) return i;
  }
  return -1;
}

test('the head end found two bytes at a time is the first blank line, with bare LF or CRLF, within the bounds', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(10, 13, 65, 58, 32), { maxLength: 40 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const buf = Buffer.from(bytes);
      const from = bytes.length === 0 ? 0 : a % (bytes.length + 1);
      const end = from + (b % (bytes.length - from + 1));
      expect(findHeadEnd(buf, from, end)).toBe(headEndByDefinition(buf, from, end));
    }),
    { numRuns: 20_000, seed: 15 },
  );
  const head = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\nbody');
  expect(findHeadEnd(head, 0, head.length)).toBe(head.indexOf('\r\n\r\n') + 1);
});

test('zeros in a head (a zero-filled hole in the capture file) are found before a blank line after them', () => {
  // Runs of three zeros or more are always found (the scan looks at every second byte); where it says zeros
  // start, a run of at least two starts, and no blank line came before it.
  const ZERO3 = Buffer.from([0, 0, 0]);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(0, 0, 9, 10, 13, 65, 32), { maxLength: 40 }), fc.nat(), fc.nat(), (bytes, a, b) => {
      const buf = Buffer.from(bytes);
      const from = bytes.length === 0 ? 0 : a % (bytes.length + 1);
      const end = from + (b % (bytes.length - from + 1));
      const found = findHeadEnd(buf, from, end);
      const headEnd = headEndByDefinition(buf, from, end);
      const run = buf.subarray(0, end).indexOf(ZERO3, from);
      if (found >= -1) {
        expect(found).toBe(headEnd);
        expect(run === -1 || (headEnd !== -1 && headEnd < run)).toBe(true);
        return;
      }
      const z = zerosAt(found);
      expect(z >= from && z + 1 < end && buf[z] === 0 && buf[z + 1] === 0 && (z === from || buf[z - 1] !== 0)).toBe(true);
      expect(headEndByDefinition(buf, from, z)).toBe(-1);
    }),
    { numRuns: 20_000, seed: 16 },
  );
  const head = Buffer.from('PATCH /orders/78963\0\0\0\0PUT /orders/1 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1');
  expect(zerosAt(findHeadEnd(head, 0, head.length))).toBe('PATCH /orders/78963'.length);
});
