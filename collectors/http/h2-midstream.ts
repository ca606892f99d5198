import type { BufferBudget } from './buffer-budget';
import {
  CONTINUATION, DEFAULT_MAX_FRAME, END_HEADERS, FRAME_HEADER, HEADERS, PUSH_PROMISE, findFrameStart, headerBlockFragment, plausibleFrameHeader,
} from './h2-frame-scan';
import { HpackDecoder } from './hpack-decoder';
import type { Header } from './http1-head';

/**
 * Frame headers verified back to back before a decoded header block counts: two plausible headers in a row
 * are ~1e-12 in random bytes (h2-frame-scan), a third keeps length-prefixed binary protocols that happen to
 * chain twice from passing; the header block then has to decode to a request or response head as well.
 */
const MIN_CHAIN = 3;
/**
 * Bytes kept per direction until the verdict (then replayed into the session): past this, frames already
 * read are dropped, which leaves at most one frame and the next header (≤ 16 KiB + 17).
 */
const KEEP_CAP = 2 * (DEFAULT_MAX_FRAME + FRAME_HEADER);
/** Bytes looked at per direction before giving up on it: gRPC and browsers resync within a few frames. */
const LOOK_LIMIT = 128 << 10;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type Role = 'client' | 'server';
type Mark = { at: number; ts: number; packet: number; gap?: number };

/** The session a verdict hands the kept bytes to (H2Session's shape, by direction). */
export interface MidStreamReplay {
  push(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): void;
  gap(dir: 0 | 1, bytes: number): void;
}

/**
 * One direction of a flow first seen mid-stream: finds frame boundaries the way resynchronisation does and
 * decodes header blocks with a decoder that lost its history, looking for a request or response head.
 */
class ProbeDirection {
  private data = Buffer.alloc(0);
  private marks: Mark[] = [];
  private pos = 0;
  private framed = false;
  private chainStart = 0;
  private chain = 0;
  /** Where the last header counted in `chain` starts (a frame waiting for its payload is counted once). */
  private counted = 0;
  private block: Buffer[] = [];
  private blockIsPush = false;
  private readonly hpack = new HpackDecoder();
  private looked = 0;
  /** Stopped looking (limit, budget, or a frame larger than what is kept): later bytes were not kept. */
  stopped = false;
  /** What a decoded head says this side is, once the chain around it is long enough. */
  role: Role | undefined;
  private pendingRole: Role | undefined;

  constructor(private readonly budget: BufferBudget) {
    this.hpack.forget();
  }

  push(buf: Buffer, start: number, end: number, ts: number, packet: number): void {
    if (this.stopped || end <= start) return;
    if ((this.looked += end - start) > LOOK_LIMIT) return this.stop();
    if (this.data.length === 0 && !this.framed) {
      // Nothing kept yet: bytes before the first candidate header are not copied (text, TLS: all but 8).
      const found = findFrameStart(buf, start, end, false, DEFAULT_MAX_FRAME);
      start = found.status === 'none' ? Math.max(start, end - (FRAME_HEADER - 1)) : found.offset;
      this.pos = this.chainStart = this.counted = 0;
    }
    if (!this.budget.reserve(end - start)) return this.stop();
    this.marks.push({ at: this.data.length, ts, packet });
    this.data = this.data.length === 0 ? Buffer.from(buf.subarray(start, end)) : Buffer.concat([this.data, buf.subarray(start, end)]);
    while (this.role === undefined && !this.stopped && this.step());
    // What is left after `pos` is at most one frame and the next header: the cap holds after this.
    if (this.role === undefined && (!this.framed || this.data.length > KEEP_CAP)) this.dropBefore(this.pos);
  }

  /** A hole inside what is being probed: frames are looked for again after it, HPACK knows less. */
  gap(bytes: number): void {
    if (this.stopped) return;
    this.marks.push({ at: this.data.length, ts: 0, packet: 0, gap: bytes });
    this.pos = this.data.length;
    this.restart();
  }

  /** Hands what was kept to the session, with a hole for whatever was not kept; frees it. */
  replay(dir: 0 | 1, to: MidStreamReplay): void {
    const data = this.data;
    for (let i = 0; i < this.marks.length; i++) {
      const m = this.marks[i];
      if (m.gap !== undefined) to.gap(dir, m.gap);
      else to.push(dir, data, m.at, i + 1 < this.marks.length ? this.marks[i + 1].at : data.length, m.ts, m.packet);
    }
    if (this.stopped) to.gap(dir, -1);
    this.release();
  }

  release(): void {
    this.budget.release(this.data.length);
    this.data = Buffer.alloc(0);
    this.marks = [];
  }

  private stop(): void {
    this.stopped = true;
    this.block = [];
  }

  /** One scan or one frame; `false` when more bytes are needed. */
  private step(): boolean {
    const b = this.data;
    if (!this.framed) {
      const found = findFrameStart(b, this.pos, b.length, false, DEFAULT_MAX_FRAME);
      if (found.status !== 'found') {
        this.pos = found.status === 'none' ? Math.max(this.pos, b.length - (FRAME_HEADER - 1)) : found.offset;
        return false;
      }
      this.framed = true;
      this.pos = this.chainStart = this.counted = found.offset;
      this.chain = 1;
    }
    if (this.pos + FRAME_HEADER > b.length) return false;
    if (this.pos > this.counted) {
      if (!plausibleFrameHeader(b, this.pos, b.length, false, DEFAULT_MAX_FRAME)) return this.falseStart();
      this.chain++;
      this.counted = this.pos;
    }
    if (this.pendingRole !== undefined && this.chain >= MIN_CHAIN) this.role = this.pendingRole;
    const end = this.pos + FRAME_HEADER + b.readUIntBE(this.pos, 3);
    if (end > b.length) return false;
    if (!this.frame(b[this.pos + 3], b[this.pos + 4], this.pos + FRAME_HEADER, end)) return this.falseStart();
    this.pos = end;
    return true;
  }

