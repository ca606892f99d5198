import { collectAuthEvidence, type Exchange } from '../../lib/exchange';
import { storedPathOf } from '../../lib/exchange/http-rules';
import {
  cap, endpoint, hostValue, isoFromMillis, methodValue, nonNegativeInt, requestSizeValue, nonNegativeNumber, setTarget, statusValue,
  transportOf, userAgentValue, withUrlEvidence, type FingerprintKey,
} from './exchange-fields';
import { isObject, type JsonObject } from './json-record';
import type { EmitExchange } from './line-format';

const SERVER = new Set([2, 'SPAN_KIND_SERVER']);

/**
 * OTLP/JSON traces (`ExportTraceServiceRequest`, as the collector's file exporter writes them, one per
 * line, or a whole file). Only SERVER spans with an HTTP method are exchanges: client spans describe
 * the same request from the caller's side and would count it twice. Reads the old (`http.method`,
 * `http.target`, `http.status_code`) and the stable (`http.request.method`, `url.path`,
 * `http.response.status_code`) semantic conventions.
 */
export function isOtlpTraces(doc: unknown): boolean {
  return isObject(doc) && Array.isArray(doc.resourceSpans);
}

export function otlpExchanges(
  doc: unknown,
  file: string,
  line: number | undefined,
  key: FingerprintKey,
  emit: EmitExchange,
  /** Spans starting after this (epoch ms) are invalid: a live receiver's guard against a sender's wrong clock. */
  latestStartMs = Infinity,
): { exchanges: number; skipped: number; invalid: number } {
  const counts = { exchanges: 0, skipped: 0, invalid: 0 };
  for (const rs of (doc as JsonObject).resourceSpans as unknown[]) {
    if (!isObject(rs)) continue;
    const resource = attributes(isObject(rs.resource) ? rs.resource.attributes : undefined);
    const scopes = (rs.scopeSpans ?? rs.instrumentationLibrarySpans) as unknown;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      if (!isObject(scope) || !Array.isArray(scope.spans)) continue;
      for (const span of scope.spans) {
        const ex = isObject(span) ? spanExchange(span, resource, key, latestStartMs) : 'invalid';
        if (ex === 'skip') counts.skipped++;
        else if (ex === 'invalid') counts.invalid++;
        else {
          ex.source = line === undefined ? { file } : { file, line };
          emit(ex);
          counts.exchanges++;
        }
      }
    }
  }
  return counts;
}

