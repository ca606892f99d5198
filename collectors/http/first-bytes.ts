import { H2_PREFACE } from './h2-preface';

/**
 * Whether a connection's first bytes are too few to tell its protocol: the start of the h2c preface shorter than
 * the 4 bytes that tell `PRI ` from `POST`, `PUT` and `PATCH`, or a TLS record's type byte alone. A client may write
 * them as a segment of their own (a preface written in two calls, Nagle off); decided on them, the connection
 * was HTTP/1 and its h2c streams or ClientHello were lost.
 */
export function tooFewToTell(buf: Buffer, start: number, end: number): boolean {
  const n = end - start;
  if (n === 1 && buf[start] === 0x16) return true;
  return n < 4 && buf.compare(H2_PREFACE, 0, n, start, end) === 0;
}

/** First bytes held until the next ones tell the protocol, with where they came from. */
export interface HeldStart {
  bytes: Buffer;
  ts: number;
  packet: number;
}
