import type { Exchange } from '../../lib/exchange';
import {
  endpoint, hostValue, isoFromMillis, isoFromText, methodValue, nonNegativeNumber, setSizes, setTarget, statusValue,
  transportOf, userAgentValue, zeroBodilessResponse,
} from './exchange-fields';
import { first, isObject, str, type JsonObject, type JsonRecordFormat } from './json-record';

/**
 * Azure resource logs of the two HTTP front ends: Front Door (`FrontdoorAccessLog` classic,
 * `FrontDoorAccessLog` Standard/Premium) and Application Gateway (`ApplicationGatewayAccessLog`), as a
 * diagnostic setting writes them to a storage account (one record per line) or an Event Hub (`{"records": […]}`,
 * unwrapped by the JSON-lines reader). Their sizes are whole messages, headers included; no request headers
 * are logged, so `auth` only comes from a key in the URL. Other categories of the same stream (WAF, health
 * probes, performance) are skipped.
 */
export const azureFormat: JsonRecordFormat = {
  name: 'azure',
  matches: (r) => typeof r.category === 'string' && isObject(r.properties) && (typeof r.resourceId === 'string' || typeof r.operationName === 'string'),
  toExchange(r, key) {
    const p = r.properties as JsonObject;
    const category = (r.category as string).toLowerCase();
    if (category === 'frontdooraccesslog') return frontDoor(r, p, key);
    if (category === 'applicationgatewayaccesslog') return applicationGateway(r, p, key);
    return 'skip';
  },
};

function frontDoor(r: JsonObject, p: JsonObject, key: Parameters<JsonRecordFormat['toExchange']>[1]): Exchange | 'invalid' {
  const logged = isoFromText(first(r, 'time', 'timeStamp'));
  if (!logged) return 'invalid';
  const seconds = nonNegativeNumber(first(p, 'timeTaken', 'TimeTaken'));
  const latencyMs = seconds === undefined ? undefined : Math.round(seconds * 1e6) / 1e3;
  // `time` is when the edge delivered the response (Microsoft's access log reference); the request came `timeTaken`
  // before, as nginx's `$request_time` (until 6 Dec `ts` was the end: a WebSocket stamped when it closed).
  const ts = latencyMs === undefined ? logged : isoFromMillis(Date.parse(logged) - Math.round(latencyMs));
  if (!ts) return 'invalid';
  const method = methodValue(first(p, 'httpMethod', 'HttpMethod'));
  const uri = str(first(p, 'requestUri', 'RequestUri'));
  if (!method && !uri) return 'invalid';
  const ex: Exchange = { ts };
  // socketIp is the direct connection; clientIp is read from the request's X-Forwarded-For when it has one (Microsoft),
  // which any client may write: the peer is `src`, as everywhere (until 7 Dec clientIp with the socket's port).
  const port = first(p, 'clientPort', 'ClientPort');
  const src = endpoint(str(first(p, 'socketIp', 'SocketIp')), port) ?? endpoint(str(first(p, 'clientIp', 'ClientIp')), port);
  if (src) ex.src = src;
  const transport = transportOf(dotted(str(first(p, 'httpVersion', 'HttpVersion'))));
  if (transport) ex.transport = transport;
  // `requestUri` is absolute (`https://host:443/path?q`): the host and scheme's default port come from it.
  if (method) ex.method = method;
  if (uri) setTarget(ex, uri, key);
  if (!ex.host) {
    const host = hostValue(first(p, 'hostName', 'HostName'));
    if (host) ex.host = host;
  }
  const status = statusValue(first(p, 'httpStatusCode', 'HttpStatusCode'));
  if (status !== undefined) ex.status = status;
  if (latencyMs !== undefined) ex.latencyMs = latencyMs;
  setSizes(ex, first(p, 'requestBytes', 'RequestBytes'), first(p, 'responseBytes', 'ResponseBytes'));
  zeroBodilessResponse(ex);
  const ua = userAgentValue(first(p, 'userAgent', 'UserAgent'));
  if (ua) ex.userAgent = ua;
  return ex;
}

function applicationGateway(r: JsonObject, p: JsonObject, key: Parameters<JsonRecordFormat['toExchange']>[1]): Exchange | 'invalid' {
  const logged = isoFromText(first(r, 'timeStamp', 'time'));
  if (!logged) return 'invalid';
  // v1 gateways (instances `ApplicationGatewayRole_IN_n`) log milliseconds, v2 (`appgw_n`) seconds.
  const taken = nonNegativeNumber(p.timeTaken);
  const latencyMs = taken === undefined ? undefined
    : /^ApplicationGatewayRole_IN_/.test(String(p.instanceId ?? '')) ? taken : Math.round(taken * 1e6) / 1e3;
  // The record is written when the request is done (Microsoft: TimeGenerated, "when the log was created"), and
  // timeTaken runs from its first byte to the response's last, as nginx's $request_time: the request came that much
  // before (until 7 Dec `ts` was the end: a long download stamped when it finished).
  const ts = latencyMs === undefined ? logged : isoFromMillis(Date.parse(logged) - Math.round(latencyMs));
  if (!ts) return 'invalid';
  const method = methodValue(p.httpMethod);
  // What the client sent, before any rewrite rule; `requestUri` + `requestQuery` are what went to the backend.
  const original = str(first(p, 'originalRequestUriWithArgs'));
  const path = str(first(p, 'requestUri'));
  const query = str(first(p, 'requestQuery'));
  const target = original ?? (path !== undefined ? (query ? `${path}?${query}` : path) : undefined);
  if (!method && !target) return 'invalid';
  const ex: Exchange = { ts };
  const src = endpoint(str(first(p, 'clientIP', 'clientIp')), first(p, 'clientPort'));
  if (src) ex.src = src;
  const transport = transportOf(str(p.httpVersion) ?? '');
  if (transport) ex.transport = transport;
  const host = hostValue(first(p, 'originalHost', 'host'));
  if (host) ex.host = host;
  if (method) ex.method = method;
  if (target) setTarget(ex, target, key);
  const status = statusValue(p.httpStatus);
  if (status !== undefined) ex.status = status;
  if (latencyMs !== undefined) ex.latencyMs = latencyMs;
  setSizes(ex, p.receivedBytes, p.sentBytes);
  zeroBodilessResponse(ex);
  const ua = userAgentValue(p.userAgent);
  if (ua) ex.userAgent = ua;
  return ex;
}

/** Front Door writes HTTP versions as .NET versions: `2.0.0.0`, `1.1.0.0`. */
function dotted(version: string | undefined): string {
  if (version === undefined) return '';
  const m = /^(\d)\.(\d)\.0\.0$/.exec(version);
  return m ? (m[1] === '2' ? 'HTTP/2' : m[1] === '3' ? 'HTTP/3' : `HTTP/${m[1]}.${m[2]}`) : version;
}
