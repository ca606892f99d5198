import { isBodilessResponse } from '../../lib/exchange/http-rules';
import type { Framing } from './http1-events';

/**
 * HTTP/1.x start line + header block parsing (RFC 9112), and finding where a header block ends. Lenient where real clients are sloppy (bare LF,
 * `HTTP/1.` versions, a method alone) but only for methods Wireshark also recognises, so a text protocol
 * that merely starts with an upper-case word (SMTP `EHLO`, FTP `USER`) is not taken for HTTP.
 */
export type Header = [name: string, value: string];

export interface RequestHead {
  kind: 'request';
  method: string;
  target: string;
  /** `HTTP/1.1`, `HTTP/1.0`, or whatever partial version the client sent ('' when absent). */
  version: string;
  headers: Header[];
  /** The head's end was not captured: these are its complete lines (Http1Stream.salvageHead). */
  cut?: boolean;
}

export interface ResponseHead {
  kind: 'response';
  version: string;
  status: number;
  headers: Header[];
  cut?: boolean;
}

/** Methods accepted without a well-formed version: RFC 9110, WebDAV, and Cisco's CCM_POST (Wireshark's list). */
const KNOWN_METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT', 'MKCALENDAR',
  'CHECKOUT', 'MERGE', 'MKACTIVITY', 'NOTIFY', 'M-SEARCH', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PURGE', 'CCM_POST',
]);
const METHOD_TOKEN = /^[A-Z][A-Z0-9_-]{0,31}$/;
const VERSION = /^HTTP\/\d\.\d$/;
const MAX_HEADERS = 256;

export function isKnownMethod(method: string): boolean {
  return KNOWN_METHODS.has(method);
}

/** Which headers a parse keeps, for requests and for responses (see headerSelection); absent: all of them. */
export interface HeaderSelections {
  request: HeaderSelection;
  response: HeaderSelection;
}

/**
 * Parses a header block (start line through the last header line, without the blank line).
 * `strict` (after a gap or mid-stream) demands a complete `HTTP/d.d` version. With `select`, only the
 * selected headers are returned, exactly as they appear among all of them (order, duplicates, folding, and
 * the MAX_HEADERS cap counted over every header).
 */
export function parseHead(text: string, strict: boolean, select?: HeaderSelections): RequestHead | ResponseHead | undefined {
  let eol = text.indexOf('\n');
  if (eol === -1) eol = text.length;
  const lineEnd = text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
  const plain = plainStartLine(text, lineEnd, eol, select);
  if (plain !== undefined) return plain;
  const selection = select === undefined ? undefined : text.startsWith('HTTP/') ? select.response : select.request;
  return startLine(text.slice(0, lineEnd), parseHeaderLines(text, eol + 1, selection), strict);
}

/** parseHead without the fast path for plain start lines: the reference the fast path is tested against. */
export function parseHeadReference(text: string, strict: boolean): RequestHead | ResponseHead | undefined {
  let eol = text.indexOf('\n');
  if (eol === -1) eol = text.length;
  const lineEnd = text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
  return startLine(text.slice(0, lineEnd), parseHeaderLines(text, eol + 1, undefined), strict);
}

/**
 * The start lines nearly every message has (`HTTP/1.1 200 OK`, `GET /path HTTP/1.1`) read by character
 * codes, without the regexes, slices and trims of the general parser (a tenth of the collector's CPU went
 * to head parsing). Anything less plain returns undefined and takes the general path, which gives the
 * same result for these lines in strict and lenient mode alike.
 */
