import { mayBeValueName, MIN_SECRET_NAME } from '../../lib/exchange/query-names';
import { userAgentMayHoldSecret } from '../../lib/security/redact-user-agent';
import { isPlainIpv4, parseDigits, statusDigits } from './char-scan';
import { createClfTimeParser } from './clf-time';
import { separatorEndingAt } from './request-line';

/**
 * The fast lane of `extract` for the commonest line there is: a plain nginx/Apache combined line
 * with an IPv4 client, `HTTP/1.1`, a clean path and agent. It writes the record's JSON directly,
 * byte for byte what `JSON.stringify` makes of the record `combined.ts` builds (a property test
 * holds the two to that), and skips building the object and stringifying it: together those are
 * most of the cost of a line. Any line it is not sure about returns undefined and takes the
 * general path, so the output never depends on which lane a line took.
 */
const NEEDS_CARE = /[\\\u0000-\u001f\u007f-\uffff]/;

/** `,"status":200` for every status, made once: no number-to-string per line. */
const STATUS_JSON = Array.from({ length: 1000 }, (_, n) => `,"status":${n}`);

export function createCombinedJson(file: string): (line: string, lineNo: number, plain?: boolean) => string | undefined {
  const clfTime = createClfTimeParser();
  const sourcePrefix = `,"source":{"file":${JSON.stringify(file)},"line":`;
  let lastTs: string | undefined;
  let tsPrefix = '';
  return (line, lineNo, plain = false) => {
    // One pass over the line: a backslash (nginx's \xHH escapes), a control or non-ASCII character
    // anywhere sends the line the general way, so the pieces copied below never need escaping.
    if (!plain && NEEDS_CARE.test(line)) return undefined;
    const open = line.indexOf(' [');
    if (open <= 0) return undefined;
    // `<ipv4> - - [` and nothing before the address (no vhost, no X-Forwarded-For list); a remote user (`- alice [`)
    // is Basic evidence, which the general path writes.
    const first = line.indexOf(' ');
    if (first + 4 !== open || line.charCodeAt(first + 1) !== 45 || line.charCodeAt(first + 2) !== 32 || line.charCodeAt(first + 3) !== 45) return undefined;
    if (!isPlainIpv4(line, 0, first)) return undefined;
    const close = line.indexOf(']', open + 2);
    if (close === -1 || line.charCodeAt(close + 1) !== 32 || line.charCodeAt(close + 2) !== 34) return undefined;
    const ts = clfTime(line, open + 2, close);
    if (ts === undefined) return undefined;
    if (ts !== lastTs) {
      lastTs = ts;
      tsPrefix = `{"ts":"${ts}","src":"`;
    }
    // `"METHOD /path[?query] HTTP/1.1" ddd bytes "referer" "agent"`
    const reqStart = close + 3;
    const sp = line.indexOf(' ', reqStart);
    if (sp <= reqStart || sp - reqStart > 32 || line.charCodeAt(sp + 1) !== 47) return undefined;
    const end = line.indexOf(' HTTP/1.1" ', sp);
    if (end === -1) return undefined;
    const method = line.slice(reqStart, sp);
    if (!isToken(method)) return undefined;
    const statusAt = end + 11;
    const status = statusDigits(line, statusAt);
    if (status < 0 || line.charCodeAt(statusAt + 3) !== 32) return undefined;
    const bytesEnd = line.indexOf(' ', statusAt + 4);
    if (bytesEnd === -1 || line.charCodeAt(bytesEnd + 1) !== 34) return undefined;
    const bytes = parseDigits(line, statusAt + 4, bytesEnd);
    if (bytes < 0 && !(bytesEnd === statusAt + 5 && line.charCodeAt(statusAt + 4) === 45)) return undefined;
    // The referer ends at its first quote, as the general path reads it.
    const refEnd = line.indexOf('"', bytesEnd + 2);
    if (refEnd === -1 || !line.startsWith('" "', refEnd) || line.charCodeAt(line.length - 1) !== 34) return undefined;
    const uaStart = refEnd + 3;
    if (line.indexOf('"', uaStart) !== line.length - 1 || line.charCodeAt(refEnd - 1) === 92) return undefined;
    const ua = line.slice(uaStart, line.length - 1);
    // An agent that may carry a credential is left to the general path, which redacts it.
    if (ua.length > 512 || userAgentMayHoldSecret(ua)) return undefined;
    // `/x  HTTP/1.1`: a run of separators before the version, which the general path skips.
    if (separatorEndingAt(line, end) > 0) return undefined;
    const target = line.slice(sp + 1, end);
    // A `;` may start a session parameter (`;jsessionid=…`), and `(` ASP.NET's cookieless session (`/(S(…))/`), which
    // the general path turns into evidence.
    if (target.length > 8192 || target.includes('"') || target.includes('#') || target.includes(';') || target.includes('(')) return undefined;
    const q = target.indexOf('?');
    let pathAndQuery: string;
    if (q === -1) pathAndQuery = `","path":"${target}"`;
    else {
      const names = queryNamesJson(target, q + 1);
      if (names === undefined) return undefined;
      pathAndQuery = names === '' ? `","path":"${target.slice(0, q)}"` : `","path":"${target.slice(0, q)}","query":[${names}]`;
    }
    const agent = ua.length === 0 || ua === '-' ? '' : `,"userAgent":"${ua}"`;
    const size = bytes >= 0 ? `,"responseBytes":${bytes}` : '';
    return `${tsPrefix}${line.slice(0, first)}","transport":"http/1.1","method":"${method}${pathAndQuery}${STATUS_JSON[status]}${size}${agent}${sourcePrefix}${lineNo}}}`;
  };
}

/** Names as JSON strings joined by commas; undefined for anything the general path must judge. */
function queryNamesJson(target: string, from: number): string | undefined {
  let out = '';
  const seen: string[] = [];
  let pos = from;
  while (pos < target.length) {
    let amp = target.indexOf('&', pos);
    if (amp === -1) amp = target.length;
    let eq = target.indexOf('=', pos);
    if (eq === -1 || eq > amp) eq = amp;
    if (eq > pos) {
      const name = target.slice(pos, eq);
      // Encoded names need decoding, and credential names become auth evidence: general path.
      // A name this long may be a bare token: recordedQueryName on the general path judges it.
      if (name.includes('%') || name.includes('+') || seen.length === 64 || name.length >= MIN_SECRET_NAME || mayBeValueName(name)) return undefined;
      if (CREDENTIAL_FIRST.has(name.charCodeAt(0) | 0x20) && CREDENTIAL_NAME.test(name)) return undefined;
      if (!seen.includes(name)) {
        out += seen.length === 0 ? `"${name}"` : `,"${name}"`;
        seen.push(name);
      }
    }
    pos = amp + 1;
  }
  return out;
}

/** First letters of the credential names below (lower-cased): most names skip the regex. */
const CREDENTIAL_FIRST = new Set([...'akctpsxijor'].map((c) => c.charCodeAt(0)));
const CREDENTIAL_NAME = /^(?:api[-_]?key|apikey|key|access[-_]?token|token|auth[-_]?token|client[-_]?secret|password|passwd|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|private[-_]?token|api[-_]?token|id[-_]?token|x-api-key|subscription-key|access[-_]?key|jwt|consumer[-_]?key|consumer[-_]?secret|oauth_signature|sentry_key|authorization|x-plex-token|refresh[-_]?token|session[-_]?token|phpsessid|auth)$/i;

function isToken(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  return s.length > 0;
}


