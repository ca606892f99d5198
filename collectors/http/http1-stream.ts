import { UNBOUNDED, type BufferBudget } from './buffer-budget';
import type { Framing, Http1Events } from './http1-events';
import { contentLength, isChunked, parseCutHead, parseHead, type HeaderSelections } from './http1-head';
import { chunkLine, chunkSizeOf, findHeadEnd, headConsumed, plainChunkLine, zerosAreDamage, zerosAt } from './http1-scan';
import { cannotStartMessage, messageStart, responseAfter, startsLikeStatusLine, wholeRequestLineAt, wholeStatusLineAt } from './http1-resync';
import { countMalformed, type MalformedKind, type MalformedTally } from '../malformed-tally';

const START = 0;
const HEAD = 1;
const BODY = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_END = 5;
const TRAILERS = 6;
const UNTIL_CLOSE = 7;
const RESYNC = 8;
const OPAQUE = 9;

/** Header blocks larger than this are not HTTP we can use (nginx's default large_client_header_buffers is 32 KiB). */
const MAX_HEAD = 64 << 10;
const MAX_LINE = 1024;

/** One direction of an HTTP/1.x connection: message boundaries in bytes that come in pieces, with holes; bodies passed by offset. */
export class Http1Stream {
  private state = START;
  private strict = false;
  private head: Buffer | null = null;
  private headLen = 0;
  private remaining = 0;
  private line = '';
  private inMessage = false;
  private msgTs = 0;
  private msgPacket = 0;
  /** Set once a start line has parsed: this direction speaks HTTP/1. */
  synced = false;
  malformed: MalformedTally | undefined = undefined; // by kind, each with its first packet: made at the first, none in a clean stream

  constructor(
    private readonly events: Http1Events,
    private readonly dir: 0 | 1,
    private readonly budget: BufferBudget = UNBOUNDED,
    /** The headers the events' receiver reads (parseHead's `select`); absent: every header. */
    private readonly select?: HeaderSelections,
    /** Chunk lines read from the bytes when plain (plainChunkLine); tests turn it off to compare with the general reader. */
    private readonly plainChunkLines = true,
  ) {}

  /** Drops the split-header buffer and returns its bytes to the shared budget. */
  private dropHead(): void {
    if (this.head) this.budget.release(this.head.length);
    this.head = null;
    this.headLen = 0;
  }

  /** Stops parsing (after an upgrade to another protocol, or TLS). */
  makeOpaque(): void {
    this.state = OPAQUE;
    this.dropHead();
  }

