import { expect, test } from 'vitest';
import { cannotStartMessage, messageStart } from './http1-resync';

const at = (text: string, lineBefore = true) => messageStart(Buffer.from(text, 'latin1'), lineBefore);

test('after a hole, messages start at response lines and at request lines with a method Wireshark knows', () => {
  expect(at('HTTP/1.1 200 OK\r\n')).toBe(0);
  expect(at('body bytes\r\nHTTP/1.0 404 X\r\n', false)).toBe(12);
  expect(at('GET /a HTTP/1.1\r\n')).toBe(0);
  expect(at('xx\nPURGE /cache HTTP/1.1\r\n', false)).toBe(3);
  // Found by cutting random conversations at random snapshot lengths: the end of `OPTIONS`, and a one-byte
  // body followed by `GET`, passed for request lines.
  expect(at('S / HTTP/1.1\r\nHost: x\r\n')).toBe(-1);
  expect(at('\nAGET / HTTP/1.1\r\n')).toBe(-1);
  // A line start is needed: mid-line text is not a message start.
  expect(at('GET /a HTTP/1.1\r\n', false)).toBe(-1);
});

test('a piece that is one request line cut in its query starts a message; a cut path does not', () => {
  expect(at('GET /search?q=1&page')).toBe(0);
  expect(at('GET /jso')).toBe(-1);
  expect(at('FROB /x?y=1&z')).toBe(-1);
  expect(at('GET /search?q=1&page', false)).toBe(-1);
});

test('bytes that cannot begin a start line are told at once; a piece too short to tell is left to the head reader', () => {
  const cannot = (text: string) => cannotStartMessage(Buffer.from(text, 'latin1'), 0, text.length);
  expect(['hello', '{"x":1}', 'Not modified', 'Stale', 'GET/a', 'A'.repeat(33)].map(cannot)).toEqual([true, true, true, true, true, true]);
  expect(['HTTP/1.1 200', 'GET /a', 'PURGE', 'HTT', 'GET\r\n', 'A'.repeat(32)].map(cannot)).toEqual([false, false, false, false, false, false]);
});
