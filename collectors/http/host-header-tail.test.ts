import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';

async function exchangesOf(turns: Turn[]): Promise<Exchange[]> {
  const out: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap(turns))], { fingerprintKey: 'k' }, (ex) => out.push(ex));
  return out;
}

test('a Host header carrying a query or a path gives its authority as the host, never the query', async () => {
  // Before: `extract` printed host "api.test?token=s3cret-token-value" (discovery refused such a host, extract did not).
  const ex = await exchangesOf([
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: API.test?token=s3cret-token-value\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
    { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: api.test:8080/v1#frag\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n' },
  ]);
  expect(ex.map((e) => [e.host, e.path])).toEqual([['api.test', '/a'], ['api.test:8080', '/b']]);
  expect(JSON.stringify(ex)).not.toContain('s3cret');
});
