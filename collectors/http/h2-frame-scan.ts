/** HTTP/2 frame header size (RFC 9113 §4.1). */
export const FRAME_HEADER = 9;
/** SETTINGS_MAX_FRAME_SIZE until the receiver's SETTINGS raise it (RFC 9113 §6.5.2). */
export const DEFAULT_MAX_FRAME = 16384;

/** Frame types (RFC 9113 §6), shared by the session, the resync scan and the mid-stream probe. */
export const DATA = 0;
export const HEADERS = 1;
export const PRIORITY_FRAME = 2;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PUSH_PROMISE = 5;
export const PING = 6;
export const GOAWAY = 7;
export const WINDOW_UPDATE = 8;
export const CONTINUATION = 9;
/** Frame flags. */
export const END_STREAM = 0x1;
export const END_HEADERS = 0x4;
export const PADDED = 0x8;
export const PRIORITY_FLAG = 0x20;
/** Flags defined per frame type (RFC 9113 §6); senders set no others, so any other bit means "not a frame header". */
const FLAGS = [0x09, 0x2d, 0, 0, 0x01, 0x0c, 0x01, 0, 0, 0x04];

/**
 * Where the header block fragment sits in a HEADERS or PUSH_PROMISE payload [s, e): without padding, the
 * priority fields or the promised stream id; undefined when those do not fit in the payload.
 */
export function headerBlockFragment(buf: Buffer, type: number, flags: number, s: number, e: number): [start: number, end: number] | undefined {
  if (flags & PADDED) {
    if (s >= e) return undefined;
    e -= buf[s++];
  }
  if (type === PUSH_PROMISE) s += 4;
  else if (flags & PRIORITY_FLAG) s += 5;
  return s > e ? undefined : [s, e];
}

/**
 * Whether the 9 bytes at `o` can be a frame header sent by this side of the connection: a known type, only
 * its defined flags, the length its type allows, the reserved bit clear, stream 0 exactly for the
 * connection-level types, and client-initiated (odd) streams for requests, responses and their bodies
 * (server push, the one exception, is rare enough that its frames are not used as resync points).
 */
export function plausibleFrameHeader(buf: Buffer, o: number, end: number, fromClient: boolean, maxFrame: number): boolean {
  const len = (buf[o] << 16) | (buf[o + 1] << 8) | buf[o + 2];
  const type = buf[o + 3];
  const flags = buf[o + 4];
  if (len > maxFrame || type > CONTINUATION || (flags & ~FLAGS[type]) !== 0 || buf[o + 5] & 0x80) return false;
  const stream = buf.readUInt32BE(o + 5);
  switch (type) {
    case DATA:
    case HEADERS:
    case CONTINUATION:
      if ((stream & 1) === 0) return false;
      break;
    case PRIORITY_FRAME:
      return stream !== 0 && len === 5;
    case RST_STREAM:
      return stream !== 0 && len === 4;
    case SETTINGS:
      return stream === 0 && len % 6 === 0 && (flags === 0 || len === 0);
    case PUSH_PROMISE:
      return !fromClient && (stream & 1) === 1 && len >= ((flags & 0x08) !== 0 ? 5 : 4);
    case PING:
      return stream === 0 && len === 8;
    case GOAWAY:
      return stream === 0 && len >= 8;
    case WINDOW_UPDATE:
      return len === 4;
  }
  // DATA, HEADERS, CONTINUATION: padding and priority fields must fit in the payload.
  const padded = (flags & 0x08) !== 0;
  const fixed = (padded ? 1 : 0) + (type === HEADERS && (flags & 0x20) !== 0 ? 5 : 0);
  if (len < fixed) return false;
  // The pad length is the payload's first byte; when it is not here yet, the successor check decides.
  return !padded || o + FRAME_HEADER >= end || buf[o + FRAME_HEADER] <= len - fixed;
}

/** `atEnd`: the need-more candidate's payload ends exactly where the data does (often a segment boundary). */
export type ScanResult = { status: 'found'; offset: number } | { status: 'need-more'; offset: number; atEnd: boolean } | { status: 'none' };

/**
 * Looks in `buf[from, end)` for where frames start again after bytes were lost: a plausible header whose
 * successor (right after its payload) is plausible too, which makes a match inside payload bytes unlikely
 * (two independent ~1e-6 events). `need-more` gives the first candidate whose successor is not here yet:
 * scanning resumes from it once more bytes arrive (the caller may accept one that ends exactly where the
 * data does on other evidence); `none` means no frame starts in the first
 * `end - FRAME_HEADER` bytes.
 */
export function findFrameStart(buf: Buffer, from: number, end: number, fromClient: boolean, maxFrame: number): ScanResult {
  for (let o = from; o + FRAME_HEADER <= end; o++) {
    if (!plausibleFrameHeader(buf, o, end, fromClient, maxFrame)) continue;
    const next = o + FRAME_HEADER + buf.readUIntBE(o, 3);
    if (next + FRAME_HEADER > end) return { status: 'need-more', offset: o, atEnd: next === end };
    if (plausibleFrameHeader(buf, next, end, fromClient, maxFrame)) return { status: 'found', offset: o };
  }
  return { status: 'none' };
}
