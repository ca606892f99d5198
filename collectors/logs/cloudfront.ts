import { collectAuthEvidence, type Exchange } from '../../lib/exchange';
import { isBodilessResponse } from '../../lib/exchange/http-rules';
import { percentDecoded } from '../../lib/percent-decode';
import {
  addressValue, contentTypeValue, endpoint, hostValue, isoFromMillis, methodValue, nonNegativeInt, requestSizeValue, nonNegativeNumber, setTarget,
  statusValue, transportOf, userAgentValue, type FingerprintKey,
} from './exchange-fields';
import { isSkippedRecord, type SkippedRecord } from './json-record';
import type { LineFormat } from './line-format';
import { columnsOf, directiveFields, fieldReader, FileColumns } from './w3c-columns';

/**
 * The 33 fields of CloudFront's standard log (legacy, and v2 in its W3C output), in the order AWS documents and
 * writes them (Standard logging reference, "Log file fields"). The `#Fields:` header of each file says the order
 * it has; this one stands in until a header is read (a follower resuming past it, or lines piped without it).
 */
const STANDARD_FIELDS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(host)', 'cs-uri-stem', 'sc-status', 'cs(referer)',
  'cs(user-agent)', 'cs-uri-query', 'cs(cookie)', 'x-edge-result-type', 'x-edge-request-id', 'x-host-header', 'cs-protocol', 'cs-bytes',
  'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher', 'x-edge-response-result-type', 'cs-protocol-version', 'fle-status',
  'fle-encrypted-fields', 'c-port', 'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type', 'sc-content-len',
  'sc-range-start', 'sc-range-end',
];

const NO_REQUEST: SkippedRecord = { skipped: 'a cloudfront record with no method or path (cs-method or cs-uri-stem `-` or not logged): no request to name' };
const DATE = /^\d{4}-\d\d-\d\d$/;
const TIME = /^\d\d:\d\d:\d\d$/;

/**
 * Amazon CloudFront's standard access log: W3C extended log format, a `#Version: 1.0` and a `#Fields:` header, then
 * one tab-separated line per request with the fields the header names. Values are URL-encoded (`Mozilla/5.0%20(X11)`),
 * `-` when empty. Delivered to S3 gzipped, a file per distribution and period: a file is read whole, header first.
 */
