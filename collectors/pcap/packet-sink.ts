/**
 * What every capture reader feeds: one call per captured frame. `data[start, end)` is only valid during
 * the call (readers reuse their chunk buffers), so consumers copy what they keep.
 */
export interface PacketSink {
  /** `timeInferred`: the record carries no time (a pcapng simple packet block); `tsMs` is the reader's estimate. */
  packet(linkType: number, data: Buffer, start: number, end: number, tsMs: number, timeInferred?: boolean): void;
}

/** How a capture file ended: `truncated` keeps everything before the damage, `invalid` means unreadable. */
export type ReaderStatus = 'ok' | 'truncated' | 'invalid';

/** A block-format parser fed chunk by chunk; it returns how many bytes it consumed (the rest is carried). */
export interface CaptureParser {
  /**
   * Parses complete records in buf[0, len) and returns the offset of the first incomplete one. `last`: these are the
   * input's last bytes (what earlier calls left), so what needs more input to be told is told now.
   */
  parse(buf: Buffer, sink: PacketSink, last?: boolean): number | { invalid: string };
  /** Records seen so far (the next problem is reported against packet `packets + 1`). */
  readonly packets: number;
  /** The file header parsed: damage after this point is truncation (exit 0), before it unreadable (exit 2). */
  readonly started: boolean;
  /** Damage passed over to the next intact record (parsers that can find one): see DamageSearch. */
  readonly damage?: { readonly skipped: readonly DamageSkipped[]; readonly problem: string | undefined };
  /** Packets the format gave no time (pcapng simple packet blocks), dated by the parser: see UndatedPackets. */
  readonly undated?: UndatedPackets;
}

/** Packets without a time of their own, dated with the one before them (or the file's modification time before any). */
export interface UndatedPackets {
  packets: number;
  /** The first of them. */
  first: number;
  /** Some came before any packet with a time. */
  beforeAnyTime: boolean;
}

export interface DamageSkipped {
  /** The last intact packet before the damage (0: none). */
  afterPacket: number;
  /** What was wrong with the first damaged record. */
  problem: string;
  bytes: number;
}
