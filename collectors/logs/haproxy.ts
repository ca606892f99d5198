import type { Exchange } from '../../lib/exchange';
import { createClfTimeParser } from './clf-time';
import { authorityHost } from '../../lib/exchange/http-rules';
import {
  addressValue, addressWithPort, isHostNameLike, isoFromMillis, nonNegativeInt, statusValue, zeroBodilessResponse, type FingerprintKey,
} from './exchange-fields';
import type { LineFormat } from './line-format';
import { applyRequestLine } from './request-line';

/**
 * HAProxy's HTTP log format (`option httplog`), with or without the syslog prefix:
 *
 *   Feb  6 12:14:14 lb1 haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1
 *   10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"
 *
 * The accept date has no zone: HAProxy writes the host's local time, read here as UTC unless an RFC 5424 header
 * from the same clock gives its offset (syslogZoneMs). The last timer
 * is the total time in ms (Tt before 1.7, Ta after). TCP-mode lines (three timers, no status) are skipped.
 * The byte count includes the response headers (HAProxy counts what it sent).
 *
 * The host is in no default field: it comes from the request's absolute URI (HAProxy 2.1+ logs HTTP/2 requests
 * as `GET https://shop.test/api HTTP/2.0`), from a captured header that looks like one (`capture request header
 * Host`, the docs' own example: captures are `{…|…}` blocks, request ones first, `{|}"#` escaped as `#XX`; an
 * address there is a captured X-Forwarded-For), or
 * from `option httpslog`'s SNI, which follows the request line with the TLS fields
 * (`… "GET /a HTTP/1.1" 0/0000000000000000/0/0/0 shop.test/TLSv1.3/TLS_AES_256_GCM_SHA384`).
 * Checked against a real HAProxy 2.6 (campaign 2026-12-04, sixth session): h1, h2c, h2 and h1 over TLS, raw,
 * RFC 3164 and RFC 5424 log targets. Before it, httpslog lines without a query string took the TLS fields into
 * the path, and the host was never read.
 */