function plainStartLine(text: string, lineEnd: number, eol: number, select: HeaderSelections | undefined): RequestHead | ResponseHead | undefined {
  if (lineEnd >= 12 && text.startsWith('HTTP/') && isDigit(text, 5) && text.charCodeAt(6) === 46 && isDigit(text, 7) && text.charCodeAt(8) === 32) {
    if (!isDigit(text, 9) || !isDigit(text, 10) || !isDigit(text, 11)) return undefined;
    if (lineEnd > 12) {
      const c = text.charCodeAt(12);
      if (c !== 32 && c !== 9) return undefined;
      // The reason phrase is `.*` in the general regex: no line terminator inside it.
      for (let i = 13; i < lineEnd; i++) {
        const r = text.charCodeAt(i);
        if (r === 13 || r === 0x2028 || r === 0x2029) return undefined;
      }
    }
    const status = (text.charCodeAt(9) - 48) * 100 + (text.charCodeAt(10) - 48) * 10 + (text.charCodeAt(11) - 48);
    return { kind: 'response', version: httpVersion(text, 0), status, headers: parseHeaderLines(text, eol + 1, select?.response) };
  }
  const sp1 = text.indexOf(' ');
  if (sp1 < 1 || sp1 > 32 || sp1 >= lineEnd || text.charCodeAt(sp1 + 1) === 32) return undefined;
  const sp2 = text.lastIndexOf(' ', lineEnd - 1);
  if (sp2 <= sp1 + 1 || lineEnd - sp2 !== 9 || !text.startsWith('HTTP/', sp2 + 1)) return undefined;
  if (!isDigit(text, sp2 + 6) || text.charCodeAt(sp2 + 7) !== 46 || !isDigit(text, sp2 + 8)) return undefined;
  // The general parser trims the target's end; leave targets ending in white space to it.
  const last = text.charCodeAt(sp2 - 1);
  if (last <= 32 || last === 160 || last >= 0x1680) return undefined;
  if (!isMethodToken(text, sp1)) return undefined;
  return { kind: 'request', method: text.slice(0, sp1), target: text.slice(sp1 + 1, sp2), version: httpVersion(text, sp2 + 1), headers: parseHeaderLines(text, eol + 1, select?.request) };
}

function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** METHOD_TOKEN on text[0, end). */
function isMethodToken(text: string, end: number): boolean {
  const first = text.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  for (let i = 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return false;
  }
  return true;
}

/** The version at text[at, at + 8), shared for the two everyone sends. */
function httpVersion(text: string, at: number): string {
  if (text.charCodeAt(at + 5) === 49 && text.charCodeAt(at + 6) === 46) {
    const minor = text.charCodeAt(at + 7);
    if (minor === 49) return 'HTTP/1.1';
    if (minor === 48) return 'HTTP/1.0';
  }
  return text.slice(at, at + 8);
}

/**
 * A request line cut before its end (a long query string past a snapshot length): reported only when what is
 * left is unambiguous. The method must be one Wireshark knows, the path must be complete (a `?` follows it),
 * and only query parameters ended by `&` are kept (the last one may be cut in its name or value, and a cut
 * credential would give a wrong fingerprint). tshark shows such lines as they are, cut paths included.
 */
export function parseCutRequestLine(text: string): RequestHead | undefined {
  const sp = text.indexOf(' ');
  if (sp < 1 || !isKnownMethod(text.slice(0, sp)) || text.includes('\n')) return undefined;
  const target = text.slice(sp + 1);
  const q = target.indexOf('?');
  if (q < 1 || /\s/.test(target)) return undefined;
  const amp = target.lastIndexOf('&');
  return { kind: 'request', method: text.slice(0, sp), target: amp > q ? target.slice(0, amp) : target.slice(0, q), version: '', headers: [], cut: true };
}

/** A head cut by a hole, from what was captured: its complete lines, or a request line cut before its version. */
export function parseCutHead(text: string, strict: boolean, select?: HeaderSelections): RequestHead | ResponseHead | undefined {
  const lastLf = text.lastIndexOf('\n');
  return lastLf > 0 ? parseHead(text.slice(0, lastLf), strict, select) : parseCutRequestLine(text);
}

