import type { BufferBudget } from './buffer-budget';
import {
  CONTINUATION, DATA, DEFAULT_MAX_FRAME, END_HEADERS, END_STREAM, FRAME_HEADER, HEADERS, PADDED, PUSH_PROMISE, RST_STREAM, SETTINGS,
  findFrameStart, headerBlockFragment,
} from './h2-frame-scan';
import { H2DataFrame } from './h2-data-frame';
import type { H2Counters, H2Events, H2ResyncStats } from './h2-events';
import { H2_PREFACE } from './h2-preface';
import { HpackDecoder } from './hpack-decoder';
import { type Header, headerValue } from './http1-head';

export { H2_PREFACE, looksLikeSettings, startsWithPreface } from './h2-preface';
export type { H2Counters, H2Events, H2ResyncStats } from './h2-events';

const SETTINGS_MAX_FRAME_SIZE = 5;
/** SETTINGS_MAX_FRAME_SIZE tops out at 2^24-1; a frame header claiming more is not HTTP/2. */
const MAX_FRAME = 1 << 24;
/** Header blocks above this are dropped, and what they did to the HPACK table with them (see HpackDecoder). */
const MAX_HEADER_BLOCK = 256 << 10;
/**
 * Bytes looked through for a frame boundary after a hole before giving up on the direction: gRPC and
 * browsers keep frames ≤ 16 KiB, so real traffic resyncs within a few frames; garbage costs this much.
 */
const SCAN_LIMIT = 256 << 10;

/** One direction of an h2c connection: frames out of a byte stream, header blocks through HPACK. */
class H2Direction {
  private buf = Buffer.alloc(0);
  /**
   * Segments of a frame still incomplete, joined to `buf` once it is whole: joining every segment copied the
   * partial frame each time, quadratic in its size (frames of MiBs, from peers that raise SETTINGS_MAX_FRAME_SIZE).
   */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Length `buf` must reach for the frame it starts with to be whole (0: not known). */
  private need = 0;
  private prefaceLeft: number;
  private block: Buffer[] = [];
  private blockBytes = 0;
  private blockStream = 0;
  private blockEnd = false;
  private blockIsPush = false;
  private blockTs = 0;
  private blockPacket = 0;
  private readonly hpack = new HpackDecoder();
  /** A DATA frame under way, delivered as it comes (h2-data-frame.ts). */
  private readonly data: H2DataFrame;
  /** Frame boundaries are unknown (a hole of unknown extent): looking for them. */
  private scanning = false;
  private scanned = 0;
  /** Bytes left of a frame whose middle fell into a hole. */
  private skip = 0;
  /** The header block being received was lost: its CONTINUATION frames go unread. */
  private skipContinuations = false;
  /** Largest frame this side may send: the peer's SETTINGS_MAX_FRAME_SIZE. */
  maxFrame = DEFAULT_MAX_FRAME;
  peer?: H2Direction;
  broken = false;
  brokenAt = 0; // the packet this side gave up in
  private lastTs = 0;
  private lastPacket = 0;
  private frameTs = 0;
  private framePacket = 0;
  /** The next boundary found is where the capture began (startMidStream), not a resync after a hole. */
  private uncounted = false;

  constructor(
    private readonly fromClient: boolean,
    expectPreface: boolean,
    private readonly events: H2Events,
    private readonly budget: BufferBudget,
    private readonly stats: H2ResyncStats,
  ) {
    this.prefaceLeft = expectPreface ? H2_PREFACE.length : 0;
    this.data = new H2DataFrame(fromClient, events);
  }

