/**
 * What TCP reassembly hands to the application layer, per connection. Direction 0 is the endpoint
 * that sorts first (not necessarily the client): the consumer works out who is the client from the bytes.
 */
export interface StreamConsumer {
  /** In-order bytes; `buf[start, end)` is only valid during the call. */
  data(dir: 0 | 1, buf: Buffer, start: number, end: number, tsMs: number, packet: number): void;
  /** `bytes` are missing before the next data (-1: unknown, e.g. the flow started mid-stream). */
  gap(dir: 0 | 1, bytes: number): void;
  /** The direction sent FIN and every byte before it was delivered. */
  end(dir: 0 | 1, tsMs: number): void;
  /** The connection is gone (both FINs, RST, idle timeout, memory pressure or end of input). */
  close(): void;
  /**
   * Whether the application still expects bytes from direction `from`: requests seen that wait for their
   * responses. A RST from the other side then ends only that side (see TcpReassembler.reset).
   */
  expectsMore?(from: 0 | 1): boolean;
  /** Bytes of `dir` the capture has not seen (yet) had reached the other side before the data delivered next. */
  unseenBytes?(dir: 0 | 1): void;
}

export interface TcpEndpoints {
  /** `ip:port` of direction 0's and direction 1's sender; IPv6 bracketed. */
  readonly addr: [string, string];
}

export type ConsumerFactory = (endpoints: TcpEndpoints) => StreamConsumer;

export interface TcpCounters {
  flows: number;
  gaps: number;
  retransmitted: number;
  outOfOrder: number;
  evicted: number;
}

export interface TcpLimits {
  /** Out-of-order bytes held per direction before declaring a gap. */
  perFlowBytes: number;
  /** Out-of-order bytes held over all flows. */
  totalBytes: number;
  /** Connections tracked at once; the oldest is flushed beyond this. */
  maxConnections: number;
  /** A connection with no packets for this long (capture time) is flushed. */
  idleMs: number;
}

/**
 * Sized for a busy mirror within a 300 MB RSS budget: 256 KiB covers a window of reordering at 10 Gbit/s
 * with 20 µs jitter; a tracked connection costs 2–4 KiB of heap. 32 000 (40 000 until parallel extraction gave
 * each worker its own heap) keep the memory worst case of bench:pcap near 280 MB with one thread or two workers.
 */
export const DEFAULT_TCP_LIMITS: TcpLimits = {
  perFlowBytes: 256 << 10,
  totalBytes: 64 << 20,
  maxConnections: 32_000,
  idleMs: 120_000,
};