function startLine(line: string, headers: Header[], strict: boolean): RequestHead | ResponseHead | undefined {
  if (line.startsWith('HTTP/')) {
    const m = /^(HTTP\/\d\.\d) (\d{3})(?:[ \t].*)?$/.exec(line);
    return m ? { kind: 'response', version: m[1], status: Number(m[2]), headers } : undefined;
  }
  const sp1 = line.indexOf(' ');
  const method = sp1 === -1 ? line : line.slice(0, sp1);
  if (!METHOD_TOKEN.test(method)) return undefined;
  let target = '';
  let version = '';
  if (sp1 !== -1) {
    const rest = line.slice(sp1 + 1).replace(/^ +/, '');
    const sp2 = rest.lastIndexOf(' ');
    // `OPTIONS HTTP/1.1`: the version where the target belongs. No request-target form (RFC 9112 §3.2) starts with
    // `HTTP/` (origin-form starts with `/`, a scheme or a host has no `/` before its `:`), so there is no target: a
    // malformed line, not a request for the path `HTTP/1.1`. tshark reports it so (pcap-tshark.test.ts).
    if (sp2 === -1 && rest.startsWith('HTTP/')) return undefined;
    if (sp2 === -1) target = rest;
    else {
      target = rest.slice(0, sp2).trimEnd();
      version = rest.slice(sp2 + 1);
    }
  }
  const wellFormed = VERSION.test(version) && target.length > 0;
  if (!wellFormed && (strict || !KNOWN_METHODS.has(method))) return undefined;
  if (version !== '' && !version.startsWith('HTTP/')) {
    // `GET /a b` is a target with a space, not a version: keep the whole rest as the target.
    target = `${target} ${version}`;
    version = '';
  }
  return { kind: 'request', method, target, version, headers };
}

function parseHeaderLines(text: string, from: number, select: HeaderSelection | undefined): Header[] {
  const headers: Header[] = [];
  // Header lines counted as parsed (kept or not): the cap and obs-fold follow all of them.
  let count = 0;
  let lastKept = false;
  let pos = from;
  while (pos < text.length && count < MAX_HEADERS) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const end = text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const first = text.charCodeAt(pos);
    if (end > pos) {
      if ((first === 32 || first === 9) && count > 0) {
        // obs-fold (RFC 9112 §5.2): a continuation of the previous value.
        if (lastKept) {
          const last = headers[headers.length - 1];
          const more = text.slice(pos, end).trim();
          // A value that starts on the folded line (`Host:` CRLF SP `api.x`) gets no leading space.
          last[1] = last[1] === '' ? more : `${last[1]} ${more}`;
        }
      } else {
        const colon = text.indexOf(':', pos);
        if (colon !== -1 && colon < end) {
          // Index arithmetic instead of trim(): one string per name and value, this runs for every header.
          let ne = colon;
          while (ne > pos && isSpace(text.charCodeAt(ne - 1))) ne--;
          count++;
          const name = select === undefined ? headerName(text, pos, ne) : selectedName(text, pos, ne, select);
          lastKept = name !== undefined;
          if (name !== undefined) {
            let vs = colon + 1;
            let ve = end;
            while (vs < ve && isSpace(text.charCodeAt(vs))) vs++;
            while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
            headers.push([name, text.slice(vs, ve)]);
          }
        }
      }
    }
    pos = eol + 1;
  }
  return headers;
}

/**
 * Lower-cased names of the headers nearly every message carries, by length: matched in place they cost
 * no slice and no toLowerCase copy (two allocations per header line, ten lines per message).
 */
const COMMON_NAMES = [
  'host', 'date', 'etag', 'vary', 'accept', 'cookie', 'server', 'origin', 'sunset', 'expires', 'referer', 'upgrade',
  'expect', 'location', 'x-api-key', 'connection', 'keep-alive', 'user-agent', 'set-cookie', 'deprecation', 'traceparent',
  'content-type', 'x-request-id', 'authorization', 'cache-control', 'last-modified', 'content-length',
  'accept-encoding', 'accept-language', 'x-forwarded-for', 'content-encoding', 'x-correlation-id', 'transfer-encoding',
];
const INDICES_BY_LENGTH: number[][] = [];
COMMON_NAMES.forEach((name, i) => (INDICES_BY_LENGTH[name.length] ??= []).push(i));

/** text.slice(start, end).toLowerCase(), without allocating for a common name. */
function headerName(text: string, start: number, end: number): string {
  const i = commonNameIndex(text, start, end);
  return i !== -1 ? COMMON_NAMES[i] : text.slice(start, end).toLowerCase();
}

/** The index in COMMON_NAMES of text[start, end) in any ASCII case, or -1. */
function commonNameIndex(text: string, start: number, end: number): number {
  const candidates = INDICES_BY_LENGTH[end - start];
  if (candidates !== undefined) {
    for (const i of candidates) if (sameIgnoringAsciiCase(text, start, COMMON_NAMES[i])) return i;
  }
  return -1;
}

