import { collectAuthEvidence, type Exchange } from '../../lib/exchange';
import {
  addressValue, contentTypeValue, endpoint, hostValue, isoFromMillis, isoFromText, methodValue, nonNegativeInt, requestSizeValue, setLifecycleHeaders,
  setTarget, statusValue, transportOf, userAgentValue, withRemoteUser,
} from './exchange-fields';
import { first, str, type JsonRecordFormat } from './json-record';
import { applyRequestLine } from './request-line';

/** Traefik's names for what says which request an entry is (v1 and v2+); no other format spells them so. */
const ACCESS_FIELDS = ['RequestMethod', 'RequestPath', 'RequestLine', 'RequestAddr', 'RequestHost', 'DownstreamStatus', 'OriginStatus', 'StartUTC', 'StartLocal'];

/**
 * Traefik's JSON access log (v1 and v2+ field sets). Headers appear as `request_<Name>` only for
 * those the operator keeps; credentials among them become evidence, and since the rest stay unseen
 * `auth` is set only when one was found. Traefik writes `REDACTED` for headers kept as redacted.
 */
export const traefikJsonFormat: JsonRecordFormat = {
  name: 'traefik',
  // Any one of them: an operator drops fields by name (`accessLog.fields.names`). Until 6 Dec RequestMethod or
  // DownstreamStatus with RequestPath was needed, and an entry without was taken for Traefik's own (logrus) line
  // by its `level`, `msg` and `time`, and skipped unsaid.
  matches: (r) => ACCESS_FIELDS.some((k) => k in r),
  toExchange(r, key) {
    // StartUTC/StartLocal are when the request came; logrus's `time` when the entry was written, the response done:
    // with both Start fields dropped, the start is that less Duration (ns; until 7 Dec `time` stood, a WebSocket
    // stamped when it closed).
    const started = isoFromText(first(r, 'StartUTC', 'StartLocal'));
    const written = started === undefined ? isoFromText(r.time) : undefined;
    const took = written === undefined ? undefined : nonNegativeInt(first(r, 'Duration'));
    const ts = started ?? (written && took !== undefined ? isoFromMillis(Date.parse(written) - Math.round(took / 1e6)) : written);
    if (!ts) return 'invalid';
    const ex: Exchange = { ts };
    // ClientAddr is the peer. Traefik overwrites ClientHost with a request's X-Forwarded-For (ClientPort stays the
    // peer's), so a list there is no address of the peer's (until 7 Dec `src` was `203.0.113.9, 10.0.0.2:54321`).
    const clientHost = str(first(r, 'ClientHost'));
    const src = addressValue(first(r, 'ClientAddr')) ?? (addressValue(clientHost) ? endpoint(clientHost, first(r, 'ClientPort')) : undefined);
    if (src) ex.src = src;
    // RequestAddr is the Host header as sent (`api.example:8443`); RequestHost is its name alone, so a listener on
    // another port would merge with the default one.
    const host = hostValue(first(r, 'RequestAddr', 'RequestHost'));
    if (host) ex.host = host;
    const method = methodValue(first(r, 'RequestMethod'));
    const path = str(first(r, 'RequestPath'));
    // `GET /a?b=1 HTTP/1.1`: what a dropped RequestMethod or RequestPath said.
    const line = method && path ? undefined : str(first(r, 'RequestLine'));
    if (!(line && applyRequestLine(ex, line, key))) {
      if (method) ex.method = method;
      if (path) setTarget(ex, path, key);
    }
    const scheme = str(first(r, 'RequestScheme'));
    if (scheme === 'http' || scheme === 'https') ex.scheme ??= scheme;
    // Traefik logs TLSVersion only for a request that came over TLS: with RequestScheme dropped by name (or absent
    // from the version), such a request had no scheme.
    else if (str(first(r, 'TLSVersion'))) ex.scheme ??= 'https';
    const transport = transportOf(str(first(r, 'RequestProtocol')) ?? '');
    if (transport) ex.transport = transport;
    const status = statusValue(first(r, 'DownstreamStatus', 'OriginStatus'));
    if (status !== undefined) ex.status = status;
    const duration = nonNegativeInt(first(r, 'Duration'));
    if (duration !== undefined) ex.latencyMs = duration / 1e6;
    const reqSize = requestSizeValue(first(r, 'RequestContentSize'));
    if (reqSize !== undefined) ex.requestBytes = reqSize;
    const resSize = nonNegativeInt(first(r, 'DownstreamContentSize'));
    if (resSize !== undefined) ex.responseBytes = resSize;
    const ua = userAgentValue(first(r, 'request_User-Agent'));
    if (ua) ex.userAgent = ua;
    const reqCt = contentTypeValue(first(r, 'request_Content-Type'));
    if (reqCt) ex.requestContentType = reqCt;
    const resCt = contentTypeValue(first(r, 'downstream_Content-Type', 'origin_Content-Type'));
    if (resCt) ex.responseContentType = resCt;
    const headers: Array<[string, string]> = [];
    // What the client got (`downstream_`) before what the backend sent (`origin_`): Traefik middlewares may add
    // or strip response headers between the two.
    const responseHeaders: Array<[string, string]> = [];
    const originHeaders: Array<[string, string]> = [];
    for (const [k, v] of Object.entries(r)) {
      if (typeof v !== 'string' || v === 'REDACTED' || v === '') continue;
      if (k.startsWith('request_')) headers.push([k.slice(8).toLowerCase(), v]);
      else if (k.startsWith('downstream_')) responseHeaders.push([k.slice(11).toLowerCase(), v]);
      else if (k.startsWith('origin_')) originHeaders.push([k.slice(7).toLowerCase(), v]);
    }
    setLifecycleHeaders(ex, [...responseHeaders, ...originHeaders]);
    const found = collectAuthEvidence({ headers }, key).filter((e) => e.kind !== 'none');
    if (found.length > 0) ex.auth = [...(ex.auth ?? []), ...found].slice(0, 16);
    // The user Traefik's basicAuth middleware let in, when the Authorization header itself is not kept: the NCSA
    // remote user its CLF puts in the third column (exchange-fields.ts withRemoteUser).
    else if (!headers.some(([name]) => name === 'authorization')) withRemoteUser(ex, str(first(r, 'ClientUsername')), key);
    if (!ex.method && !ex.path && ex.status === undefined) return 'invalid';
    return ex;
  },
};