function spanExchange(span: JsonObject, resource: Map<string, unknown>, key: FingerprintKey, latestStartMs: number): Exchange | 'skip' | 'invalid' {
  const a = attributes(span.attributes);
  const methodRaw = a.get('http.request.method') ?? a.get('http.method');
  if (!SERVER.has(span.kind as number | string) || methodRaw === undefined) return 'skip';
  const start = nanos(span.startTimeUnixNano);
  const ts = start === undefined || Number(start / 1_000_000n) > latestStartMs ? undefined : isoFromMillis(Number(start / 1_000_000n));
  if (!ts) return 'invalid';
  const ex: Exchange = { ts };
  const method = methodValue(methodRaw === '_OTHER' ? a.get('http.request.method_original') : methodRaw);
  if (method) ex.method = method;
  const urlPath = a.get('url.path');
  const target = typeof urlPath === 'string' ? (typeof a.get('url.query') === 'string' ? `${urlPath}?${a.get('url.query')}` : urlPath) : a.get('http.target');
  const full = a.get('url.full') ?? a.get('http.url');
  if (typeof target === 'string' && target.length > 0) setTarget(ex, target, key);
  else if (typeof full === 'string') setTarget(ex, full, key);
  const scheme = a.get('url.scheme') ?? a.get('http.scheme');
  if (scheme === 'http' || scheme === 'https') ex.scheme = scheme;
  const route = a.get('http.route');
  // Some tracers fill it with the request's target (Express's `req.originalUrl`), query and all: its values are
  // credentials as often as the path's (`?api_key=…`), and `extract` prints the route.
  if (typeof route === 'string' && route.length > 0) ex.route = cap(storedPathOf(route), 8192);
  const host = serverHost(a) ?? hostValue(resource.get('server.address'));
  if (host) ex.host = host;
  const status = statusValue(a.get('http.response.status_code') ?? a.get('http.status_code'));
  if (status !== undefined) ex.status = status;
  const end = nanos(span.endTimeUnixNano);
  if (start !== undefined && end !== undefined && end >= start) ex.latencyMs = Number(end - start) / 1e6;
  const src = endpoint(
    a.get('client.address') ?? a.get('net.sock.peer.addr') ?? a.get('net.peer.ip') ?? a.get('http.client_ip'),
    a.get('client.port') ?? a.get('net.sock.peer.port') ?? a.get('net.peer.port'),
  );
  if (src) ex.src = src;
  const version = a.get('network.protocol.version') ?? a.get('http.flavor');
  const transport = transportOf(typeof version === 'string' ? version : '');
  if (transport) ex.transport = transport;
  const ua = userAgentValue(a.get('user_agent.original') ?? a.get('http.user_agent'));
  if (ua) ex.userAgent = ua;
  const reqBytes = requestSizeValue(a.get('http.request.body.size') ?? a.get('http.request_content_length'));
  if (reqBytes !== undefined) ex.requestBytes = reqBytes;
  const resBytes = nonNegativeInt(a.get('http.response.body.size') ?? a.get('http.response_content_length'));
  if (resBytes !== undefined) ex.responseBytes = resBytes;
  // Only the headers an instrumentation was told to capture are recorded, so finding no credential says nothing
  // (no `none`): a span without an `authorization` attribute may still have had one.
  const evidence = withUrlEvidence(collectAuthEvidence({ headers: requestHeaders(a) }, key), ex.auth);
  if (evidence[0].kind !== 'none') ex.auth = evidence;
  return ex;
}

const HEADER_PREFIX = 'http.request.header.';

/**
 * `http.request.header.<name>` attributes (string arrays, one element per header line) as header pairs. Older
 * semantic conventions wrote the name with `_` for `-` (`x_api_key`); a header name never has `_` in practice.
 */
function requestHeaders(a: Map<string, unknown>): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const [k, v] of a) {
    if (!k.startsWith(HEADER_PREFIX)) continue;
    const name = k.slice(HEADER_PREFIX.length).toLowerCase().replaceAll('_', '-');
    for (const value of Array.isArray(v) ? v : [v]) if (typeof value === 'string') headers.push([name, value]);
  }
  return headers;
}

/** `server.address` + `server.port` (stable), `http.host`, `net.host.name` + `net.host.port` (old). */
function serverHost(a: Map<string, unknown>): string | undefined {
  const name = a.get('server.address') ?? a.get('net.host.name');
  const port = nonNegativeNumber(a.get('server.port') ?? a.get('net.host.port'));
  if (typeof name === 'string' && name.length > 0) {
    const withPort = port !== undefined && port !== 80 && port !== 443 ? `${name}:${port}` : name;
    return hostValue(withPort.length <= 255 ? withPort : name);
  }
  return hostValue(a.get('http.host'));
}

/** OTLP/JSON encodes 64-bit integers as strings; timestamps are nanoseconds since the epoch. */
function nanos(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

function attributes(list: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (!isObject(kv) || typeof kv.key !== 'string' || !isObject(kv.value)) continue;
    const v = kv.value;
    const value = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue ?? (kv.key.startsWith(HEADER_PREFIX) ? stringArray(v.arrayValue) : undefined);
    if (value !== undefined) out.set(kv.key, typeof value === 'string' && /^\d+$/.test(value) && 'intValue' in v ? Number(value) : value);
  }
  return out;
}

/** An `arrayValue`'s string elements (at most 16: one header is rarely sent more than twice). */
function stringArray(value: unknown): string[] | undefined {
  if (!isObject(value) || !Array.isArray(value.values)) return undefined;
  return value.values.slice(0, 16).flatMap((e) => (isObject(e) && typeof e.stringValue === 'string' ? [e.stringValue] : []));
}
