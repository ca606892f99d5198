import { closeSync, openSync, read } from 'node:fs';
import type { Readable } from 'node:stream';
import { ClassicPcapParser, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './classic-pcap';
import { captureStream, readCaptureHead } from './open-capture';
import type { CaptureParser, PacketSink } from './packet-sink';
import { feedBlocks, type BlockSource, type FeedOptions } from './feed-blocks';
import { readWithPcapParser, type SourceOutcome } from './pcap-parser-source';
import { PcapngParser, PCAPNG_SHB } from './pcapng';
import { fileProblem } from '../../lib/file-problem';

export type ClassicReader = 'pcap-parser' | 'builtin';

export interface ReadCaptureOptions {
  /**
   * Which reader handles classic microsecond pcap. Default `builtin`: `npm run bench:pcap` shows the
   * pcap-parser package reading at ~400 MB/s against ~3 GB/s and making extract ~1.3× slower end to end
   * (numbers in collectors/pcap/README.md). Nanosecond files always use the built-in reader.
   */
  classicReader?: ClassicReader;
  signal?: AbortSignal;
  onBytes?: (bytesRead: number, bytesTotal: number) => void;
}

export interface CaptureOutcome extends SourceOutcome {
  format: 'pcap' | 'pcap-ns' | 'pcapng' | 'unknown';
  bytes: number;
}

/** Reads one capture file (pcap, nanosecond pcap, pcapng, gzip of any) into `sink`, never throwing. */
export async function readCapture(path: string, sink: PacketSink, opts: ReadCaptureOptions = {}): Promise<CaptureOutcome> {
  let head;
  try {
    head = await readCaptureHead(path);
  } catch (err) {
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: fileProblem(err) };
  }
  const { magic, gzip, fileBytes, modifiedMs } = head;
  const chosen = captureParser(magic, modifiedMs);
  if ('format' in chosen && chosen.format === 'pcap' && opts.classicReader === 'pcap-parser') {
    const stream = captureStream(path, gzip);
    let bytes = 0;
    stream.on('data', (c: Buffer) => {
      bytes += c.length;
      opts.onBytes?.(bytes, gzip ? 0 : fileBytes);
    });
    return { ...(await readWithPcapParser(stream, sink)), format: chosen.format, bytes };
  }
  const feed: FeedOptions = { signal: opts.signal, onBlock: (bytes) => opts.onBytes?.(bytes, gzip ? 0 : fileBytes) };
  if (gzip) {
    const stream = captureStream(path, true);
    try {
      return await feedCapture(chosen, streamBlocks(stream), sink, feed);
    } finally {
      stream.destroy();
    }
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: fileProblem(err) };
  }
  const blocks = fileBlocks(fd);
  try {
    return await feedCapture(chosen, blocks, sink, feed);
  } finally {
    // A read ahead may still be in flight: closing under it could hand its fd number to the next file opened.
    await blocks.settled();
    closeSync(fd);
  }
}

/**
 * Reads a capture from a stream (standard input, already inflated) into `sink`, never throwing. `magic` is the
 * content's first four bytes, already looked at (StreamInput); the stream still holds them, and ends on a stop.
 */
export async function readCaptureStream(stream: Readable, magic: Buffer, sink: PacketSink, opts: ReadCaptureOptions = {}): Promise<CaptureOutcome> {
  try {
    // A packet without a time before any with one is dated when it is read: a pipe has no modification time.
    return await feedCapture(captureParser(magic, Date.now()), streamBlocks(stream), sink, { signal: opts.signal, onBlock: (bytes) => opts.onBytes?.(bytes, 0) });
  } finally {
    stream.destroy();
  }
}

type ChosenParser = { parser: CaptureParser; format: CaptureOutcome['format'] } | { problem: string };

/** The parser for a capture's first four bytes; `undatedMs` dates packets without a time before any with one (pcapng). */
export function captureParser(magic: Buffer, undatedMs = 0): ChosenParser {
  if (magic.length < 4) return { problem: 'empty or unreadable file' };
  const be = magic.readUInt32BE(0);
  const le = magic.readUInt32LE(0);
  if (be === PCAPNG_SHB) return { parser: new PcapngParser(undatedMs), format: 'pcapng' };
  if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US) return { parser: new ClassicPcapParser(), format: 'pcap' };
  if (be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) return { parser: new ClassicPcapParser(), format: 'pcap-ns' };
  return { problem: `not a pcap or pcapng file (magic ${magic.toString('hex')})` };
}

/**
 * readCapture over blocks someone else reads (the shared input of parallel extraction), with the magic read before;
 * `modifiedMs` is the file's modification time (captureParser's `undatedMs`).
 */
export function readCaptureBlocks(magic: Buffer, modifiedMs: number, source: BlockSource, sink: PacketSink, opts: FeedOptions = {}): Promise<CaptureOutcome> {
  return feedCapture(captureParser(magic, modifiedMs), source, sink, opts);
}

async function feedCapture(chosen: ChosenParser, source: BlockSource, sink: PacketSink, opts: FeedOptions): Promise<CaptureOutcome> {
  if ('problem' in chosen) return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: chosen.problem };
  const counted = { bytes: 0 };
  const outcome = await feedBlocks(source, chosen.parser, sink, counted, opts);
  return { ...outcome, format: chosen.format, bytes: counted.bytes };
}

/**
 * Block reads into two reused buffers: no allocation per chunk. While one block is parsed the next is read
 * into the other by libuv's thread pool, so the kernel's copy of the file (~6 % of a one-thread run when read
 * in line) happens beside the parsing. A block is overwritten only once the one after it has been asked for,
 * as with a single buffer, so nothing that held on to it (nothing may: see TcpSegmentSink) sees a change.
 * 1 MiB stays in cache between the read and the parse (4 MiB measured ~5 % slower end to end).
 */
const READ_BUF = 1 << 20;

function fileBlocks(fd: number): BlockSource & { settled(): Promise<void> } {
  const bufs = [Buffer.allocUnsafe(READ_BUF), Buffer.allocUnsafe(READ_BUF)];
  let turn = 0;
  const readInto = (buf: Buffer) =>
    new Promise<number>((resolve, reject) => read(fd, buf, 0, buf.length, null, (err, n) => (err ? reject(err) : resolve(n))));
  const readAhead = (buf: Buffer) => {
    const p = readInto(buf);
    // A reader stopped before asking again never awaits it: its failure must not go unhandled.
    p.catch(() => {});
    return p;
  };
  let ahead = readAhead(bufs[0]);
  return {
    next: async () => {
      const n = await ahead;
      if (n === 0) return undefined;
      const buf = bufs[turn];
      turn ^= 1;
      ahead = readAhead(bufs[turn]);
      return buf.subarray(0, n);
    },
    settled: () => ahead.then(
      () => {},
      () => {},
    ),
  };
}

/** A decompressed stream's chunks as blocks (each chunk is a fresh buffer). */
function streamBlocks(stream: Readable): BlockSource {
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  return {
    next: async () => {
      const r = await chunks.next();
      return r.done ? undefined : r.value;
    },
  };
}
