import { isKnownMethod, parseCutRequestLine } from './http1-head';

/**
 * Where an HTTP/1 message starts again after a hole: the offset in `seg` of the next line that is a response
 * line (`HTTP/d.d` at a line start) or a whole request line (`METHOD SP target SP HTTP/1.x`), or -1. `seg` is a
 * view of one delivered piece (searching the whole read buffer from every segment was quadratic). `lineBefore`:
 * the piece's first byte counts as a line start, as in tshark's per-segment check (a body rarely ends in a
 * newline, and line starts alone skipped every request after a body until one followed a bodiless message).
 * A request line needs a method Wireshark knows (as tshark's own check does): after a hole, `S / HTTP/1.1` (the
 * end of `OPTIONS`) or `AGET / HTTP/1.1` (a one-byte body, then `GET`) would pass for one otherwise.
 */
export function messageStart(seg: Buffer, lineBefore: boolean): number {
  // A piece that is one request line cut before its version (a snapshot length): the hole after it decides.
  // The first byte is looked at before the whole piece is scanned: body pieces are what resync mostly sees.
  if (lineBefore && seg[0] >= 65 && seg[0] <= 90 && seg.length <= 8192 && seg.indexOf(10) === -1 && parseCutRequestLine(seg.toString('latin1')) !== undefined) return 0;
  let i = 0;
  while (i < seg.length) {
    const v = seg.indexOf('HTTP/1.', i, 'latin1');
    if (v === -1) return -1;
    const lineStart = seg.lastIndexOf(10, v) + 1;
    if (lineStart === v) {
      if (v > 0 || lineBefore) return v;
      i = v + 1;
      continue;
    }
    // A request line ends with the version: check it is `METHOD SP target SP HTTP/1.x EOL`.
    const lineEnd = seg.indexOf(10, v);
    if (lineEnd !== -1 && (lineStart > 0 || lineBefore)) {
      const text = seg.toString('latin1', lineStart, lineEnd).replace(/\r$/, '');
      if (/^[A-Z][A-Z0-9_-]{0,31} \S+ HTTP\/1\.[01]$/.test(text) && isKnownMethod(text.slice(0, text.indexOf(' ')))) return lineStart;
    }
    i = v + 1;
  }
  return -1;
}

/**
 * Whether the bytes at `buf[p, end)` show they cannot begin a start line: a message starts with `HTTP/` or with a
 * method token (`[A-Z][A-Z0-9_-]*`) ended by a space or the line's end. Bytes a message should not have had (a 304
 * or HEAD answer followed by a body) fail this at once, so the stream resyncs at the next message start, a segment
 * start included, as tshark's per-segment check does, instead of reading them and the next head as one bad head.
 * False when the piece ends before it can tell (the head reader then decides, as before).
 */
export function cannotStartMessage(buf: Buffer, p: number, end: number): boolean {
  const first = buf[p];
  if (first < 65 || first > 90) return true;
  // `HTTP/` is a response line; the `/` is no token character, so it is checked before the token loop.
  if (first === 72 && end - p >= 5 && buf[p + 1] === 84 && buf[p + 2] === 84 && buf[p + 3] === 80 && buf[p + 4] === 47) return false;
  const stop = Math.min(end, p + 33);
  for (let i = p + 1; i < stop; i++) {
    const c = buf[i];
    if (c === 32 || c === 13 || c === 10) return false;
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return true;
  }
  // A token longer than METHOD_TOKEN allows cannot be a method.
  return stop - p === 33;
}

/**
 * Whether buf[p, end) begins like `HTTP/` in any case, as far as it goes (`http/1.1 200 OK` is a head that failed),
 * or until a zero byte: no message has one, and a zero-filled hole in the capture file cut a head there (`HT\0\0…`,
 * or zeros from its first byte; damage-in-record.test.ts).
 */
export function startsLikeStatusLine(buf: Buffer, p: number, end: number): boolean {
  const n = Math.min(5, end - p);
  for (let i = 0; i < n; i++) {
    if (buf[p + i] === 0) return true;
    if ((buf[p + i] | 0x20) !== 'http/'.charCodeAt(i)) return false;
  }
  return true;
}

/** A whole request line, as resynchronisation accepts it (CR optional). */
const REQUEST_LINE = /^[A-Z][A-Z0-9_-]{0,31} \S+ HTTP\/1\.[01]\r?$/;

/** Whether a whole request line (of at most 1 KiB) starts at buf[p]: a client that skipped the body it announced. */
export function wholeRequestLineAt(buf: Buffer, p: number, end: number): boolean {
  const lf = buf.indexOf(10, p);
  return lf !== -1 && lf < end && lf - p <= 1024 && REQUEST_LINE.test(buf.toString('latin1', p, lf));
}

/** A whole status line (CR optional); its reason phrase may be empty or absent. */
const STATUS_LINE = /^HTTP\/1\.[01] [1-5]\d\d(?: [^\r\n]*)?\r?$/;

/** Whether a whole status line (of at most 1 KiB) starts at buf[p]: the next response, not a body. */
export function wholeStatusLineAt(buf: Buffer, p: number, end: number): boolean {
  const lf = buf.indexOf(10, p);
  return lf !== -1 && lf < end && lf - p <= 1024 && STATUS_LINE.test(buf.toString('latin1', p, lf));
}

const HTTP_SLASH = Buffer.from('HTTP/', 'latin1');

/** Whether a response line starts `n` (> 0) bytes after p, within buf[p, end). */
export function responseAfter(buf: Buffer, p: number, n: number, end: number): boolean {
  return n > 0 && p + n + 5 <= end && buf.compare(HTTP_SLASH, 0, 5, p + n, p + n + 5) === 0;
}
