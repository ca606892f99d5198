import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';

async function briefs(turns: Turn[]): Promise<string[]> {
  const ex: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap(turns))], { fingerprintKey: 'k' }, (e) => ex.push(e));
  return ex.map((e) => [e.method, e.path, e.status ?? '-', e.requestBytes ?? '-', e.responseBytes ?? '-'].join(' '));
}

test('transfer codings on two header lines (gzip, then chunked) frame the body as chunked, as tshark reads them', async () => {
  // Read on the first line alone, the response was read until close: it swallowed the next response, whose request
  // lost its status; a request's chunked body was taken for no body, its chunks for stray bytes.
  const chunked = '3\r\nabc\r\n0\r\n\r\n';
  expect(
    await briefs([
      { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: `HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}` },
      { from: 'client', data: `POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}` },
      { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
      { from: 'client', data: 'GET /c HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n' },
    ]),
  ).toEqual(['GET /a 200 - 3', 'POST /b 201 3 0', 'GET /c 404 - 0']);
});
