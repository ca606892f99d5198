import type { Exchange, Transport } from '../../lib/exchange';
import { absoluteForm, authorityHost, hostAuthority, withoutDefaultPort } from '../../lib/exchange/http-rules';
import { recordedContentType } from '../../lib/exchange/media-type';
import { percentEncodeTargetBytes } from '../../lib/exchange/target-bytes';
import { queryParamNames, splitRequestTarget } from '../../lib/exchange/query-names';
import { redactUserAgent } from '../../lib/security/redact-user-agent';
import { urlCredentials, withUrlQuery } from '../../lib/exchange/url-credentials';
import type { AuthCache } from './auth-cache';
import { type Header, headerValue } from './http1-head';
import { BodySample, wantsSample } from './body-sample';
import type { BufferBudget } from './buffer-budget';
import { isoTimestamp } from './iso-time';
import type { UntimedPackets } from './untimed-packets';

/** One request (and, once seen, its response) on its way to becoming an Exchange record. */
export class ExchangeDraft {
  status?: number;
  responseTs?: number;
  /** The packet the response's head began in (0: none). */
  responsePacket = 0;
  requestBytes = 0;
  responseBytes = 0;
  requestHeaders: Header[] = [];
  responseHeaders: Header[] = [];
  requestSample?: BodySample;
  responseSample?: BodySample;
  /** False when the body was cut before its end (end of capture, a hole of unknown size): its size is unknown. */
  requestBodyComplete = true;
  responseBodyComplete = true;
  /** The response's head was cut (see Http1Stream.salvageHead): its body size is unknown, not 0. */
  responseHeadCut = false;
  /** The request's head was cut: a credential may have been in the part not captured, so "none" is not known. */
  requestHeadCut = false;

  constructor(
    readonly ts: number,
    readonly packet: number,
    readonly transport: Transport,
    readonly method: string,
    readonly target: string,
    readonly host: string | undefined,
  ) {}

  /** Where this exchange's body samples are held; absent: its bodies are not analysed (see BodyBudget). */
  private samples?: BufferBudget;

  setRequestHeaders(headers: Header[], samples: BufferBudget | undefined): void {
    this.requestHeaders = headers;
    this.samples = samples;
    const type = headerValue(headers, 'content-type');
    if (samples && wantsSample(type)) this.requestSample = new BodySample(samples, type);
  }

  setResponse(status: number, headers: Header[], ts: number, packet: number): void {
    this.status = status;
    this.responseHeaders = headers;
    this.responseTs = ts;
    this.responsePacket = packet;
    const type = headerValue(headers, 'content-type');
    if (this.samples && this.method !== 'HEAD' && wantsSample(type)) this.responseSample = new BodySample(this.samples, type);
  }

  /** Takes back the response given to this request: it answered another (HttpConnection.onBodiless). */
  clearResponse(): void {
    this.status = this.responseTs = undefined;
    this.responseHeaders = [];
    this.responseSample?.release();
    this.responseSample = undefined;
  }

  /** Body bytes a capture hole took from the request or the response (-1: an unknown amount). */
  bodyLost(ofRequest: boolean, bytes: number): void {
    if (bytes < 0) {
      if (ofRequest) this.requestBodyComplete = false;
      else this.responseBodyComplete = false;
    } else if (ofRequest) this.requestBytes += bytes;
    else this.responseBytes += bytes;
  }

  discard(): void {
    this.requestSample?.release();
    this.responseSample?.release();
  }
}

/** Where a record's request was read: the capture file and the packet's number in it. */
export interface PacketSource {
  file: string;
  packet: number;
}

export interface ExchangeContext {
  /** The request's first packet (numbered across the files of a series, see PacketSources) as file and packet. */
  sourceOf(packet: number): PacketSource;
  fingerprintKey: Uint8Array | string;
  client: string;
  server: string;
  auth: AuthCache;
  /** Packets the capture gave no time of their own: a latency from or to one is not known. */
  untimed: UntimedPackets | undefined;
}

/**
 * Turns a finished draft into the shared record; credentials are reduced to evidence here. Every field is
 * present (undefined when absent: JSON leaves it out, and the schema reads it as absent), so every record has
 * one hidden class: added one by one as found, records took a dozen shapes, and each field read of them
 * (the JSON writer reads twenty) went through V8's megamorphic property lookup (~3 % of a capture run's CPU
 * in `perf`, with the stores).
 */
