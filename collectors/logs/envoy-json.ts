import type { Exchange } from '../../lib/exchange';
import {
  addressValue, hostValue, isoFromText, methodValue, nonNegativeInt, requestSizeValue, nonNegativeNumber, setTarget, statusValue,
  transportOf, userAgentValue,
} from './exchange-fields';
import { first, str, type JsonRecordFormat } from './json-record';

/**
 * Envoy's JSON access log with the field names of Envoy's docs and Istio's default JSON encoding
 * (`start_time`, `method`, `path`, `response_code`, `authority`, `downstream_remote_address`…).
 * Upper-case keys (`START_TIME`, `RESPONSE_CODE`) appear when a format map copies operator names.
 */
export const envoyJsonFormat: JsonRecordFormat = {
  name: 'envoy-json',
  matches: (r) => ('response_code' in r || 'RESPONSE_CODE' in r) && ('start_time' in r || 'START_TIME' in r),
  toExchange(r, key) {
    const ts = isoFromText(first(r, 'start_time', 'START_TIME'));
    if (!ts) return 'invalid';
    const methodRaw = first(r, 'method', 'METHOD', 'request_method');
    const path = str(first(r, 'path', 'PATH', 'x_envoy_original_path'));
    // A codec error (`method: "-"`, `response_flags: DPE`) still answered with a status; keep it.
    const status = statusValue(first(r, 'response_code', 'RESPONSE_CODE'));
    if (methodRaw === undefined && path === undefined && (first(r, 'protocol') === undefined)) return 'skip';
    const ex: Exchange = { ts };
    const src = addressValue(first(r, 'downstream_remote_address', 'DOWNSTREAM_REMOTE_ADDRESS'));
    if (src) ex.src = src;
    const dst = addressValue(first(r, 'downstream_local_address', 'DOWNSTREAM_LOCAL_ADDRESS'));
    if (dst) ex.dst = dst;
    const transport = transportOf(str(first(r, 'protocol', 'PROTOCOL')) ?? '');
    if (transport) ex.transport = transport;
    const host = hostValue(first(r, 'authority', 'AUTHORITY'));
    if (host) ex.host = host;
    const method = methodValue(methodRaw);
    if (method) ex.method = method;
    if (path !== undefined) setTarget(ex, path, key);
    if (status !== undefined) ex.status = status;
    // `response_code: 0` is no answer: no size or latency, as in the text format (envoy.ts).
    const latency = status === undefined ? undefined : nonNegativeNumber(first(r, 'duration', 'DURATION'));
    if (latency !== undefined) ex.latencyMs = latency;
    const received = requestSizeValue(first(r, 'bytes_received', 'BYTES_RECEIVED'));
    if (received !== undefined) ex.requestBytes = received;
    const sent = status === undefined ? undefined : nonNegativeInt(first(r, 'bytes_sent', 'BYTES_SENT'));
    if (sent !== undefined) ex.responseBytes = sent;
    const ua = userAgentValue(first(r, 'user_agent', 'USER_AGENT'));
    if (ua) ex.userAgent = ua;
    return ex;
  },
};
