import type { StreamConsumer, TcpEndpoints } from '../pcap/tcp-stream';
import { AuthCache } from './auth-cache';
import { ExchangeDraft, finishExchange } from './exchange-draft';
import { H2Session, looksLikeSettings, startsWithPreface } from './h2-session';
import { H2Exchanges } from './h2-exchanges';
import { H2MidStreamProbe } from './h2-midstream';
import type { HttpContext } from './http-context';
import { headerValue, responseFraming, type RequestHead, type ResponseHead } from './http1-head';
import { HTTP1_HEADERS } from './http1-headers';
import { forUnknownRequest, type Framing, type Http1Events } from './http1-events';
import { Http1Stream } from './http1-stream';
import { proxyHeaderLength } from './proxy-protocol';
import { tooFewToTell, type HeldStart } from './first-bytes';
import { ClientHelloReader } from './tls-record';
import { EarlyBytes } from './early-bytes';
import { addMalformed, addStreamCounts } from './connection-counts';

export type { HttpContext, HttpCounters } from './http-context';
export { HTTP1_HEADERS } from './http1-headers';

type Mode = 'detect' | 'h1' | 'h2' | 'tls' | 'opaque';
/** Pipelined requests waiting for responses; beyond this the oldest is emitted unanswered (one-sided mirrors). */
const MAX_QUEUE = 64;

/**
 * The application side of one TCP connection: decides what it carries (HTTP/1.x, h2c, TLS), pairs
 * requests with responses in order, and emits one exchange per request.
 */
export class HttpConnection implements StreamConsumer, Http1Events {
  private readonly mode: [Mode, Mode] = ['detect', 'detect'];
  /** Created on first use: most of a connection's memory, and many flows never carry HTTP/1 both ways. */
  private readonly h1: [Http1Stream | undefined, Http1Stream | undefined] = [undefined, undefined];
  private readonly queue: ExchangeDraft[] = [];
  private readonly inRequest: [ExchangeDraft | null, ExchangeDraft | null] = [null, null];
  private readonly inResponse: [ExchangeDraft | null | undefined, ExchangeDraft | null | undefined] = [undefined, undefined];
  private readonly responseGap: [boolean, boolean] = [false, false];
  /** The client had sent bytes not seen (unseenBytes), no request seen since: whole requests may be lost. */
  private requestsLost = false;
  private requestDir: 0 | 1 | -1 = -1;
  /** From the answering side since the newest request: 0 nothing, 1 a response head, 2 bytes that start no message. */
  private answerSeen = 0;
  private h2?: H2Session;
  private h2x?: H2Exchanges;
  private tls?: ClientHelloReader;
  private auth?: AuthCache;

  constructor(
    private readonly ends: TcpEndpoints,
    private readonly ctx: HttpContext,
  ) {}

  data(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): void {
    if (this.mode[dir] === 'detect') {
      if (this.held?.[dir]) return this.dataAfterHeld(dir, buf, start, end, ts, packet);
      // A load balancer's PROXY header in front of the client's first bytes: what follows is read as the start.
      start += proxyHeaderLength(buf, start, end);
      if (start === end) return;
      if (tooFewToTell(buf, start, end)) return void ((this.held ??= [undefined, undefined])[dir] = { bytes: Buffer.from(buf.subarray(start, end)), ts, packet });
      this.detect(dir, buf, start, end, ts);
    }
    switch (this.mode[dir]) {
      case 'h1':
        if (this.probe !== undefined && this.probeMidStream(dir, buf, start, end, ts, packet)) return;
        if (!this.stream(dir).synced && (this.early?.has(dir) || looksLikeSettings(buf, start, end))) (this.early ??= new EarlyBytes(this.ctx.buffers)).keep(dir, buf, start, end);
        else if (this.early !== undefined) this.early = this.early.drop();
        const stop = this.stream(dir).push(buf, start, end, ts, packet);
        if (this.probe !== undefined && this.stream(dir).synced) this.dropProbe();
        // The segment went on past a 101 or a CONNECT's 2xx (a server that writes its first h2 frames with the 101).
        if (stop < end && this.mode[dir] !== 'h1') this.data(dir, buf, stop, end, ts, packet);
        return;
      case 'h2':
        return this.h2!.push(dir, buf, start, end, ts, packet);
      case 'tls': {
        const hello = this.tls!.push(buf, start, end, ts, packet);
        return hello === 'need-more' ? undefined : this.endClientHello(dir, hello);
      }
      default:
        return;
    }
  }

