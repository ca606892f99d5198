import type { Exchange } from '../../lib/exchange';
import { absoluteForm } from '../../lib/exchange/http-rules';
import { percentByte } from '../../lib/exchange/target-bytes';
import { methodValue, setAuthorityTarget, setTarget, transportOf, type FingerprintKey } from './exchange-fields';

/**
 * Applies an HTTP request line as logged (`GET /a?b=1 HTTP/1.1`) to a record. Returns false when the
 * line is not a request line: `-`, an empty `""` (nginx after a client sent nothing), or the bytes of
 * a TLS handshake sent to a plain-HTTP port. The caller still has a status worth keeping.
 *
 * Words are split on runs of separators, not on one space: nginx accepts `GET  /x HTTP/1.1` (and spaces after the
 * version) and logs `$request` verbatim, and RFC 9112 §3 lets a server take tabs as it takes spaces. Before, the
 * extra space became part of the path (` /x`), and a tab cost the method and path.
 */
export function applyRequestLine(ex: Exchange, request: string, key: FingerprintKey, unescapeTarget?: (target: string) => string): boolean {
  let end = request.length;
  for (let n; end > 0 && (n = separatorEndingAt(request, end)) > 0; ) end -= n;
  let methodEnd = 0;
  while (methodEnd < end && separatorAt(request, methodEnd) === 0) methodEnd++;
  if (methodEnd === 0 || methodEnd === end) return false;
  const method = methodValue(request.slice(0, methodEnd));
  if (method === undefined) return false;
  let start = methodEnd;
  for (let n; start < end && (n = separatorAt(request, start)) > 0; ) start += n;
  let versionAt = end;
  while (versionAt > start && separatorEndingAt(request, versionAt) === 0) versionAt--;
  let target = request.slice(start, end);
  if (versionAt > start) {
    const version = request.slice(versionAt, end);
    const transport = transportOf(version);
    // A target with a space is not legal, but clients send them and servers log them verbatim.
    if (transport || version.startsWith('HTTP/')) {
      let targetEnd = versionAt;
      for (let n; targetEnd > start && (n = separatorEndingAt(request, targetEnd)) > 0; ) targetEnd -= n;
      target = request.slice(start, targetEnd);
    }
    // HTTP/2 logged with an absolute `http://` target (HAProxy 2.1+) came without TLS.
    if (transport) ex.transport = transport === 'h2' && target.startsWith('http://') ? 'h2c' : transport;
  }
  if (target.length === 0) return false;
  if (unescapeTarget) target = unescapeTarget(target);
  ex.method = method;
  // CONNECT names an authority (`CONNECT api.example:443`), not a path: the host the tunnel is for, with the
  // schema's port rule, and no path, as a capture records it.
  if (method === 'CONNECT' && target.charCodeAt(0) !== 47 /* / */ && absoluteForm(target) === undefined) setAuthorityTarget(ex, target, key);
  else setTarget(ex, target, key);
  return true;
}

/** Length of the separator at `i`: a space, a tab, or a tab as a log escapes it (nginx `\x09`, Apache `\t`). */
function separatorAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 32 || c === 9) return 1;
  if (c !== 92 /* \ */) return 0;
  if (s.charCodeAt(i + 1) === 116 /* t */) return 2;
  return s.startsWith('x09', i + 1) ? 4 : 0;
}

/** Length of the separator that ends just before `end` (0 when none does). The fast lanes decline such targets. */
export function separatorEndingAt(s: string, end: number): number {
  const c = s.charCodeAt(end - 1);
  if (c === 32 || c === 9) return 1;
  if (c === 116 /* t */ && s.charCodeAt(end - 2) === 92) return 2;
  return c === 57 /* 9 */ && s.startsWith('\\x09', end - 4) ? 4 : 0;
}

/**
 * A request target as nginx (`\xC3\xA9`, `\x22`) and Apache (`\"`, `\\`, `\t`, `\xhh`) escape it in a text log, back to
 * the bytes it stands for: printable ASCII as itself, any other byte percent-encoded (`%C3%A9`), as a capture or a
 * browser spells the same request (lib/exchange/target-bytes.ts). Before, `/caf\xC3\xA9` and `/a\"b` stayed as logged.
 * An escaped tab or space inside the target is still part of it (`/a%09b`), never a separator.
 */
export function unescapeLogTarget(target: string): string {
  return target.includes('\\') ? target.replace(LOG_ESCAPE, unescapedByte) : target;
}

/**
 * A field nginx or Apache escaped in a text log (a user agent, a logged header), back to the text the client sent:
 * `\x22` and `\"` are `"`, and runs of `\xhh` bytes are read as UTF-8, as a JSON log or a HAR gives the same agent.
 * Until 6 Dec the escapes stayed (`curl \x22q\x22`), and a Digest or quoted-cookie header logged so had its fingerprint
 * taken from the escaped text, matching no other source's.
 */
export function unescapeLogText(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(LOG_ESCAPE_RUN, (run) => Buffer.from(Array.from(run.matchAll(LOG_ESCAPE), ([, e]) => escapedCode(e))).toString('utf8'));
}

/**
 * AWS ALB's escapes. AWS documents none, but a quote a client sent is logged `\x22` (`?bar="` as `?bar=\x22`, seen in
 * real logs), so no `\"` is ever ALB's. Only `\xHH` is undone: a backslash before anything else is the client's own.
 */
export function unescapeHexTarget(target: string): string {
  return target.includes('\\x') ? target.replace(HEX_ESCAPE, unescapedByte) : target;
}

/** A text field ALB escaped (its user agent), runs of `\xHH` read as UTF-8 as `unescapeLogText` reads them. */
export function unescapeHexText(text: string): string {
  if (!text.includes('\\x')) return text;
  return text.replace(HEX_ESCAPE_RUN, (run) => Buffer.from(Array.from(run.matchAll(HEX_ESCAPE), ([, e]) => escapedCode(e))).toString('utf8'));
}

const HEX_ESCAPE = /\\(x[0-9A-Fa-f]{2})/g;
const HEX_ESCAPE_RUN = /(?:\\x[0-9A-Fa-f]{2})+/g;
const LOG_ESCAPE = /\\(x[0-9A-Fa-f]{2}|["\\btnrv])/g;
const LOG_ESCAPE_RUN = /(?:\\(?:x[0-9A-Fa-f]{2}|["\\btnrv]))+/g;
const CONTROL_ESCAPES: Record<string, number> = { b: 8, t: 9, n: 10, v: 11, r: 13 };

function unescapedByte(_: string, escape: string): string {
  const code = escapedCode(escape);
  return code >= 0x20 && code <= 0x7e ? String.fromCharCode(code) : percentByte(code);
}

function escapedCode(escape: string): number {
  return escape.length === 3 ? parseInt(escape.slice(1), 16) : (CONTROL_ESCAPES[escape] ?? escape.charCodeAt(0));
}
