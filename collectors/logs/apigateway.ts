import { collectAuthEvidence, type Exchange } from '../../lib/exchange';
import { authorizerEvidence } from './apigateway-identity';
import { parseClfTime } from './clf-time';
import {
  cap, endpoint, hostValue, isoFromMillis, methodValue, nonNegativeInt, nonNegativeNumber, setTarget, statusValue,
  transportOf, userAgentValue, withUrlEvidence,
} from './exchange-fields';
import { first, str, type JsonRecordFormat } from './json-record';

/**
 * AWS API Gateway access logs in JSON, REST and HTTP APIs. Key names are the operator's choice; these
 * are the console's defaults and the `$context` variable names people copy into their formats.
 * `resourcePath` (REST) and `routeKey` (HTTP API) are templates API Gateway already resolved: they
 * become `route`. `path` appears only when the format logs `$context.path`.
 */
export const apiGatewayFormat: JsonRecordFormat = {
  name: 'apigateway',
  matches: (r) =>
    ('requestId' in r || 'extendedRequestId' in r) &&
    ('httpMethod' in r || 'routeKey' in r || 'resourcePath' in r) &&
    ('status' in r || 'requestTime' in r || 'requestTimeEpoch' in r),
  toExchange(r, key) {
    const ts = timeOf(first(r, 'requestTimeEpoch'), first(r, 'requestTime'));
    if (!ts) return 'invalid';
    // API Gateway's endpoints (REST, HTTP and their custom domains) take HTTPS alone: unlogged, the scheme was unknown
    // and an export of the API had no server it could name.
    const ex: Exchange = { ts, scheme: 'https' };
    const src = endpoint(str(first(r, 'ip', 'sourceIp', 'identity.sourceIp', 'sourceIP')));
    if (src) ex.src = src;
    const host = hostValue(first(r, 'domainName', 'host'));
    if (host) ex.host = host;
    const routeKey = str(first(r, 'routeKey'));
    // `ANY /pets/{proxy+}` matches every method: the route says none (until 6 Dec the record's method was ANY).
    const routeMethod = routeKey && routeKey !== '$default' && !routeKey.startsWith('ANY ') ? routeKey.slice(0, routeKey.indexOf(' ')) : undefined;
    const method = methodValue(first(r, 'httpMethod', 'method')) ?? methodValue(routeMethod);
    if (method) ex.method = method;
    const path = str(first(r, 'path', 'requestPath'));
    if (path) setTarget(ex, path, key);
    const resourcePath = str(first(r, 'resourcePath'));
    const route = resourcePath ?? (routeKey && routeKey.includes(' ') ? routeKey.slice(routeKey.indexOf(' ') + 1) : undefined);
    if (route && route.startsWith('/')) ex.route = cap(route, 8192);
    const transport = transportOf(str(first(r, 'protocol')) ?? '');
    if (transport) ex.transport = transport;
    const status = statusValue(first(r, 'status'));
    if (status !== undefined) ex.status = status;
    const latency = nonNegativeNumber(first(r, 'responseLatency', 'latency', 'integrationLatency'));
    if (latency !== undefined) ex.latencyMs = latency;
    const bytes = nonNegativeInt(first(r, 'responseLength'));
    if (bytes !== undefined) ex.responseBytes = bytes;
    const ua = userAgentValue(first(r, 'userAgent', 'identity.userAgent'));
    if (ua) ex.userAgent = ua;
    // `$context.identity.apiKey` puts the caller's API key itself in the log (API Gateway reads it from `x-api-key`):
    // fingerprinted and dropped, joined with what the URL carried (setTarget), as the other collectors join them.
    const apiKey = str(first(r, 'apiKey', 'identity.apiKey'));
    if (apiKey) ex.auth = withUrlEvidence(collectAuthEvidence({ headers: [['x-api-key', apiKey]] }, key), ex.auth);
    // The identity an authorizer resolved (IAM, Cognito, JWT, Lambda): no credential is logged, but one was checked.
    const authorized = authorizerEvidence(r, key);
    if (authorized.length > 0) ex.auth = [...(ex.auth ?? []), ...authorized].slice(0, 16);
    if (!ex.method && !ex.path && ex.status === undefined) return 'invalid';
    return ex;
  },
};

/** `$context.requestTimeEpoch` is epoch ms; `$context.requestTime` is CLF (`10/Jun/2023:15:36:28 +0000`). */
function timeOf(epoch: unknown, clf: unknown): string | undefined {
  const ms = nonNegativeNumber(epoch);
  if (ms !== undefined) return isoFromMillis(ms < 1e11 ? ms * 1000 : ms);
  return typeof clf === 'string' ? parseClfTime(clf) : undefined;
}