  gap(dir: 0 | 1, bytes: number): void {
    if (this.held?.[dir]) this.releaseHeld(dir);
    if (this.mode[dir] === 'detect') {
      this.mode[dir] = 'h1';
      // No first bytes to recognise (a flow first seen mid-stream): h2c can still be told by its frames.
      if (this.mode[dir ^ 1] === 'detect' || (this.mode[dir ^ 1] === 'h1' && !this.h1[dir ^ 1]?.synced)) (this.probe ??= new H2MidStreamProbe(this.ctx.buffers)).watch(dir);
    } else this.probe?.gap(dir, bytes);
    if (this.mode[dir] === 'h1') {
      // After the stream's own handling: a head the hole cut (salvaged there) began before the hole.
      this.stream(dir).gap(bytes);
      if (dir !== this.requestDir) this.responseGap[dir] = true;
    } else if (this.mode[dir] === 'h2') this.h2!.gap(dir, bytes);
    else if (this.mode[dir] === 'tls') this.endClientHello(dir, this.tls!.cut());
  }

  end(dir: 0 | 1, ts: number): void {
    if (this.held?.[dir]) this.releaseHeld(dir);
    this.endSide(dir, ts);
  }

  /** A ClientHello the capture (or the connection) ended inside is read as one a hole cut: until 6 Dec it gave no record. */
  private endSide(dir: 0 | 1, ts: number): void {
    if (this.mode[dir] === 'h1') this.h1[dir]?.end(ts);
    else if (this.mode[dir] === 'tls') this.endClientHello(dir, this.tls!.cut());
  }

  /** The client had sent bytes not seen (a request, likely) before the response that comes next: see onResponse. */
  unseenBytes(dir: 0 | 1): void {
    if (dir === this.requestDir) this.requestsLost = true;
  }

  /** Responses are owed: HTTP/1 requests wait in the queue, and `from` is the side that answers them. */
  expectsMore(from: 0 | 1): boolean {
    return this.queue.length > 0 && this.requestDir !== -1 && from !== this.requestDir && (this.mode[from] === 'h1' || this.mode[from] === 'detect');
  }

  close(): void {
    if (this.held) for (const dir of [0, 1] as const) this.releaseHeld(dir);
    for (const dir of [0, 1] as const) this.endSide(dir, 0);
    addStreamCounts(this.ctx, this.h1);
    while (this.queue.length > 0) this.emit(this.queue.shift()!);
    this.h2x?.flush();
    // A session that gave up (a frame no peer sends, over budget, no frame found again) lost the rest of the
    // connection: counted as malformed, as an unusable HTTP/1 stream is, rather than ending without a word.
    const gaveUp = this.h2?.close(this.ctx.counters) ?? -1;
    if (gaveUp !== -1) addMalformed(this.ctx, { h2Connection: { count: 1, first: gaveUp } });
    this.early = this.early?.drop();
    this.dropProbe();
    this.tls?.release();
    this.tls = undefined;
  }

  private detect(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number): void {
    const other = this.mode[dir ^ 1];
    if (other === 'h2' || other === 'opaque') {
      this.mode[dir] = other;
    } else if (other === 'tls') {
      this.mode[dir] = 'opaque';
    } else if (buf[start] === 0x16 && end - start > 1 && buf[start + 1] === 0x03) {
      this.mode[dir] = 'tls';
      this.tls = new ClientHelloReader(this.ctx.buffers);
    } else if (startsWithPreface(buf, start, end)) {
      this.startH2(dir, ts);
    } else {
      this.mode[dir] = 'h1';
    }
    if (this.mode[dir] !== 'h1') this.dropProbe();
  }

