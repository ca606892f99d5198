/**
 * Splits a byte stream into lines while counting bytes, so a follower can checkpoint the offset just
 * past the last complete line. A trailing partial line stays in `carry` until its newline arrives (a
 * writer may be mid-line). Lines longer than MAX_LINE_BYTES are dropped and reported, not buffered:
 * one runaway line must not take the whole process's memory.
 */
import { isAscii } from 'node:buffer';
import type { ByteLane } from './json-bytes';

export const MAX_LINE_BYTES = 1 << 20;

export interface SplitLine {
  /** `plain`: the block this line came from has no backslash, control or non-ASCII character. */
  (text: string, lineNo: number, plain: boolean): void;
}

/** One scan per block instead of one per line: most blocks of an access log are plain. */
const NOT_PLAIN = /[\\\u0000-\u0009\u000b-\u001f\u007f-\uffff]/;

/**
 * A line of only spaces and tabs is blank, as an empty one is (hand-edited or concatenated logs end so): no line
 * to read. Until 6 Dec it was malformed where an empty line was not counted. Stops at the first other character.
 */
function blankBytes(buf: Buffer, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (buf[i] !== 32 && buf[i] !== 9) return false;
  return true;
}

export function blankText(text: string, from = 0, end = text.length): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

export class LineSplitter {
  /** Bytes consumed through the end of the last complete line. */
  offset: number;
  /** Number of the last complete line. */
  lineNo: number;
  private carry: Buffer | undefined;
  private discarding = false;
  /** A UTF-8 byte order mark is dropped from the file's first line only (editors and Windows tools write one). */
  private atFileStart: boolean;
  /** Where the line being handed out starts: `base` + the first `pos` characters of `text` (or bytes, without it). */
  private block = { base: 0, text: undefined as string | undefined, wide: false, pos: 0, cachedPos: 0, cachedBytes: 0 };

  constructor(
    private readonly onLine: SplitLine,
    private readonly onOversize: (lineNo: number) => void,
    start: { offset: number; lineNo: number } = { offset: 0, lineNo: 0 },
    /** Tried first on each complete line; the lines it declines go to `onLine` as text. */
    private readonly byteLane?: ByteLane,
  ) {
    this.offset = start.offset;
    this.lineNo = start.lineNo;
    this.atFileStart = start.offset === 0;
  }

  /**
   * The byte offset of the start of the line being handed to `onLine` (only then): where a follower resumes to read
   * a line's parts again (cri-envelope.ts). Counted on demand, so other formats pay one store per line.
   */
  get lineStart(): number {
    const b = this.block;
    if (b.text === undefined || !b.wide) return b.base + b.pos;
    // Lines are asked for in order within a block: count on from the last answer, not from the block's start.
    if (b.pos < b.cachedPos) b.cachedPos = b.cachedBytes = 0;
    b.cachedBytes += Buffer.byteLength(b.text.slice(b.cachedPos, b.pos));
    b.cachedPos = b.pos;
    return b.base + b.cachedBytes;
  }

