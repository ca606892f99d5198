import { expect, test } from 'vitest';
import { conversationPcap, tempCapture } from '../../test/gen/pcap/conversation';
import { extractCaptures } from './extract-captures';

/**
 * damage-in-record.test.ts's zero-filled hole, in the first request of a connection: zeros are looked for in a head
 * of a stream not yet known to speak HTTP/1 only when the head starts as a start line does (an upper-case letter),
 * which an h2 server's first SETTINGS frame (a zero length byte first) never does.
 */
const turns = [
  { from: 'client', data: 'GET /first?x=1 HTTP/1.1\r\nHost: a.test\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { from: 'client', data: 'PATCH /orders/78963/status HTTP/1.1\r\nHost: legacy.test\r\nContent-Length: 0\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n' },
  { from: 'client', data: 'GET /last HTTP/1.1\r\nHost: a.test\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
] as const;

test('a first request head cut by zeros is not joined to the next request: that one is found, with its own status', async () => {
  // Packets: 4 GET /first, 5 its answer, 6 PATCH, 7 its answer, 8 GET /last, 9 its answer. Zeros from inside the
  // GET's Host line to the end of packet 5's record: the pcap parser passes over packet 5, the PATCH follows in sequence.
  const pcap = conversationPcap([...turns]);
  const recordAt = (n: number) => {
    let o = 24;
    for (let i = 1; i < n; i++) o += 16 + pcap.readUInt32LE(o + 8);
    return o;
  };
  const cut = 'GET /first?x=1 HTTP/1.1\r\nHost: a.'.length;
  const damaged = Buffer.from(pcap).fill(0, recordAt(4) + 16 + 54 + cut, recordAt(6));
  const rows: string[] = [];
  await extractCaptures([tempCapture(damaged, 'z.pcap')], { fingerprintKey: 'k' }, (e) => rows.push(`${e.method} ${e.host} ${e.path} ${e.status ?? '-'} #${e.source?.packet}`));
  expect(rows).toEqual(['GET undefined /first - #4', 'PATCH legacy.test /orders/78963/status 204 #5', 'GET a.test /last 200 #7']);
});
