import { collectAuthEvidence, queryParamNames, type Exchange } from '../../lib/exchange';
import { authorityHost, hostAuthority } from '../../lib/exchange/http-rules';
import { apacheTimeOf } from './apache-time';
import { escapedAt } from './char-scan';
import { parseClfTime } from './clf-time';
import {
  addressValue, cap, contentTypeValue, endpoint, isoFromMillis, isoFromText, methodValue,
  nonNegativeInt, requestSizeValue, nonNegativeNumber, queryCredentialEvidence, schemeOfServerPort, setTarget, statusValue, transportOf, userAgentValue,
  withRemoteUser, zeroBodilessResponse, type FingerprintKey,
} from './exchange-fields';
import type { LineFormat } from './line-format';
import { applyRequestLine, unescapeLogTarget, unescapeLogText } from './request-line';

/**
 * A log line layout compiled from a server's own format string (nginx `log_format`, Apache
 * `LogFormat`): literals alternate with fields. Each field runs up to the next literal, found with
 * indexOf, so matching is linear in the line length whatever the format.
 */
export type FieldKind =
  | 'src' | 'srcPort' | 'dst' | 'dstPort' | 'timeClf'
  // Apache's `%p`: the ServerName's port, else the scheme's default, not the connection's (`%{local}p` is): `dst`'s port
  // beside `%A`, as it was, but never a scheme alone (a TLS vhost inheriting `ServerName host:80` logs 80).
  | 'canonicalPort' | 'timeIso' | 'timeEpochSec' | 'timeEpochMs' | 'timeEpochUs'
  | 'request' | 'method' | 'target' | 'path' | 'query' | 'protocol' | 'status' | 'bytesOut' | 'bytesIn'
  // Sizes that include the start line and headers (nginx $bytes_sent/$request_length, Apache %O/%I): the
  // record's sizes are bodies, so these count only when the log has no body size.
  | 'bytesOutWithHeaders' | 'bytesInWithHeaders'
  | 'durSec' | 'durMs' | 'durUs' | 'host' | 'scheme' | 'userAgent' | 'requestContentType' | 'responseContentType'
  | 'deprecation' | 'sunset' | 'remoteUser'
  // What says whether the connection was TLS (nginx $ssl_protocol or $https, Apache %{SSL_PROTOCOL}x or %{HTTPS}e).
  | 'tls' | 'ignore' | `header:${string}`
  // An Apache `%{…}t` piece, by its argument (apache-time.ts): a strftime format, sec/msec/usec, a fraction.
  | `apacheTime:${string}`;

export type TemplateToken = { literal: string } | { field: FieldKind; name: string };

/** `timeAtEnd`: the server writes its times when the response is done (nginx), not when the request came (Apache %t). */
export function compileTemplate(name: string, tokens: TemplateToken[], key: FingerprintKey, timeAtEnd = false): LineFormat {
  for (let i = 1; i < tokens.length; i++) {
    if ('field' in tokens[i] && 'field' in tokens[i - 1]) {
      throw new Error(`${name} format: $${(tokens[i - 1] as { name: string }).name} and ${(tokens[i] as { name: string }).name} are adjacent; a log line cannot be split between them`);
    }
  }
  const firstLiteral = tokens.find((t): t is { literal: string } => 'literal' in t && t.literal.trim().length > 0);
  return {
    name,
    looksLike: (line) => (firstLiteral ? line.includes(firstLiteral.literal) : true),
    parse(line, origin, emit) {
      const values = matchTokens(tokens, line);
      if (!values) return 'invalid';
      const ex = exchangeFromFields(values, key, true, timeAtEnd);
      if (!ex) return 'invalid';
      ex.source = { file: origin.file, line: origin.line };
      emit(ex);
      return 'ok';
    },
  };
}

/**
 * Why no line could give a record by these tokens, in the format's own words (`time`, `request`: the fields that say
 * them): a quote left open (a shell or copy slip: every field after it runs to the wrong place), no time, no request.
 * Until 6 Dec such a format was taken, and every line of its log was malformed (or, sniffed, another reader took the
 * file and the format went unused).
 */
