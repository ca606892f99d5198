import type { Exchange } from '../../lib/exchange';
import {
  addressValue, isoFromText, methodValue, nonNegativeInt, setSizes, setTarget, statusValue, transportOf, userAgentValue,
  zeroBodilessResponse,
} from './exchange-fields';
import { isObject, str, type JsonObject, type JsonRecordFormat } from './json-record';

/**
 * Google Cloud Logging entries with an `httpRequest` (Cloud Load Balancing, Cloud Run, Cloud CDN, API Gateway):
 * one per line from a Cloud Storage sink, or the array `gcloud logging read --format=json` prints. Sizes are
 * whole messages, headers included (Google logs no body size); no request headers, so `auth` only comes from a
 * key in the URL. Entries of the same log without `httpRequest` (a service's own output) are skipped.
 */
export const gcpHttpRequestFormat: JsonRecordFormat = {
  name: 'gcp',
  matches: (r) => isObject(r.httpRequest) || (typeof r.logName === 'string' && ('textPayload' in r || 'jsonPayload' in r || 'protoPayload' in r)),
  toExchange(r, key) {
    const http = r.httpRequest;
    if (!isObject(http)) return 'skip';
    const ts = isoFromText(r.timestamp) ?? isoFromText(r.receiveTimestamp);
    if (!ts) return 'invalid';
    const method = methodValue(http.requestMethod);
    const url = typeof http.requestUrl === 'string' && http.requestUrl !== '' ? http.requestUrl : undefined;
    if (!method && !url) return 'invalid';
    const ex: Exchange = { ts };
    const src = addressValue(http.remoteIp);
    if (src) ex.src = src;
    const dst = addressValue(http.serverIp);
    if (dst) ex.dst = dst;
    const transport = transportOf(str(http.protocol) ?? '');
    if (transport) ex.transport = transport;
    if (method) ex.method = method;
    if (url) setTarget(ex, url, key);
    const status = statusValue(http.status);
    if (status !== undefined) ex.status = status;
    const latencyMs = durationMs(http.latency);
    if (latencyMs !== undefined) ex.latencyMs = latencyMs;
    setSizes(ex, http.requestSize, http.responseSize);
    zeroBodilessResponse(ex);
    const ua = userAgentValue(http.userAgent);
    if (ua) ex.userAgent = ua;
    return ex;
  },
};

/** A protobuf Duration in JSON: `"0.012345s"` (the JSON mapping), or `{seconds, nanos}` from other encoders. */
function durationMs(value: unknown): number | undefined {
  if (typeof value === 'string') {
    const m = /^(\d+(?:\.\d{1,9})?)s$/.exec(value);
    return m ? Math.round(Number(m[1]) * 1e9) / 1e6 : undefined;
  }
  if (!isObject(value)) return undefined;
  const d = value as JsonObject;
  const seconds = nonNegativeInt(d.seconds) ?? 0;
  const nanos = nonNegativeInt(d.nanos) ?? 0;
  return d.seconds === undefined && d.nanos === undefined ? undefined : seconds * 1000 + nanos / 1e6;
}
