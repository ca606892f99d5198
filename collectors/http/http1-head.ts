/**
 * HTTP/1.x start line + header block parsing (RFC 9112). Lenient where real clients are sloppy (bare LF,
 * `HTTP/1.` versions, missing targets) but only for methods Wireshark also recognises, so a text protocol
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
}

export interface ResponseHead {
  kind: 'response';
  version: string;
  status: number;
  headers: Header[];
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

/**
 * Parses a header block (start line through the last header line, without the blank line).
 * `strict` (after a gap or mid-stream) demands a complete `HTTP/d.d` version.
 */
export function parseHead(text: string, strict: boolean): RequestHead | ResponseHead | undefined {
  let eol = text.indexOf('\n');
  if (eol === -1) eol = text.length;
  const line = text.charCodeAt(eol - 1) === 13 ? text.slice(0, eol - 1) : text.slice(0, eol);
  const headers = parseHeaderLines(text, eol + 1);
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

function parseHeaderLines(text: string, from: number): Header[] {
  const headers: Header[] = [];
  let pos = from;
  while (pos < text.length && headers.length < MAX_HEADERS) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const end = text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const first = text.charCodeAt(pos);
    if (end > pos) {
      if ((first === 32 || first === 9) && headers.length > 0) {
        // obs-fold (RFC 9112 §5.2): a continuation of the previous value.
        const last = headers[headers.length - 1];
        last[1] = `${last[1]} ${text.slice(pos, end).trim()}`;
      } else {
        const colon = text.indexOf(':', pos);
        if (colon !== -1 && colon < end) {
          // Index arithmetic instead of trim(): one string per name and value, this runs for every header.
          let ne = colon;
          while (ne > pos && isSpace(text.charCodeAt(ne - 1))) ne--;
          let vs = colon + 1;
          let ve = end;
          while (vs < ve && isSpace(text.charCodeAt(vs))) vs++;
          while (ve > vs && isSpace(text.charCodeAt(ve - 1))) ve--;
          headers.push([text.slice(pos, ne).toLowerCase(), text.slice(vs, ve)]);
        }
      }
    }
    pos = eol + 1;
  }
  return headers;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

export function headerValue(headers: Header[], name: string): string | undefined {
  for (const [n, v] of headers) if (n === name) return v;
  return undefined;
}

/** Content-Length as RFC 9112 §6.3 reads it: identical repeated values are fine, anything else is invalid (-2). */
export function contentLength(headers: Header[]): number {
  let value = -1;
  for (const [n, v] of headers) {
    if (n !== 'content-length') continue;
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

export function isChunked(headers: Header[]): boolean {
  const te = headerValue(headers, 'transfer-encoding');
  if (!te) return false;
  const codings = te.toLowerCase().split(',');
  return codings[codings.length - 1].trim() === 'chunked';
}
