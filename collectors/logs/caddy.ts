import { collectAuthEvidence, isBodilessResponse, type Exchange } from '../../lib/exchange';
import {
  cap, contentTypeValue, endpoint, hostValue, isoFromMillis, isoFromText, methodValue, nonNegativeInt, queryPairs,
  requestSizeValue, setLifecycleHeaders, setTarget, statusValue, transportOf, userAgentValue, withRemoteUser, withUrlEvidence,
} from './exchange-fields';
import { headerPairs, isObject, str, type JsonRecordFormat } from './json-record';

/**
 * Caddy 2's access log (`log { format json }`, logger `http.log.access[.name]`). Caddy logs every request
 * header, so a request without credential headers really had none (`auth: none`). By default it writes
 * `REDACTED` for Authorization, Proxy-Authorization and Cookie (only `servers { log_credentials }` keeps them):
 * a redacted credential's kind cannot be known, so such a record says nothing about auth unless another,
 * visible credential (an API-key header, a key in the query) was found.
 */
export const caddyFormat: JsonRecordFormat = {
  name: 'caddy',
  // Caddy's own log lines (startup, TLS, `http.log.error` for a request the access log also has) share the
  // stream when the access log goes to stderr: zap's `level`/`ts`/`msg` records that are not exchanges.
  matches: (r) => (isObject(r.request) && 'resp_headers' in r) || (typeof r.level === 'string' && typeof r.msg === 'string' && 'ts' in r),
  toExchange(r, key) {
    const request = r.request;
    if (!isObject(request) || !('resp_headers' in r || isAccessLogger(r.logger))) return 'skip';
    const method = methodValue(request.method);
    const uri = typeof request.uri === 'string' && request.uri !== '' ? request.uri : undefined;
    if (!method && !uri) return 'invalid';
    const latencyMs = durationMs(r.duration);
    // Caddy writes the entry when the response is done; the exchange starts `duration` earlier.
    const ts = startOf(r.ts, latencyMs);
    if (!ts) return 'invalid';
    const ex: Exchange = { ts };
    const src = endpoint(str(request.remote_ip), request.remote_port);
    if (src) ex.src = src;
    const transport = transportOf(str(request.proto) ?? '');
    // HTTP/2 on a connection without TLS is h2c, as the traffic collector names it.
    if (transport) ex.transport = transport === 'h2' && !isObject(request.tls) ? 'h2c' : transport;
    const host = hostValue(request.host);
    if (host) ex.host = host;
    if (method) ex.method = method;
    if (uri) setTarget(ex, uri, key);
    const status = statusValue(r.status);
    if (status !== undefined) ex.status = status;
    // Status 0 (reverse_proxy's client gone before any answer): no response, so no latency or size, as HAR and
    // capture records of no response have none (until 6 Dec the time to the disconnect and 0 bytes).
    if (latencyMs !== undefined && status !== undefined) ex.latencyMs = latencyMs;
    const { pairs: headers, redacted } = headerPairs(request.headers);
    const reqCt = contentTypeValue(headers.find(([n]) => n === 'content-type')?.[1]);
    if (reqCt) ex.requestContentType = reqCt;
    // `bytes_read` (Caddy ≥ 2.7) is the request body read; older versions leave the declared Content-Length, which
    // also stands when `bytes_read` is 0 (a handler that read none of the body the client declared). A request
    // with no body bytes has no size, as the traffic collector reports it (requestSizeValue).
    const declared = headers.find(([n]) => n === 'content-length')?.[1];
    const reqSize = requestSizeValue(r.bytes_read) ?? requestSizeValue(declared);
    if (reqSize !== undefined) ex.requestBytes = reqSize;
    const resHeaders = headerPairs(r.resp_headers).pairs;
    const resCt = contentTypeValue(resHeaders.find(([n]) => n === 'content-type')?.[1]);
    if (resCt) ex.responseContentType = resCt;
    // A HEAD through `encode gzip` logs the 20 bytes of an empty gzip stream Go never sent: bodiless is 0.
    const resSize = status === undefined ? undefined : isBodilessResponse(method, status) ? 0 : nonNegativeInt(r.size);
    if (resSize !== undefined) ex.responseBytes = resSize;
    const ua = userAgentValue(headers.find(([n]) => n === 'user-agent')?.[1]);
    if (ua) ex.userAgent = ua;
    setLifecycleHeaders(ex, resHeaders);
    const evidence = withUrlEvidence(collectAuthEvidence({ headers, query: uri ? queryOf(uri) : [] }, key), ex.auth);
    if (!redacted || evidence[0].kind !== 'none') ex.auth = evidence;
    // The user Caddy's basic_auth let in, its Authorization redacted: basic evidence by the name (withRemoteUser).
    else withRemoteUser(ex, str(r.user_id), key);
    const tls = request.tls;
    // Caddy logs `tls` for a request that came over TLS alone.
    if (isObject(tls)) ex.scheme = 'https';
    if (isObject(tls) && typeof tls.server_name === 'string' && tls.server_name !== '') {
      ex.tls = { sni: cap(tls.server_name, 253), ...(typeof tls.proto === 'string' && tls.proto !== '' ? { alpn: [cap(tls.proto, 64)] } : {}) };
    }
    return ex;
  },
};

function isAccessLogger(logger: unknown): boolean {
  return typeof logger === 'string' && logger.startsWith('http.log.access');
}

/** Caddy's `time_format`: float seconds by default, or milli/nano integers, or a text form. */
function startOf(value: unknown, latencyMs: number | undefined): string | undefined {
  const back = latencyMs ?? 0;
  if (typeof value === 'number') {
    const ms = value > 1e17 ? value / 1e6 : value > 1e11 ? value : value * 1000;
    return isoFromMillis(Math.round(ms - back));
  }
  const iso = isoFromText(value);
  return iso === undefined ? undefined : isoFromMillis(Date.parse(iso) - Math.round(back));
}

const GO_DURATION_TEXT = /^(?:\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns))+$/;
const GO_DURATION = /^(\d+(?:\.\d+)?)(h|m|s|ms|us|µs|ns)$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 1e-3, 'µs': 1e-3, ns: 1e-6 };

/** Caddy's `duration_format`: float seconds by default, integer nanoseconds, or Go's duration text (`1.5ms`). */
function durationMs(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    // Rounded to the nanosecond Caddy measured (0.013353174 s is 13.353174 ms, not 13.353174000000001).
    return Number.isInteger(value) && value >= 1000 ? value / 1e6 : Math.round(value * 1e9) / 1e6;
  }
  if (typeof value !== 'string' || !GO_DURATION_TEXT.test(value)) return undefined;
  let total = 0;
  // Go prints compound durations (`1m2.5s`): one unit at a time.
  for (const part of value.match(/\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns)/g) ?? []) {
    const m = GO_DURATION.exec(part);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return total > 0 || value === '0s' ? Math.round(total * 1e6) / 1e6 : undefined;
}

function queryOf(uri: string): Array<[string, string]> {
  const q = uri.indexOf('?');
  if (q === -1) return [];
  const hash = uri.indexOf('#', q);
  return queryPairs(uri.slice(q + 1, hash === -1 ? uri.length : hash));
}
