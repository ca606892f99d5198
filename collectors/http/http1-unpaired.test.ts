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

test("a capture begun after a HEAD request, the next request pipelined before its answer: the answer is not taken for that request's", async () => {
  // The first answer after the capture's start goes to the newest request seen (the others' answers were not
  // captured); here that request was sent before the HEAD's answer came. Its status was the HEAD's, its framing
  // swallowed (or misread) the answers after it, and every later request reported the one before's status.
  for (const framing of ['Content-Length: 5000', 'Transfer-Encoding: chunked', 'Connection: keep-alive']) {
    const turns: Turn[] = [
      { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: `HTTP/1.1 200 OK\r\n${framing}\r\n\r\n` },
      { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok' },
      { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n' },
      { from: 'server', data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope' },
    ];
    expect(await midStream(turns), framing).toEqual({ ex: ['GET /a 201 2', 'GET /b 404 4'], unpaired: 1 });
  }
  // The newest request's own answer, with its body, after the hole: paired as before.
  const own = await midStream([
    { from: 'client', data: 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n' },
    { from: 'server', data: 'ok' },
  ]);
  expect(own).toEqual({ ex: ['GET /a 200 2'], unpaired: 0 });
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

test('after holes in both directions, a response that answers a lost request is paired with none: its ACK says the server had more of the client', async () => {
  const turns: Turn[] = [];
  for (let i = 1; i <= 4; i++) turns.push({ from: 'client', data: `GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n` }, { from: 'server', data: `HTTP/1.1 ${199 + i} OK\r\nContent-Length: 0\r\n\r\n` });
  const run = async (drop: number[]) => {
    const out: Exchange[] = [];
    const report = await extractCaptures([tempCapture(conversationPcap(turns, { drop: new Set(drop) }))], { fingerprintKey: 'k' }, (e) => out.push(e));
    return { ex: out.map((e) => [e.path, e.status]), unpaired: report.stats.unpairedResponses };
  };
  // /1's answer (200) and /2 lost: 201 answers /2, not /1, which had reported 201.
  expect(await run([1, 2])).toEqual({ ex: [['/1', undefined], ['/3', 202], ['/4', 203]], unpaired: 1 });
  expect(await run([1, 2, 3, 4])).toEqual({ ex: [['/1', undefined], ['/4', 203]], unpaired: 1 });
  // Only the answer lost: the next answer is the newest request's, as before.
  expect(await run([1])).toEqual({ ex: [['/1', undefined], ['/2', 201], ['/3', 202], ['/4', 203]], unpaired: 0 });
  expect(await run([2])).toEqual({ ex: [['/1', 200], ['/3', 202], ['/4', 203]], unpaired: 1 });
});
