import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { createCombinedFormat } from './combined';
import { applyRequestLine } from './request-line';
import { parseOne, TEST_KEY } from './test-helpers';

function fromRequestLine(request: string, ex: Exchange = { ts: '2024-01-01T00:00:00.000Z' }): Exchange {
  expect(applyRequestLine(ex, request, TEST_KEY)).toBe(true);
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
