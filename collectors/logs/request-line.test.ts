import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { createCombinedFormat } from './combined';
import { createCombinedBytes } from './combined-bytes';
import { createCombinedJson } from './combined-json';
import type { JsonByteOutput } from './json-bytes';
import { applyRequestLine, unescapeLogTarget } from './request-line';
import { parseOne, TEST_KEY } from './test-helpers';

function fromRequestLine(request: string, ex: Exchange = { ts: '2024-01-01T00:00:00.000Z' }, logEscapes = false): Exchange {
  expect(applyRequestLine(ex, request, TEST_KEY, logEscapes ? unescapeLogTarget : undefined)).toBe(true);
  return ex;
}

test('CONNECT names the host the tunnel is for, not a path (default port dropped, others kept)', () => {
  expect(fromRequestLine('CONNECT h.example:443 HTTP/1.1')).toEqual({ ts: '2024-01-01T00:00:00.000Z', method: 'CONNECT', host: 'h.example', transport: 'http/1.1' });
  expect(fromRequestLine('CONNECT H.example:8443 HTTP/1.1')).toMatchObject({ method: 'CONNECT', host: 'h.example:8443' });
  expect(fromRequestLine('CONNECT [2001:db8::1]:443 HTTP/1.1').host).toBe('[2001:db8::1]');
  // A host the line already has (a vhost column) stays, as for absolute-form targets.
  expect(fromRequestLine('CONNECT h.example:443 HTTP/1.1', { ts: '2024-01-01T00:00:00.000Z', host: 'proxy.example' }).host).toBe('proxy.example');
});

test('CONNECT with userinfo puts the password nowhere in the record', () => {
  const ex = fromRequestLine('CONNECT bob:SECRET@h.example:443 HTTP/1.1');
  expect(ex.host).toBe('h.example');
  expect(ex.path).toBeUndefined();
  // Userinfo is a credential wherever a URL carries it: basic evidence, as a capture gives it (lib/exchange/url-credentials.ts).
  expect(ex.auth?.map((a) => a.kind)).toEqual(['basic']);
  expect(JSON.stringify(ex)).not.toContain('SECRET');
});

test('a CONNECT line in a combined log is a host-level record, one per tunnel target', () => {
  const line = '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "CONNECT h.example:443 HTTP/1.1" 200 0 "-" "curl/8.0"';
  expect(parseOne(createCombinedFormat(TEST_KEY), line).records).toEqual([{
    ts: '2023-10-10T13:55:36.000Z', src: '10.0.0.1', transport: 'http/1.1', method: 'CONNECT', host: 'h.example', status: 200,
    responseBytes: 0, userAgent: 'curl/8.0', source: { file: 't.log', line: 1 },
  }]);
});

test('runs of spaces and tabs between the words are separators, as nginx reads `GET  /x HTTP/1.1`', () => {
  const at = (request: string) => {
    const { method, path, query, transport } = fromRequestLine(request);
    return { method, path, query, transport };
  };
  const x = { method: 'GET', path: '/x', query: undefined, transport: 'http/1.1' };
  expect(at('GET  /x HTTP/1.1')).toEqual(x);
  expect(at('GET /x  HTTP/1.1')).toEqual(x);
  expect(at('GET /x HTTP/1.1  ')).toEqual(x);
  expect(at('GET\t/x\tHTTP/1.1')).toEqual(x);
  // As nginx (`\x09`) and Apache (`\t`) write a tab in a log line.
  expect(at('GET\\x09/x\\x09HTTP/1.1')).toEqual(x);
  expect(at('GET\\t/x HTTP/1.1')).toEqual(x);
  expect(at('POST \t /a?b=1   HTTP/2.0')).toEqual({ method: 'POST', path: '/a', query: ['b'], transport: 'h2' });
  expect(at('GET  /x')).toEqual({ ...x, transport: undefined });
  // Inside the target, a space or an escaped tab is the client's, kept verbatim as before.
  expect(at('GET /a b HTTP/1.0').path).toBe('/a b');
  expect(at('GET /a\\x09b HTTP/1.0').path).toBe('/a\\x09b');
  // Read as nginx or Apache escape a log line, the escaped tab is the byte it stands for, still inside the target.
  const escaped = (request: string) => fromRequestLine(request, { ts: '2024-01-01T00:00:00.000Z' }, true);
  expect(escaped('GET /a\\x09b HTTP/1.0').path).toBe('/a%09b');
  expect(escaped('GET\\x09/a\\tb HTTP/1.0').path).toBe('/a%09b');
  expect(applyRequestLine({ ts: '2024-01-01T00:00:00.000Z' }, 'GET   ', TEST_KEY)).toBe(false);
  expect(applyRequestLine({ ts: '2024-01-01T00:00:00.000Z' }, ' \t ', TEST_KEY)).toBe(false);
});

