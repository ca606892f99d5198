import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import type { Exchange } from '../../lib/exchange';
import { conversationPcap, tempCapture } from '../../test/gen/pcap/conversation';
import { apiCaptureBuffer } from '../../test/gen/pcap/write-capture';
import { SHARED_FIXTURES } from '../../test/require';
import { ClassicPcapParser } from './classic-pcap';
import { extractCaptures } from './extract-captures';
import { readCapture } from './read-capture';

interface Frame {
  ts: number;
  data: Buffer;
}

const base = conversationPcap([
  { from: 'client', data: 'GET /one?a=1 HTTP/1.1\r\nHost: formats.test\r\n\r\n' },
  { from: 'server', data: `HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n${'z'.repeat(3000)}` },
  { from: 'client', data: 'POST /two HTTP/1.1\r\nHost: formats.test\r\nContent-Length: 2\r\n\r\nhi' },
  { from: 'server', data: 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' },
]);

function framesOf(pcap: Buffer): Frame[] {
  const frames: Frame[] = [];
  new ClassicPcapParser().parse(pcap, { packet: (_l, d, s, e, ts) => frames.push({ ts, data: Buffer.from(d.subarray(s, e)) }) });
  return frames;
}

function u32(v: number, le: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(v >>> 0);
  else b.writeUInt32BE(v >>> 0);
  return b;
}
function u16(v: number, le: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(v);
  else b.writeUInt16BE(v);
  return b;
}
function block(type: number, body: Buffer, le: boolean): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const len = padded.length + 12;
  return Buffer.concat([u32(type, le), u32(len, le), padded, u32(len, le)]);
}

/** pcapng with two interfaces: Ethernet at µs resolution and raw IPv4 at ns; frames alternate between them. */
function toPcapng(frames: Frame[], le: boolean): Buffer {
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d, le), u16(1, le), u16(0, le), Buffer.alloc(8, 0xff)]), le);
  const idb = (linkType: number, tsresol: number) =>
    block(1, Buffer.concat([u16(linkType, le), u16(0, le), u32(65535, le), u16(9, le), u16(1, le), Buffer.from([tsresol, 0, 0, 0]), u16(0, le), u16(0, le)]), le);
  const parts = [shb, idb(1, 6), block(0x0bad, Buffer.from('custom block, skipped'), le), idb(101, 9)];
  frames.forEach((f, i) => {
    const raw = i % 2 === 1;
    const data = raw ? f.data.subarray(14) : f.data;
    const units = raw ? BigInt(Math.round(f.ts * 1000)) * 1000n : BigInt(Math.round(f.ts * 1000));
    parts.push(block(6, Buffer.concat([u32(raw ? 1 : 0, le), u32(Number(units >> 32n), le), u32(Number(units & 0xffffffffn), le), u32(data.length, le), u32(data.length, le), data]), le));
  });
  return Buffer.concat(parts);
}

/** Classic pcap with nanosecond timestamps (magic a1b23c4d), big-endian. */
function toNanosecondPcap(frames: Frame[]): Buffer {
  const head = Buffer.concat([Buffer.from('a1b23c4d', 'hex'), u16(2, false), u16(4, false), Buffer.alloc(8), u32(65535, false), u32(1, false)]);
  return Buffer.concat([
    head,
    ...frames.flatMap((f) => {
      const sec = Math.floor(f.ts / 1000);
      const ns = Math.round((f.ts - sec * 1000) * 1e6);
      return [Buffer.concat([u32(sec, false), u32(ns, false), u32(f.data.length, false), u32(f.data.length, false)]), f.data];
    }),
  ]);
}