  /** First bytes too few to tell the protocol (first-bytes.ts), per direction. */
  private held: [HeldStart | undefined, HeldStart | undefined] | undefined;

  /** The held bytes and these decide together (or are held on); each piece is then read as it came. */
  private dataAfterHeld(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): void {
    const held = this.held![dir]!;
    const joined = Buffer.concat([held.bytes, buf.subarray(start, Math.min(end, start + 4))]);
    if (tooFewToTell(joined, 0, joined.length)) return void (held.bytes = joined);
    this.releaseHeld(dir, joined);
    this.data(dir, buf, start, end, ts, packet);
  }

  /** Decides on the held bytes (with what follows them, when known) and reads them. */
  private releaseHeld(dir: 0 | 1, decideOn?: Buffer): void {
    const held = this.held?.[dir];
    if (!held) return;
    this.held![dir] = undefined;
    this.detect(dir, decideOn ?? held.bytes, 0, (decideOn ?? held.bytes).length, held.ts);
    this.data(dir, held.bytes, 0, held.bytes.length, held.ts, held.packet);
  }

  private startH2(clientDir: 0 | 1, ts: number): void {
    this.ctx.counters.h2c++;
    this.h2x = new H2Exchanges(this.ctx, this.ends.addr[clientDir], this.ends.addr[clientDir ^ 1]);
    this.h2 = new H2Session(clientDir, this.h2x, this.ctx.buffers);
    this.mode[0] = this.mode[1] = 'h2';
    this.h1[0]?.makeOpaque();
    this.h1[1]?.makeOpaque();
    // The server's SETTINGS can precede the client preface in capture order; replay what it sent.
    const early = this.h1[clientDir ^ 1]?.synced || this.probe ? [] : (this.early?.of((clientDir ^ 1) as 0 | 1) ?? []);
    this.early = this.early?.drop();
    for (const b of early) this.h2.push((clientDir ^ 1) as 0 | 1, b, 0, b.length, ts, 0);
  }

  /** Watches directions that began with a hole of unknown size until they show h2c frames, or cannot. */
  private probe: H2MidStreamProbe | undefined;

  /** `true` when these bytes decided the flow is h2c (they went to the session with what the probe kept). */
  private probeMidStream(dir: 0 | 1, buf: Buffer, start: number, end: number, ts: number, packet: number): boolean {
    const probe = this.probe!;
    const clientDir = probe.push(dir, buf, start, end, ts, packet);
    if (clientDir === -1) {
      if (probe.done) this.dropProbe();
      return false;
    }
    this.ctx.counters.h2MidStream = (this.ctx.counters.h2MidStream ?? 0) + 1;
    this.startH2(clientDir, ts);
    this.probe = undefined;
    // As right after a hole in both directions: frames found by scanning, HPACK partial (HpackDecoder.forget).
    this.h2!.startMidStream();
    probe.replay(this.h2!);
    return true;
  }

  private dropProbe(): void {
    this.probe?.release();
    this.probe = undefined;
  }

  /** Bytes of a direction not yet recognised as HTTP/1, kept in case the other side turns out to speak h2c. */
  private early: EarlyBytes | undefined;

  /** Both directions stop being parsed; what the ClientHello said (if anything) is the connection's record. */
  private endClientHello(dir: 0 | 1, hello: ReturnType<ClientHelloReader['cut']>): void {
    this.mode[dir] = this.mode[dir ^ 1] = 'opaque';
    const tls = this.tls!;
    this.tls = undefined;
    tls.release();
    if (typeof hello === 'string') return;
    this.ctx.counters.tls++;
    this.ctx.emit(tls.exchange(hello, this.ends.addr[dir], this.ends.addr[dir ^ 1], this.ctx.sourceOf));
  }

  private stream(dir: 0 | 1): Http1Stream {
    return (this.h1[dir] ??= this.makeStream(dir));
  }

  private makeStream(dir: 0 | 1): Http1Stream {
    return new Http1Stream(this, dir, this.ctx.buffers, HTTP1_HEADERS.select);
  }

