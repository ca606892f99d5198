import type { Exchange } from '../../lib/exchange';
import { escapedAt, parseDigits, statusDigits } from './char-scan';
import { createClfTimeParser } from './clf-time';
import { createCombinedBytes } from './combined-bytes';
import { createCombinedJson } from './combined-json';
import { authorityHost } from '../../lib/exchange/http-rules';
import { redactUserAgent } from '../../lib/security/redact-user-agent';
import { addressValue, isHostNameLike, cap, methodValue, setTarget, withRemoteUser, type FingerprintKey } from './exchange-fields';
import type { EmitExchange, LineFormat, LineOrigin, LineStatus } from './line-format';
import { applyRequestLine, separatorEndingAt, unescapeLogTarget, unescapeLogText } from './request-line';

/**
 * Traefik's own log lines in its CLF access log stream (both go to stdout by default): logrus text
 * (`time="…" level=info msg="…"`, v2) or zerolog's console (`2024-10-10T13:55:30Z INF …`, v3). Not exchanges:
 * skipped, not malformed. Anchored, no nested quantifier: linear on any line.
 */
const TRAEFIK_OWN_LINE = /^(?:time="[^"]*" level=[a-z]+ msg=|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d) (?:TRC|DBG|INF|WRN|ERR|FTL|PNC) )/;

/**
 * NCSA common/combined, as nginx (`combined`) and Apache (`common`, `combined`, `vhost_combined`)
 * write it, plus the variants seen in the wild: X-Forwarded-For lists or a vhost before the client
 * address, and extra fields after the user agent (Traefik v1 CLF ends with `… 2ms`).
 *
 * This is the hot path of `extract` on big logs: it walks the line with indexOf from fixed anchors
 * (` [`, `] "`, `" `), never a regex, so a hostile line cannot cause backtracking.
 */
export function createCombinedFormat(key: FingerprintKey): LineFormat {
  const clfTime = createClfTimeParser();
  return {
    name: 'combined',
    looksLike: (line) => line.includes(' [') && line.includes('] "'),
    parse: (line, origin, emit) => {
      const status = parseCombined(line, origin, emit, clfTime, key);
      return status === 'invalid' && TRAEFIK_OWN_LINE.test(line) ? 'skip' : status;
    },
    jsonLane: (file) => createCombinedJson(file),
    byteLane: (file, out) => createCombinedBytes(file, out),
  };
}

function parseCombined(
  line: string,
  origin: LineOrigin,
  emit: EmitExchange,
  clfTime: (line: string, start: number, end: number) => string | undefined,
  key: FingerprintKey,
): LineStatus {
  const open = line.indexOf(' [');
  if (open <= 0) return 'invalid';
  const close = line.indexOf(']', open + 2);
  if (close === -1 || line.charCodeAt(close + 1) !== 32 || line.charCodeAt(close + 2) !== 34) return 'invalid';
  const ts = clfTime(line, open + 2, close);
  if (ts === undefined) return 'invalid';

  const reqStart = close + 3;
  const reqEnd = closingQuoteBeforeStatus(line, reqStart);
  if (reqEnd === -1) return 'invalid';
  const statusStart = reqEnd + 2;
  const status = statusField(line, statusStart);
  if (status < 0) return 'invalid';
  const ex: Exchange = { ts };
  const userSp = userColumnSpace(line, open);
  clientPrefix(line, userSp, ex);
  if (!requestLineInPlace(ex, line, reqStart, reqEnd, key)) applyRequestLine(ex, line.slice(reqStart, reqEnd), key, unescapeLogTarget);
  withRemoteUser(ex, remoteUser(line, userSp, open), key);
  if (status > 0) ex.status = status;
  // Neither a request nor an answer (`"-" 000`): nothing to record.
  else if (ex.method === undefined) return 'skip';

  // `000`: no answer (the client went first), so no response size, as a capture or HAR has none; `009` has one.
  const answered = status > 0 || line.charCodeAt(statusStart + 2) === 57 /* 9 */;
  let pos = statusStart + 3;
  if (pos < line.length) {
    if (line.charCodeAt(pos) !== 32) return 'invalid';
    pos++;
    let end = line.indexOf(' ', pos);
    if (end === -1) end = line.length;
    const bytes = parseDigits(line, pos, end);
    if (bytes >= 0 && answered) ex.responseBytes = bytes;
    pos = end + 1;
    if (pos < line.length && line.charCodeAt(pos) === 34) readRefererAndAgent(line, pos, ex);
  }
  ex.source = { file: origin.file, line: origin.line };
  emit(ex);
  return 'ok';
}

