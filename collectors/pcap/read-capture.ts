import type { Readable } from 'node:stream';
import { ClassicPcapParser, PCAP_MAGIC_NS, PCAP_MAGIC_US } from './classic-pcap';
import { openCapture } from './open-capture';
import type { CaptureParser, PacketSink } from './packet-sink';
import { readWithPcapParser, type SourceOutcome } from './pcap-parser-source';
import { PcapngParser, PCAPNG_SHB } from './pcapng';

export type ClassicReader = 'pcap-parser' | 'builtin';

export interface ReadCaptureOptions {
  /** Which reader handles classic microsecond pcap (nanosecond files always use the built-in one). */
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
  let opened;
  try {
    opened = await openCapture(path);
  } catch (err) {
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
  const { stream, magic } = opened;
  if (magic.length < 4) {
    stream.destroy();
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: 'empty or unreadable file' };
  }
  const be = magic.readUInt32BE(0);
  const le = magic.readUInt32LE(0);
  let bytes = 0;
  stream.on('data', (c: Buffer) => {
    bytes += c.length;
    opts.onBytes?.(bytes, opened.gzip ? 0 : opened.fileBytes);
  });
  let outcome: SourceOutcome;
  let format: CaptureOutcome['format'];
  if (be === PCAPNG_SHB) {
    format = 'pcapng';
    outcome = await readBlocks(stream, new PcapngParser(), sink, opts.signal);
  } else if (be === PCAP_MAGIC_US || le === PCAP_MAGIC_US) {
    format = 'pcap';
    outcome =
      opts.classicReader === 'builtin'
        ? await readBlocks(stream, new ClassicPcapParser(), sink, opts.signal)
        : await readWithPcapParser(stream, sink);
  } else if (be === PCAP_MAGIC_NS || le === PCAP_MAGIC_NS) {
    format = 'pcap-ns';
    outcome = await readBlocks(stream, new ClassicPcapParser(), sink, opts.signal);
  } else {
    stream.destroy();
    return { status: 'invalid', packets: 0, bytes: 0, format: 'unknown', problem: `not a pcap or pcapng file (magic ${magic.toString('hex')})` };
  }
  return { ...outcome, format, bytes };
}

/** Feeds chunks to a block parser, carrying an incomplete record over to the next chunk. */
async function readBlocks(stream: Readable, parser: CaptureParser, sink: PacketSink, signal?: AbortSignal): Promise<SourceOutcome> {
  let carry: Buffer | undefined;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) break;
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const r = parser.parse(buf, sink);
      if (typeof r !== 'number') {
        stream.destroy();
        return parser.packets === 0
          ? { status: 'invalid', packets: 0, problem: r.invalid }
          : { status: 'truncated', packets: parser.packets, problem: r.invalid };
      }
      // Copy the tail: keeping a subarray would pin the whole 1 MiB chunk.
      carry = r < buf.length ? Buffer.from(buf.subarray(r)) : undefined;
    }
  } catch (err) {
    const problem = `packet ${parser.packets + 1}: ${(err as Error).message}`;
    return parser.packets === 0 ? { status: 'invalid', packets: 0, problem } : { status: 'truncated', packets: parser.packets, problem };
  }
  if (carry && carry.length > 0) {
    if (parser.packets === 0) return { status: 'invalid', packets: 0, problem: 'file ends inside the capture header' };
    return { status: 'truncated', packets: parser.packets, problem: `packet ${parser.packets + 1}: file ends inside the record` };
  }
  return { status: 'ok', packets: parser.packets };
}