  push(chunk: Buffer, start: number, end: number, ts: number, packet: number): void {
    if (this.broken) return;
    if (this.prefaceLeft > 0) {
      const n = Math.min(this.prefaceLeft, end - start);
      start += n;
      this.prefaceLeft -= n;
    }
    if (this.skip > 0) {
      const n = Math.min(this.skip, end - start);
      start += n;
      this.skip -= n;
    }
    if (this.data.left > 0) start = this.data.push(chunk, start, end, ts);
    if (start >= end) return;
    this.lastTs = ts;
    this.lastPacket = packet;
    if (this.scanning && (this.scanned += end - start) > SCAN_LIMIT + this.maxFrame) return this.fail();
    if (!this.budget.reserve(end - start)) return this.fail();
    // Where the frame `buf` starts with began: a request's time and packet are its first byte's, as for HTTP/1.
    if (this.buf.length === 0 && this.heldBytes === 0) [this.frameTs, this.framePacket] = [ts, packet];
    if (this.buf.length + this.heldBytes + (end - start) < this.need) {
      this.held.push(Buffer.from(chunk.subarray(start, end)));
      this.heldBytes += end - start;
      return;
    }
    if (this.heldBytes > 0) {
      this.held.push(chunk.subarray(start, end));
      this.joinHeld();
    } else this.buf = this.buf.length === 0 ? Buffer.from(chunk.subarray(start, end)) : Buffer.concat([this.buf, chunk.subarray(start, end)]);
    let o = 0;
    while (!this.broken) {
      if (this.scanning) {
        o = this.scan(o);
        if (this.scanning) break;
      }
      if (o + FRAME_HEADER > this.buf.length) break;
      const len = this.buf.readUIntBE(o, 3);
      if (len >= MAX_FRAME) return this.fail();
      if (len > this.maxFrame && this.hpack.lostHistory) {
        // Larger than this side may send: the resync point was a false one.
        this.rescan();
        continue;
      }
      if (o + FRAME_HEADER + len > this.buf.length) {
        if (this.buf[o + 3] === DATA && this.data.begin(this.buf, o, len, ts)) o = this.buf.length;
        break;
      }
      const first = o === 0;
      this.frame(this.buf[o + 3], this.buf[o + 4], this.buf.readUInt32BE(o + 5) & 0x7fffffff, o + FRAME_HEADER, o + FRAME_HEADER + len, first ? this.frameTs : ts, first ? this.framePacket : packet);
      o += FRAME_HEADER + len;
    }
    if (this.broken) return;
    if (o > 0) [this.frameTs, this.framePacket] = [ts, packet];
    this.budget.release(o);
    this.buf = o === this.buf.length ? Buffer.alloc(0) : o === 0 ? this.buf : Buffer.from(this.buf.subarray(o));
    this.need = !this.scanning && this.buf.length >= FRAME_HEADER ? FRAME_HEADER + this.buf.readUIntBE(0, 3) : 0;
  }

  private joinHeld(): void {
    this.buf = Buffer.concat([this.buf, ...this.held]);
    this.held = [];
    this.heldBytes = 0;
  }

  /** `bytes` of this direction were not captured (-1: unknown amount). */
  gap(bytes: number): void {
    if (this.broken) return;
    if (this.data.left > 0 && (bytes = this.data.gap(bytes, this.lastTs)) === 0) return;
    if (this.heldBytes > 0) this.joinHeld();
    if (this.prefaceLeft > 0 && bytes > 0 && bytes <= this.prefaceLeft) {
      this.prefaceLeft -= bytes;
      return;
    }
    this.prefaceLeft = 0;
    if (this.skip > 0 && bytes > 0 && bytes <= this.skip) {
      this.skip -= bytes;
      return;
    }
    this.skip = 0;
    const b = this.buf;
    if (!this.scanning && bytes > 0 && b.length >= FRAME_HEADER) {
      // The buffer starts at a frame: when the hole ends inside that frame, the next one starts at a known offset.
      const left = FRAME_HEADER + b.readUIntBE(0, 3) - b.length;
      if (bytes <= left) {
        this.frameLost(b[3], b[4], b.readUInt32BE(5) & 0x7fffffff, b.readUIntBE(0, 3));
        this.dropBuffer();
        this.skip = left - bytes;
        return;
      }
    }
    this.dropBuffer();
    this.loseHeaderBlock();
    this.skipContinuations = false;
    this.hpack.forget();
    if (!this.scanning) this.scanned = 0;
    this.scanning = true;
  }

  /** The capture began inside the connection: as after a hole of unknown size, preface long gone. */
  startMidStream(): void {
    this.prefaceLeft = 0;
    this.gap(-1);
    this.uncounted = true;
  }

  private countResync(): void {
    if (this.uncounted) this.uncounted = false;
    else this.stats.resyncs++;
  }

  fail(): void {
    if (!this.broken) this.brokenAt = this.lastPacket;
    this.data.left = 0;
    this.dropBuffer();
    this.broken = true;
    this.block = [];
  }

