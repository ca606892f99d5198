import hpack from 'hpack.js';
import type { BufferBudget } from './buffer-budget';
import type { Header } from './http1-head';

/** HTTP/2 connection preface (RFC 9113 §3.4), sent by the client first. */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const DATA = 0;
const HEADERS = 1;
const RST_STREAM = 3;
const CONTINUATION = 9;
const END_STREAM = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;
/** SETTINGS_MAX_FRAME_SIZE tops out at 2^24-1; a frame header claiming more is not HTTP/2. */
const MAX_FRAME = 1 << 24;
/** Header blocks above this are dropped (and the connection with them: HPACK state is lost). */
const MAX_HEADER_BLOCK = 256 << 10;
/** Ceiling for HPACK dynamic table size updates (SETTINGS_HEADER_TABLE_SIZE values seen in practice are ≤ 64 KiB). */
const HPACK_MAX_TABLE = 1 << 16;

export interface H2Events {
  onRequestHeaders(stream: number, headers: Header[], endStream: boolean, tsMs: number, packet: number): void;
  onResponseHeaders(stream: number, headers: Header[], endStream: boolean, tsMs: number): void;
  onData(fromClient: boolean, stream: number, buf: Buffer, start: number, end: number, endStream: boolean, tsMs: number): void;
  onReset(stream: number, tsMs: number): void;
}

/** One direction of an h2c connection: frames out of a byte stream, header blocks through HPACK. */
class H2Direction {
  private buf = Buffer.alloc(0);
  private prefaceLeft: number;
  private block: Buffer[] = [];
  private blockBytes = 0;
  private blockStream = 0;
  private blockEnd = false;
  private blockTs = 0;
  private blockPacket = 0;
  private readonly hpack = hpack.decompressor.create({ table: { maxSize: HPACK_MAX_TABLE } });
  private failed = false;
  broken = false;

  constructor(
    private readonly fromClient: boolean,
    expectPreface: boolean,
    private readonly events: H2Events,
    private readonly budget: BufferBudget,
  ) {
    this.prefaceLeft = expectPreface ? H2_PREFACE.length : 0;
    // RFC 7541 §4.2: the table starts at 4096 bytes; the encoder may raise it up to what the peer allowed
    // in SETTINGS, which we do not track, so allow any size up to a generous ceiling.
    this.hpack.updateTableSize(4096);
    (this.hpack as unknown as { on(e: string, f: () => void): void }).on('error', () => {
      this.failed = true;
    });
  }

  push(chunk: Buffer, start: number, end: number, ts: number, packet: number): void {
    if (this.broken) return;
    if (this.prefaceLeft > 0) {
      const n = Math.min(this.prefaceLeft, end - start);
      start += n;
      this.prefaceLeft -= n;
    }
    if (start >= end) return;
    if (!this.budget.reserve(end - start)) return this.fail();
    this.buf = this.buf.length === 0 ? Buffer.from(chunk.subarray(start, end)) : Buffer.concat([this.buf, chunk.subarray(start, end)]);
    let o = 0;
    while (o + 9 <= this.buf.length) {
      const len = this.buf.readUIntBE(o, 3);
      if (len >= MAX_FRAME) return this.fail();
      if (o + 9 + len > this.buf.length) break;
      this.frame(this.buf[o + 3], this.buf[o + 4], this.buf.readUInt32BE(o + 5) & 0x7fffffff, o + 9, o + 9 + len, ts, packet);
      if (this.broken) return;
      o += 9 + len;
    }
    this.budget.release(o);
    this.buf = o === this.buf.length ? Buffer.alloc(0) : Buffer.from(this.buf.subarray(o));
  }

  fail(): void {
    this.budget.release(this.buf.length);
    this.broken = true;
    this.buf = Buffer.alloc(0);
    this.block = [];
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
    } else if (type === HEADERS) {
      let start = s;
      let end = e;
      if (flags & PADDED) {
        end -= b[s];
        start++;
      }
      if (flags & PRIORITY) start += 5;
      if (start > end) return this.fail();
      this.block = [Buffer.from(b.subarray(start, end))];
      this.blockBytes = end - start;
      this.blockStream = stream;
      this.blockEnd = (flags & END_STREAM) !== 0;
      this.blockTs = ts;
      this.blockPacket = packet;
      if (flags & END_HEADERS) this.headerBlockDone();
    } else if (type === CONTINUATION) {
      if (stream !== this.blockStream || this.block.length === 0) return this.fail();
      this.block.push(Buffer.from(b.subarray(s, e)));
      this.blockBytes += e - s;
      if (this.blockBytes > MAX_HEADER_BLOCK) return this.fail();
      if (flags & END_HEADERS) this.headerBlockDone();
    } else if (type === RST_STREAM) {
      this.events.onReset(stream, ts);
    }
  }

  private headerBlockDone(): void {
    const block = this.block.length === 1 ? this.block[0] : Buffer.concat(this.block);
    this.block = [];
    const headers: Header[] = [];
    this.hpack.write(block);
    this.hpack.execute();
    for (let f = this.hpack.read(); f !== null; f = this.hpack.read()) {
      if (headers.length < 256) headers.push([f.name.toLowerCase(), f.value]);
    }
    if (this.failed) return this.fail();
    if (this.fromClient) this.events.onRequestHeaders(this.blockStream, headers, this.blockEnd, this.blockTs, this.blockPacket);
    else this.events.onResponseHeaders(this.blockStream, headers, this.blockEnd, this.blockTs);
  }
}

/** Both directions of an h2c connection (prior knowledge, or after `Upgrade: h2c` + 101). */
export class H2Session {
  private readonly client: H2Direction;
  private readonly server: H2Direction;

  constructor(
    readonly clientDir: 0 | 1,
    events: H2Events,
    budget: BufferBudget,
  ) {
    this.client = new H2Direction(true, true, events, budget);
    this.server = new H2Direction(false, false, events, budget);
  }

  /** Releases what partial frames still hold (the connection is closing). */
  close(): void {
    this.client.fail();
    this.server.fail();
  }

  push(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): void {
    (dir === this.clientDir ? this.client : this.server).push(buf, start, end, ts, packet);
  }

  /** Frames and HPACK state cannot be recovered across a hole: the rest of the connection is lost. */
  gap(): void {
    this.client.fail();
    this.server.fail();
  }

  get broken(): boolean {
    return this.client.broken || this.server.broken;
  }
}

/** `true` when the bytes start with (a prefix of) the HTTP/2 client preface. */
export function startsWithPreface(buf: Buffer, start: number, end: number): boolean {
  const n = Math.min(end - start, H2_PREFACE.length);
  return n >= 4 && buf.compare(H2_PREFACE, 0, n, start, start + n) === 0;
}