/**
 * The request ends at the first `" ` followed by a status digit: nginx writes a quote inside as \x22, Apache as `\"`,
 * which ends nothing. Until 6 Dec Apache's did: a client sending `GET /admin" 200 HTTP/1.1` (answered 400) was read as
 * a 200 for `/admin\`, a status and an endpoint of its choosing.
 */
function closingQuoteBeforeStatus(line: string, from: number): number {
  let i = line.indexOf('" ', from);
  while (i !== -1) {
    const c = line.charCodeAt(i + 2);
    if (c >= 48 && c <= 57 && !escapedAt(line, i)) return i;
    i = line.indexOf('" ', i + 1);
  }
  return -1;
}

/**
 * Before ` [` come `<client> <ident> <user>`, and sometimes more in front: an X-Forwarded-For list
 * (Filebeat's nginx fixtures) or the virtual host (`vhost_combined`, nginx `$host $remote_addr …`).
 */
function clientPrefix(line: string, userSp: number, ex: Exchange): void {
  if (userSp <= 0) return;
  const identSp = line.lastIndexOf(' ', userSp - 1);
  if (identSp <= 0) return;
  const clientSp = line.lastIndexOf(' ', identSp - 1);
  const client = line.slice(clientSp + 1, identSp);
  const src = addressValue(client);
  if (src !== undefined) ex.src = src;
  // lighttpd's default format puts the virtual host (`%V`) where NCSA has the identd user, which nobody
  // runs: a name with a dot or a port there is the host the request was for.
  const ident = line.slice(identSp + 1, userSp);
  if (ident !== '-' && isHostNameLike(ident)) ex.host = authorityHost(ident);
  if (clientSp <= 0) return;
  const lead = line.slice(0, clientSp);
  // `vhost_combined` (`%v:%p %h …`) with `HostnameLookups On`: the client is a name, the vhost before it a name or, when
  // no ServerName is set, an address (Debian's `127.0.1.1:80`), with its port, as Filebeat reads it. A bare address
  // there is an X-Forwarded-For entry (`%{X-Forwarded-For}i %h`), no vhost. Until 6 Dec an address there was taken for
  // the client and the client's name for the host: one API host per caller.
  if (src === undefined && isHostNameLike(client) && lead.indexOf(' ') === -1) {
    const host = authorityHost(lead);
    const named = /[a-zA-Z]/.test(lead) && addressValue(lead) === undefined;
    if (host !== undefined && isHostNameLike(lead) && (named || /:\d{1,5}$/.test(lead))) ex.host = host;
    return;
  }
  // A lone leading token that is not an address and not an X-Forwarded-For list is the vhost; so is a bracketed IPv6
  // literal with a port, Apache's `%v:%p` for a ServerName such as `[2001:db8::1]` (no X-Forwarded-For entry is
  // written so).
  if (lead.indexOf(' ') === -1 && lead.indexOf(',') === -1 && lead.indexOf('"') === -1 && /[a-zA-Z]/.test(lead)) {
    const host = authorityHost(lead);
    if (host !== undefined && (addressValue(lead) === undefined || BRACKETED_WITH_PORT.test(lead))) ex.host = host;
  }
}

const BRACKETED_WITH_PORT = /^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/;

/**
 * The space before the user column: after `<address> - ` (the identd column is `-` but in lighttpd's format), else
 * before the last word. Apache writes %u as the auth module set it, spaces included (`SSLUserName SSL_CLIENT_S_DN_CN`,
 * an OIDC name claim: `John Doe`); until 6 Dec its last word was the user (`Doe`, one caller with every other Doe) and
 * the rest taken for the address and ident.
 */
