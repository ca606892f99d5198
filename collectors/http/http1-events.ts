import type { RequestHead, ResponseHead } from './http1-head';

/**
 * How a message body is delimited (RFC 9112 §6.3). `requestUnknown`: a response whose request the capture did not
 * see (it began after it), so a HEAD's answer cannot be told from its headers: the bytes after its head decide.
 */
export type Framing = ({ mode: 'none' } | { mode: 'length'; length: number } | { mode: 'chunked' } | { mode: 'close' }) & { requestUnknown?: boolean };

/** What a stream reports, with its `dir`: one receiver (the connection) for both, no closures per stream. */
export interface Http1Events {
  /** A request head; returns nothing: request framing follows from its own headers. */
  onRequest(dir: 0 | 1, head: RequestHead, tsMs: number, packet: number): void;
  /** A response head; the connection decides its framing (it knows the request method). `undefined` = interim (1xx). */
  onResponse(dir: 0 | 1, head: ResponseHead, tsMs: number, packet: number): Framing | undefined;
  onBody(dir: 0 | 1, buf: Buffer, start: number, end: number): void;
  /** Body bytes a capture hole took (-1: an unknown amount, so the body's size is no longer known). */
  onBodyLost(dir: 0 | 1, bytes: number): void;
  onMessageEnd(dir: 0 | 1, tsMs: number, complete: boolean): void; // `complete` false: a gap or the input's end cut it
  onMalformedHead(dir: 0 | 1): void; // a whole head that is not HTTP (a bad status, a status line in lower case)
  /** Bytes where a message should start that start none (skipped to the next start line). */
  onStrayBytes?(dir: 0 | 1): void;
  /** A response framed with `requestUnknown` had no body after all: a whole status line came right after its head. */
  onBodiless?(dir: 0 | 1): void;
}

/** A response's framing when its request was not captured (Framing.requestUnknown). */
export function forUnknownRequest(framing: Framing): Framing {
  return framing.mode === 'none' ? framing : { ...framing, requestUnknown: true };
}
