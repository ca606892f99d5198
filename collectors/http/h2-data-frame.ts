import { END_STREAM, FRAME_HEADER, PADDED } from './h2-frame-scan';
import type { H2Events } from './h2-events';

/**
 * A DATA frame whose payload is delivered as its segments come instead of held until it is whole: a peer that raised
 * SETTINGS_MAX_FRAME_SIZE sends frames of up to 16 MiB, and holding one took half a worker's share of the buffer
 * budget that split heads and ClientHellos of every other connection draw on. Headers and other frames are still
 * held whole; they are small.
 */
export class H2DataFrame {
  /** Payload bytes of the frame still to come (its data, then its padding); 0 when none is under way. */
  left = 0;
  private pad = 0;
  private stream = 0;
  private endStream = false;

  constructor(
    private readonly fromClient: boolean,
    private readonly events: H2Events,
  ) {}

  /**
   * Starts on the DATA frame at b[o] (header whole, payload not) and delivers what of it b holds. False when its
   * padding length is not there yet or exceeds the frame: then it is held whole, as other frames are.
   */
  begin(b: Buffer, o: number, len: number, ts: number): boolean {
    const flags = b[o + 4];
    let s = o + FRAME_HEADER;
    let pad = 0;
    if (flags & PADDED) {
      if (s >= b.length || b[s] > len - 1) return false;
      pad = b[s++];
    }
    this.stream = b.readUInt32BE(o + 5) & 0x7fffffff;
    this.endStream = (flags & END_STREAM) !== 0;
    this.pad = pad;
    this.left = len - (s - o - FRAME_HEADER);
    // A frame of padding alone still carries its END_STREAM.
    if (this.left === pad) this.events.onData(this.fromClient, this.stream, b, s, s, this.endStream, ts);
    this.push(b, s, b.length, ts);
    return true;
  }

  /** Delivers what of buf[start, end) belongs to the frame; returns where the frame's bytes stop. */
  push(buf: Buffer, start: number, end: number, ts: number): number {
    const n = Math.min(end - start, this.left);
    const data = Math.min(n, this.left - this.pad);
    this.left -= n;
    if (data > 0) this.events.onData(this.fromClient, this.stream, buf, start, start + data, this.endStream && this.left <= this.pad, ts);
    return start + n;
  }

  /**
   * A hole of `bytes` (-1: unknown) in the frame: its data bytes in the hole are counted lost (the frame's header
   * said how many). Returns how much of the hole lies past the frame's end (0: it ended inside, framing is whole; -1:
   * unknown, and so is the body's size).
   */
  gap(bytes: number, ts: number): number {
    if (bytes < 0) {
      if (this.left > this.pad) this.events.onDataLost(this.fromClient, this.stream, -1, false, ts);
      this.left = 0;
      return -1;
    }
    const lost = Math.min(bytes, this.left);
    const data = Math.min(lost, this.left - this.pad);
    this.left -= lost;
    if (data > 0) this.events.onDataLost(this.fromClient, this.stream, data, this.endStream && this.left <= this.pad, ts);
    return bytes - lost;
  }
}