export function createCloudFrontFormat(key: FingerprintKey): LineFormat {
  const headers = new FileColumns(columnsOf(STANDARD_FIELDS));
  // IIS writes the same W3C header after a `#Software:` line (CloudFront writes none), space-separated lines and
  // time-taken in ms: such a file is no CloudFront log, not one whose every line is malformed.
  const foreign = new Map<string, boolean>();
  let afterSoftware = false;
  const reader: LineFormat = {
    name: 'cloudfront',
    looksLike: (line) => line.startsWith('#Fields: date') || (line.indexOf('\t') === 10 && DATE.test(line.slice(0, 10))),
    // Its directives, read again: the columns of the lines from there on.
    resumeAt(file, before) {
      for (const line of before) if (line.charCodeAt(0) === 35) reader.parse(line, { file, line: 0 }, () => {});
    },
    parse(line, origin, emit) {
      const software = line.startsWith('#Software: ');
      const follows = afterSoftware;
      afterSoftware = software;
      if (software) {
        foreign.set(origin.file, !/cloudfront/i.test(line));
        if (foreign.size > 64) foreign.delete(foreign.keys().next().value!);
      }
      // A header's first line: a file read after another under the same name (sniffing names none) starts afresh.
      else if (line.startsWith('#Version: ') && !follows) foreign.delete(origin.file);
      if (foreign.get(origin.file)) return 'invalid';
      if (line.charCodeAt(0) === 35 /* # */) {
        if (line.startsWith('#Version: ') || software) return 'skip';
        if (!line.startsWith('#Fields: ')) return 'invalid';
        const fields = directiveFields(line);
        if (!fields.includes('date') || !fields.includes('time') || !fields.includes('cs-method')) return 'invalid';
        headers.set(origin.file, fields);
        return 'skip';
      }
      const columns = headers.of(origin.file);
      const values = line.split('\t');
      if (values.length !== columns.size) return 'invalid';
      const ex = cloudFrontExchange(fieldReader(columns, values), key);
      if (!ex) return 'invalid';
      if (isSkippedRecord(ex)) {
        origin.skipReason = ex.skipped;
        return 'skip';
      }
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
  return reader;
}

/**
 * A record from its fields by lower-cased W3C name (`cs(host)`), `-` or empty read as absent: the W3C line's or JSON's.
 * Undefined for no record (no date and time); a dated one with no method or path is skipped, saying why: a v2 delivery
 * writes only the fields selected, `-` for those without a value, and such a record names no request.
 */
export function cloudFrontExchange(field: (name: string) => string | undefined, key: FingerprintKey): Exchange | SkippedRecord | undefined {
  const date = field('date');
  const time = field('time');
  if (!date || !time || !DATE.test(date) || !TIME.test(time)) return undefined;
  const method = methodValue(field('cs-method'));
  const stem = field('cs-uri-stem');
  const status = statusValue(field('sc-status'));
  if (!method || !stem) return NO_REQUEST;
  // `time` is when CloudFront finished responding (a WebSocket's: when it closed); the exchange began `time-taken`
  // seconds before, as Caddy's entry is read.
  const seconds = nonNegativeNumber(field('time-taken'));
  const ts = isoFromMillis(Date.parse(`${date}T${time}Z`) - Math.round((seconds ?? 0) * 1000));
  if (!ts) return undefined;
  const ex: Exchange = { ts };
  const src = endpoint(addressValue(field('c-ip')), field('c-port'));
  if (src) ex.src = src;
  // x-host-header is the Host the viewer sent (the site's own name); cs(Host) the distribution's domain.
  const host = hostValue(field('x-host-header')) ?? hostValue(field('cs(host)'));
  if (host) ex.host = host;
  const protocol = field('cs-protocol');
  if (protocol === 'http' || protocol === 'ws') ex.scheme = 'http';
  else if (protocol === 'https' || protocol === 'wss') ex.scheme = 'https';
  const transport = transportOf(field('cs-protocol-version') ?? '');
  if (transport) ex.transport = transport;
  ex.method = method;
  const query = field('cs-uri-query');
  setTarget(ex, query === undefined ? unescapedTarget(stem) : `${unescapedTarget(stem)}?${unescapedTarget(query)}`, key);
  if (status !== undefined) ex.status = status;
  // 000: the viewer closed the connection before any answer (AWS), so no size or time to one, as a capture has none.
  const answered = field('sc-status') !== '000';
  if (seconds !== undefined && answered) ex.latencyMs = Math.round(seconds * 1e6) / 1e3;
  // CloudFront logs no request body size: cs-bytes is the whole request, headers included.
  const requestBytes = requestSizeValue(field('cs-bytes'));
  if (requestBytes !== undefined) ex.requestBytes = requestBytes;
  const responseBytes = !answered ? undefined
    : status !== undefined && isBodilessResponse(method, status) ? 0 : nonNegativeInt(field('sc-content-len')) ?? nonNegativeInt(field('sc-bytes'));
  if (responseBytes !== undefined) ex.responseBytes = responseBytes;
  const ua = userAgentValue(decodedField(field('cs(user-agent)')));
  if (ua) ex.userAgent = ua;
  const contentType = contentTypeValue(decodedField(field('sc-content-type')));
  if (contentType) ex.responseContentType = contentType;
  // Cookies are logged when the distribution's logging says so: then they are evidence; the headers CloudFront
  // does not log (Authorization) stay unseen, so no cookie is no `none`.
  const cookie = decodedField(field('cs(cookie)'));
  if (cookie) {
    const found = collectAuthEvidence({ headers: [['cookie', cookie]] }, key).filter((e) => e.kind !== 'none');
    if (found.length > 0) ex.auth = [...(ex.auth ?? []), ...found].slice(0, 16);
  }
  return ex;
}

/**
 * The stem or query as the viewer sent it, in the spelling every source gives a target (lib/exchange/target-bytes.ts):
 * CloudFront escapes `%` itself (`%25`), a space, `"#'<>[\]^{|}~` and the backquote in what it logs (AWS's table, RFC
 * 1738), and bytes 0–31 and 127 and up, which stay escaped. A client's `/a%20b` is logged `/a%2520b`: until 7 Dec
 * that was the path, another endpoint than a capture's. Only the escapes CloudFront writes are undone (`%3F` or `%2F`
 * in a log is none of its own).
 */
function unescapedTarget(value: string): string {
  return value.includes('%') ? value.replace(CLOUDFRONT_ESCAPE, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16))) : value;
}

const CLOUDFRONT_ESCAPE = /%(?:2[02357]|3[CcEe]|5[BbCcDdEe]|60|7[BbCcDdEe])/g;

function decodedField(value: string | undefined): string | undefined {
  return value === undefined ? undefined : percentDecoded(value);
}
