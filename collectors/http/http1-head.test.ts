import { expect, test } from 'vitest';
import { contentLength, isChunked, parseHead } from './http1-head';

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

test('Wireshark-style leniency for known methods only, and none at all in strict mode', () => {
  expect(parseHead('OPTIONS HTTP/1.1\nHost: x', false)).toMatchObject({ method: 'OPTIONS', target: 'HTTP/1.1', version: '' });
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
});
