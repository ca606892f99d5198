import type { Exchange } from '../../lib/exchange';
import { addressValue, cap, hostValue, isoFromText, nonNegativeInt, requestSizeValue, statusValue, transportOf, userAgentValue, type FingerprintKey } from './exchange-fields';
import type { LineFormat } from './line-format';
import { applyRequestLine } from './request-line';

/**
 * Envoy's default text access log, and Istio's longer default which adds response-code details,
 * termination details and a quoted transport-failure reason before the byte counts:
 *
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 *   %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 *   "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 *
 * The client comes from X-Forwarded-For in the default format (forwardedForClient), from the downstream remote address
 * in Istio's. Ambassador prefixes lines with `ACCESS `. TCP proxy lines (`"- - -"`) are well-formed but not HTTP.
 */
export function createEnvoyFormat(key: FingerprintKey): LineFormat {
  return {
    name: 'envoy',
    looksLike: (line) => /^(?:ACCESS )?\[\d{4}-\d{2}-\d{2}T[^\]]*\] "/.test(line),
    parse(line, origin, emit) {
      const start = line.startsWith('ACCESS [') ? 7 : line.startsWith('[') ? 0 : -1;
      if (start === -1) return 'invalid';
      const close = line.indexOf('] "', start);
      if (close === -1) return 'invalid';
      const ts = isoFromText(line.slice(start + 1, close));
      if (!ts) return 'invalid';
      const reqEnd = line.indexOf('" ', close + 3);
      if (reqEnd === -1) return 'invalid';
      const request = line.slice(close + 3, reqEnd);
      const fields = tokenize(line, reqEnd + 2);
      if (!fields || fields.length < 5) return 'invalid';
      if (request === '- - -') return 'skip';
      const ex: Exchange = { ts };
      const status = statusValue(fields[0].text);
      if (!applyRequestLine(ex, request, key)) {
        // A codec error (`"- - HTTP/1.1" 400 DPE`: the request never parsed) was still answered; keep its status,
        // as the JSON format and the combined reader do. Unanswered (`0 DC`), it is well-formed and says nothing.
        if (status === undefined) return request.startsWith('- - ') ? 'skip' : 'invalid';
        const transport = transportOf(request.slice(request.lastIndexOf(' ') + 1));
        if (transport) ex.transport = transport;
      }
      if (status !== undefined) ex.status = status;
      // Istio: code, flags, details, termination details, "failure reason", received, sent, duration…
      // (the default has its first quoted field, X-Forwarded-For, at 6).
      const istio = fields[4]?.quoted === true && !fields[2].quoted && !fields[3].quoted;
      const at = istio ? 5 : 2;
      const received = requestSizeValue(fields[at]?.text);
      if (received !== undefined) ex.requestBytes = received;
      // Code 0 (`0 DC`: the client went before any answer): no response, so no size or latency, as HAR and capture
      // records have none; Envoy's `0` bytes and time to the disconnect were both until 6 Dec.
      const sent = status === undefined ? undefined : nonNegativeInt(fields[at + 1]?.text);
      if (sent !== undefined) ex.responseBytes = sent;
      const duration = status === undefined ? undefined : nonNegativeInt(fields[at + 2]?.text);
      if (duration !== undefined) ex.latencyMs = duration;
      const quoted = fields.slice(at + 4).filter((f) => f.quoted);
      const ua = userAgentValue(quoted[1]?.text);
      if (ua) ex.userAgent = ua;
      const host = hostValue(quoted[3]?.text);
      if (host) ex.host = cap(host, 255);
      if (istio) {
        // … "upstream host" cluster upstream-local downstream-local downstream-remote sni route
        const tail = fields.slice(at + 4).filter((f) => !f.quoted);
        const src = addressValue(tail[3]?.text);
        if (src) ex.src = src;
        const dst = addressValue(tail[2]?.text);
        if (dst) ex.dst = dst;
      }
      if (!ex.src) {
        const client = forwardedForClient(quoted[0]?.text);
        if (client) ex.src = client;
      }
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
}

/**
 * The client in `%REQ(X-FORWARDED-FOR)%`, the default format's only address (until 6 Dec unread: no `src`). Every proxy
 * appends the address it was called from, and Envoy appends its peer's (`use_remote_address`), so the last entry is
 * the hop nearest Envoy: what Envoy itself trusts as the downstream address (xff_num_trusted_hops 0) and logs as
 * `%DOWNSTREAM_REMOTE_ADDRESS%`, which the JSON and Istio readers take, and what the combined reader takes after an
 * X-Forwarded-For list. Entries further left are the client's to write.
 */
function forwardedForClient(value: string | undefined): string | undefined {
  if (value === undefined || value === '-' || value === '') return undefined;
  return addressValue(value.slice(value.lastIndexOf(',') + 1).trim());
}

interface Field {
  text: string;
  quoted: boolean;
}

/**
 * Space-separated fields, `"…"` quoted ones taken whole; undefined on an unterminated quote. `backslashEscapes`: a `\"`
 * inside a quoted field is part of it; a log that writes a quote otherwise (ALB's `\x22`) passes false, so a field
 * ending in a backslash still ends at its quote.
 */
export function tokenize(line: string, from: number, backslashEscapes = true): Field[] | undefined {
  const out: Field[] = [];
  let i = from;
  while (i < line.length) {
    if (line.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    if (line.charCodeAt(i) === 34) {
      let end = line.indexOf('"', i + 1);
      while (backslashEscapes && end > 0 && line.charCodeAt(end - 1) === 92) end = line.indexOf('"', end + 1);
      if (end === -1) return undefined;
      out.push({ text: line.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else {
      let end = line.indexOf(' ', i);
      if (end === -1) end = line.length;
      out.push({ text: line.slice(i, end), quoted: false });
      i = end;
    }
  }
  return out;
}
