import { collectAuthEvidence, isBodilessResponse, type Exchange } from '../../lib/exchange';
import { scannedBodyText } from '../../lib/discovery/form-fields';
import { detectSensitiveData } from '../../lib/discovery/sensitive-data';
import {
  addressValue, cap, contentTypeValue, endpoint, hostValue, isoFromMillis, isoFromText, methodValue, nonNegativeInt, requestSizeValue, nonNegativeNumber,
  setLifecycleHeaders, setTarget, transportOf, userAgentValue, withUrlEvidence, type FingerprintKey,
} from './exchange-fields';
import { isSanitizedChromeHar } from './har-sanitized';
import { get, isObject, str, type JsonObject } from './json-record';
import type { DocumentFormat, EmitExchange } from './line-format';

/** Bodies are scanned up to 64 KiB: enough for an API payload, bounded for a 50 MB download. */
const BODY_SCAN_CHARS = 64 * 1024;

/**
 * HAR 1.2 (browser devtools, Charles, mitmproxy, Optic): every entry is a full exchange with headers
 * and often bodies. Credentials become evidence, bodies become sensitive-data tags; neither is kept.
 */
export function createHarFormat(key: FingerprintKey): DocumentFormat {
  return {
    name: 'har',
    matches: (doc) => isObject(doc) && isObject(doc.log) && Array.isArray((doc.log as JsonObject).entries),
    parseDocument(doc, file, emit: EmitExchange, fallbackTs?: string) {
      const credentialsRemoved = isSanitizedChromeHar(doc as JsonObject);
      const gecko = isGeckoHar(doc as JsonObject);
      const counts = { exchanges: 0, skipped: 0, invalid: 0, undated: 0, credentialsRemoved };
      const entries = (get(doc as JsonObject, 'log.entries') as unknown[]) ?? [];
      entries.forEach((entry, i) => {
        const ex = isObject(entry) ? harEntry(entry, key, gecko, fallbackTs) : undefined;
        // What Chrome removed may have been a credential (har-sanitized.ts): `none` is not known, what is left is.
        if (credentialsRemoved && ex?.auth?.length === 1 && ex.auth[0].kind === 'none') delete ex.auth;
        if (ex && isObject(entry) && entry.startedDateTime === undefined) counts.undated++;
        if (!ex) {
          counts.invalid++;
          return;
        }
        // The entry's place in `log.entries` (1-based), as other JSON documents number their records.
        ex.source = { file, line: i + 1 };
        emit(ex);
        counts.exchanges++;
      });
      return counts;
    },
  };
}

/**
 * `startedDateTime` is required by HAR 1.2 but some generators leave it out; the caller's fallback
 * (the file's modification time) stands in, and is reported, since a record must have a time.
 */
