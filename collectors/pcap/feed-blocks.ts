import type { CaptureParser, PacketSink } from './packet-sink';
import type { SourceOutcome } from './pcap-parser-source';

/**
 * A capture as a sequence of blocks cut anywhere (records straddle block ends). A block is valid only
 * until the next call: the file reader reads into one buffer, the shared input ring hands slots back, a
 * gzip stream hands out its inflated chunks.
 */
export interface BlockSource {
  /** The next block, or undefined at the end of the input. Throws (or rejects) on a read error. */
  next(): Buffer | undefined | Promise<Buffer | undefined>;
}

export interface FeedOptions {
  signal?: { readonly aborted: boolean };
  /** After each block: bytes fed so far. */
  onBlock?: (bytes: number) => void;
}

/** The event loop gets a turn this often, so abort signals and stdout writes are not starved. */
const YIELD_EVERY = 64 << 20;
/** How much of the next block is first copied behind a straddling record (enough for any Ethernet frame). */
const JOIN_FIRST = 16 << 10;

/**
 * Parses the blocks' records in place. A record cut by a block end is completed in a small carry buffer
 * from the start of the next block, and parsing resumes in that block right after it: blocks are never
 * copied whole, so a reader may hand out views of memory it owns (a shared slot) as cheaply as its own buffer.
 */
export async function feedBlocks(source: BlockSource, parser: CaptureParser, sink: PacketSink, counted: { bytes: number }, opts: FeedOptions = {}): Promise<SourceOutcome> {
  const carry = new Carry();
  let sinceYield = 0;
  /** Between reads: an exception now comes from the packet just counted (the sink), not from the next read. */
  let parsing = false;
  try {
    for (;;) {
      if (opts.signal?.aborted) break;
      const block = await source.next();
      if (block === undefined) break;
      parsing = true;
      counted.bytes += block.length;
      let from = 0;
      if (carry.length > 0) {
        const joined = carry.join(block, parser, sink);
        if (typeof joined !== 'number') return failure(parser, joined.invalid);
        from = joined;
      }
      if (from < block.length) {
        const r = parser.parse(from === 0 ? block : block.subarray(from), sink);
        if (typeof r !== 'number') return failure(parser, r.invalid);
        if (from + r < block.length) carry.keep(block, from + r, block.length);
      }
      parsing = false;
      opts.onBlock?.(counted.bytes);
      sinceYield += block.length;
      if (sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (!opts.signal?.aborted && carry.length > 0) {
      // What could not be told without more input (where damage ends, near the end of the file) is told now.
      parsing = true;
      const r = parser.parse(carry.bytes, sink, true);
      if (typeof r !== 'number') return failure(parser, r.invalid);
      carry.length -= r;
    }
  } catch (err) {
    // A stream closed because of a stop request ends as the stop, not as damage.
    if (opts.signal?.aborted) return stopped(parser);
    return { ...failure(parser, `packet ${parsing ? parser.packets : parser.packets + 1}: ${(err as Error).message}`), thrown: true };
  }
  return opts.signal?.aborted ? stopped(parser) : ending(parser, carry.length);
}

/** The unparsed tail of the previous blocks: one incomplete record (or the file header before it is whole). */
class Carry {
  private buf = Buffer.allocUnsafe(0);
  length = 0;

  get bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  keep(block: Buffer, start: number, end: number): void {
    this.reserve(this.length + end - start);
    this.length += block.copy(this.buf, this.length, start, end);
  }

  /**
   * Appends the start of `block` until the carried record is whole and parses it (with any records after
   * it in the copied part). Returns where parsing resumes in `block` (block.length: all of it was carried).
   */
  join(block: Buffer, parser: CaptureParser, sink: PacketSink): number | { invalid: string } {
    let take = Math.min(block.length, JOIN_FIRST);
    for (;;) {
      const held = this.length;
      this.reserve(held + take);
      block.copy(this.buf, held, 0, take);
      const r = parser.parse(this.buf.subarray(0, held + take), sink);
      if (typeof r !== 'number') return r;
      if (r >= held) {
        this.length = 0;
        return r - held;
      }
      // Still incomplete (a record longer than what was copied): drop what was parsed, copy more.
      if (r > 0) this.buf.copy(this.buf, 0, r, held);
      this.length = held - r;
      if (take === block.length) {
        this.keep(block, 0, take);
        return block.length;
      }
      take = Math.min(block.length, take * 8);
    }
  }

  private reserve(size: number): void {
    if (size <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(size, 2 * this.buf.length, 1 << 16));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}

function failure(parser: CaptureParser, problem: string): SourceOutcome {
  return parser.started ? withSkips(parser, { status: 'truncated', packets: parser.packets, problem }) : { status: 'invalid', packets: 0, problem };
}

/** Asked to stop (SIGINT, SIGTERM) before the end: partial like a truncated file, but said as it is. */
function stopped(parser: CaptureParser): SourceOutcome {
  return withSkips(parser, { status: 'truncated', packets: parser.packets, problem: `stopped on request after packet ${parser.packets}, before the end of the file` });
}

function ending(parser: CaptureParser, leftover: number): SourceOutcome {
  if (!parser.started) return { status: 'invalid', packets: 0, problem: 'file ends inside the capture header' };
  const damaged = parser.damage?.problem;
  if (damaged !== undefined) return withSkips(parser, { status: 'truncated', packets: parser.packets, problem: `${damaged}, and no intact record follows` });
  if (leftover === 0) return withSkips(parser, { status: 'ok', packets: parser.packets });
  return withSkips(parser, { status: 'truncated', packets: parser.packets, problem: `packet ${parser.packets + 1}: file ends inside the record` });
}

/** The damaged stretches passed over on the way, and the packets the parser dated, when there were any. */
function withSkips(parser: CaptureParser, outcome: SourceOutcome): SourceOutcome {
  const withDamage = parser.damage?.skipped.length ? { ...outcome, skipped: [...parser.damage.skipped] } : outcome;
  return parser.undated?.packets ? { ...withDamage, undated: { ...parser.undated } } : withDamage;
}
