import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';

async function midStream(turns: Turn[]): Promise<{ ex: string[]; unpaired: number }> {
  const out: Exchange[] = [];
  const report = await extractCaptures([tempCapture(conversationPcap(turns, { midStream: true }))], { fingerprintKey: 'k' }, (e) => out.push(e));
  return { ex: out.map((e) => [e.method, e.path, e.status, e.responseBytes].join(' ')), unpaired: report.stats.unpairedResponses };
}

test("a capture begun after a HEAD request: its answer's Content-Length, chunked or close framing no longer swallows the responses after it", async () => {
  for (const framing of ['Content-Length: 5000', 'Transfer-Encoding: chunked', 'Connection: keep-alive']) {
    const turns: Turn[] = [
      { from: 'server', data: `HTTP/1.1 200 OK\r\n${framing}\r\n\r\n` },
      { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
      { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope' },
    ];
    expect(await midStream(turns), framing).toEqual({ ex: ['GET /a 200 2', 'GET /b 404 4'], unpaired: 1 });
  }
  // Both requests sent before the capture began, both answers in one segment: two responses, not one with a body.
  const together = await midStream([
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok' },
    { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\n\r\n' },
  ]);
  expect(together).toEqual({ ex: ['GET /b 204 0'], unpaired: 2 });
});

test('an unpaired response whose body came is still framed by it: only a whole status line ends it bodiless', async () => {
  const turns: Turn[] = [
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 22\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 is in a body\n' },
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  ];
  expect(await midStream(turns)).toEqual({ ex: ['GET /a 200 2'], unpaired: 1 });
});