  /** Bytes held for an unfinished line. */
  get pending(): number {
    return this.carry?.length ?? 0;
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry) {
      // Join only the held partial line with the start of the chunk, not the whole 1 MiB chunk.
      const nl = chunk.indexOf(10);
      if (nl === -1 || this.discarding) {
        buf = Buffer.concat([this.carry, chunk]);
        this.carry = undefined;
      } else {
        const head = Buffer.concat([this.carry, chunk.subarray(0, nl + 1)]);
        this.carry = undefined;
        this.push(head);
        buf = chunk.subarray(nl + 1);
        if (buf.length === 0) return;
      }
    }
    let start = 0;
    if (this.discarding) {
      const nl = buf.indexOf(10);
      if (nl === -1) {
        this.offset += buf.length;
        return;
      }
      this.discarding = false;
      this.lineNo++;
      this.onOversize(this.lineNo);
      start = nl + 1;
      this.offset += start;
    }
    const last = buf.lastIndexOf(10);
    if (last >= start && this.byteLane) {
      this.emitLineBytes(buf, start, last, this.byteLane);
      this.offset += last + 1 - start;
      start = last + 1;
    } else if (last >= start) {
      // Access logs are ASCII (nginx and Apache escape other bytes); latin1 skips UTF-8 validation.
      const body = buf.subarray(start, last);
      const ascii = isAscii(body);
      this.emitLines(ascii ? body.toString('latin1') : body.toString('utf8'), this.lineNo, this.offset, !ascii);
      this.offset += last + 1 - start;
      start = last + 1;
    }
    if (start < buf.length) {
      if (buf.length - start > MAX_LINE_BYTES) {
        this.discarding = true;
        this.offset += buf.length - start;
      } else {
        this.carry = Buffer.from(buf.subarray(start));
      }
    }
  }

  /** End of input: a last line without a newline still counts (the API Gateway fixture ends so). */
  finish(): void {
    if (this.discarding) {
      this.discarding = false;
      this.lineNo++;
      this.onOversize(this.lineNo);
    } else if (this.carry) {
      const text = this.carry.toString('utf8');
      const base = this.offset;
      this.offset += this.carry.length;
      this.carry = undefined;
      this.emitLines(text, this.lineNo, base, true);
    }
  }

  /** Drops a partial line (a broken gzip member cut it); it is reported by the caller. */
  dropPartial(): boolean {
    const had = this.carry !== undefined || this.discarding;
    this.carry = undefined;
    this.discarding = false;
    return had;
  }

  /** Lines of buf[start, last], `last` being a newline: each to the byte lane, or as text when it declines. */
  private emitLineBytes(buf: Buffer, start: number, last: number, lane: ByteLane): void {
    let lineNo = this.lineNo;
    let pos = start;
    this.setBlock(this.offset - start, undefined, false);
    while (pos <= last) {
      lineNo++;
      this.block.pos = pos;
      let nl = lane(buf, pos, lineNo);
      if (nl === -1) {
        nl = buf.indexOf(10, pos);
        let end = nl;
        if (end > pos && buf[end - 1] === 13) end--;
        let from = pos;
        if (this.atFileStart) {
          this.atFileStart = false;
          if (buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf) from += 3;
        }
        while (from < end && buf[from] === 0) from++;
        // UTF-8 of a line is the line of the block's UTF-8: a newline never sits inside a character.
        if (end > from && !blankBytes(buf, from, end)) this.onLine(buf.toString('utf8', from, end), lineNo, false);
      } else {
        this.atFileStart = false;
      }
      pos = nl + 1;
    }
    this.lineNo = lineNo;
  }

  /** `base`: the byte offset of `text`'s start; `wide`: decoded as UTF-8 (else one byte per character). */
  private emitLines(text: string, firstLineNo: number, base: number, wide: boolean): void {
    let lineNo = firstLineNo;
    let pos = 0;
    const n = text.length;
    const plain = !NOT_PLAIN.test(text);
    this.setBlock(base, text, wide);
    while (pos <= n) {
      this.block.pos = pos;
      let nl = text.indexOf('\n', pos);
      if (nl === -1) nl = n;
      lineNo++;
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      let from = pos;
      if (this.atFileStart) {
        this.atFileStart = false;
        if (text.charCodeAt(from) === 0xfeff) from++;
      }
      // A run of NUL bytes before a line is a hole copytruncate left (the writer went on at its old offset).
      while (from < end && text.charCodeAt(from) === 0) from++;
      if (end > from && !blankText(text, from, end)) this.onLine(text.slice(from, end), lineNo, plain);
      pos = nl + 1;
    }
    this.lineNo = lineNo;
  }

  private setBlock(base: number, text: string | undefined, wide: boolean): void {
    const b = this.block;
    b.base = base;
    b.text = text;
    b.wide = wide;
    b.pos = b.cachedPos = b.cachedBytes = 0;
  }
}
