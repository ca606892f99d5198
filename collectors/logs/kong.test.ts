import { expect, test } from 'vitest';
import { createJsonLinesFormat } from './json-lines';
import { kongFormat } from './kong';
import { parseOne, TEST_KEY } from './test-helpers';

const kong = createJsonLinesFormat([kongFormat], [], TEST_KEY, 'kong');

/** A Kong log serializer entry (http-log, file-log) with only what a test needs changed. */
function entry(method: string, requestHeaders: Record<string, string>, status: number, responseHeaders: Record<string, string>): string {
  return JSON.stringify({
    request: { method, uri: '/orders', url: 'https://api.example.com:8443/orders', size: 412, headers: { host: 'api.example.com:8443', ...requestHeaders } },
    response: { status, size: 827, headers: responseHeaders },
    latencies: { request: 12 },
    client_ip: '10.0.0.9',
    started_at: 1614232668342,
  });
}

test('sizes are bodies: the declared Content-Length, not request.size and response.size (nginx request_length and bytes_sent, headers included)', () => {
  // Until 6 Dec a bodiless GET had requestBytes 412 and a 503-byte JSON answer responseBytes 827.
  const sizes = (line: string) => {
    const [record] = parseOne(kong, line).records;
    return [record.requestBytes, record.responseBytes];
  };
  expect(sizes(entry('GET', {}, 200, { 'content-length': '503' }))).toEqual([undefined, 503]);
  expect(sizes(entry('POST', { 'content-length': '64' }, 201, { 'content-length': '17' }))).toEqual([64, 17]);
  // Chunked either way: no body size is logged, the totals stand in (as in other logs that only have those).
  expect(sizes(entry('POST', { 'transfer-encoding': 'chunked' }, 200, {}))).toEqual([412, 827]);
  // A HEAD's Content-Length is the body a GET would have had: none was sent.
  expect(sizes(entry('HEAD', {}, 200, { 'content-length': '503' }))).toEqual([undefined, 0]);
});
