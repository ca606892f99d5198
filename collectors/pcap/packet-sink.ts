/**
 * What every capture reader feeds: one call per captured frame. `data[start, end)` is only valid during
 * the call (readers reuse their chunk buffers), so consumers copy what they keep.
 */
export interface PacketSink {
  packet(linkType: number, data: Buffer, start: number, end: number, tsMs: number): void;
}

/** How a capture file ended: `truncated` keeps everything before the damage, `invalid` means unreadable. */
export type ReaderStatus = 'ok' | 'truncated' | 'invalid';

/** A block-format parser fed chunk by chunk; it returns how many bytes it consumed (the rest is carried). */
export interface CaptureParser {
  /** Parses complete records in buf[0, len) and returns the offset of the first incomplete one. */
  parse(buf: Buffer, sink: PacketSink): number | { invalid: string };
  /** Records seen so far (the next problem is reported against packet `packets + 1`). */
  readonly packets: number;
  /** The file header parsed: damage after this point is truncation (exit 0), before it unreadable (exit 2). */
  readonly started: boolean;
  /** The input's last bytes (what parse left): no more follow, so what cannot be told now never can. */
  end?(buf: Buffer, sink: PacketSink): number | { invalid: string };
  /** Damaged stretches passed over so far, each to the next intact record (parsers that can find one). */
  readonly skipped?: readonly DamageSkipped[];
  /** While looking for an intact record after damage: what the damage was (input that ends now ends in it). */
  readonly damaged?: string;
}

export interface DamageSkipped {
  /** The last intact packet before the damage (0: none). */
  afterPacket: number;
  /** What was wrong with the first damaged record. */
  problem: string;
  bytes: number;
}