/**
 * The headers a consumer reads: `names` (each must be one of the common names, so that any other name is
 * rejected without a string made for it), and any name matching `pattern` (lower-cased).
 */
export interface HeaderSelection {
  readonly keepCommon: readonly boolean[];
  readonly pattern: RegExp | undefined;
}

export function headerSelection(names: readonly string[], pattern?: RegExp): HeaderSelection {
  for (const name of names) if (!COMMON_NAMES.includes(name)) throw new Error(`headerSelection: ${name} is not a common header name`);
  return { keepCommon: COMMON_NAMES.map((n) => names.includes(n) || (pattern?.test(n) ?? false)), pattern };
}

/** headerName for a selected header, undefined for any other. */
function selectedName(text: string, start: number, end: number, select: HeaderSelection): string | undefined {
  const i = commonNameIndex(text, start, end);
  if (i !== -1) return select.keepCommon[i] ? COMMON_NAMES[i] : undefined;
  if (select.pattern === undefined) return undefined;
  const name = text.slice(start, end).toLowerCase();
  return select.pattern.test(name) ? name : undefined;
}

/** Whether text at `start` is `lower` with any of its ASCII letters upper-cased. */
function sameIgnoringAsciiCase(text: string, start: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = text.charCodeAt(start + i);
    const l = lower.charCodeAt(i);
    if (c !== l && !(l >= 97 && l <= 122 && c === l - 32)) return false;
  }
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * The first value of header `name` (lower case). An indexed loop: `for (const [n, v] of …)` is an iterator
 * protocol with a try/finally per element in bytecode, and this is inlined into every hot function that
 * reads a header (eight times into finishExchange), where that bulk went to TurboFan's compile time.
 */
export function headerValue(headers: Header[], name: string): string | undefined {
  for (let i = 0; i < headers.length; i++) if (headers[i][0] === name) return headers[i][1];
  return undefined;
}

/** Content-Length as RFC 9112 §6.3 reads it: identical repeated values are fine, anything else is invalid (-2). */
export function contentLength(headers: Header[]): number {
  let value = -1;
  for (let i = 0; i < headers.length; i++) {
    if (headers[i][0] !== 'content-length') continue;
    const v = headers[i][1];
    if (plainDigits(v)) {
      // The one form every sender uses, without the split and trim of the list form below.
      const n1 = Number(v);
      if (value !== -1 && value !== n1) return -2;
      value = n1;
      continue;
    }
    for (const part of v.split(',')) {
      const t = part.trim();
      if (!/^\d{1,15}$/.test(t)) return -2;
      const n2 = Number(t);
      if (value !== -1 && value !== n2) return -2;
      value = n2;
    }
  }
  return value;
}

function plainDigits(v: string): boolean {
  if (v.length === 0 || v.length > 15) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** How a response's body is delimited (RFC 9112 §6.3), given the method of the request it answers. */
export function responseFraming(head: ResponseHead, requestMethod: string | undefined): Framing {
  if (isBodilessResponse(requestMethod, head.status)) return { mode: 'none' };
  if (isChunked(head.headers)) return { mode: 'chunked' };
  const cl = headerValue(head.headers, 'content-length');
  if (cl !== undefined && /^\d{1,15}$/.test(cl.trim())) return { mode: 'length', length: Number(cl.trim()) };
  // A list of identical values (`2, 2`: RFC 9110 §8.6 lets a recipient take the one value) frames by length as a
  // request's does; read until close, it swallowed every later response on the connection.
  const length = cl === undefined ? -1 : contentLength(head.headers);
  if (length >= 0) return { mode: 'length', length };
  return { mode: 'close' };
}

/**
 * Whether chunked is the final transfer coding. Codings may come on several header lines (`Transfer-Encoding: gzip`,
 * then `Transfer-Encoding: chunked`: one list, RFC 9110 §5.3), so the last line decides: read on the first alone,
 * such a response was read until close and swallowed every later response on the connection.
 */
export function isChunked(headers: Header[]): boolean {
  let te: string | undefined;
  for (let i = 0; i < headers.length; i++) if (headers[i][0] === 'transfer-encoding') te = headers[i][1];
  if (!te) return false;
  const codings = te.toLowerCase().split(',');
  return codings[codings.length - 1].trim() === 'chunked';
}
