import { utimesSync } from 'node:fs';
import { expect, test } from 'vitest';
import { conversationPcap, tempCapture } from '../../test/gen/pcap/conversation';
import { toPcapng } from '../../test/gen/pcap/to-pcapng';
import { extractCaptures } from './extract-captures';

/**
 * A pcapng simple packet block carries no time (tshark shows none). Its packets were dated 0, so their exchanges
 * were reported (and stored) in January 1970. They are dated with the time of the packet before them in the file,
 * or the file's modification time when no packet before them has one, and a warning says so.
 */
const classic = conversationPcap([
  { from: 'client', data: 'GET /one HTTP/1.1\r\nHost: spb.test\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { from: 'client', data: 'GET /two HTTP/1.1\r\nHost: spb.test\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok' },
]);

async function read(path: string, workers = 1): Promise<{ rows: string[]; warnings: string[] }> {
  const lines: string[] = [];
  const r = await extractCaptures([path], { fingerprintKey: 'k', workers, shardMinBytes: 0, emitJson: (j) => lines.push(j) }, () => {});
  const rows = lines.map((l) => JSON.parse(l)).map((e) => `${e.ts} ${e.method} ${e.path} ${e.status} #${e.source.packet} ${e.latencyMs ?? 'no latency'}`);
  return { rows, warnings: r.warnings.map((w) => w.slice(path.length + 2)) };
}

test('packets in simple packet blocks are dated with the time of the packet before them, and said; no latency is claimed from them', async () => {
  // Packets 6 on (the second request, its answer and the FINs) are simple packet blocks; packet 5 is at +1.203 ms.
  // /two's latency read 0 (two packets dated alike) until 6 Dec; /one's, from packet 4 to 5, both dated, is known.
  const path = tempCapture(toPcapng(classic, (n) => n >= 6), 'spb.pcapng');
  const expected = {
    rows: ['2023-11-14T22:13:20.000Z GET /one 200 #4 1.1', '2023-11-14T22:13:20.001Z GET /two 201 #6 no latency'],
    warnings: ['4 packets (the first: packet 6) are in pcapng simple packet blocks, which carry no time: each is dated with the time of the packet before it'],
  };
  expect(await read(path)).toEqual(expected);
  expect(await read(path, 2)).toEqual(expected);
});

test('simple packet blocks before any dated packet are dated with the file modification time', async () => {
  const path = tempCapture(toPcapng(classic, () => true), 'only-spb.pcapng');
  utimesSync(path, new Date('2026-12-06T10:00:00Z'), new Date('2026-12-06T10:00:00Z'));
  expect(await read(path)).toEqual({
    rows: ['2026-12-06T10:00:00.000Z GET /one 200 #4 no latency', '2026-12-06T10:00:00.000Z GET /two 201 #6 no latency'],
    warnings: [
      "9 packets (the first: packet 1) are in pcapng simple packet blocks, which carry no time: each is dated with the time of the packet before it, or the file's modification time before any",
    ],
  });
});

test('a response in a simple packet block after a dated request has no latency either (it is no earlier than its date)', async () => {
  // Packets 1-6 dated (the second request is packet 6); its answer, packet 7, and what follows are simple packet blocks.
  const path = tempCapture(toPcapng(classic, (n) => n >= 7), 'spb-answer.pcapng');
  expect((await read(path)).rows).toEqual(['2023-11-14T22:13:20.000Z GET /one 200 #4 1.1', '2023-11-14T22:13:20.002Z GET /two 201 #6 no latency']);
});