  /** Returns where parsing stopped: `end`, or where the stream left HTTP/1 (a 101, a CONNECT's 2xx) for the connection. */
  push(buf: Buffer, start: number, end: number, ts: number, packet: number): number {
    let p = start;
    while (p < end) {
      switch (this.state) {
        case START: {
          const c = buf[p];
          if (c === 13 || c === 10) {
            p++;
            break;
          }
          if (this.synced && cannotStartMessage(buf, p, end)) {
            // Bytes after a whole message that start none (a body a 304 must not have): skipped up to the next start. They are no
            // message, so they answer no request; a status line in lower case is one (rejectHead), as is one a zero-filled hole cut.
            if (p > start) this.prevLF = buf[p - 1] === 10;
            if (responseAfter(buf, p, this.unsentBody, end)) {
              // As long as the bodiless response's Content-Length, and a response right behind: that body, sent anyway.
              countMalformed((this.malformed ??= {}), 'strayBytes', 1, packet);
              p += this.unsentBody;
              this.unsentBody = 0;
            } else if (startsLikeStatusLine(buf, p, end)) this.rejectHead(packet);
            else this.skipStray('strayBytes', packet, true);
            break;
          }
          this.msgTs = ts;
          this.msgPacket = packet;
          this.headLen = 0;
          this.state = HEAD;
          break;
        }
        case HEAD:
          p = this.readHead(buf, p, end);
          break;
        case BODY: {
          if (this.bodyMaySkip && this.skipUnsentBody(buf, p, end, ts)) break;
          const n = Math.min(this.remaining, end - p);
          this.events.onBody(this.dir, buf, p, p + n);
          p += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finishMessage(ts, true);
          break;
        }
        case CHUNK_SIZE:
          if (this.bodyMaySkip && this.skipUnsentBody(buf, p, end, ts)) break;
          p = this.readChunkLine(buf, p, end, ts);
          break;
        case CHUNK_END:
        case TRAILERS:
          p = this.readChunkLine(buf, p, end, ts);
          break;
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, end - p);
          this.events.onBody(this.dir, buf, p, p + n);
          p += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = CHUNK_END;
          break;
        }
        case UNTIL_CLOSE:
          if (this.bodyMaySkip && this.skipUnsentBody(buf, p, end, ts)) break;
          this.events.onBody(this.dir, buf, p, end);
          p = end;
          break;
        case RESYNC:
          p = this.resync(buf, p, end, p === start);
          break;
        default:
          return p;
      }
    }
    if (end > start) this.prevLF = buf[end - 1] === 10;
    return end;
  }

  /** `bytes` of this direction were not captured (-1: unknown amount). */
  gap(bytes: number): void {
    if (this.state === OPAQUE) return;
    if (bytes > 0 && (this.state === BODY || this.state === CHUNK_DATA) && bytes < this.remaining) {
      // The hole is inside a body of known size: framing survives, and so does the body's size.
      this.remaining -= bytes;
      this.events.onBodyLost(this.dir, bytes);
      return;
    }
    if (bytes > 0 && this.state === BODY && bytes >= this.remaining) {
      // The hole takes the body's end (its size is still known) and perhaps the start of the next message.
      this.events.onBodyLost(this.dir, this.remaining);
      bytes -= this.remaining;
      this.remaining = 0;
      this.finishMessage(this.msgTs, true);
      if (bytes === 0 || (this.state as number) === OPAQUE) return;
    }
    if (this.state === UNTIL_CLOSE) return void this.events.onBodyLost(this.dir, bytes);
    if (this.state === HEAD && this.salvageHead()) return;
    if (this.inMessage) this.finishMessage(this.msgTs, false);
    this.dropHead();
    this.state = RESYNC;
    this.strict = true;
    // The first byte after a hole is often a message start (a whole request or response was lost), so it
    // counts as a line start; the strict `HTTP/1.x` check keeps body bytes from passing for one.
    this.prevLF = true;
  }

  /** Message heads cut by a hole and reported from what was captured (salvageHead). */
  cutHeads = 0;

  /**
   * A head cut by a hole (a snapshot length or a mirror's packet length; lost packets) still says what was asked
   * or answered: reported, body unknown, then parsing resyncs. Returns whether the stream left HTTP/1 (CONNECT).
   */
  private salvageHead(): boolean {
    const head = parseCutHead(this.head ? this.head.toString('latin1', 0, this.headLen) : '', this.strict, this.select);
    this.dropHead();
    if (!head || (head.kind === 'response' && head.status < 200)) return false;
    head.cut = true;
    this.cutHeads++;
    this.synced = true;
    this.inMessage = true;
    if (head.kind === 'request') this.events.onRequest(this.dir, head, this.msgTs, this.msgPacket);
    else this.events.onResponse(this.dir, head, this.msgTs, this.msgPacket);
    const switched = this.state === OPAQUE || this.switched;
    this.finishMessage(this.msgTs, false);
    return switched;
  }

  /** Content-Length of the last response, when bodiless by rule (HEAD, 204, 304): what a server sending it anyway sends. */
  private unsentBody = 0;

  /** The server answered an `Expect: 100-continue` request before its body came: the client may skip it (RFC 9110 §10.1.1). */
  private bodyMaySkip = false;

  /** bodyMaySkip for a response whose request is unknown (Framing.requestUnknown): a status line ends it bodiless. */
  private skipToResponse = false;
  /** Called by the connection: the request this stream is reading has been answered before its body came. */
  bodyMayBeSkipped(): void {
    if (this.state === BODY || (this.state === CHUNK_SIZE && this.line.length === 0)) this.bodyMaySkip = true;
  }

  /**
   * The first bytes after such an answer decide: a complete request line means the body was never sent (the request ends
   * here, empty); after a response to an unseen request, a status line means it answered a HEAD; else it is the body.
   */
  private skipUnsentBody(buf: Buffer, p: number, end: number, ts: number): boolean {
    this.bodyMaySkip = false;
    if (!(this.skipToResponse ? wholeStatusLineAt(buf, p, end) : wholeRequestLineAt(buf, p, end))) return false;
    if (this.skipToResponse) this.events.onBodiless?.(this.dir);
    this.finishMessage(ts, true);
    return true;
  }

  /** Whether the byte before the next delivered one was LF (so a start line may begin there). */
  private prevLF = true;

  /** The sender closed its side: a body delimited by close ends here. */
  end(ts: number): void {
    if (this.state === UNTIL_CLOSE) this.finishMessage(ts, true);
    else if (this.inMessage) this.finishMessage(ts, false);
    this.state = OPAQUE;
    this.dropHead();
  }

  private readHead(buf: Buffer, p: number, end: number): number {
    if (this.headLen === 0) {
      const found = findHeadEnd(buf, p, end, zerosAreDamage(this.synced, buf, p));
      if (found >= 0) {
        this.parseHeadText(buf.toString('latin1', p, found));
        return headConsumed(buf, found);
      }
    }
    const n = end - p;
    if (this.headLen + n > MAX_HEAD) return this.unusable(end, 'headTooLong');
    if (!this.head || this.head.length < this.headLen + n) {
      const size = Math.min(MAX_HEAD, Math.max(4096, (this.headLen + n) * 2));
      if (!this.budget.reserve(size - (this.head?.length ?? 0))) return this.unusable(end, 'headOverBudget');
      const grown = Buffer.allocUnsafe(size);
      if (this.head) this.head.copy(grown, 0, 0, this.headLen);
      this.head = grown;
    }
    const from = Math.max(0, this.headLen - 3);
    buf.copy(this.head, this.headLen, p, end);
    this.headLen += n;
    const found = findHeadEnd(this.head, from, this.headLen, zerosAreDamage(this.synced, this.head, 0));
    if (found === -1) return end;
    if (found < -1) {
      // A zero-filled hole in the file begun inside a record, the next message after it: a hole (damage-in-record.test.ts).
      const back = this.headLen - zerosAt(found);
      const salvaged = this.cutHeads;
      this.headLen -= back;
      this.unusable(end, 'zeroFill');
      // A head the zeros took before anything of it could be told answered the oldest request, as a bad head does.
      if (this.cutHeads === salvaged) this.events.onMalformedHead(this.dir);
      return Math.max(p, end - back);
    }
    const consumedInHead = headConsumed(this.head, found);
    const text = this.head.toString('latin1', 0, found);
    const back = this.headLen - consumedInHead;
    this.dropHead();
    this.parseHeadText(text);
    return end - back;
  }

  private parseHeadText(text: string): void {
    const head = parseHead(text, this.strict, this.select);
    if (!head) return this.rejectHead();
    this.synced = true;
    this.strict = false;
    this.inMessage = true;
    let framing: Framing | undefined;
    if (head.kind === 'request') {
      this.events.onRequest(this.dir, head, this.msgTs, this.msgPacket);
      const cl = contentLength(head.headers);
      framing = isChunked(head.headers) ? { mode: 'chunked' } : cl > 0 ? { mode: 'length', length: cl } : cl === -2 ? undefined : { mode: 'none' };
      if (!framing) {
        // Conflicting Content-Length values: request smuggling territory; stop trusting this stream.
        this.finishMessage(this.msgTs, false);
        this.state = RESYNC;
        this.strict = true;
        return;
      }
    } else {
      framing = this.events.onResponse(this.dir, head, this.msgTs, this.msgPacket);
      this.unsentBody = framing?.mode === 'none' ? contentLength(head.headers) : 0;
      if (!framing) {
        this.inMessage = false;
        this.state = this.state === OPAQUE ? OPAQUE : START;
        return;
      }
    }
    if (this.state === OPAQUE) return;
    this.startBody(framing);
  }

  /** What should have been a head is not one: counted, reported to the connection, and skipped to the next start. */
  private rejectHead(packet = this.msgPacket): void {
    this.events.onMalformedHead(this.dir);
    this.skipStray('httpHead', packet);
  }

  /** Bytes that are no message at all: counted, and skipped to the next start (said when a message should have started). */
  private skipStray(kind: MalformedKind, packet: number, atStart = false): void {
    if (atStart) this.events.onStrayBytes?.(this.dir);
    countMalformed((this.malformed ??= {}), kind, 1, packet);
    this.state = RESYNC;
    this.strict = true;
  }

  private startBody(framing: Framing): void {
    this.bodyMaySkip = this.skipToResponse = framing.requestUnknown === true;
    switch (framing.mode) {
      case 'none':
        this.finishMessage(this.msgTs, true);
        return;
      case 'length':
        this.remaining = framing.length;
        this.state = framing.length > 0 ? BODY : START;
        if (framing.length === 0) this.finishMessage(this.msgTs, true);
        return;
      case 'chunked':
        this.state = CHUNK_SIZE;
        this.line = '';
        return;
      case 'close':
        this.state = UNTIL_CLOSE;
        return;
    }
  }

  private finishMessage(ts: number, complete: boolean): void {
    const wasOpaque = this.state === OPAQUE;
    this.inMessage = false;
    this.state = START;
    this.events.onMessageEnd(this.dir, ts, complete);
    // onMessageEnd may switch this stream to another protocol (101 Switching Protocols).
    if (wasOpaque || this.switched) {
      this.switched = false;
      this.state = OPAQUE;
    }
  }

  /** Set by the connection during onMessageEnd/onResponse when the stream must stop parsing HTTP/1. */
  switched = false;

  /** Chunk-size lines, the CRLF after chunk data, and trailer lines: short lines, joined across pieces. */
  private readChunkLine(buf: Buffer, p: number, end: number, ts: number): number {
    if (this.line.length === 0 && this.plainChunkLines && plainChunkLine(buf, p, end)) {
      const { value, next } = chunkLine;
      if (this.state === CHUNK_SIZE && value >= 0) {
        this.remaining = value;
        this.state = value === 0 ? TRAILERS : CHUNK_DATA;
        return next;
      }
      if (value === -1 && this.state === CHUNK_END) this.state = CHUNK_SIZE;
      else if (value === -1 && this.state === TRAILERS) this.finishMessage(ts, true);
      // An empty size line, or digits where an empty line belongs: the general reader decides.
      else return this.readChunkLineText(buf, p, end, ts);
      return next;
    }
    return this.readChunkLineText(buf, p, end, ts);
  }

  /** readChunkLine through a latin1 string: every line, including those cut by a segment end. */
  private readChunkLineText(buf: Buffer, p: number, end: number, ts: number): number {
    const nl = buf.indexOf(10, p);
    const stop = nl === -1 || nl >= end ? end : nl;
    this.line += buf.toString('latin1', p, stop);
    if (this.line.length > MAX_LINE) return this.unusable(end, 'chunkLine');
    if (stop === end) return end;
    const line = this.line.trim();
    this.line = '';
    if (this.state === CHUNK_END) {
      if (line.length !== 0) return this.unusable(end, 'chunkLine');
      this.state = CHUNK_SIZE;
    } else if (this.state === CHUNK_SIZE) {
      const size = chunkSizeOf(line);
      if (size < 0) return this.unusable(end, 'chunkLine');
      if (size === 0) this.state = TRAILERS;
      else {
        this.remaining = size;
        this.state = CHUNK_DATA;
      }
    } else if (line.length === 0) {
      this.finishMessage(ts, true);
    }
    return stop + 1;
  }

  /** What cannot be HTTP/1 (too long, over budget, bad chunk framing): counted at its message's first packet, and skipped as a hole. */
  private unusable(end: number, kind: MalformedKind): number {
    countMalformed((this.malformed ??= {}), kind, 1, this.msgPacket);
    this.gap(-1);
    return end;
  }

  /** After a hole: skips to the next line that starts an HTTP message (http1-resync.ts). */
  private resync(buf: Buffer, p: number, end: number, segmentStart: boolean): number {
    const at = messageStart(buf.subarray(p, end), this.prevLF || segmentStart);
    if (at === -1) return end;
    this.state = START;
    return p + at;
  }
}
