import fc from 'fast-check';
import { expect, test } from 'vitest';
import { conversationPcap, tempCapture, type Turn } from '../../test/gen/pcap/conversation';
import { http1Script } from '../../test/gen/pcap/http1-script';
import { extractCaptures } from './extract-captures';

/** A classic pcap with its records put in `order` (indexes into the original), each keeping the time of its new place. */
function reorder(pcap: Buffer, order: (n: number) => number[]): Buffer {
  const recs: Buffer[] = [];
  for (let o = 24; o < pcap.length; o += 16 + pcap.readUInt32LE(o + 8)) recs.push(pcap.subarray(o, o + 16 + pcap.readUInt32LE(o + 8)));
  const moved = order(recs.length).map((i, k) => Buffer.concat([recs[k].subarray(0, 8), recs[i].subarray(8)]));
  return Buffer.concat([pcap.subarray(0, 24), ...moved]);
}

/** Indexes 0..n-1 with the record at `from` moved to `to`. */
const move = (from: number, to: number) => (n: number) => {
  const order = [...Array(n).keys()].filter((i) => i !== from);
  order.splice(to, 0, from);
  return order;
};

async function extract(capture: Buffer) {
  const records: unknown[] = [];
  const report = await extractCaptures([tempCapture(capture)], { fingerprintKey: 'k' }, (ex) => {
    records.push({ method: ex.method, path: ex.path, status: ex.status, requestBytes: ex.requestBytes, responseBytes: ex.responseBytes });
  });
  return { records, gaps: report.stats.gaps, unpaired: report.stats.unpairedResponses };
}

// Records 0-2 are the handshake; at an MSS of 100 the first request takes records 3 and 4 (its head is 179 bytes), or
// 3 to 6 (a 364-byte POST), and the response's first segment follows.
const get: Turn[] = [
  { from: 'client', data: `GET /a HTTP/1.1\r\nHost: h\r\nX-Long: ${'z'.repeat(150)}\r\n\r\n` },
  { from: 'server', data: `HTTP/1.1 201 Created\r\nContent-Length: 250\r\n\r\n${'y'.repeat(250)}` },
  { from: 'client', data: 'GET /b HTTP/1.1\r\nHost: h\r\n\r\n' },
  { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
];
const post: Turn[] = [{ from: 'client', data: `POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 300\r\n\r\n${'x'.repeat(300)}` }, ...get.slice(1)];

test("a response captured before the request's last segment waits for it: each request keeps its own status", async () => {
  const whole = conversationPcap(get, { mss: 100 });
  const ordered = await extract(whole);
  expect(ordered.records).toMatchObject([{ path: '/a', status: 201 }, { path: '/b', status: 200 }]);
  // The response's first segment (record 5) acknowledges the request's end, captured after it (record 4).
  const swapped = await extract(reorder(whole, move(5, 4)));
  expect(swapped).toEqual(ordered);
});

test('a data-carrying ACK for request bytes held behind a hole waits for them, as a pure ACK does: no gap', async () => {
  const whole = conversationPcap(post, { mss: 100 });
  const ordered = await extract(whole);
  // Request segments 3 and 5 come first (5 held), then the response's first segment (7), then 4 and 6.
  const late = await extract(reorder(whole, (n) => [0, 1, 2, 3, 5, 7, 4, 6, ...[...Array(n).keys()].slice(8)]));
  expect(late).toEqual(ordered);
  expect(late.gaps).toBe(0);
});

test('request bytes the capture lost: the response waits a bounded time, then answers no request it cannot tell', async () => {
  const whole = conversationPcap(post, { mss: 100 });
  // The request's last segment (record 6) never captured: its hole is said, and the response is not paired elsewhere.
  const lost = await extract(reorder(whole, (n) => [...Array(n).keys()].filter((i) => i !== 6)));
  expect(lost.gaps).toBeGreaterThan(0);
  expect(lost.records).toContainEqual(expect.objectContaining({ path: '/b', status: 200 }));
  expect(lost.records).not.toContainEqual(expect.objectContaining({ path: '/a', status: 200 }));
});

test('property: any server data segment captured before the client data segment it follows gives the ordered records', async () => {
  const records = async (pcap: Buffer) => {
    const out: string[] = [];
    const report = await extractCaptures([tempCapture(pcap)], { fingerprintKey: 'k' }, (e) => {
      const { ts: _t, latencyMs: _l, source: _s, ...rest } = e;
      out.push(JSON.stringify(rest));
    });
    return { out: out.sort(), gaps: report.stats.gaps };
  };
  const carries = (pcap: Buffer, o: number, client: boolean) => pcap.readUInt32LE(o + 8) > 54 && (pcap.readUInt16BE(o + 50) === 40000) === client;
  await fc.assert(
    fc.asyncProperty(http1Script, fc.constantFrom(40, 100, 1460), async (script, mss) => {
      const whole = conversationPcap(script.turns, { mss });
      const ordered = await records(whole);
      const starts: number[] = [];
      for (let o = 24; o < whole.length; o += 16 + whole.readUInt32LE(o + 8)) starts.push(o);
      for (let i = 0; i + 1 < starts.length; i++) {
        if (!carries(whole, starts[i], true) || !carries(whole, starts[i + 1], false)) continue;
        expect(await records(reorder(whole, move(i + 1, i)))).toEqual(ordered);
      }
    }),
    { numRuns: 60, seed: 3 },
  );
}, 120_000);