export function unreadableTemplate(tokens: TemplateToken[], words: { time: string; request: string }): string | undefined {
  const quotes = tokens.reduce((n, t) => n + ('literal' in t ? t.literal.split('"').length - 1 : 0), 0);
  if (quotes % 2 === 1) return `unbalanced '"' (${quotes} in the format string): a quoted field lacks its opening or closing quote`;
  const fields = tokens.flatMap((t) => ('field' in t ? [t.field] : []));
  if (!fields.some((f) => f.startsWith('time') || f.startsWith('apacheTime:'))) return `no ${words.time} in the format string: a record needs the time of its request`;
  if (!fields.some((f) => f === 'request' || f === 'target' || f === 'path')) return `no ${words.request} in the format string: a record needs the request it logs`;
  return undefined;
}

function matchTokens(tokens: TemplateToken[], line: string): Array<[FieldKind, string]> | undefined {
  const values: Array<[FieldKind, string]> = [];
  let pos = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ('literal' in t) {
      if (!line.startsWith(t.literal, pos)) return undefined;
      pos += t.literal.length;
      continue;
    }
    const next = tokens[i + 1] as { literal: string } | undefined;
    let end: number;
    if (!next) end = line.length;
    else if (next.literal === ':' && ADDRESS_FIELDS.has(t.field) && PORT_FIELDS.has((tokens[i + 2] as { field?: FieldKind } | undefined)?.field)) {
      // `$remote_addr:$remote_port`: nginx and Apache write an IPv6 address unbracketed (`2001:db8::1:5000`), so the
      // port follows the last colon before what ends it (until 7 Dec the address ran to the first: `2001`, no src).
      // Apache's `%v:%p` too: a ServerName `[2001:db8::1]`, or the server's address when none is set.
      const after = tokens[i + 3] as { literal: string } | undefined;
      const portEnd = after === undefined ? line.length : line.indexOf(after.literal, pos);
      end = portEnd < pos ? -1 : line.lastIndexOf(':', portEnd - 1);
    } else if (i + 2 === tokens.length) {
      // The closing literal ends the line: the field runs to it, whatever quotes it holds.
      end = line.endsWith(next.literal) ? line.length - next.literal.length : -1;
    } else {
      // Apache's %t writes its own `[`: a field before it (%u, which Apache writes with any spaces it holds) runs to
      // the ` [` that starts the time, not to the first space (until 6 Dec `John Doe` ran into %t, the line malformed).
      const after = tokens[i + 2];
      const bracketed = after !== undefined && 'field' in after && after.name === '%t' && !next.literal.endsWith('[');
      end = indexOfUnescaped(line, bracketed ? `${next.literal}[` : next.literal, pos);
    }
    if (end < pos) return undefined;
    values.push([t.field, line.slice(pos, end)]);
    pos = end;
  }
  return values;
}

const ADDRESS_FIELDS = new Set<FieldKind | undefined>(['src', 'dst', 'host']);
const PORT_FIELDS = new Set<FieldKind | undefined>(['srcPort', 'dstPort', 'canonicalPort']);

/** Apache writes `\"` inside quoted fields; such a quote does not end the field. */
function indexOfUnescaped(line: string, literal: string, from: number): number {
  let i = line.indexOf(literal, from);
  if (literal.charCodeAt(0) !== 34) return i;
  while (i > 0 && escapedAt(line, i)) i = line.indexOf(literal, i + 1);
  return i;
}