  /** Reads a frame's header block fragment; `false` when it cannot be HTTP/2 after all. */
  private frame(type: number, flags: number, s: number, e: number): boolean {
    const b = this.data;
    if (type === CONTINUATION) {
      // The rest of a block that started before the capture (or the resync point) is unreadable; skipped.
      if (this.block.length === 0) return true;
      this.block.push(b.subarray(s, e));
    } else if (type === HEADERS || type === PUSH_PROMISE) {
      if (this.block.length > 0) return false;
      const fragment = headerBlockFragment(b, type, flags, s, e);
      if (!fragment) return false;
      this.block = [b.subarray(fragment[0], fragment[1])];
      this.blockIsPush = type === PUSH_PROMISE;
    } else {
      return this.block.length === 0;
    }
    if ((flags & END_HEADERS) === 0) return true;
    const block = Buffer.concat(this.block);
    this.block = [];
    const headers = this.hpack.decode(block, 0, block.length);
    if (headers === undefined) return false;
    const head = headKind(headers);
    // A PUSH_PROMISE carries a request the server made up: its sender is the server.
    const role = head === 'request' ? (this.blockIsPush ? 'server' : 'client') : head === 'response' && !this.blockIsPush ? 'server' : undefined;
    if (role !== undefined && this.pendingRole === undefined) {
      this.pendingRole = role;
      if (this.chain >= MIN_CHAIN) this.role = role;
    }
    return true;
  }

  /** The chain broke: it started inside payload bytes. Look again just after where it started. */
  private falseStart(): boolean {
    // Looking again costs what the false chain covered: counted, so crafted chains cannot make this quadratic.
    if ((this.looked += this.pos - this.chainStart) > LOOK_LIMIT) {
      this.stop();
      return false;
    }
    this.pos = Math.max(0, this.chainStart + 1);
    this.restart();
    return true;
  }

  private restart(): void {
    this.framed = false;
    this.chain = 0;
    this.block = [];
    this.pendingRole = undefined;
    this.hpack.forget();
  }

  /**
   * Drops the bytes before `n`: before any chain they cannot start one (the session would skip them the
   * same way); inside a chain they are whole frames already read, whose HPACK insertions the session then
   * does not know (references to them decode as unknown, never as something else).
   */
  private dropBefore(n: number): void {
    if (n <= 0) return;
    const kept: Mark[] = [];
    for (let i = 0; i < this.marks.length; i++) {
      const m = this.marks[i];
      const next = i + 1 < this.marks.length ? this.marks[i + 1].at : this.data.length;
      // Holes before what is kept merge into the session's initial hole of unknown size.
      if (m.gap !== undefined ? m.at > n : next > n) kept.push({ ...m, at: Math.max(0, m.at - n) });
    }
    this.marks = kept;
    this.budget.release(n);
    this.data = Buffer.from(this.data.subarray(n));
    this.pos -= n;
    this.chainStart -= n;
    this.counted -= n;
  }
}

/** A request head (`:method` token and `:path`, or CONNECT with `:authority`) or a response head (`:status`). */
function headKind(headers: Header[]): 'request' | 'response' | undefined {
  let method: string | undefined;
  let path: string | undefined;
  let status: string | undefined;
  let authority: string | undefined;
  for (const [n, v] of headers) {
    if (n === ':method') method = v;
    else if (n === ':path') path = v;
    else if (n === ':status') status = v;
    else if (n === ':authority') authority = v;
  }
  if (status !== undefined) return method === undefined && /^[1-5]\d\d$/.test(status) ? 'response' : undefined;
  if (method === undefined || !TOKEN.test(method)) return undefined;
  if (path !== undefined) return path.startsWith('/') || path === '*' ? 'request' : undefined;
  return method === 'CONNECT' && authority ? 'request' : undefined;
}

/**
 * Decides whether a TCP flow first seen mid-stream (a rotated capture, a mirror started late) carries h2c,
 * and which side is the client. Only directions whose first event was a hole are watched; bytes are kept
 * (capped, from the first plausible frame on) so the session can start from them once decided.
 */
export class H2MidStreamProbe {
  private readonly dirs: [ProbeDirection | undefined, ProbeDirection | undefined] = [undefined, undefined];

  constructor(private readonly budget: BufferBudget) {}

  watch(dir: 0 | 1): void {
    this.dirs[dir] ??= new ProbeDirection(this.budget);
  }

  /** The client's direction once a head decoded inside a long enough frame chain, else -1. */
  push(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): 0 | 1 | -1 {
    const d = this.dirs[dir];
    if (!d) return -1;
    d.push(buf, start, end, ts, packet);
    if (d.role === undefined) return -1;
    return d.role === 'client' ? dir : ((dir ^ 1) as 0 | 1);
  }

  gap(dir: 0 | 1, bytes: number): void {
    this.dirs[dir]?.gap(bytes);
  }

  /** Nothing more can be learned: every watched direction stopped. */
  get done(): boolean {
    return this.dirs.every((d) => d === undefined || d.stopped);
  }

  replay(to: MidStreamReplay): void {
    this.dirs[0]?.replay(0, to);
    this.dirs[1]?.replay(1, to);
  }

  release(): void {
    this.dirs[0]?.release();
    this.dirs[1]?.release();
  }
}