test('a combined line whose request has extra separators is read whole, by every lane alike', () => {
  const lines = [
    '10.0.0.1 - - [15/Jan/2024:08:00:01 +0000] "GET  /users/7 HTTP/1.1" 200 12 "-" "curl/8"',
    '10.0.0.1 - - [15/Jan/2024:08:00:01 +0000] "GET /users/7  HTTP/1.1" 200 12 "-" "curl/8"',
    '10.0.0.1 - - [15/Jan/2024:08:00:01 +0000] "GET /users/7 HTTP/1.1 " 200 12 "-" "curl/8"',
    '10.0.0.1 - - [15/Jan/2024:08:00:01 +0000] "GET\\x09/users/7 HTTP/1.1" 200 12 "-" "curl/8"',
    '10.0.0.1 - - [15/Jan/2024:08:00:01 +0000] "GET\t/users/7\tHTTP/1.1" 200 12 "-" "curl/8"',
    '10.0.0.1 - - [15/Jan/2024:08:00:01 +0000] "GET /users/7\\x09HTTP/1.1" 200 12 "-" "curl/8"',
  ];
  const expected = {
    ts: '2024-01-15T08:00:01.000Z', src: '10.0.0.1', transport: 'http/1.1', method: 'GET', path: '/users/7', status: 200,
    responseBytes: 12, userAgent: 'curl/8', source: { file: 't.log', line: 1 },
  };
  for (const line of lines) {
    expect(parseOne(createCombinedFormat(TEST_KEY), line).records).toEqual([expected]);
    // The fast lanes write what the general path writes, or leave the line to it.
    const json = JSON.stringify({ ...expected, source: { file: 'logs/access.log', line: 1 } });
    expect([undefined, json]).toContain(createCombinedJson('logs/access.log')(line, 1));
    expect([undefined, json]).toContain(byteLaneJson(line));
  }
});

/** The byte lane's record for one line, or undefined when it leaves the line to the general path. */
function byteLaneJson(line: string): string | undefined {
  const out: JsonByteOutput = { buf: Buffer.alloc(64 * 1024), pos: 0, makeRoom: () => {} };
  const buf = Buffer.from(`${line}\n`, 'utf8');
  return createCombinedBytes('logs/access.log', out)(buf, 0, 1) === -1 ? undefined : Buffer.from(out.buf.subarray(0, out.pos - 1)).toString('utf8');
}

test('nginx and Apache escapes in a logged target are the bytes they stand for: printable as is, the rest percent-encoded', () => {
  expect(unescapeLogTarget('/caf\\xC3\\xA9')).toBe('/caf%C3%A9');
  expect(unescapeLogTarget('/caf\\xc3\\xa9')).toBe('/caf%C3%A9');
  expect(unescapeLogTarget('/a\\x22b/c\\x5Cd')).toBe('/a"b/c\\d');
  expect(unescapeLogTarget('/a\\"b/c\\\\d/e\\\\x41')).toBe('/a"b/c\\d/e\\x41');
  expect(unescapeLogTarget('/a\\x7F\\x00')).toBe('/a%7F%00');
  expect(unescapeLogTarget('/plain\\q')).toBe('/plain\\q');
});
