import { collectAuthEvidence, type Exchange } from '../../lib/exchange';
import { isBodilessResponse } from '../../lib/exchange/http-rules';
import {
  addressValue, endpoint, hostValue, isoFromMillis, methodValue, nonNegativeInt, requestSizeValue, schemeOfServerPort, setTarget, statusValue, transportOf,
  userAgentValue,
  type FingerprintKey,
} from './exchange-fields';
import type { LineFormat } from './line-format';
import { columnsOf, directiveFields, fieldReader, FileColumns, type Columns } from './w3c-columns';

/**
 * IIS's default W3C fields (IIS 8.5 and later), read until a file's `#Fields:` directive says otherwise: a follower
 * resuming past the header, or lines piped without it.
 */
const DEFAULT_FIELDS = [
  'date', 'time', 's-ip', 'cs-method', 'cs-uri-stem', 'cs-uri-query', 's-port', 'cs-username', 'c-ip', 'cs(user-agent)', 'cs(referer)',
  'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken',
];

const DATE = /^\d{4}-\d\d-\d\d$/;
const TIME = /^\d\d:\d\d:\d\d(?:\.\d{1,3})?$/;
/** `|<line or ->|<error code>|<description>`, what classic ASP writes after cs-uri-query's query on an error (KB 264051). */
const ASP_ERROR = /\|(?:-|\d+)\|[^|]*\|[^|]*$/;
/** Directives IIS writes at the top of each file and again whenever its service restarts or the fields change. */
const DIRECTIVE = /^#(?:Software|Version|Date|Remark|Start-Date|End-Date):/;
/** The request headers whose `cs(…)` columns are read for something else than credentials. */
const NOT_CREDENTIALS = new Set(['user-agent', 'referer', 'host']);

/**
 * Microsoft IIS's W3C extended log (`u_ex<yymmdd>.log`, its default format): `#Software`, `#Version`, `#Date` and
 * `#Fields` directives, then one space-separated line per request in the order `#Fields` names (chosen per site in IIS
 * Manager, so read from each file and again where the directive comes back mid-file). IIS writes a space inside a value
 * as `+` (`Mozilla/5.0+(Windows+NT+10.0)`) and an empty value as `-`; `date` and `time` are UTC, when the response's
 * last byte was sent (`time-taken` milliseconds after HTTP.sys read the request's first byte: Microsoft KB 944884).
 */
export function createIisFormat(key: FingerprintKey): LineFormat {
  const headers = new FileColumns(columnsOf(DEFAULT_FIELDS));
  const reader: LineFormat = {
    name: 'iis',
    looksLike: (line) => line.startsWith('#Software: Microsoft Internet Information Services') || (line.charCodeAt(10) === 32 && DATE.test(line.slice(0, 10))),
    // Its directives, read again: the columns of the lines from there on.
    resumeAt(file, before) {
      for (const line of before) if (line.charCodeAt(0) === 35) reader.parse(line, { file, line: 0 }, () => {});
    },
    parse(line, origin, emit) {
      if (line.charCodeAt(0) === 35 /* # */) {
        if (DIRECTIVE.test(line)) return line.startsWith('#Software: ') && !/Internet Information Services/i.test(line) ? 'invalid' : 'skip';
        if (!line.startsWith('#Fields: ')) return 'invalid';
        const fields = directiveFields(line);
        // CloudFront writes the same directive (cloudfront.ts) for tab-separated lines.
        if (!fields.includes('date') || !fields.includes('time') || !fields.includes('cs-method') || fields.includes('x-edge-location')) return 'invalid';
        headers.set(origin.file, fields);
        return 'skip';
      }
      const columns = headers.of(origin.file);
      const values = line.split(' ');
      // IIS pads nothing; a trailing space would be one more, empty field.
      if (values.length === columns.size + 1 && values[columns.size] === '') values.pop();
      if (values.length !== columns.size) return 'invalid';
      const ex = exchangeOf(fieldReader(columns, values), columns, key);
      if (!ex) return 'invalid';
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
  return reader;
}

function exchangeOf(field: (name: string) => string | undefined, columns: Columns, key: FingerprintKey): Exchange | undefined {
  const date = field('date');
  const time = field('time');
  const method = methodValue(field('cs-method'));
  const stem = field('cs-uri-stem');
  if (!date || !time || !DATE.test(date) || !TIME.test(time) || !method || !stem) return undefined;
  const ms = nonNegativeInt(field('time-taken'));
  const ts = isoFromMillis(Date.parse(`${date}T${time}Z`) - (ms ?? 0));
  if (!ts) return undefined;
  const ex: Exchange = { ts };
  const src = endpoint(addressValue(field('c-ip')), field('c-port'));
  if (src) ex.src = src;
  const dst = endpoint(addressValue(field('s-ip')), field('s-port'));
  if (dst) ex.dst = dst;
  else {
    const scheme = schemeOfServerPort(field('s-port'));
    if (scheme) ex.scheme = scheme;
  }
  const host = hostValue(field('cs-host'));
  if (host) ex.host = host;
  const transport = transportOf(field('cs-version') ?? '');
  if (transport) ex.transport = transport;
  ex.method = method;
  // The stem keeps its `+`: a path's own plus is as likely as a space IIS wrote so.
  // Classic ASP appends its error to the query (`id=5|12|800a000d|Type_mismatch`): no part of the request.
  const query = field('cs-uri-query')?.replace(ASP_ERROR, '') || undefined;
  setTarget(ex, query === undefined ? stem : `${stem}?${query}`, key);
  const status = statusValue(field('sc-status'));
  if (status !== undefined) ex.status = status;
  if (ms !== undefined) ex.latencyMs = ms;
  // IIS logs no body size: sc-bytes and cs-bytes are whole messages, headers included.
  const responseBytes = status !== undefined && isBodilessResponse(method, status) ? 0 : nonNegativeInt(field('sc-bytes'));
  if (responseBytes !== undefined) ex.responseBytes = responseBytes;
  const requestBytes = requestSizeValue(field('cs-bytes'));
  if (requestBytes !== undefined) ex.requestBytes = requestBytes;
  const ua = userAgentValue(spaced(field('cs(user-agent)')));
  if (ua) ex.userAgent = ua;
  // cs-username is not evidence: IIS fills it from Windows authentication (NTLM, Kerberos), Basic, a client certificate
  // or ASP.NET forms alike, and no auth kind says "a user, scheme unknown". A logged cookie (`cs(Cookie)`, ASP.NET's
  // session) or a custom request-header column is; the headers IIS did not log stay unseen, so none is no `none`.
  const headers: Array<[string, string]> = [];
  for (const name of columns.keys()) {
    const header = /^cs\((.+)\)$/.exec(name)?.[1];
    const value = header === undefined || NOT_CREDENTIALS.has(header) ? undefined : headerValue(header, field(name));
    if (value !== undefined) headers.push([header!, value]);
  }
  if (headers.length > 0) {
    const found = collectAuthEvidence({ headers }, key).filter((e) => e.kind !== 'none');
    if (found.length > 0) ex.auth = found.slice(0, 16);
  }
  return ex;
}

/**
 * A credential header's spaces back, and only those: a token's own `+` (base64) stays, or the fingerprint would not be
 * a capture's. A cookie has spaces only after its `;` (RFC 6265 cookie-octet has none), Authorization after its scheme.
 */
function headerValue(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (name === 'cookie') return value.replace(/;\+/g, '; ');
  return name === 'authorization' || name === 'proxy-authorization' ? value.replace('+', ' ') : value;
}

/** IIS writes a space inside a value as `+`. */
function spaced(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replace(/\+/g, ' ');
}
