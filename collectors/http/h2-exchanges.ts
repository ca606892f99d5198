import type { H2Events } from './h2-session';
import { AuthCache } from './auth-cache';
import { ExchangeDraft, finishExchange } from './exchange-draft';
import type { HttpContext } from './http-connection';
import { type Header, headerValue } from './http1-head';

/**
 * Concurrent streams tracked per connection. SETTINGS_MAX_CONCURRENT_STREAMS is commonly 100–250, but Node's http2
 * server allows thousands by default: a load test's client had 2 000 in flight on one connection, and at 1 000 here the
 * oldest went out without their status. An open stream holds ~0.8 KiB of heap (its draft; measured with gRPC
 * request headers), so about 8 MB at the cap.
 */
const MAX_STREAMS = 10_000;

/** h2c streams → exchanges: request pseudo-headers from the client, `:status` from the server. */
export class H2Exchanges implements H2Events {
  private readonly streams = new Map<number, ExchangeDraft>();
  private readonly auth = new AuthCache();

  constructor(
    private readonly ctx: HttpContext,
    private readonly client: string,
    private readonly server: string,
  ) {}

  onRequestHeaders(stream: number, headers: Header[], endStream: boolean, ts: number, packet: number): void {
    const existing = this.streams.get(stream);
    if (existing) {
      if (endStream) this.openRequests.delete(stream); // trailers
      return;
    }
    const method = headerValue(headers, ':method');
    if (!method) return;
    const regular = headers.filter(([n]) => !n.startsWith(':'));
    const path = headerValue(headers, ':path') ?? '';
    const host = headerValue(headers, ':authority') ?? headerValue(regular, 'host');
    const d = new ExchangeDraft(ts, packet, 'h2c', method, path, host);
    d.setRequestHeaders(regular, this.ctx.bodies.samplesFor(host, method, path));
    if (this.streams.size >= MAX_STREAMS) this.emitOldest();
    this.streams.set(stream, d);
    if (!endStream) this.openRequests.add(stream);
  }

  /** Streams whose request the client has not ended (no END_STREAM yet): a body cut short there has no size. */
  private readonly openRequests = new Set<number>();

  /**
   * The HTTP/1.1 request that upgraded the connection (already answered 101): stream 1 carries its
   * response (RFC 9113 §3.2), which replaces the 101 when it arrives.
   */
  adoptUpgradeRequest(d: ExchangeDraft): void {
    this.upgraded = d;
    this.streams.set(1, d);
  }

  private upgraded: ExchangeDraft | undefined;

  onResponseHeaders(stream: number, headers: Header[], endStream: boolean, ts: number, packet: number): void {
    const d = this.streams.get(stream);
    if (!d) return;
    const rawStatus = headerValue(headers, ':status');
    // RFC 9113 §8.3.2: three digits. `1000` or `2e2` is no status a server sends (nor one a record may hold).
    const status = rawStatus !== undefined && /^\d{3}$/.test(rawStatus) ? Number(rawStatus) : undefined;
    const answered = d.status !== undefined && !(d === this.upgraded && d.status === 101);
    if (!answered && status !== undefined && status >= 200) {
      d.setResponse(status, headers.filter(([n]) => !n.startsWith(':')), ts, packet);
    } else if (!answered && status === undefined) {
      // A response block with fields lost to a capture hole, or a status that is none: answered, with no status to
      // report.
      (this.unknownStatus ??= new Set()).add(stream);
    }
    if (endStream && (d.status !== undefined || this.unknownStatus?.has(stream))) this.finish(stream, d);
  }

  /** Streams answered by a response whose `:status` was not knowable (see HpackDecoder). */
  private unknownStatus: Set<number> | undefined;

  onDataLost(fromClient: boolean, stream: number, bytes: number, endStream: boolean): void {
    const d = this.streams.get(stream);
    if (!d) return;
    // The lost frame's header said its size: the body's size stays exact.
    d.bodyLost(fromClient, bytes);
    if (fromClient && endStream) this.openRequests.delete(stream);
    if (!fromClient && endStream && (d.status !== undefined || this.unknownStatus?.has(stream))) this.finish(stream, d);
  }

  onData(fromClient: boolean, stream: number, buf: Buffer, start: number, end: number, endStream: boolean): void {
    const d = this.streams.get(stream);
    if (!d) return;
    if (fromClient) {
      d.requestBytes += end - start;
      d.requestSample?.add(buf, start, end);
      if (endStream) this.openRequests.delete(stream);
    } else {
      d.responseBytes += end - start;
      d.responseSample?.add(buf, start, end);
      if (endStream && (d.status !== undefined || this.unknownStatus?.has(stream))) this.finish(stream, d);
    }
  }

  onReset(stream: number): void {
    const d = this.streams.get(stream);
    if (d) this.finish(stream, d, true);
  }

  flush(): void {
    for (const [stream, d] of this.streams) this.finish(stream, d, true);
  }

  private emitOldest(): void {
    const first = this.streams.entries().next();
    if (!first.done) this.finish(first.value[0], first.value[1], true);
  }

  /** `cut`: the response did not end (the stream was reset, the capture ended, too many were open): no body size. */
  private finish(stream: number, d: ExchangeDraft, cut = false): void {
    if (cut) d.responseBodyComplete = false;
    // Answered (or reset) before the client ended its body: what came is not the body's size (an early 413, 401).
    if (this.openRequests.size > 0 && this.openRequests.delete(stream)) d.requestBodyComplete = false;
    this.streams.delete(stream);
    this.unknownStatus?.delete(stream);
    this.ctx.emit(finishExchange(d, { sourceOf: this.ctx.sourceOf, fingerprintKey: this.ctx.fingerprintKey, client: this.client, server: this.server, auth: this.auth, untimed: this.ctx.untimed }));
  }
}