async function summarise(bytes: Buffer, name: string): Promise<string[]> {
  const out: Exchange[] = [];
  const r = await extractCaptures([tempCapture(bytes, name)], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(r.errors).toEqual([]);
  expect(r.warnings).toEqual([]);
  return out.map((e) => `${e.ts} ${e.method} ${e.path} ${e.query} ${e.status} ${e.responseBytes} #${e.source?.packet}`);
}

test('pcap, pcap-ns, pcapng (both byte orders, two interfaces, two link types) and gzip all give the same exchanges', async () => {
  const frames = framesOf(base);
  const expected = await summarise(base, 'a.pcap');
  expect(expected).toEqual([
    '2023-11-14T22:13:20.000Z GET /one a 200 3000 #4',
    '2023-11-14T22:13:20.002Z POST /two undefined 201 0 #8',
  ]);
  expect(await summarise(toNanosecondPcap(frames), 'ns.pcap')).toEqual(expected);
  expect(await summarise(toPcapng(frames, true), 'le.pcapng')).toEqual(expected);
  expect(await summarise(toPcapng(frames, false), 'be.pcapng')).toEqual(expected);
  expect(await summarise(gzipSync(base), 'a.pcap.gz')).toEqual(expected);
  expect(await summarise(gzipSync(toPcapng(frames, false)), 'be.pcapng.gz')).toEqual(expected);
});

test('a gzip capture whose trailer is damaged, or with bytes after its member, keeps every exchange and says where it stopped', async () => {
  const gz = gzipSync(readFileSync(join(SHARED_FIXTURES, 'pcap', 'chrissanders__http_espn.pcapng')));
  const read = async (bytes: Buffer, name: string) => {
    const out: string[] = [];
    const r = await extractCaptures([tempCapture(bytes, name)], { fingerprintKey: 'k' }, (e) => out.push(`${e.method} ${e.path} ${e.status} ${e.responseBytes}`));
    return { out, errors: r.errors, damage: r.warnings.filter((w) => !w.includes('capture gaps')) };
  };
  const whole = await read(gz, 'whole.pcapng.gz');
  expect(whole.out).toHaveLength(61);
  expect(whole.damage).toEqual([]);
  const badCrc = Buffer.from(gz);
  badCrc[badCrc.length - 6] ^= 0xff; // the CRC-32 of the trailer: every deflate block is intact
  const crc = await read(badCrc, 'crc.pcapng.gz');
  expect(crc.errors).toEqual([]);
  expect(crc.out).toEqual(whole.out);
  expect(crc.damage).toEqual([expect.stringMatching(/crc\.pcapng\.gz: packet 957: incorrect data check; 61 exchanges before it were kept$/)]);
  const junk = await read(Buffer.concat([gz, Buffer.from('not gzip\n')]), 'junk.pcapng.gz');
  expect(junk.errors).toEqual([]);
  expect(junk.out).toEqual(whole.out);
  expect(junk.damage).toEqual([expect.stringMatching(/packet 957: incorrect header check; 61 exchanges before it were kept$/)]);
});

test('a pcapng timestamp past year 9999 makes its packet malformed, not a record with a time no one can read', async () => {
  const frames = framesOf(base);
  const expected = await summarise(base, 'a.pcap');
  // The handshake's last ACK in year ~11476 and the final FIN beyond what Date can hold at all (found by
  // fuzzing a shared pcapng: the first gave records with `+011149-…` times, the second ended the file).
  const damaged = frames.map((f, i) => (i === 2 ? { ...f, ts: 3e14 } : i === frames.length - 1 ? { ...f, ts: 1e16 } : f));
  const out: Exchange[] = [];
  const r = await extractCaptures([tempCapture(toPcapng(damaged, true), 'damaged.pcapng')], { fingerprintKey: 'k' }, (e) => out.push(e));
  expect(r.errors).toEqual([]);
  expect(r.stats).toMatchObject({ packets: frames.length, malformed: 2 });
  expect(out.map((e) => `${e.ts} ${e.method} ${e.path} ${e.query} ${e.status} ${e.responseBytes} #${e.source?.packet}`)).toEqual(expected);
});

test('pcap-parser and the built-in reader deliver identical packets', async () => {
  const seen: Record<string, string[]> = {};
  for (const reader of ['pcap-parser', 'builtin'] as const) {
    const list: string[] = (seen[reader] = []);
    const r = await readCapture(tempCapture(base), { packet: (l, d, s, e, ts) => list.push(`${l} ${ts} ${d.toString('hex', s, e)}`) }, { classicReader: reader });
    expect(r.status).toBe('ok');
  }
  expect(seen['pcap-parser']).toEqual(seen.builtin);
  expect(seen.builtin).toHaveLength(framesOf(base).length);
});

test('a file read in blocks ahead of the parse gives every packet as it is in the file', async () => {
  // Several 1 MiB blocks, each read while the one before is parsed: no packet may see its block overwritten.
  const { capture } = apiCaptureBuffer({ seed: 5, exchanges: 3000, connections: 16 });
  expect(capture.length).toBeGreaterThan(5 << 20);
  const whole: string[] = [];
  const parser = new ClassicPcapParser();
  expect(parser.parse(capture, { packet: (l, d, s, e, ts) => whole.push(`${l} ${ts} ${d.toString('base64', s, e)}`) })).toBe(capture.length);
  const read: string[] = [];
  const openFds = readdirSync('/proc/self/fd').length;
  const r = await readCapture(tempCapture(capture), { packet: (l, d, s, e, ts) => read.push(`${l} ${ts} ${d.toString('base64', s, e)}`) });
  expect(r).toMatchObject({ status: 'ok', bytes: capture.length });
  expect(read).toEqual(whole);
  // Stopped early, the read ahead is waited for and the file closed.
  const stop = new AbortController();
  await readCapture(tempCapture(capture), { packet: () => stop.abort() }, { signal: stop.signal });
  expect(readdirSync('/proc/self/fd').length).toBe(openFds);
});

test('a truncated record, a corrupt length (passed over to the next record) and a wrong magic are reported with their packet number', async () => {
  const frames = framesOf(base);
  const cut = base.subarray(0, base.length - 5);
  for (const reader of ['pcap-parser', 'builtin'] as const) {
    const r = await readCapture(tempCapture(cut), { packet: () => undefined }, { classicReader: reader });
    expect(r).toMatchObject({ status: 'truncated', packets: frames.length - 1, problem: `packet ${frames.length}: file ends inside the record` });
  }
  const corrupt = Buffer.from(base);
  corrupt.writeUInt32LE(0x7fffffff, 24 + 16 + frames[0].data.length + 8);
  const c = await readCapture(tempCapture(corrupt), { packet: () => undefined });
  expect(c).toMatchObject({ status: 'ok', packets: frames.length - 1, skipped: [{ afterPacket: 1, problem: 'packet 2: record length 2147483647 is corrupt', bytes: 16 + frames[1].data.length }] });
  const wrong = await readCapture(tempCapture(Buffer.from('GET / HTTP/1.1\r\n\r\n')), { packet: () => undefined });
  expect(wrong).toMatchObject({ status: 'invalid', problem: 'not a pcap or pcapng file (magic 47455420)' });
});

test('a stop request mid-file ends the read with a warning that says so, not as a truncated file', async () => {
  const { capture } = apiCaptureBuffer({ seed: 3, exchanges: 1200, connections: 8 });
  expect(capture.length).toBeGreaterThan(2 << 20);
  for (const gzip of [false, true]) {
    const file = tempCapture(gzip ? gzipSync(capture) : capture, gzip ? 'stop.pcap.gz' : 'stop.pcap');
    const stop = new AbortController();
    let packets = 0;
    const r = await readCapture(file, { packet: () => void (++packets === 10 && stop.abort()) }, { signal: stop.signal });
    expect(r.status).toBe('truncated');
    expect(r.problem).toBe(`stopped on request after packet ${packets}, before the end of the file`);
    expect(packets).toBeLessThan(framesOf(capture).length);
  }
});

test('a capture of a link type Lantern does not read says so instead of giving nothing silently', async () => {
  const ppp = Buffer.from(base);
  ppp.writeUInt32LE(9, 20); // LINKTYPE_PPP
  const path = tempCapture(ppp);
  const report = await extractCaptures([path], { fingerprintKey: 'k' }, () => undefined);
  const packets = framesOf(base).length;
  expect(report.exchanges).toBe(0);
  expect(report.stats).toMatchObject({ packets, unsupportedLink: packets, malformed: 0 });
  expect(report.warnings).toEqual([`${path}: ${packets} packets have a link type Lantern does not read (capinfos names it; collectors/pcap/README.md lists those read) and were skipped`]);
  // Ethernet frames of other protocols (ARP, LLDP) are not that: the same frames as Ethernet give their exchanges.
  const ok = await extractCaptures([tempCapture(base)], { fingerprintKey: 'k' }, () => undefined);
  expect(ok.stats).toMatchObject({ unsupportedLink: 0 });
  expect(ok.warnings).toEqual([]);
});

test('a capture of Ethernet frames none of which is IP (ARP, LLDP, a tag Lantern does not read) counts them and says so', async () => {
  const arp = Buffer.from(base);
  for (let off = 24; off < arp.length; off += 16 + arp.readUInt32LE(off + 8)) arp.writeUInt16BE(0x0806, off + 16 + 12);
  const path = tempCapture(arp);
  const report = await extractCaptures([path], { fingerprintKey: 'k' }, () => undefined);
  const packets = framesOf(base).length;
  expect(report.exchanges).toBe(0);
  expect(report.stats).toMatchObject({ packets, nonIp: packets, unsupportedLink: 0, malformed: 0 });
  expect(report.warnings).toEqual([`${path}: none of its ${packets} packets is IP (ARP, LLDP, spanning tree, or an Ethernet type Lantern does not read: collectors/pcap/README.md lists those read), so none can carry HTTP`]);
  // A capture with IP traffic among them says nothing more than the count.
  const ok = await extractCaptures([tempCapture(base)], { fingerprintKey: 'k' }, () => undefined);
  expect(ok.stats).toMatchObject({ nonIp: 0 });
});