function userColumnSpace(line: string, open: number): number {
  for (let i = line.indexOf(' - '); i !== -1 && i + 2 < open; i = line.indexOf(' - ', i + 1)) {
    if (addressValue(line.slice(line.lastIndexOf(' ', i - 1) + 1, i)) !== undefined) return i + 2;
  }
  return line.lastIndexOf(' ', open - 1);
}

/** The user column, from `userSp` to ` [` (`-` nearly always). */
function remoteUser(line: string, userSp: number, open: number): string | undefined {
  if (userSp <= 0 || (open - userSp === 2 && line.charCodeAt(open - 1) === 45)) return undefined;
  // As the module set it, not as the log escaped it (`Jos\xC3\xA9`): one user, one fingerprint, whichever log says it.
  return unescapeLogText(line.slice(userSp + 1, open));
}

/**
 * The usual `METHOD /target HTTP/1.1` read straight from the line, without copying the request
 * out first; anything else (HTTP/1.0, h2, garbage) returns false for the general reader.
 */
function requestLineInPlace(ex: Exchange, line: string, start: number, end: number, key: FingerprintKey): boolean {
  if (end - start < 12 || line.charCodeAt(end - 9) !== 32 || !line.startsWith('HTTP/1.1', end - 8)) return false;
  // `GET /x  HTTP/1.1`: the general reader skips the run of separators, as nginx does.
  if (separatorEndingAt(line, end - 9) > 0) return false;
  const sp = line.indexOf(' ', start);
  if (sp >= end - 9 || sp <= start) return false;
  const method = methodValue(line.slice(start, sp));
  if (method === undefined || line.charCodeAt(sp + 1) !== 47 /* / */) return false;
  ex.transport = 'http/1.1';
  ex.method = method;
  setTarget(ex, unescapeLogTarget(line.slice(sp + 1, end - 9)), key);
  return true;
}

function readRefererAndAgent(line: string, pos: number, ex: Exchange): void {
  const refEnd = closingQuote(line, pos + 1);
  if (refEnd === -1 || line.charCodeAt(refEnd + 1) !== 32 || line.charCodeAt(refEnd + 2) !== 34) return;
  const uaStart = refEnd + 3;
  const uaEnd = closingQuote(line, uaStart);
  if (uaEnd === -1) return;
  if (uaEnd > uaStart && !(uaEnd === uaStart + 1 && line.charCodeAt(uaStart) === 45)) {
    ex.userAgent = cap(redactUserAgent(unescapeLogText(line.slice(uaStart, uaEnd))), 512);
  }
  // Traefik v1 CLF: `… "agent" <count> "<frontend>" "<backend>" <n>ms`.
  if (line.charCodeAt(line.length - 1) === 115 && line.charCodeAt(line.length - 2) === 109) {
    const sp = line.lastIndexOf(' ');
    const ms = parseDigits(line, sp + 1, line.length - 2);
    if (sp > uaEnd && ms >= 0) ex.latencyMs = ms;
  }
}

/** Index of the next `"` not escaped by a backslash (Apache writes `\"` inside quoted fields). */
function closingQuote(line: string, from: number): number {
  let i = line.indexOf('"', from);
  while (i > 0 && escapedAt(line, i)) i = line.indexOf('"', i + 1);
  return i;
}

/**
 * The status at `at`, followed by a space or the end of the line; -1 otherwise, 0 for none. nginx writes `000` when no
 * status was set (the client went before any answer) and `009` for HTTP/0.9 (`%03ui`, ngx_http_log_status): until 6
 * Dec such a line was malformed, its request lost.
 */
function statusField(line: string, at: number): number {
  if (at + 3 < line.length && line.charCodeAt(at + 3) !== 32) return -1;
  if (line.startsWith('00', at) && (line.charCodeAt(at + 2) === 48 || line.charCodeAt(at + 2) === 57)) return 0;
  return statusDigits(line, at);
}
