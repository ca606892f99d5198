import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { extractCaptures } from '../pcap/extract-captures';

async function run(turns: Turn[]): Promise<string[]> {
  const out: Exchange[] = [];
  await extractCaptures([tempCapture(conversationPcap(turns))], { fingerprintKey: 'k' }, (e) => out.push(e));
  return out.map((e) => `${e.path} ${e.status ?? '-'}`);
}

/** Bytes overwritten inside one record (nothing in pcap checks a record's content): no zeros, nothing a start line begins with. */
const junk = (length: number) => Buffer.from(Array.from({ length }, (_, i) => 0x80 + ((i * 37) % 120)));
const answer = (status: number, body = 'ok') => `HTTP/1.1 ${status} OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
const ask = (n: number) => ({ from: 'client' as const, data: `GET /${n} HTTP/1.1\r\nHost: x\r\n\r\n` });

test("junk over a whole response head on a keep-alive connection: that request goes without status, the later ones keep their own", async () => {
  const turns: Turn[] = [ask(1), { from: 'server', data: answer(201) }, ask(2), { from: 'server', data: junk(answer(202).length) }, ask(3), { from: 'server', data: answer(203) }, ask(4), { from: 'server', data: answer(204) }];
  // Until 6 Dec /2 reported 203 and /3 204, and /4 none.
  expect(await run(turns)).toEqual(['/1 201', '/2 -', '/3 203', '/4 204']);
});

test('near miss: junk before a response that then comes, and a pipelining client, keep their pairing', async () => {
  // The server's junk is followed by the answer itself before the client asks again: /2 is answered by it.
  expect(await run([ask(1), { from: 'server', data: answer(201) }, ask(2), { from: 'server', data: junk(40) }, { from: 'server', data: answer(202) }, ask(3), { from: 'server', data: answer(203) }])).toEqual(['/1 201', '/2 202', '/3 203']);
  // A 304 followed by the body it must not have, the next request pipelined before its answer: nothing shifts.
  const notModified = 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n{"stale":true}';
  expect(await run([ask(1), ask(2), { from: 'server', data: notModified }, ask(3), { from: 'server', data: answer(202) }, { from: 'server', data: answer(203) }])).toEqual(['/1 304', '/2 202', '/3 203']);
});