  /** Http1Events, from either direction's stream. */
  onRequest(dir: 0 | 1, head: RequestHead, ts: number, packet: number): void {
    if (this.requestDir === -1) this.requestDir = dir;
    const transport = head.version === 'HTTP/1.0' ? 'http/1.0' : 'http/1.1';
    const host = headerValue(head.headers, 'host');
    const d = new ExchangeDraft(ts, packet, transport, head.method, head.target, host);
    d.setRequestHeaders(head.headers, this.ctx.bodies.samplesFor(host, head.method, head.target));
    if (head.cut) d.requestHeadCut = true;
    this.inRequest[dir] = d;
    if (dir !== this.requestDir) {
      // Requests from both ends (a false sync inside a body, or a peer-to-peer protocol): keep them, unpaired.
      return;
    }
    // Bytes that start no message were the first answer to a request, and the client asked again: they answered it
    // (junk over a whole response head). Until 6 Dec the next response did, and each later request had the next's status.
    if (this.answerSeen === 2) this.onMalformedHead((this.requestDir ^ 1) as 0 | 1);
    this.answerSeen = 0;
    this.queue.push(d);
    this.requestsLost = false;
    if (this.queue.length > MAX_QUEUE) this.emit(this.queue.shift()!);
  }

  onResponse(dir: 0 | 1, head: ResponseHead, ts: number, packet: number): Framing | undefined {
    if (dir !== this.requestDir) this.answerSeen = 1;
    const req = dir !== this.requestDir ? this.queue[0] : undefined;
    const afterGap = req !== undefined && this.responseGap[dir];
    if (afterGap) {
      // After a hole in the responses, the next response answers the newest request, not the oldest:
      // keep-alive clients wait for each response, so the older requests' responses were in the hole.
      // Unless requests after the newest were lost too: it answers one of those, so none that is queued.
      this.responseGap[dir] = false;
      while (this.queue.length > (this.requestsLost ? 0 : 1)) this.emit(this.queue.shift()!);
    }
    const current = this.queue[0];
    if (head.status >= 100 && head.status < 200 && head.status !== 101) return undefined;
    if (!current || dir === this.requestDir) {
      this.ctx.counters.unpairedResponses++;
      this.inResponse[dir] = null;
      return forUnknownRequest(responseFraming(head, undefined));
    }
    current.setResponse(head.status, head.headers, ts, packet);
    if (head.cut) current.responseHeadCut = true;
    this.inResponse[dir] = current;
    if (head.status === 101 || (current.method === 'CONNECT' && head.status < 300 && head.status >= 200)) {
      // The connection now carries another protocol (WebSocket, h2c, a raw tunnel).
      const upgrade = headerValue(current.requestHeaders, 'upgrade')?.toLowerCase();
      this.stream(dir).switched = true;
      this.h1[dir ^ 1]?.makeOpaque();
      this.pendingSwitch = head.status === 101 ? (upgrade === 'h2c' ? 'h2' : 'opaque') : 'tunnel';
      return { mode: 'none' };
    }
    if (head.status >= 200 && this.requestDir !== -1 && this.inRequest[this.requestDir] === current && current.requestBytes === 0 && headerValue(current.requestHeaders, 'expect')?.toLowerCase() === '100-continue') {
      // Answered before the body it waited to send (417, 401, a redirect): the client may skip the body.
      this.stream(this.requestDir).bodyMayBeSkipped();
    }
    // Or a request the hole took, sent before the newest (a HEAD, pipelined): a status line right after it says so.
    this.tentative = afterGap ? current : undefined;
    return afterGap ? forUnknownRequest(responseFraming(head, current.method)) : responseFraming(head, current.method);
  }

  /** The response paired after a hole (onResponse), if it is being read. */
  private tentative: ExchangeDraft | undefined;

  /** A response framed as for an unknown request had no body: one paired after a hole answered another request. */
  onBodiless(dir: 0 | 1): void {
    const res = this.inResponse[dir];
    if (!res || res !== this.tentative) return;
    this.tentative = undefined;
    res.clearResponse();
    this.inResponse[dir] = null;
    this.ctx.counters.unpairedResponses++;
  }

  private pendingSwitch: 'h2' | 'opaque' | 'tunnel' | undefined;

