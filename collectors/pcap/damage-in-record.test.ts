import { join } from 'node:path';
import { expect, test } from 'vitest';
import { conversationPcap, tempCapture } from '../../test/gen/pcap/conversation';
import { SHARED_FIXTURES } from '../../test/require';
import { toPcapng } from '../../test/gen/pcap/to-pcapng';
import { extractCaptures } from './extract-captures';

/**
 * A zero-filled hole (a crash, a sparse file copied while it was written) starts wherever a page starts: mostly
 * inside a record, whose header is intact and whose tail is zeros. The capture parser passes over the records the
 * hole took and says where; the zeros left in the record before them reach TCP as data, in sequence. A head they
 * cut went on to the next head the connection sent, so one request was reported with another's host and a path of
 * hundreds of `%00` ending in the next request line, and that next request was lost.
 */
const turns = [
  { from: 'client', data: 'GET /first?x=1 HTTP/1.1\r\nHost: a.test\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
  { from: 'client', data: 'PATCH /orders/78963/status HTTP/1.1\r\nHost: legacy.test\r\nContent-Length: 0\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n' },
  { from: 'client', data: 'PUT /orders/87172/status HTTP/1.1\r\nHost: pay.test\r\nContent-Length: 0\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n' },
  { from: 'client', data: 'GET /last HTTP/1.1\r\nHost: a.test\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
] as const;
const pcap = conversationPcap([...turns]);

/** Where each packet's record (header) and data start, in a classic pcap or a pcapng (1-based packets). */
function records(capture: Buffer): { record: number; data: number }[] {
  const at = [{ record: 0, data: 0 }];
  if (capture.readUInt32LE(0) === 0x0a0d0d0a) {
    for (let o = 0; o + 12 <= capture.length; o += capture.readUInt32LE(o + 4)) if (capture.readUInt32LE(o) === 6) at.push({ record: o, data: o + 28 });
  } else for (let o = 24; o + 16 <= capture.length; o += 16 + capture.readUInt32LE(o + 8)) at.push({ record: o, data: o + 16 });
  return at;
}

/** Zeros from `skip` bytes into packet `from`'s TCP payload up to packet `through + 1`'s record. */
function zeroHole(capture: Buffer, from: number, skip: number, through: number): Buffer {
  const at = records(capture);
  const out = Buffer.from(capture);
  out.fill(0, at[from].data + 54 + skip, at[through + 1].record);
  return out;
}

async function read(bytes: Buffer, name: string): Promise<{ rows: string[]; warnings: string[] }> {
  const rows: string[] = [];
  const path = tempCapture(bytes, name);
  const r = await extractCaptures([path], { fingerprintKey: 'k' }, (e) => rows.push(`${e.method} ${e.host} ${e.path} ${e.status ?? '-'} #${e.source?.packet}`));
  return { rows, warnings: r.warnings.map((w) => w.slice(path.length + 2)) };
}

test('a request head cut by zeros is not joined to the next request: that one is found, and the cut one dropped', async () => {
  // Packets: 4 GET /first, 5 its answer, 6 PATCH, 7 its answer, 8 PUT, 9 its answer, 10 GET /last, 11 its answer.
  // The zeros start after `PATCH /orders/78963` and take the 204 record; the PUT follows the PATCH in sequence.
  const cut = 'PATCH /orders/78963'.length;
  expect(await read(zeroHole(pcap, 6, cut, 7), 'z.pcap')).toEqual({
    rows: ['GET a.test /first 200 #4', 'PUT pay.test /orders/87172/status 204 #7', 'GET a.test /last 200 #9'],
    warnings: [
      'packet 7: record header is all zeros; 108 damaged bytes skipped, reading went on at the next intact record',
      '1 capture gaps (packets missing from the capture); parsing resynchronised after each',
      '1 malformed: 1 HTTP head ended by zero bytes, damage inside its record (at packet 6)',
    ],
  });
  // In a pcapng the hole takes the PATCH's block whole (its length is not repeated at its end): nothing to cut.
  // Zeros over the rest of its data alone leave every block intact, and the head is cut as in the pcap.
  const ng = toPcapng(pcap);
  const patch = records(ng)[6];
  const zeroed = Buffer.from(ng).fill(0, patch.data + 54 + cut, patch.data + ng.readUInt32LE(patch.record + 20));
  expect(await read(zeroed, 'z.pcapng')).toEqual({
    rows: ['GET a.test /first 200 #4', 'PUT pay.test /orders/87172/status 204 #8', 'GET a.test /last 200 #10'],
    warnings: ['1 malformed: 1 HTTP head ended by zero bytes, damage inside its record (at packet 6)'],
  });
});

test("a response zeroed inside its record answered the oldest request: the requests after it keep their own statuses", async () => {
  // Nothing in the file is out of place, so nothing says damage: packet 7, the PATCH's 204, is zeros from its first
  // byte of payload, or from inside its status line (before its fifth byte or after). It went unread and the PUT's 204 answered the PATCH, the last
  // GET's 200 the PUT: every later request on the connection reported the status of the one after it.
  const zeroed = (from: number) => {
    const at = records(pcap);
    return Buffer.from(pcap).fill(0, at[7].data + 54 + from, at[8].record);
  };
  const expected = ['GET a.test /first 200 #4', 'PATCH legacy.test /orders/78963/status - #6', 'PUT pay.test /orders/87172/status 204 #8', 'GET a.test /last 200 #10'];
  expect((await read(zeroed(0), 'head.pcap')).rows).toEqual(expected);
  expect((await read(zeroed('HT'.length), 'start.pcap')).rows).toEqual(expected);
  expect((await read(zeroed('HTTP/1.1 2'.length), 'status.pcap')).rows).toEqual(expected);
});

test('a TCP header whose data offset is damaged below five words is dropped, not read as payload', async () => {
  // Its header's own 20 bytes were read as the start of the payload and its sequence space: the response in it was
  // stray bytes, and the first 20 bytes of the next response were trimmed as already seen (RFC 9293 §3.1: at least 5).
  const at = records(pcap);
  const damaged = Buffer.from(pcap);
  damaged[at[7].data + 14 + 20 + 12] = 0x00;
  expect((await read(damaged, 'offset.pcap')).rows).toEqual([
    'GET a.test /first 200 #4',
    'PATCH legacy.test /orders/78963/status - #6',
    'PUT pay.test /orders/87172/status 204 #8',
    'GET a.test /last 200 #10',
  ]);
});

test('zeros in the first bytes of a stream not yet known to be HTTP/1 (an h2 frame) are no damage', async () => {
  // The server of the shared h2c capture starts with its SETTINGS frame, zeros and all, read as HTTP/1 until the 101.
  const r = await extractCaptures([join(SHARED_FIXTURES, 'pcap', 'suricata-verify__http2-keywords_h2c.pcap')], { fingerprintKey: 'k' }, () => {});
  expect({ exchanges: r.exchanges, malformed: r.stats.malformed, gaps: r.stats.gaps }).toEqual({ exchanges: 6, malformed: 0, gaps: 0 });
});