/** Builds a record from named field values (also used for nginx `escape=json` logs). */
/** `logEscapes`: the line is text nginx or Apache escaped (`\xC3\xA9`, `\"`); a JSON string is taken as it is. */
export function exchangeFromFields(values: Array<[FieldKind, string]>, key: FingerprintKey, logEscapes = false, timeAtEnd = false): Exchange | undefined {
  const f = new Map<FieldKind, string>();
  const headers: Array<[string, string]> = [];
  for (const [kind, raw] of values) {
    const v = raw.length >= 2 && raw.startsWith('[') && raw.endsWith(']') && kind === 'timeClf' ? raw.slice(1, -1) : raw;
    if (kind.startsWith('header:')) {
      if (v !== '-' && v !== '') headers.push([kind.slice(7), logEscapes ? unescapeLogText(v) : v]);
    } else if (!f.has(kind)) f.set(kind, v);
  }
  const latency = latencyOf(f);
  const logged = timeOf(f, timeAtEnd);
  // nginx's $time_local, $time_iso8601 and $msec are the time of the log write, when the response is done (Apache's
  // `%{end:…}t` too): the request came $request_time before (until 6 Dec a proxied WebSocket was stamped when it
  // closed, as ALB's was).
  const ts = logged?.end && latency !== undefined ? isoFromMillis(Date.parse(logged.ts) - Math.round(latency)) : logged?.ts;
  if (!ts) return undefined;
  const ex: Exchange = { ts };
  const src = endpoint(addressValue(f.get('src')), f.get('srcPort'));
  if (src) ex.src = src;
  const dst = endpoint(addressValue(f.get('dst')), f.get('dstPort') ?? f.get('canonicalPort'));
  if (dst) ex.dst = dst;
  const host = f.get('host');
  if (host !== undefined && host !== '-' && host !== '') {
    const h = authorityHost(withCanonicalPort(bracketedIpv6(hostAuthority(host)), f.get('canonicalPort')));
    if (h) ex.host = h;
  }
  const request = f.get('request');
  if (request !== undefined) applyRequestLine(ex, request, key, logEscapes ? unescapeLogTarget : undefined);
  const method = methodValue(f.get('method'));
  if (method) ex.method = method;
  const target = f.get('target') ?? f.get('path');
  if (target !== undefined && target !== '-' && target !== '') {
    setTarget(ex, logEscapes ? unescapeLogTarget(target) : target, key);
    const query = f.get('query');
    if (query !== undefined && query !== '-' && query !== '' && !f.has('target')) {
      const logged = query.startsWith('?') ? query.slice(1) : query;
      const rawQuery = logEscapes ? unescapeLogTarget(logged) : logged;
      const names = queryParamNames(rawQuery);
      if (names.length > 0) ex.query = names;
      const found = queryCredentialEvidence(rawQuery, key);
      if (found) ex.auth = [...(ex.auth ?? []), ...found].slice(0, 16);
    }
  }
  // nginx `$scheme`: how the client reached the server, which a log's `HTTP/1.1` does not say (observed-scheme.ts).
  const scheme = f.get('scheme');
  if (scheme === 'http' || scheme === 'https') ex.scheme ??= scheme;
  // Set on a TLS connection (`TLSv1.3`, `on`), empty (`-`) on a cleartext one: until 6 Dec unread, and a log that
  // said how each client came left the scheme unknown.
  const tls = f.get('tls');
  if (tls !== undefined) ex.scheme ??= tls === '' || tls === '-' || tls.toLowerCase() === 'off' ? 'http' : 'https';
  const byPort = dst === undefined ? schemeOfServerPort(f.get('dstPort')) : undefined;
  if (byPort) ex.scheme ??= byPort;
  const transport = transportOf(f.get('protocol') ?? '');
  if (transport) ex.transport = transport;
  const status = statusValue(f.get('status'));
  if (status !== undefined) ex.status = status;
  // nginx's `000` (no status was set: the client went before any answer) has no response, so no size or time to one,
  // as Envoy's `0`, a HAR and a capture (until 7 Dec `$body_bytes_sent`'s 0 and the time to the disconnect stood).
  const statusText = f.get('status');
  const answered = statusText !== '000' && statusText !== '0';
  const out = answered ? nonNegativeInt(f.has('bytesOut') ? f.get('bytesOut') : f.get('bytesOutWithHeaders')) : undefined;
  if (out !== undefined) ex.responseBytes = out;
  zeroBodilessResponse(ex);
  const inb = requestSizeValue(f.has('bytesIn') ? f.get('bytesIn') : f.get('bytesInWithHeaders'));
  if (inb !== undefined) ex.requestBytes = inb;
  if (latency !== undefined && answered) ex.latencyMs = latency;
  // Free text as the client sent it (a target is unescaped to its bytes above, not to text).
  const text = (kind: FieldKind) => {
    const v = f.get(kind);
    return logEscapes && v !== undefined ? unescapeLogText(v) : v;
  };
  const ua = userAgentValue(text('userAgent'));
  if (ua) ex.userAgent = ua;
  const reqCt = contentTypeValue(text('requestContentType'));
  if (reqCt) ex.requestContentType = reqCt;
  const resCt = contentTypeValue(text('responseContentType'));
  if (resCt) ex.responseContentType = resCt;
  const dep = f.get('deprecation');
  if (dep && dep !== '-') ex.deprecation = cap(dep, 256);
  const sunset = f.get('sunset');
  if (sunset && sunset !== '-') ex.sunset = cap(sunset, 256);
  // Credentials only when the format logs a credential header and the request carried one: the
  // other headers stay unseen, so "none" cannot be claimed.
  if (headers.length > 0) {
    const found = collectAuthEvidence({ headers }, key).filter((e) => e.kind !== 'none');
    if (found.length > 0) ex.auth = [...(ex.auth ?? []), ...found].slice(0, 16);
  }
  // A logged Authorization says the scheme itself (the remote user is the same caller again), or, absent, that the
  // user was let in by no HTTP Basic (mod_auth_openidc's session cookie): until 6 Dec the user was `basic` evidence
  // beside the header's, an OIDC bearer caller counted twice and once as Basic. Traefik and Caddy read it so.
  if (!values.some(([kind]) => kind === 'header:authorization')) withRemoteUser(ex, text('remoteUser'), key);
  if (ex.method === undefined && ex.path === undefined && ex.status === undefined) return undefined;
  return ex;
}

