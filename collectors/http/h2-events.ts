import type { Header } from './http1-head';

/** What an h2c session (h2-session.ts) reports, and what it counts. */

export interface H2Events {
  onRequestHeaders(stream: number, headers: Header[], endStream: boolean, tsMs: number, packet: number): void;
  onResponseHeaders(stream: number, headers: Header[], endStream: boolean, tsMs: number, packet: number): void;
  onData(fromClient: boolean, stream: number, buf: Buffer, start: number, end: number, endStream: boolean, tsMs: number): void;
  /** A DATA frame of `bytes` payload bytes fell (partly) into a capture hole; its framing survived. */
  onDataLost(fromClient: boolean, stream: number, bytes: number, endStream: boolean, tsMs: number): void;
  onReset(stream: number, tsMs: number): void;
}

/** The run's counters a session adds to when it closes (HttpCounters' share). */
export interface H2Counters {
  h2Resyncs?: number;
  h2HeaderBlocksDropped?: number;
}

export interface H2ResyncStats {
  /** Frame boundaries found again by scanning after a hole. */
  resyncs: number;
  /** Header blocks lost to holes, or decoded without a knowable `:method`/`:path` (never guessed). */
  headerBlocksDropped: number;
}
