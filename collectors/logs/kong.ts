import { collectAuthEvidence, isBodilessResponse, type Exchange } from '../../lib/exchange';
import {
  contentTypeValue, endpoint, hostValue, isoFromMillis, methodValue, nonNegativeInt, requestSizeValue, nonNegativeNumber, setLifecycleHeaders,
  setTarget, statusValue, userAgentValue, withUrlEvidence,
} from './exchange-fields';
import { first, get, headerPairs, isObject, str, type JsonObject, type JsonRecordFormat } from './json-record';

/**
 * Kong's log serializer (http-log, file-log, tcp-log…): request and response with their headers,
 * latencies in ms, `started_at` in epoch ms. Kong logs request headers, so credentials are visible:
 * they become evidence and fingerprints here, and the header values go no further.
 */
export const kongFormat: JsonRecordFormat = {
  name: 'kong',
  matches: (r) => isObject(r.request) && isObject(r.response) && ('started_at' in r || 'latencies' in r),
  toExchange(r, key) {
    const ts = isoFromMillis(Number(r.started_at));
    if (!ts) return 'invalid';
    const method = methodValue(get(r, 'request.method'));
    const uri = str(first(r, 'request.uri'));
    const url = str(first(r, 'request.url'));
    if (!method && !uri && !url) return 'invalid';
    const ex: Exchange = { ts };
    const src = endpoint(str(r.client_ip));
    if (src) ex.src = src;
    const headers = headerPairs(get(r, 'request.headers')).pairs;
    const host = hostValue(headers.find(([n]) => n === 'host')?.[1]);
    if (host) ex.host = host;
    if (method) ex.method = method;
    // `request.uri` is the path as the client sent it; `url` is rebuilt by Kong with its own host.
    if (uri) setTarget(ex, uri, key);
    else if (url) setTarget(ex, url, key);
    // Kong's serializer builds `url` from nginx's $scheme, the client's; `request.tls` is logged for HTTPS alone.
    // Read from `uri`, a record had no scheme, and an export's server URL had to guess it.
    const scheme = url && /^(https?):\/\//i.exec(url)?.[1].toLowerCase();
    if (scheme === 'http' || scheme === 'https') ex.scheme ??= scheme;
    else if (isObject(get(r, 'request.tls'))) ex.scheme ??= 'https';
    const status = statusValue(get(r, 'response.status'));
    if (status !== undefined) ex.status = status;
    const latency = nonNegativeNumber(get(r, 'latencies.request'));
    if (latency !== undefined) ex.latencyMs = latency;
    const ua = userAgentValue(headers.find(([n]) => n === 'user-agent')?.[1]);
    if (ua) ex.userAgent = ua;
    const reqCt = contentTypeValue(headers.find(([n]) => n === 'content-type')?.[1]);
    if (reqCt) ex.requestContentType = reqCt;
    const resHeaders = headerPairs(get(r, 'response.headers')).pairs;
    const resCt = contentTypeValue(resHeaders.find(([n]) => n === 'content-type')?.[1]);
    if (resCt) ex.responseContentType = resCt;
    setBodySizes(ex, r, headers, resHeaders);
    setLifecycleHeaders(ex, resHeaders);
    const evidence = withUrlEvidence(collectAuthEvidence({ headers, query: queryPairs(get(r, 'request.querystring')) }, key), ex.auth);
    // `authenticated_entity` is the credential an auth plugin accepted, which it may have stripped before logging
    // (`hide_credentials`): the log then shows no credential, but the call was authenticated, and `none` would make
    // it an unauthenticated-2xx finding. Unknown (no `auth`) is the truth; an anonymous consumer has no entity.
    if (evidence[0].kind !== 'none' || !isObject(r.authenticated_entity)) ex.auth = evidence;
    return ex;
  },
};

/**
 * `request.size` and `response.size` are nginx's $request_length and $bytes_sent, headers included; the headers Kong
 * logs say the bodies (RFC 9112 §6.3): a Content-Length, or none at all without one or a Transfer-Encoding (a request
 * then has no size, as the traffic collector gives it). Only a chunked body leaves the totals standing in. Until 6 Dec
 * the totals were the sizes: a bodiless GET was 412 bytes.
 */
function setBodySizes(ex: Exchange, r: JsonObject, reqHeaders: Array<[string, string]>, resHeaders: Array<[string, string]>): void {
  const declared = (headers: Array<[string, string]>) => nonNegativeInt(headers.find(([n]) => n === 'content-length')?.[1]);
  const chunked = (headers: Array<[string, string]>) => headers.some(([n]) => n === 'transfer-encoding');
  const req = requestSizeValue(declared(reqHeaders) ?? (chunked(reqHeaders) ? nonNegativeInt(get(r, 'request.size')) : undefined));
  if (req !== undefined) ex.requestBytes = req;
  const bodiless = ex.status !== undefined && isBodilessResponse(ex.method, ex.status);
  const res = bodiless ? 0 : (declared(resHeaders) ?? nonNegativeInt(get(r, 'response.size')));
  if (res !== undefined) ex.responseBytes = res;
}

/** `querystring` maps names to a string, an array of strings, or `true` for a bare `?flag`. */
function queryPairs(value: unknown): Array<[string, string]> {
  if (!isObject(value)) return [];
  const out: Array<[string, string]> = [];
  for (const [name, v] of Object.entries(value as JsonObject)) {
    for (const item of Array.isArray(v) ? v : [v]) out.push([name, typeof item === 'string' ? item : '']);
  }
  return out;
}