function harEntry(entry: JsonObject, key: FingerprintKey, gecko: boolean, fallbackTs?: string): Exchange | undefined {
  const request = entry.request;
  const response = entry.response;
  if (!isObject(request)) return undefined;
  const wire = wireTimings(entry.timings);
  const started = entry.startedDateTime === undefined ? undefined : isoFromText(entry.startedDateTime);
  const ts = entry.startedDateTime === undefined ? fallbackTs : started && wire ? isoFromMillis(Math.round(Date.parse(started) + wire.before)) : started;
  const method = methodValue(request.method);
  const url = str(request.url);
  if (!ts || !method || !url || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return undefined;
  const ex: Exchange = { ts, method };
  const reqHeaders = headerPairs(request.headers);
  setTarget(ex, withQueryString(url, request.queryString), key);
  const hostHeader = reqHeaders.find(([n]) => n === 'host' || n === ':authority')?.[1];
  const host = hostHeader ? hostValue(cap(hostHeader, 255)) : undefined;
  if (host) ex.host = host;
  // Chromium (Playwright's recorder) and Safari add the port as `_serverPort`, as a capture has it.
  const dst = endpoint(addressValue(str(entry.serverIPAddress)?.replace(/^\[|\]$/g, '')), entry._serverPort);
  if (dst) ex.dst = dst;
  const transport = transportOf(str(request.httpVersion) ?? '');
  if (transport) ex.transport = transport;
  const latency = wire?.latency ?? nonNegativeNumber(entry.time);
  if (latency !== undefined) ex.latencyMs = latency;
  const ua = userAgentValue(reqHeaders.find(([n]) => n === 'user-agent')?.[1]);
  if (ua) ex.userAgent = ua;
  const postData = isObject(request.postData) ? request.postData : undefined;
  const reqCt = contentTypeValue(postData?.mimeType) ?? contentTypeValue(reqHeaders.find(([n]) => n === 'content-type')?.[1]);
  if (reqCt) ex.requestContentType = reqCt;
  const reqBytes = requestSizeValue(request.bodySize);
  if (reqBytes !== undefined) ex.requestBytes = reqBytes;
  const bodies: string[] = [];
  // The media type as sent: a multipart form's boundary is in its parameters, which reqCt leaves out.
  const sentType = str(postData?.mimeType) ?? reqHeaders.find(([n]) => n === 'content-type')?.[1];
  if (typeof postData?.text === 'string' && postData.text.length > 0) bodies.push(scannedBodyText(postData.text.slice(0, BODY_SCAN_CHARS), sentType));
  if (isObject(response)) applyResponse(ex, response, bodies);
  // No answer, no latency (a capture has one only with a status): the time to a failure is none to an answer.
  if (ex.status === undefined) delete ex.latencyMs;
  // The query is the URL's (setTarget, with `queryString` written into it when the URL has none), read as every log's is.
  ex.auth = withUrlEvidence(collectAuthEvidence({ headers: reqHeaders }, key), ex.auth);
  if (bodies.length > 0) ex.sensitive = [...new Set(bodies.flatMap((b) => detectSensitiveData(b)))].slice(0, 64);
  if (servedFromCache(entry, gecko)) forgetCall(ex);
  // A request Chrome never sent (offline, blocked before the network) has provisional headers, its cookies and
  // Authorization left out, and no HTTP version: with no answer either, nothing says the call went without them.
  else if (ex.status === undefined && request.httpVersion === '' && ex.auth?.length === 1 && ex.auth[0].kind === 'none') delete ex.auth;
  return ex;
}

/**
 * WebKit marks an entry its cache answered `_fetchType: "Memory Cache"` or `"Disk Cache"` (else `"Network Load"`),
 * Chromium `_fromCache: "memory"` or `"disk"`: no request reached the server, whatever the entry says of one. Firefox
 * writes no flag, but its `response.headersSize` is the length of the raw headers received (devtools'
 * network-response-listener), 0 for an answer from its HTTP cache: its headers came from the stored entry, none over
 * the wire; and an image its image cache answered has no timings at all, `timings: {}` (HAR 1.2 requires send, wait
 * and receive; janodvarko/harviewer#158), with no response headers. Other tools write `headersSize: 0` for every
 * response (Charles), so only in Firefox's own export.
 */
function servedFromCache(entry: JsonObject, gecko: boolean): boolean {
  if ((typeof entry._fetchType === 'string' && /cache/i.test(entry._fetchType)) || entry._fromCache === 'memory' || entry._fromCache === 'disk') return true;
  // Chromium: a service worker answered from its Cache Storage, or from the HTTP cache its fetch hit (CDP's
  // ServiceWorkerResponseSource; `network` and `fallback-code` went to the server).
  const workerSource = isObject(entry.response) ? entry.response._serviceWorkerResponseSource : undefined;
  if (workerSource === 'cache-storage' || workerSource === 'http-cache') return true;
  if (!gecko) return false;
  return (isObject(entry.response) && entry.response.headersSize === 0) || (isObject(entry.timings) && Object.keys(entry.timings).length === 0);
}

/**
 * Firefox's devtools (and its forks, which keep its exporter under their own name) write `log.browser` as they write
 * `log.creator`, both the application's name and version; Chrome and Safari write no `browser`, Playwright its own
 * name as creator.
 */
function isGeckoHar(doc: JsonObject): boolean {
  const creator = get(doc, 'log.creator');
  const browser = get(doc, 'log.browser');
  return isObject(creator) && isObject(browser) && typeof creator.name === 'string' && creator.name === browser.name && creator.version === browser.version;
}

/**
 * A cache hit keeps what the page asked for and the stored answer (method, URL, status, type), not what only a call
 * has: Safari logs it with no request headers, which read as `none` (an unauthenticated 200), and a size of 0
 * (HAR 1.2's `bodySize` for a cached response) and a latency of the cache's microseconds. Until 6 Dec they were kept.
 */
function forgetCall(ex: Exchange): void {
  if (ex.auth?.length === 1 && ex.auth[0].kind === 'none') delete ex.auth;
  delete ex.requestBytes;
  delete ex.responseBytes;
  delete ex.latencyMs;
}

/**
 * HAR 1.2 `timings`: `startedDateTime` is when the page asked, `time` their sum; the request's first byte went after
 * `blocked` (the browser's queue), `dns` and `connect` (TLS included), and `send`, `wait` and `receive` are the exchange
 * itself, as a capture or a server's log times it (-1: not measured). Until 6 Dec `ts` was the start and the latency
 * `time`: Safari's first request 111 ms, 82 of them queueing and connection setup, Chrome's queueing seconds at times.
 */
function wireTimings(timings: unknown): { before: number; latency: number } | undefined {
  if (!isObject(timings)) return undefined;
  const ms = (name: string) => nonNegativeNumber(timings[name]);
  const parts = [ms('send'), ms('wait'), ms('receive')];
  if (parts.every((p) => p === undefined)) return undefined;
  const sum = (values: Array<number | undefined>) => values.reduce<number>((a, v) => a + (v ?? 0), 0);
  return { before: sum([ms('blocked'), ms('dns'), ms('connect')]), latency: sum(parts) };
}

function applyResponse(ex: Exchange, response: JsonObject, bodies: string[]): void {
  // Status 0 is how browsers record a request that got no response (blocked, aborted).
  const status = nonNegativeInt(response.status);
  if (status !== undefined && status >= 100 && status <= 999) ex.status = status;
  const headers = headerPairs(response.headers);
  const content = isObject(response.content) ? response.content : {};
  // Chromium writes `x-unknown` (no media type at all) when the response had no Content-Type.
  const mimeType = typeof content.mimeType === 'string' && content.mimeType.includes('/') ? content.mimeType : undefined;
  const ct = contentTypeValue(mimeType) ?? contentTypeValue(headers.find(([n]) => n === 'content-type')?.[1]);
  if (ct) ex.responseContentType = ct;
  // Firefox gives a 304 its cached body's size: a capture of it counts none (RFC 9112 §6.3), as caddy.ts does.
  const bodiless = ex.status !== undefined && isBodilessResponse(ex.method, ex.status);
  // No status, no response: Chrome's `content.size: 0` for a request that failed is no size (until 6 Dec it was 0).
  const bytes = ex.status === undefined ? undefined : bodiless ? 0 : nonNegativeInt(response.bodySize) ?? sentSize(headers, content);
  if (bytes !== undefined) ex.responseBytes = bytes;
  setLifecycleHeaders(ex, headers);
  const text = bodyText(content);
  if (text) bodies.push(scannedBodyText(text, mimeType ?? headers.find(([n]) => n === 'content-type')?.[1]));
}

/**
 * The body as sent when the HAR has no `bodySize` (Chromium writes -1 over HTTP/2 and 3): its Content-Length, else
 * `content.size` unless the body was content-coded, that being its size after decoding (until 6 Dec a gzipped JSON
 * answer was its inflated size).
 */
function sentSize(headers: Array<[string, string]>, content: JsonObject): number | undefined {
  const declared = nonNegativeInt(headers.find(([n]) => n === 'content-length')?.[1]);
  if (declared !== undefined) return declared;
  const coding = headers.find(([n]) => n === 'content-encoding')?.[1].trim().toLowerCase();
  return coding && coding !== 'identity' ? undefined : nonNegativeInt(content.size);
}

/** The body as text when it is text: base64 bodies are decoded only for textual media types. */
function bodyText(content: JsonObject): string | undefined {
  if (typeof content.text !== 'string' || content.text.length === 0) return undefined;
  if (content.encoding !== 'base64') return content.text.slice(0, BODY_SCAN_CHARS);
  const mime = typeof content.mimeType === 'string' ? content.mimeType.toLowerCase() : '';
  if (!/^text\/|json|xml|x-www-form-urlencoded|javascript|graphql/.test(mime)) return undefined;
  // 4 base64 chars → 3 bytes: decode only what the scan will read.
  const slice = content.text.slice(0, Math.ceil((BODY_SCAN_CHARS * 4) / 3 / 4) * 4);
  return Buffer.from(slice, 'base64').toString('utf8').slice(0, BODY_SCAN_CHARS);
}

function headerPairs(value: unknown): Array<[string, string]> {
  if (!Array.isArray(value)) return [];
  const out: Array<[string, string]> = [];
  for (const h of value) {
    if (isObject(h) && typeof h.name === 'string' && typeof h.value === 'string') out.push([h.name.toLowerCase(), h.value]);
  }
  return out;
}

/**
 * The URL with its `queryString` written in as its query, when the URL has none (a generator that left it out): read
 * then as a URL's query is, names decoded and recorded, bare tokens redacted, credentials by name. Until 7 Dec the array
 * went to the auth reader as written, no name recorded, and a raw (Chrome-style) `api%5Fkey` no credential's name.
 * Chrome writes names and values raw, escapes and all, Firefox decoded: escapes are decoded, a `+` kept as one (a
 * token's `+`, as Firefox wrote it; a raw space would be `%20`), so `k%2B1%3D%3D` and `k+1==` are one caller.
 */
function withQueryString(url: string, queryString: unknown): string {
  if (!Array.isArray(queryString) || /^[^#]*\?/.test(url)) return url;
  const parts: string[] = [];
  for (const q of queryString.slice(0, 256)) {
    if (!isObject(q) || typeof q.name !== 'string') continue;
    const value = typeof q.value === 'string' ? q.value : '';
    parts.push(value === '' ? escaped(q.name) : `${escaped(q.name)}=${escaped(value)}`);
  }
  if (parts.length === 0) return url;
  const hash = url.indexOf('#');
  return `${hash === -1 ? url : url.slice(0, hash)}?${parts.join('&')}`;
}

function escaped(text: string): string {
  let plain = text;
  if (text.includes('%')) {
    try {
      plain = decodeURIComponent(text);
    } catch {
      // An escape that is none (`100%`): the text is as the client meant it.
    }
  }
  return encodeURIComponent(plain);
}