  onMalformedHead(dir: 0 | 1): void {
    if (this.requestDir === -1 || dir === this.requestDir) return;
    // A head unparsable in the answering direction (a 304 then the body it should not have, a status `0200`) was the
    // oldest request's response: it goes without a status, and the next response no longer reports to the one before.
    const oldest = this.queue[0];
    if (oldest && oldest !== this.inRequest[this.requestDir] && oldest !== this.inResponse[dir]) this.emit(this.queue.shift()!);
  }

  onStrayBytes(dir: 0 | 1): void {
    if (dir !== this.requestDir && this.answerSeen === 0 && this.queue.length > 0) this.answerSeen = 2;
  }

  onBody(dir: 0 | 1, buf: Buffer, s: number, e: number): void {
    const req = this.inRequest[dir];
    if (req) {
      req.requestBytes += e - s;
      req.requestSample?.add(buf, s, e);
      return;
    }
    const res = this.inResponse[dir];
    if (res) {
      res.responseBytes += e - s;
      res.responseSample?.add(buf, s, e);
    }
  }

  onBodyLost(dir: 0 | 1, bytes: number): void {
    const req = this.inRequest[dir];
    (req ?? this.inResponse[dir])?.bodyLost(!!req, bytes);
  }

  onMessageEnd(dir: 0 | 1, _ts: number, complete: boolean): void {
    const req = this.inRequest[dir];
    if (req) {
      this.inRequest[dir] = null;
      if (!complete) req.requestBodyComplete = false;
      if (dir !== this.requestDir) this.emit(req);
      return;
    }
    const res = this.inResponse[dir];
    this.inResponse[dir] = undefined;
    if (!res) return;
    if (!complete) res.responseBodyComplete = false;
    const i = this.queue.indexOf(res);
    if (i !== -1) this.queue.splice(i, 1);
    // Answered before its body ended (an early 413): what came so far is not the body's size.
    if (this.requestDir !== -1 && this.inRequest[this.requestDir] === res) res.requestBodyComplete = false;
    const upgradeToH2 = this.pendingSwitch === 'h2' && this.requestDir !== -1;
    // RFC 9113 §3.2 (RFC 7540 §3.2): the request that carried `Upgrade: h2c` is stream 1, and its
    // real response comes there as HTTP/2; the 101 stands in only until that response arrives.
    if (!upgradeToH2) this.emit(res);
    if (this.pendingSwitch) {
      const to = this.pendingSwitch;
      this.pendingSwitch = undefined;
      while (this.queue.length > 0) this.emit(this.queue.shift()!);
      if (upgradeToH2) {
        this.startH2(this.requestDir as 0 | 1, 0);
        this.h2x!.adoptUpgradeRequest(res);
      } else if (to === 'tunnel') {
        this.openTunnel();
      } else {
        this.mode[0] = 'opaque';
        this.mode[1] = 'opaque';
      }
    }
  }

  /**
   * A CONNECT tunnel (a forward proxy's client side) carries what the client would have sent the origin: usually
   * TLS, whose ClientHello names the API host (egress to third-party APIs), sometimes plain HTTP. Both sides are
   * read again from their next bytes, as at the start of a connection (tshark does the same).
   */
  private openTunnel(): void {
    addStreamCounts(this.ctx, this.h1);
    this.h1[0] = this.h1[1] = undefined;
    this.mode[0] = this.mode[1] = 'detect';
    this.inRequest[0] = this.inRequest[1] = null;
    this.inResponse[0] = this.inResponse[1] = undefined;
    this.responseGap[0] = this.responseGap[1] = false;
    this.early = this.early?.drop();
    this.dropProbe();
  }

  private emit(d: ExchangeDraft): void {
    const client = this.requestDir === -1 ? 0 : this.requestDir;
    this.ctx.emit(finishExchange(d, { sourceOf: this.ctx.sourceOf, fingerprintKey: this.ctx.fingerprintKey, client: this.ends.addr[client], server: this.ends.addr[client ^ 1], auth: (this.auth ??= new AuthCache()), untimed: this.ctx.untimed }));
  }
}
