import type { Exchange } from '../../lib/exchange';
import { authorityHost } from '../../lib/exchange/http-rules';
import {
  addressWithPort, hostValue, isoFromText, nonNegativeInt, requestSizeValue, statusValue, userAgentValue, zeroBodilessResponse, type FingerprintKey,
} from './exchange-fields';
import { tokenize } from './envoy';
import type { LineFormat } from './line-format';
import { applyRequestLine, unescapeHexTarget, unescapeHexText } from './request-line';

const TYPES = new Set(['http', 'https', 'h2', 'grpcs', 'ws', 'wss']);

/**
 * AWS Application Load Balancer access logs: space-separated, quoted request and agent, request line
 * with an absolute URL (`GET https://host:443/p?q HTTP/1.1`). Processing times are seconds, `-1` when
 * the ALB never reached a target. Lines from S3 come gzipped, one file per 5 minutes per node.
 */
export function createAlbFormat(key: FingerprintKey): LineFormat {
  return {
    name: 'alb',
    looksLike: (line) => TYPES.has(line.slice(0, line.indexOf(' '))) && /^\S+ \d{4}-\d{2}-\d{2}T/.test(line),
    parse(line, origin, emit) {
      // ALB writes a quote inside a field as `\x22`, so a `\"` is a backslash the client sent, then the closing quote.
      const f = tokenize(line, 0, false);
      if (!f || f.length < 14 || !TYPES.has(f[0].text) || f[12].quoted !== true) return 'invalid';
      // `time` is when the response went (a WebSocket's: when it closed), request_creation_time when the request came.
      const ts = (f[21] && !f[21].quoted ? isoFromText(f[21].text) : undefined) ?? isoFromText(f[1].text);
      if (!ts) return 'invalid';
      const ex: Exchange = { ts };
      // `client:port` is always `address:port` (an IPv6 client unbracketed).
      const src = addressWithPort(f[3].text);
      if (src) ex.src = src;
      // The request URL is the client's as sent, its host the Host header (or :authority): the name the client asked
      // for. domain_name is the TLS handshake's SNI, which may name another (one connection reused under a wildcard
      // certificate) and is `-` without TLS; it stands in only where the URL gives no host (until 7 Dec it won).
      // A quote inside the request or agent is written `\x22`, a non-ASCII byte `\xHH`: undone (until 7 Dec they stayed).
      const parsed = applyRequestLine(ex, f[12].text, key, unescapeHexTarget);
      const sni = hostValue(f[18]?.quoted ? f[18].text : undefined);
      if (sni && ex.host === undefined) ex.host = sni;
      if (!parsed) unparsedRequest(ex, f[12].text);
      if (f[0].text === 'h2' || f[0].text === 'grpcs') ex.transport = 'h2';
      const status = statusValue(f[8].text);
      if (status !== undefined) ex.status = status;
      const times = [f[5].text, f[6].text, f[7].text].map(Number);
      if (times.every((t) => Number.isFinite(t) && t >= 0)) ex.latencyMs = Math.round((times[0] + times[1] + times[2]) * 1e6) / 1e3;
      // ALB logs no body size: received_bytes and sent_bytes are whole messages, headers included (a WebSocket's whole connection).
      const received = requestSizeValue(f[10].text);
      if (received !== undefined) ex.requestBytes = received;
      const sent = nonNegativeInt(f[11].text);
      if (sent !== undefined) ex.responseBytes = sent;
      zeroBodilessResponse(ex);
      const ua = userAgentValue(unescapeHexText(f[13].text));
      if (ua) ex.userAgent = ua;
      if (!ex.method && ex.status === undefined) return 'invalid';
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
}

/**
 * A request ALB could not parse (bytes no HTTP client sends: a scanner, TLS to a plain listener) is logged
 * `- http://<host>:<port>- -`: no method, the path and version `-`, the authority the load balancer's own DNS name or
 * address. The record keeps that host and scheme beside its 400 (until 6 Dec it had neither); with no method it names
 * no endpoint.
 */
function unparsedRequest(ex: Exchange, request: string): void {
  const m = UNPARSED_REQUEST.exec(request);
  if (!m) return;
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return;
  const host = authorityHost(m[2], scheme);
  if (host && ex.host === undefined) ex.host = host;
  ex.scheme ??= scheme;
}

const UNPARSED_REQUEST = /^- ([A-Za-z]+):\/\/([^\s/?#@]+?)- -$/;