  private dropBuffer(): void {
    this.budget.release(this.buf.length + this.heldBytes);
    this.buf = Buffer.alloc(0);
    this.held = [];
    this.heldBytes = 0;
    this.need = 0;
  }

  /** Scans from `o` for a frame boundary; returns where to go on from (the boundary, or what to keep). */
  private scan(o: number): number {
    const found = findFrameStart(this.buf, o, this.buf.length, this.fromClient, this.maxFrame);
    if (found.status === 'none') return Math.max(o, this.buf.length - (FRAME_HEADER - 1));
    if (found.status === 'found') {
      this.scanning = false;
      this.countResync();
    } else if (found.atEnd && this.headersAtSegmentEnd(found.offset)) {
      this.scanning = false;
      this.countResync();
      return this.buf.length;
    }
    return found.offset;
  }

  /**
   * A lone HEADERS frame ending exactly where the data does (a client that waits for each response sends
   * one request per segment): rather than wait for the next request, after this one's response, accept it
   * when it decodes to a whole request or response head. Garbage passing both checks is not a concern;
   * what it inserted into the HPACK table is forgotten when it does not pass.
   */
  private headersAtSegmentEnd(o: number): boolean {
    const b = this.buf;
    const flags = b[o + 4];
    if (b[o + 3] !== HEADERS || (flags & END_HEADERS) === 0) return false;
    const fragment = headerBlockFragment(b, HEADERS, flags, o + FRAME_HEADER, b.length);
    if (!fragment) return false;
    const headers = this.hpack.decode(b, fragment[0], fragment[1]);
    const complete = headers !== undefined && (this.fromClient ? has(headers, ':method') && has(headers, ':path') : has(headers, ':status'));
    if (!complete) {
      this.hpack.forget();
      return false;
    }
    this.blockStream = b.readUInt32BE(o + 5) & 0x7fffffff;
    this.blockIsPush = false;
    this.blockEnd = (flags & END_STREAM) !== 0;
    this.blockTs = this.lastTs;
    this.blockPacket = this.lastPacket;
    this.deliverHeaders(headers);
    return true;
  }

  /** A frame with this header lost (part of) its payload to a hole; frames after it are intact. */
  private frameLost(type: number, flags: number, stream: number, len: number): void {
    if (type === DATA) this.events.onDataLost(this.fromClient, stream, len, (flags & END_STREAM) !== 0, this.lastTs);
    else if (type === HEADERS || type === CONTINUATION) {
      this.block = [];
      this.stats.headerBlocksDropped++;
      this.hpack.forget();
      this.skipContinuations = (flags & END_HEADERS) === 0;
    }
  }

  private loseHeaderBlock(): void {
    if (this.block.length === 0) return;
    this.block = [];
    this.stats.headerBlocksDropped++;
  }

  /** What decoded after a resync is not HTTP/2 after all: back to looking for frames. */
  private rescan(): void {
    this.block = [];
    this.skipContinuations = false;
    this.hpack.forget();
    this.scanning = true;
  }

  private frame(type: number, flags: number, stream: number, s: number, e: number, ts: number, packet: number): void {
    const b = this.buf;
    if (type === DATA) {
      let end = e;
      let start = s;
      if (flags & PADDED) {
        end -= b[s];
        start++;
      }
      if (end >= start) this.events.onData(this.fromClient, stream, b, start, end, (flags & END_STREAM) !== 0, ts);
    } else if (type === HEADERS || type === PUSH_PROMISE) {
      // A PUSH_PROMISE's block is a request the server makes up: decoded only for what it does to the table.
      const fragment = headerBlockFragment(b, type, flags, s, e);
      if (!fragment) return this.invalid();
      const [start, end] = fragment;
      this.blockIsPush = type === PUSH_PROMISE;
      this.skipContinuations = false;
      this.block = [Buffer.from(b.subarray(start, end))];
      this.blockBytes = end - start;
      this.blockStream = stream;
      this.blockEnd = (flags & END_STREAM) !== 0;
      this.blockTs = ts;
      this.blockPacket = packet;
      if (flags & END_HEADERS) this.headerBlockDone();
    } else if (type === CONTINUATION) {
      if (this.skipContinuations || (this.block.length === 0 && this.hpack.lostHistory)) {
        // The rest of a block whose start was lost (possibly the frame a resync landed on).
        if (!this.skipContinuations) this.frameLost(type, flags, stream, e - s);
        else if (flags & END_HEADERS) this.skipContinuations = false;
        return;
      }
      if (stream !== this.blockStream || this.block.length === 0) return this.invalid();
      this.block.push(Buffer.from(b.subarray(s, e)));
      this.blockBytes += e - s;
      if (this.blockBytes > MAX_HEADER_BLOCK) return this.frameLost(type, flags, stream, e - s);
      if (flags & END_HEADERS) this.headerBlockDone();
    } else if (type === RST_STREAM) {
      this.events.onReset(stream, ts);
    } else if (type === SETTINGS && (flags & 1) === 0 && this.peer) {
      for (let p = s; p + 6 <= e; p += 6) {
        const value = b.readUInt32BE(p + 2);
        if (b.readUInt16BE(p) === SETTINGS_MAX_FRAME_SIZE && value >= DEFAULT_MAX_FRAME && value < MAX_FRAME) this.peer.maxFrame = value;
      }
    }
  }