function timeOf(f: Map<FieldKind, string>, end: boolean): { ts: string; end: boolean } | undefined {
  const pieces = [...f].filter(([kind]) => kind.startsWith('apacheTime:')).map(([kind, v]) => [kind.slice(11), v] as const);
  if (pieces.length > 0) {
    const apache = apacheTimeOf(pieces);
    const ts = apache && isoFromMillis(apache.ms);
    return ts ? { ts, end: apache.end } : undefined;
  }
  const ts = loggedTime(f);
  return ts ? { ts, end } : undefined;
}

function loggedTime(f: Map<FieldKind, string>): string | undefined {
  const clf = f.get('timeClf');
  if (clf !== undefined) return parseClfTime(clf);
  const iso = f.get('timeIso');
  if (iso !== undefined) return isoFromText(iso) ?? (Number.isFinite(Date.parse(iso)) ? isoFromMillis(Date.parse(iso)) : undefined);
  const sec = nonNegativeNumber(f.get('timeEpochSec'));
  if (sec !== undefined) return isoFromMillis(Math.round(sec * 1000));
  const ms = nonNegativeNumber(f.get('timeEpochMs'));
  if (ms !== undefined) return isoFromMillis(ms);
  const us = nonNegativeNumber(f.get('timeEpochUs'));
  if (us !== undefined) return isoFromMillis(Math.floor(us / 1000));
  return undefined;
}

function latencyOf(f: Map<FieldKind, string>): number | undefined {
  const sec = nonNegativeNumber(f.get('durSec'));
  if (sec !== undefined) return sec * 1000;
  const ms = nonNegativeNumber(f.get('durMs'));
  if (ms !== undefined) return ms;
  const us = nonNegativeNumber(f.get('durUs'));
  return us !== undefined ? us / 1000 : undefined;
}

/**
 * Apache's `%v:%p` (vhost_combined): the server name and the port it serves on, one authority as the built-in reader
 * reads it (`shop.example.com:8080`; 80 and 443 dropped as every host's default port is). Until 7 Dec
 * `--apache-format vhost_combined` kept the name alone, so its 8080 traffic was the 80 traffic's endpoint.
 */
/**
 * An IPv6 server address as Apache's %v writes it when no ServerName is set (`2001:db8::1`), bracketed as a Host
 * header writes it: unbracketed, its colons read as a port's and a %p after it was dropped.
 */
function bracketedIpv6(host: string): string {
  return !host.startsWith('[') && host.indexOf(':') !== host.lastIndexOf(':') && addressValue(host) === host ? `[${host}]` : host;
}

function withCanonicalPort(host: string, port: string | undefined): string {
  if (port === undefined || !/^\d{1,5}$/.test(port)) return host;
  const bracketed = host.startsWith('[');
  if (bracketed ? host.includes(']:') : host.includes(':')) return host;
  return `${host}:${port}`;
}
