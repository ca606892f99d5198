/**
 * The byte scans of HTTP/1 framing that run over every head and chunk line (http1-stream.ts): where a head ends,
 * and a plain chunk-size line. Read from the bytes, without strings: they are a large share of a capture's CPU.
 */

/** A chunk-size line's size, its extensions ignored (the general reader's, for lines plainChunkLine leaves), or -1. */
export function chunkSizeOf(line: string): number {
  const semi = line.indexOf(';');
  const hex = (semi === -1 ? line : line.slice(0, semi)).trim();
  return /^[0-9a-fA-F]{1,12}$/.test(hex) ? parseInt(hex, 16) : -1;
}

/** What plainChunkLine read: the line's hex value (-1 for an empty line) and the offset just past its LF. */
export const chunkLine = { value: -1, next: 0 };

/**
 * A chunk-size line, or the empty line after chunk data or trailers (RFC 9112 §7.1), read from the bytes
 * when it lies whole in buf[p, end) and is plain: at most 12 hex digits, then CRLF or LF. The general
 * reader (a latin1 string, trim, a regex and parseInt per line) gives the same for these; anything else
 * (extensions, white space, a line cut by the segment end) is left to it. Returns whether it was read.
 */
export function plainChunkLine(buf: Buffer, p: number, end: number): boolean {
  let value = 0;
  let i = p;
  for (; i < end && i - p <= 12; i++) {
    const c = buf[i];
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (digit === -1) break;
    value = value * 16 + digit;
  }
  const digits = i - p;
  if (digits > 12 || i >= end) return false;
  if (buf[i] === 13) i++;
  if (i >= end || buf[i] !== 10) return false;
  chunkLine.value = digits === 0 ? -1 : value;
  chunkLine.next = i + 1;
  return true;
}

/**
 * Finds the blank line ending a header block in buf[from, end). Returns the index of the LF that ends the
 * last header line, or -1. Accepts CRLF CRLF and bare LF LF (old clients and hand-written requests). Two zero
 * bytes in a row before the blank line are returned instead (below -1, see zerosAt): no head has them (RFC 9110
 * §5.5 forbids NUL), and a zero-filled hole in a capture file that starts inside a record leaves them in the stream.
 * `zeros` false: they are passed over like any other byte (a stream not yet known to be HTTP/1: an h2 frame has them).
 */
export function findHeadEnd(buf: Buffer, from: number, end: number, zeros = true): number {
  // A plain loop (one native indexOf per header line cost more than scanning a few hundred bytes) that
  // looks at every second byte: a match at i or i + 1 needs buf[i + 1] to be CR or LF. Every other byte is
  // above CR in a head, so one comparison passes it; zeros are looked for only below that.
  let i = from;
  while (i + 1 < end) {
    const b = buf[i + 1];
    if (b > 13) {
      i += 2;
      continue;
    }
    if (b === 10 || b === 13) {
      if (buf[i] === 10 && (b === 10 || (i + 2 < end && buf[i + 2] === 10))) return i;
      i++;
    } else if (b === 0 && buf[i] === 0 && zeros) {
      while (i > from && buf[i - 1] === 0) i--;
      return -2 - i;
    } else i += 2;
  }
  return -1;
}

/**
 * findHeadEnd's `zeros` for a head starting at buf[start]: in a stream that speaks HTTP/1 already, or in a head that
 * starts as a start line does (an upper-case letter; an h2 server's first SETTINGS frame starts with a zero). Until
 * 6 Dec the first only, so zeros in a connection's first request ran on into the next request, which was lost.
 */
export function zerosAreDamage(synced: boolean, buf: Buffer, start: number): boolean {
  return synced || (buf[start] >= 65 && buf[start] <= 90);
}

/** Where the zeros findHeadEnd found start, from what it returned (< -1). */
export function zerosAt(found: number): number {
  return -2 - found;
}

/** Offset just past the blank line, given the LF found by findHeadEnd. */
export function headConsumed(buf: Buffer, lf: number): number {
  return buf[lf + 1] === 10 ? lf + 2 : lf + 3;
}
