import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { ClassicPcapParser, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './classic-pcap';
import { captureStream, readCaptureHead } from './open-capture';
import type { CaptureParser, PacketSink } from './packet-sink';
import { readWithPcapParser, type SourceOutcome } from './pcap-parser-source';
import { PcapngParser, PCAPNG_SHB } from './pcapng';

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
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  const { magic, gzip, fileBytes } = head;
  if (magic.length < 4) return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: 'empty or unreadable file' };
  const be = magic.readUInt32BE(0);
  const le = magic.readUInt32LE(0);
  let parser: CaptureParser;
  let format: CaptureOutcome['format'];
  if (be === PCAPNG_SHB) {
    format = 'pcapng';
    parser = new PcapngParser();
  } else if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US) {
    format = 'pcap';
    parser = new ClassicPcapParser();
    if (opts.classicReader === 'pcap-parser') {
      const stream = captureStream(path, gzip);
      let bytes = 0;
      stream.on('data', (c: Buffer) => {
        bytes += c.length;
        opts.onBytes?.(bytes, gzip ? 0 : fileBytes);
      });
      return { ...(await readWithPcapParser(stream, sink)), format, bytes };
    }
  } else if (be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) {
    format = 'pcap-ns';
    parser = new ClassicPcapParser();
  } else {
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: `not a pcap or pcapng file (magic ${magic.toString('hex')})` };
  }
  const counted = { bytes: 0 };
  const outcome = gzip
    ? await readStreamBlocks(captureStream(path, true), parser, sink, counted, opts)
    : await readFileBlocks(path, fileBytes, parser, sink, counted, opts);
  return { ...outcome, format, bytes: counted.bytes };
}

/**
 * Block reads into one reused buffer: no allocation per chunk, no idle time waiting on a stream. 1 MiB
 * stays in cache between the read and the parse that follows it (4 MiB measured ~5 % slower end to end;
 * 256 KiB slower again, from the carried tails).
 */
const READ_BUF = 1 << 20;
/** The event loop gets a turn this often, so abort signals and stdout writes are not starved. */
const YIELD_EVERY = 64 << 20;

async function readFileBlocks(
  path: string,
  fileBytes: number,
  parser: CaptureParser,
  sink: PacketSink,
  counted: { bytes: number },
  opts: ReadCaptureOptions,
): Promise<SourceOutcome> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { status: 'invalid', packets: 0, problem: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  let buf = Buffer.allocUnsafe(READ_BUF);
  let have = 0;
  let sinceYield = 0;
  try {
    for (;;) {
      if (opts.signal?.aborted) break;
      if (have === buf.length) {
        // One record larger than the buffer (a 16 MiB pcapng block): grow once for it.
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, have);
        buf = grown;
      }
      const n = readSync(fd, buf, have, buf.length - have, null);
      if (n === 0) break;
      counted.bytes += n;
      have += n;
      const r = parser.parse(buf.subarray(0, have), sink);
      if (typeof r !== 'number') return failure(parser, r.invalid);
      if (r > 0) {
        buf.copy(buf, 0, r, have);
        have -= r;
      }
      opts.onBytes?.(counted.bytes, fileBytes);
      sinceYield += n;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (err) {
    return failure(parser, `packet ${parser.packets + 1}: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
  return opts.signal?.aborted ? stopped(parser) : ending(parser, have);
}

/** Feeds a stream (gzip) to a block parser, carrying an incomplete record over to the next chunk. */
async function readStreamBlocks(stream: Readable, parser: CaptureParser, sink: PacketSink, counted: { bytes: number }, opts: ReadCaptureOptions): Promise<SourceOutcome> {
  let carry: Buffer | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) break;
      counted.bytes += chunk.length;
      opts.onBytes?.(counted.bytes, 0);
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const r = parser.parse(buf, sink);
      if (typeof r !== 'number') {
        stream.destroy();
        return failure(parser, r.invalid);
      }
      // Copy the tail: keeping a subarray would pin the whole chunk.
      carry = r < buf.length ? Buffer.from(buf.subarray(r)) : undefined;
    }
  } catch (err) {
    return failure(parser, `packet ${parser.packets + 1}: ${(err as Error).message}`);
  }
  return opts.signal?.aborted ? stopped(parser) : ending(parser, carry?.length ?? 0);
}

function failure(parser: CaptureParser, problem: string): SourceOutcome {
  return parser.started ? { status: 'truncated', packets: parser.packets, problem } : { status: 'invalid', packets: 0, problem };
}

/** Asked to stop (SIGINT, SIGTERM) before the end: partial like a truncated file, but said as it is. */
function stopped(parser: CaptureParser): SourceOutcome {
  return { status: 'truncated', packets: parser.packets, problem: `stopped on request after packet ${parser.packets}, before the end of the file` };
}

function ending(parser: CaptureParser, leftover: number): SourceOutcome {
  if (leftover === 0 && parser.started) return { status: 'ok', packets: parser.packets };
  if (!parser.started) return { status: 'invalid', packets: 0, problem: 'file ends inside the capture header' };
  return { status: 'truncated', packets: parser.packets, problem: `packet ${parser.packets + 1}: file ends inside the record` };
}