export function createHaproxyFormat(key: FingerprintKey): LineFormat {
  const clfTime = createClfTimeParser();
  return {
    name: 'haproxy',
    looksLike: (line) => /\d:\d+ \[\d{2}\/\w{3}\/\d{4}:[\d:.]+\] \S+ \S+\/\S+ /.test(line),
    parse(line, origin, emit) {
      const open = acceptDate(line);
      if (open === -1) return 'invalid';
      const close = line.indexOf('] ', open);
      if (close === -1) return 'invalid';
      const ts = clfTime(line, open + 2, close);
      if (!ts) return 'invalid';
      const clientStart = line.lastIndexOf(' ', open - 1) + 1;
      const rest = line.slice(close + 2).split(' ', 6);
      if (rest.length < 4) return 'invalid';
      const timers = rest[2].split('/');
      if (timers.length !== 5) return timers.length === 3 ? 'skip' : 'invalid';
      const status = statusValue(rest[3]);
      const quote = line.indexOf(' "', close);
      const offset = line.charCodeAt(0) === 60 /* < */ ? syslogZoneMs(line, ts, nonNegativeInt(timers[4].replace(/^\+/, ''))) : 0;
      const ex: Exchange = { ts: offset === 0 ? ts : isoFromMillis(Date.parse(ts) - offset) ?? ts };
      // `%ci:%cp`: an IPv6 client is written unbracketed, its port after the last colon.
      const src = addressWithPort(line.slice(clientStart, open));
      if (src) ex.src = src;
      if (quote !== -1) {
        // Quotes inside are logged as #22: the next one closes the request (absent on a line cut short).
        const closing = line.indexOf('"', quote + 2);
        const end = closing === -1 ? line.length : closing;
        applyRequestLine(ex, unescapeRequest(line.slice(quote + 2, end)), key);
        if (ex.host === undefined) {
          const host = capturedHost(line, close, quote) ?? (closing === -1 ? undefined : sniHost(line, closing + 1));
          if (host) ex.host = host;
        }
      }
      if (status !== undefined) ex.status = status;
      // `%ft`, the frontend, ends in `~` when the client's connection was TLS: how the client came (an absolute URI
      // says it too). Until 6 Dec unread, and a record had no scheme.
      ex.scheme ??= rest[0].endsWith('~') ? 'https' : 'http';
      // Status -1 (aborted before any answer, `CD--`): no response, so no latency or size, as HAR and capture records
      // of no response have none (until 6 Dec the time and bytes to the abort).
      const total = status === undefined ? undefined : nonNegativeInt(timers[4].replace(/^\+/, ''));
      if (total !== undefined) ex.latencyMs = total;
      const bytes = status === undefined ? undefined : nonNegativeInt(rest[4]?.replace(/^\+/, ''));
      if (bytes !== undefined) ex.responseBytes = bytes;
      zeroBodilessResponse(ex);
      if (!ex.method && ex.status === undefined) return 'invalid';
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
}

/**
 * The zone of the accept date, which HAProxy writes in the host's local time without one, from an RFC 5424 header
 * (`<134>1 2024-05-01T10:00:00.004+01:00 …`: HAProxy's `log … format rfc5424`, or a local syslog daemon's, from the
 * same clock) whose local time is the accept date's, or the request's total time later (the line is written at its
 * end). A header whose local time is not (a relay stamping in its own zone) says nothing of it: 0, the date read as
 * UTC as before. Until 7 Dec every header was ignored, and a host on +01:00 had each request stamped an hour late.
 */
function syslogZoneMs(line: string, acceptIso: string, totalMs: number | undefined): number {
  const m = RFC5424_STAMP.exec(line);
  if (!m || m[2] === 'Z' || m[2] === '+00:00' || m[2] === '-00:00') return 0;
  const local = Date.parse(`${m[1]}Z`) - Date.parse(acceptIso);
  if (!(local >= -1000 && local <= (totalMs ?? 0) + 60_000)) return 0;
  const sign = m[2].charCodeAt(0) === 45 /* - */ ? -1 : 1;
  return sign * (Number(m[2].slice(1, 3)) * 60 + Number(m[2].slice(4, 6))) * 60_000;
}

const RFC5424_STAMP = /^<\d{1,3}>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?)(Z|[+-]\d\d:\d\d) /;

/** Index of ` [` opening the accept date (`[06/Feb/2009:12:14:14.655]`), skipping syslog's own fields. */
function acceptDate(line: string): number {
  let i = line.indexOf(' [');
  while (i !== -1) {
    const d = line.charCodeAt(i + 2);
    if (d >= 48 && d <= 57 && line.charCodeAt(i + 4) === 47) return i;
    i = line.indexOf(' [', i + 1);
  }
  return -1;
}

/**
 * HAProxy logs `"`, `#`, control and non-ASCII bytes of the request line as `#XX`; as `%XX` they are the
 * percent-encoding a path keeps (a literal `#` would otherwise cut the path as a fragment: `/a#22b` is `/a"b`).
 */
function unescapeRequest(request: string): string {
  return request.includes('#') ? request.replace(/#([0-9A-Fa-f]{2})/g, '%$1') : request;
}

/** The first value of the first capture block before the request line, when it looks like a host. */
function capturedHost(line: string, from: number, to: number): string | undefined {
  const open = line.indexOf(' {', from);
  if (open === -1 || open > to) return undefined;
  const close = line.indexOf('}', open);
  if (close === -1 || close > to) return undefined;
  const bar = line.indexOf('|', open);
  return hostLike(line.slice(open + 2, bar !== -1 && bar < close ? bar : close));
}

/** A captured X-Forwarded-For is an address, not the host. */
function hostLike(value: string): string | undefined {
  return isHostNameLike(value) && addressValue(value) === undefined ? authorityHost(value) : undefined;
}

/** `option httpslog`: the SNI starts the second field after the request line (`-` without one). */
function sniHost(line: string, from: number): string | undefined {
  const fields = line.slice(from).trim().split(' ');
  if (fields.length < 2 || !/^[\d-]+\/[\da-fA-F-]+\//.test(fields[0])) return undefined;
  return hostLike(fields[1].slice(0, fields[1].indexOf('/')));
}