  /** A protocol violation: fatal on an intact connection, a sign of a false resync after a hole. */
  private invalid(): void {
    if (!this.hpack.lostHistory) return this.fail();
    this.stats.headerBlocksDropped++;
    this.rescan();
  }

  private headerBlockDone(): void {
    const block = this.block.length === 1 ? this.block[0] : Buffer.concat(this.block);
    this.block = [];
    const headers = this.hpack.decode(block, 0, block.length);
    if (headers === undefined) return this.invalid();
    this.deliverHeaders(headers);
  }

  private deliverHeaders(headers: Header[]): void {
    if (this.blockIsPush) return;
    if (this.hpack.unknown > 0 && this.fromClient && !(has(headers, ':method') && has(headers, ':path'))) {
      // Fields from before a hole: what is missing may be the method or path, and those are never guessed.
      this.stats.headerBlocksDropped++;
      return;
    }
    if (this.fromClient) this.events.onRequestHeaders(this.blockStream, headers, this.blockEnd, this.blockTs, this.blockPacket);
    else this.events.onResponseHeaders(this.blockStream, headers, this.blockEnd, this.blockTs, this.blockPacket);
  }
}

function has(headers: Header[], name: string): boolean {
  return headerValue(headers, name) !== undefined;
}

/** Both directions of an h2c connection (prior knowledge, or after `Upgrade: h2c` + 101). */
export class H2Session {
  readonly stats: H2ResyncStats = { resyncs: 0, headerBlocksDropped: 0 };
  private readonly client: H2Direction;
  private readonly server: H2Direction;

  constructor(
    readonly clientDir: 0 | 1,
    events: H2Events,
    budget: BufferBudget,
  ) {
    this.client = new H2Direction(true, true, events, budget, this.stats);
    this.server = new H2Direction(false, false, events, budget, this.stats);
    this.client.peer = this.server;
    this.server.peer = this.client;
  }

  /**
   * A connection first seen mid-stream (a rotated capture, a mirror started late): no preface, both
   * directions as right after a hole, HPACK tables forgotten at their default size (4096).
   */
  startMidStream(): void {
    this.client.startMidStream();
    this.server.startMidStream();
  }

  /** Releases what partial frames still hold (the connection is closing), adds this session's counts; returns the packet it gave up in, or -1. */
  close(counters: H2Counters): number {
    const gaveUp = this.broken ? Math.min(this.client.brokenAt || Infinity, this.server.brokenAt || Infinity) : -1;
    this.client.fail();
    this.server.fail();
    if (this.stats.resyncs) counters.h2Resyncs = (counters.h2Resyncs ?? 0) + this.stats.resyncs;
    if (this.stats.headerBlocksDropped) counters.h2HeaderBlocksDropped = (counters.h2HeaderBlocksDropped ?? 0) + this.stats.headerBlocksDropped;
    return gaveUp;
  }

  push(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): void {
    (dir === this.clientDir ? this.client : this.server).push(buf, start, end, ts, packet);
  }

  /**
   * A hole in one direction: a frame it cuts is skipped exactly when the hole ends inside it, otherwise
   * frames are found again by scanning; HPACK goes on with what it can still know (HpackDecoder).
   */
  gap(dir: 0 | 1, bytes: number): void {
    (dir === this.clientDir ? this.client : this.server).gap(bytes);
  }

  get broken(): boolean {
    return this.client.broken || this.server.broken;
  }
}
