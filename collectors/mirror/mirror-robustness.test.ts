import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, expect, test, vi } from 'vitest';
import { exchangeSchema, type Exchange } from '../../lib/exchange';
import { SHARED_FIXTURES } from '../../test/require';
import { conversationPcap } from '../../test/gen/pcap/conversation';
import { replayAsVxlan } from '../../test/gen/pcap/vxlan-replay';
import { CaptureEngine } from '../pcap/capture-engine';
import { ClassicPcapParser } from '../pcap/classic-pcap';
import { runVxlanMirror } from './vxlan-listener';

afterEach(() => vi.restoreAllMocks());

/** A conversation's Ethernet frames as VXLAN datagrams (flags 0x08, VNI 4242), the way a mirror sends them. */
function datagrams(): Buffer[] {
  const pcap = conversationPcap([
    { from: 'client', data: 'GET /a?token=s3cret HTTP/1.1\r\nHost: mirror.test\r\nAuthorization: Bearer abc.def.ghi\r\n\r\n' },
    { from: 'server', data: 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n2\r\n1}\r\n0\r\n\r\n' },
    { from: 'client', data: 'POST /b HTTP/1.1\r\nHost: mirror.test\r\nContent-Length: 4\r\n\r\nbody' },
    { from: 'server', data: 'HTTP/1.1 204 No Content\r\n\r\n' },
  ]);
  const out: Buffer[] = [];
  new ClassicPcapParser().parse(pcap, {
    packet: (_l, d, s, e) => {
      const dgram = Buffer.alloc(8 + e - s);
      dgram[0] = 0x08;
      dgram.writeUIntBE(4242, 4, 3);
      d.copy(dgram, 8, s, e);
      out.push(dgram);
    },
  });
  return out;
}

test('mutated, cut and shuffled VXLAN datagrams never throw in the engine and only yield valid records', () => {
  const clean = datagrams();
  const whole: Exchange[] = [];
  const engine = new CaptureEngine('udp://test', { fingerprintKey: 'k' }, (e) => whole.push(e));
  for (const d of clean) engine.vxlanDatagram(d, 1_700_000_000_000);
  engine.finish();
  expect(whole.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /a 200', 'POST /b 204']);
  // Every datagram is a VXLAN tunnel's, as a capture of them counts it: the mirror's summary said `tunnelled 0`.
  expect(engine.stats()).toMatchObject({ packets: clean.length, tunnelled: clean.length, malformed: 0 });
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(clean.length - 1), fc.nat(1600), fc.integer({ min: 0, max: 255 })), { maxLength: 24 }),
      fc.array(fc.tuple(fc.nat(clean.length - 1), fc.nat(1600)), { maxLength: 4 }),
      fc.shuffledSubarray(clean.map((_, i) => i)),
      (edits, cuts, order) => {
        const sent = clean.map((d) => Buffer.from(d));
        for (const [i, pos, byte] of edits) if (pos < sent[i].length) sent[i][pos] = byte;
        for (const [i, len] of cuts) sent[i] = sent[i].subarray(0, len);
        const out: Exchange[] = [];
        const e = new CaptureEngine('udp://test', { fingerprintKey: 'k' }, (x) => out.push(x));
        for (const i of order) e.vxlanDatagram(sent[i], 1_700_000_000_000 + i);
        e.finish();
        for (const x of out) expect(exchangeSchema.safeParse(x).error).toBeUndefined();
      },
    ),
    { numRuns: 2000, seed: 31 },
  );
});

test('a datagram the engine fails on is counted and said, and the mirror goes on with the rest', async () => {
  // Stands for a decoder bug that a hostile or corrupt datagram could hit: the first datagram throws.
  const real = CaptureEngine.prototype.vxlanDatagram;
  vi.spyOn(CaptureEngine.prototype, 'vxlanDatagram').mockImplementationOnce(() => {
    throw new RangeError('decoder fell over');
  }).mockImplementation(function (this: CaptureEngine, payload, ts) {
    real.call(this, payload, ts);
  });
  const controller = new AbortController();
  const warnings: string[] = [];
  const got: Exchange[] = [];
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => (listening = resolve));
  const done = runVxlanMirror(
    { listen: 'udp://127.0.0.1:0', fingerprintKey: 'k', signal: controller.signal, onWarning: (w) => warnings.push(w), onListening: (a) => listening(Number(a.split(':').pop())) },
    (e) => got.push(e),
  );
  const sent = await replayAsVxlan(join(SHARED_FIXTURES, 'pcap', 'zeek__pipelined-requests.pcap'), '127.0.0.1', await port);
  await new Promise((resolve) => setTimeout(resolve, 500));
  controller.abort();
  const report = await done;
  expect(report.errors).toEqual([]);
  expect(report.stats).toMatchObject({ failedDatagrams: 1, packets: sent - 1 });
  expect(report.warnings).toContain('udp://127.0.0.1:0: 1 datagram could not be decoded (the first: decoder fell over)');
  expect(warnings.filter((w) => w.includes('could not be decoded'))).toEqual(['a datagram could not be decoded (decoder fell over); the mirror goes on and counts such datagrams']);
  expect(got.length).toBeGreaterThan(0);
});

test('a mirror session that truncates packets (AWS Traffic Mirroring PacketLength) still yields each exchange', () => {
  const run = (packetLength: number) => {
    const out: Exchange[] = [];
    const engine = new CaptureEngine('udp://test', { fingerprintKey: 'k' }, (e) => out.push(e));
    for (const d of datagrams()) engine.vxlanDatagram(d.subarray(0, Math.min(d.length, 8 + packetLength)), 1_700_000_000_000);
    engine.finish();
    return { out, stats: engine.stats() };
  };
  const { out, stats } = run(128);
  expect(stats.snaplenCut).toBeGreaterThan(0);
  expect(out.map((e) => [e.method, e.host, e.path, e.status, e.responseBytes])).toEqual([
    // The 200's head was cut (its body size is unknown); the 204 fitted whole.
    ['GET', 'mirror.test', '/a', 200, undefined],
    ['POST', 'mirror.test', '/b', 204, 0],
  ]);
  expect(run(100_000).out.map((e) => [e.method, e.path, e.status, e.responseBytes])).toEqual([['GET', '/a', 200, 7], ['POST', '/b', 204, 0]]);
});