export function finishExchange(d: ExchangeDraft, ctx: ExchangeContext): Exchange {
  // A forward proxy's clients send absolute-form targets (RFC 9112 §3.2.2: `GET http://shop.test/a HTTP/1.1`): the
  // path is the URL's, and so is the host (the proxy ignores Host then). A CONNECT names only an authority
  // (`CONNECT api.stripe.com:443`): a host and no path; the tunnel's own bytes say more (see HttpConnection).
  // The target's bytes outside printable ASCII are percent-encoded, as a browser and the log readers spell them.
  const target = percentEncodeTargetBytes(d.target);
  const absolute = absoluteForm(target);
  const connect = absolute === undefined && d.method === 'CONNECT' && target.charCodeAt(0) !== 47; /* / */
  const { path, rawQuery } = splitRequestTarget(absolute ? absolute.rest : connect ? '' : target);
  const targetHost = absolute ? authorityHost(absolute.authority, absolute.scheme) : connect ? authorityHost(d.target) : undefined;
  // A Host header or :authority with userinfo is invalid (RFC 9110 §7.2, RFC 9113 §8.3.1) but sent: its password
  // went into the record's host. Read as a URL's userinfo is.
  const wireHost = d.host === undefined ? undefined : hostAuthority(d.host);
  const hostUserinfo = targetHost === undefined && wireHost !== undefined && wireHost.indexOf('@') !== -1;
  // Userinfo and session path parameters are credentials: evidence, never part of the path (lib/exchange/url-credentials.ts).
  const url = urlCredentials(absolute ? absolute.authority : connect ? d.target : hostUserinfo ? wireHost : undefined, path);
  const names = queryParamNames(rawQuery);
  const reqType = headerValue(d.requestHeaders, 'content-type');
  const resType = headerValue(d.responseHeaders, 'content-type');
  const ua = headerValue(d.requestHeaders, 'user-agent');
  const auth = ctx.auth.evidence(url.headers ? [...d.requestHeaders, ...url.headers] : d.requestHeaders, withUrlQuery(rawQuery, url), ctx.fingerprintKey, d.status);
  let sensitive: string[] | undefined;
  if (d.requestSample || d.responseSample) {
    const tags = new Set<string>();
    if (d.requestSample) for (const t of d.requestSample.analyse(headerValue(d.requestHeaders, 'content-encoding'))) tags.add(t);
    if (d.responseSample) for (const t of d.responseSample.analyse(headerValue(d.responseHeaders, 'content-encoding'))) tags.add(t);
    if (tags.size > 0) sensitive = [...tags];
  }
  const deprecation = headerValue(d.responseHeaders, 'deprecation');
  const sunset = headerValue(d.responseHeaders, 'sunset');
  return {
    ts: isoTimestamp(d.ts),
    src: ctx.client,
    dst: ctx.server,
    transport: d.transport,
    host: targetHost ?? (hostUserinfo ? authorityHost(wireHost!) : wireHost ? withoutDefaultPort(wireHost.toLowerCase().slice(0, 255)) : undefined),
    method: d.method.slice(0, 32),
    path: url.path.length > 0 ? url.path.slice(0, 8192) : undefined,
    query: names.length > 0 ? names : undefined,
    route: undefined,
    status: d.status,
    latencyMs: d.status !== undefined && d.responseTs !== undefined && !(ctx.untimed && (ctx.untimed.has(d.packet) || ctx.untimed.has(d.responsePacket))) ? Math.max(0, Math.round((d.responseTs - d.ts) * 1000) / 1000) : undefined,
    requestContentType: reqType ? recordedContentType(reqType) : undefined,
    requestBytes: d.requestBytes > 0 && d.requestBodyComplete ? d.requestBytes : undefined,
    responseContentType: resType ? recordedContentType(resType) : undefined,
    responseBytes: d.status !== undefined && !d.responseHeadCut && d.responseBodyComplete ? d.responseBytes : undefined,
    userAgent: ua ? redactUserAgent(ua).slice(0, 512) : undefined,
    auth: !d.requestHeadCut || auth[0]?.kind !== 'none' ? auth : undefined,
    sensitive,
    deprecation: deprecation ? deprecation.slice(0, 256) : undefined,
    sunset: sunset ? sunset.slice(0, 256) : undefined,
    tls: undefined,
    source: ctx.sourceOf(d.packet),
  };
}

