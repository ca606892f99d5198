import {
  collectAuthEvidence, decodeQueryComponent, fingerprintCredential, queryParamNames, recordedQueryName, urlCredentials, withUrlQuery, type AuthEvidence,
  type Exchange, type Transport,
} from '../../lib/exchange';
import { absoluteForm, authorityHost, hostAuthority, isBodilessResponse } from '../../lib/exchange/http-rules';
import { percentEncodeTargetText } from '../../lib/exchange/target-bytes';
import { recordedContentType } from '../../lib/exchange/media-type';
import { redactUserAgent } from '../../lib/security/redact-user-agent';
import { isCredentialHost } from '../../lib/security/secret-shape';
import { isPlainIpv4 } from './char-scan';

/**
 * Field helpers shared by the log formats. They apply the schema's caps so that a parser's output is
 * valid by construction: validating every record with zod would cost more than parsing the line.
 */

export function cap(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

/** `HTTP/1.1` → `http/1.1`; nginx writes `HTTP/2.0` for h2 (always TLS in practice), Envoy `HTTP/2`. */
export function transportOf(protocol: string): Transport | undefined {
  if (protocol === 'HTTP/1.1') return 'http/1.1'; // nearly every line: skip the upper-casing copy
  switch (protocol.toUpperCase()) {
    case 'HTTP/1.1':
    case '1.1':
      return 'http/1.1';
    case 'HTTP/1.0':
    case '1.0':
      return 'http/1.0';
    case 'HTTP/2':
    case 'HTTP/2.0':
    case 'H2':
    case '2':
    case '2.0':
      return 'h2';
    case 'H2C':
      return 'h2c';
    case 'HTTP/3':
    case 'HTTP/3.0':
    case 'H3':
    case '3':
      return 'http/3';
    default:
      return undefined;
  }
}

/**
 * Sets `path` and `query` (names only) from a request target. Absolute-form targets (a proxy's
 * `GET http://host/x`) give their host and scheme too, when the record has none yet. Credentials in the URL (a key in the
 * query, userinfo, a session path parameter) become `auth` evidence and are kept out of every other field.
 */
export function setTarget(ex: Exchange, target: string, key: FingerprintKey): void {
  let t = percentEncodeTargetText(target);
  const absolute = absoluteForm(t);
  if (absolute) {
    // A WebSocket URL (a HAR's `wss://` entry) is its opening handshake: HTTP, over TLS for wss (RFC 6455 §3).
    const scheme = absolute.scheme === 'ws' ? 'http' : absolute.scheme === 'wss' ? 'https' : absolute.scheme;
    const host = authorityHost(absolute.authority, scheme);
    if (host && ex.host === undefined) ex.host = host;
    // The URL says how the client reached the server: the export's server URL is built from it.
    if (scheme === 'http' || scheme === 'https') ex.scheme ??= scheme;
    t = absolute.rest;
  }
  const hash = t.indexOf('#');
  if (hash !== -1) t = t.slice(0, hash);
  const q = t.indexOf('?');
  const url = urlCredentials(absolute?.authority, q === -1 ? t : t.slice(0, q));
  ex.path = cap(url.path, 8192);
  if (q !== -1) {
    const names = fastQueryNames(t, q + 1);
    if (names.length > 0) ex.query = names;
  }
  const auth = urlCredentialEvidence(withUrlQuery(q === -1 ? '' : t.slice(q + 1), url), url.headers, key);
  if (auth) ex.auth = auth;
}

/** setTarget for an authority-form target (`CONNECT h.example:443`): its host, and evidence for any userinfo. */
export function setAuthorityTarget(ex: Exchange, authority: string, key: FingerprintKey): void {
  const host = authorityHost(authority);
  if (host !== undefined && ex.host === undefined) ex.host = host;
  const auth = urlCredentialEvidence('', urlCredentials(authority, '').headers, key);
  if (auth) ex.auth = auth;
}

export type FingerprintKey = Uint8Array | string;

/**
 * `queryParamNames` for the common case (names without `%` or `+`, a handful of them), without
 * splitting the query into an array first; anything unusual goes to the shared implementation so
 * the result is always the same.
 */
export function fastQueryNames(target: string, from: number): string[] {
  const names: string[] = [];
  let pos = from;
  while (pos < target.length) {
    let amp = target.indexOf('&', pos);
    if (amp === -1) amp = target.length;
    let eq = target.indexOf('=', pos);
    if (eq === -1 || eq > amp) eq = amp;
    if (eq > pos) {
      const raw = target.slice(pos, eq);
      if (raw.includes('%') || raw.includes('+') || raw.length > 256 || names.length === 64) return queryParamNames(target.slice(from));
      const name = recordedQueryName(raw);
      if (!names.includes(name)) names.push(name);
    }
    pos = amp + 1;
  }
  return names;
}

const CREDENTIAL_PARAM_HINT = /(?:^|&)(?:api[-_]?key|apikey|key|access[-_]?token|token|auth[-_]?token|client[-_]?secret|password|passwd|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|private[-_]?token|api[-_]?token|id[-_]?token|x-api-key|subscription-key|access[-_]?key|jwt|consumer[-_]?key|consumer[-_]?secret|oauth_signature|sentry_key|authorization|x-plex-token|refresh[-_]?token|session[-_]?token|phpsessid|auth)=/i;
/** A name with `%` or `+` in it: only decoded can it be told apart from a credential's (`%61pi_key` is `api_key`). */
const ENCODED_NAME = /(?:^|&)[^&=]*[%+]/;

/**
 * A key in a URL is written into every access log on its way: it becomes evidence and a fingerprint, as do
 * the URL's other credentials (`urlHeaders`, see urlCredentials). When the URL carries none, `auth` stays
 * absent, since the log never showed the request headers.
 */
export function urlCredentialEvidence(rawQuery: string, urlHeaders: Array<[string, string]> | undefined, key: FingerprintKey): Exchange['auth'] {
  const inQuery = CREDENTIAL_PARAM_HINT.test(rawQuery) || ENCODED_NAME.test(rawQuery);
  if (!inQuery && urlHeaders === undefined) return undefined;
  const found = collectAuthEvidence({ headers: urlHeaders ?? [], query: inQuery ? queryPairs(rawQuery) : [] }, key);
  return found.length === 1 && found[0].kind === 'none' ? undefined : found;
}

export function queryCredentialEvidence(rawQuery: string, key: FingerprintKey): Exchange['auth'] {
  return urlCredentialEvidence(rawQuery, undefined, key);
}

/**
 * Evidence from request headers a source logs in full, joined with what setTarget found in the URL:
 * `none` stands only when neither found anything.
 */
export function withUrlEvidence(headerEvidence: AuthEvidence[], urlEvidence: Exchange['auth']): AuthEvidence[] {
  if (urlEvidence === undefined || urlEvidence.length === 0) return headerEvidence;
  const found = headerEvidence.filter((e) => e.kind !== 'none');
  for (const e of urlEvidence) if (!found.some((f) => f.kind === e.kind && f.fingerprint === e.fingerprint)) found.push(e);
  return found.slice(0, 16);
}

/**
 * nginx `$remote_user` and Apache `%u` (NCSA's third column): the user name of the request's HTTP Basic credential
 * (nginx reads it from any `Authorization: Basic`; Apache logs it once an auth module took it, Basic nearly always).
 * The password is not logged, so the caller is fingerprinted by its name, as a signed credential is by its key ID;
 * the name itself is never kept. `-` is no user; `""` (Apache's empty name), `undefined` and `null` are what a client
 * sends when it had nothing to send. Joined before any credential the URL carried.
 */
export function withRemoteUser(ex: Exchange, user: string | undefined, key: FingerprintKey): void {
  if (user === undefined || /^(-|""|undefined|null)?$/i.test(user)) return;
  // `<scheme> <identity>`, as auth-evidence.ts fingerprints a Digest or signed caller by its user or key ID.
  ex.auth = [{ kind: 'basic', fingerprint: fingerprintCredential(`basic ${user}`, key) }, ...(ex.auth ?? [])].slice(0, 16);
}

export function queryPairs(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part.length === 0) continue;
    const eq = part.indexOf('=');
    pairs.push(eq === -1 ? [decodeQueryComponent(part), ''] : [decodeQueryComponent(part.slice(0, eq)), decodeQueryComponent(part.slice(eq + 1))]);
    if (pairs.length === 256) break;
  }
  return pairs;
}


/**
 * Whether a field is a host when it appears where a log may or may not put one (lighttpd's vhost in the ident column,
 * HAProxy's header captures): a name with a dot or a port, or a bracketed IPv6 address. `nginx`, `curl/8` or a
 * referer are not, nor a captured token that has dots too: a JWT or a vendor key (its labels longer than DNS's 63, its
 * prefix or its last piece says so: lib/security/secret-shape.ts isCredentialHost; until 6 Dec a captured
 * `X-Access-Token` JWT, a SendGrid key or a Discord bot token was the host, stored and shown).
 */
export function isHostNameLike(value: string): boolean {
  return HOST_NAME_LIKE.test(value) && !isCredentialHost(value);
}
const HOST_NAME_LIKE = /^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+(?::\d{1,5})?|[A-Za-z0-9-]{1,63}:\d{1,5}|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?)$/;

/** A Host-ish value from a log (`-` and empty mean absent), its authority alone (lib/exchange/http-rules.ts hostAuthority). */
export function hostValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value === '-') return undefined;
  return authorityHost(hostAuthority(value));
}

/** Integer from a log field; `-`, empty, negative, non-numeric or beyond 2^53 (not a count any record can carry) → undefined. */
export function nonNegativeInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' && value !== '-' ? Number(value) : NaN;
  return n >= 0 && n <= Number.MAX_SAFE_INTEGER ? Math.floor(n) : undefined;
}

export function nonNegativeNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' && value !== '-' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** HTTP status 100–999 (0 only where a format means "no response", which we report as absent). */
export function statusValue(value: unknown): number | undefined {
  const n = nonNegativeInt(value);
  return n !== undefined && n >= 100 && n <= 999 ? n : undefined;
}

/** An RFC 9110 token, as sent (case kept: `get` and `GET` are different requests to a server). */
const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;
export function methodValue(value: unknown): string | undefined {
  if (value === 'GET' || value === 'POST') return value;
  return typeof value === 'string' && value !== '-' && METHOD.test(value) ? value : undefined;
}

/** An address as the schema wants it: `ip:port`, IPv6 bracketed, bare IP when the port is unknown. */
/**
 * The scheme a log's server port names where it logs no server address (with one, `dst` carries the port and
 * discovery reads it there: lib/discovery/observed-scheme.ts): 443 https, 80 http, any other port nothing. Until 7 Dec
 * the port was dropped with the missing address, and such a log said nothing of how each request came.
 */
export function schemeOfServerPort(port: string | undefined): 'http' | 'https' | undefined {
  return port === '443' ? 'https' : port === '80' ? 'http' : undefined;
}

export function endpoint(ip: unknown, port?: unknown): string | undefined {
  if (typeof ip !== 'string' || ip.length === 0 || ip === '-' || ip.length > 45) return undefined;
  const p = nonNegativeInt(port);
  // An address logged with its port already (`10.0.0.1:443`, `[::1]:443`) keeps it (port 0 is none: addressValue).
  if (/^[\d.]+:\d+$|\]:\d+$/.test(ip)) return addressValue(ip) ?? ip;
  if (p === undefined || p === 0 || p > 65535) return ip;
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]:${p}` : `${ip}:${p}`;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const IPV6_BRACKETED = /^\[[0-9A-Fa-f:.]{2,45}(?:%[\w.-]{1,16})?\](?::\d{1,5})?$/;
const IPV6_BARE = /^[0-9A-Fa-f:.]{2,45}(?:%[\w.-]{1,16})?$/;

/**
 * An IP address as logged, optionally with a port: `10.0.0.1`, `10.0.0.1:443`, `::1`, `[::1]:443`.
 * Host names (Apache with HostnameLookups, a vhost column) are not addresses and give undefined.
 */
export function addressValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 2 || value.length > 64) return undefined;
  if (isPlainIpv4(value)) return value;
  if (IPV4.test(value) || IPV6_BRACKETED.test(value)) return withoutPortZero(value);
  return IPV6_BARE.test(value) && value.indexOf(':') !== value.lastIndexOf(':') ? value : undefined;
}

/**
 * An `address:port` field whose address may be IPv6 without brackets, as ALB (`client:port`) and HAProxy (`%ci:%cp`)
 * write it (`2a02:a33c::f215:50718`): the port is after the last colon. Read as an address alone, until 6 Dec
 * HAProxy's kept its port as the last group of the address (`2001:db8::1:33317`).
 */
export function addressWithPort(text: string): string | undefined {
  const colon = text.lastIndexOf(':');
  const address = text.slice(0, colon);
  if (colon > 0 && address.includes(':') && !address.startsWith('[') && /^\d{1,5}$/.test(text.slice(colon + 1))) {
    const ip = addressValue(address);
    return ip === undefined ? undefined : endpoint(ip, text.slice(colon + 1));
  }
  return addressValue(text);
}

/**
 * Port 0 is no TCP port: Envoy and Istio log `%DOWNSTREAM_REMOTE_ADDRESS%` as `ip:0` when the address came from
 * X-Forwarded-For or the PROXY protocol, where the client's port is unknown. Kept, it made every such caller
 * `10.0.0.1:0` where a capture of the same client has its address alone or its real port.
 */
function withoutPortZero(address: string): string {
  if (!address.endsWith(':0')) return address;
  const bare = address.slice(0, -2);
  return bare.startsWith('[') ? bare.slice(1, -1) : bare;
}

export function isoFromMillis(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) return undefined;
  return new Date(ms).toISOString();
}

/**
 * ISO 8601 with offset or Z → normalised UTC ISO; undefined when not a date. One without a zone (a HAR written by a
 * tool that left it out, a custom format's local time) is UTC, as everywhere in Lantern: Date.parse read it in the
 * zone of the machine running Lantern, not the one that wrote the log (until 6 Dec), so the same file gave different
 * times on two machines.
 */
export function isoFromText(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 10 || value.length > 40) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return undefined;
  const text = value.includes('T') ? value : value.replace(' ', 'T');
  const ms = Date.parse(ZONE.test(text) ? text : `${text}Z`);
  return isoFromMillis(ms);
}

const ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Credential-shaped parts redacted before the cap, so a cut cannot shorten a token below what is recognised. */
export function userAgentValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value === '-') return undefined;
  return cap(redactUserAgent(value), 512);
}

/** The media type and its charset only: other parameters are free text, and clients put tokens there. */
export function contentTypeValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value === '-') return undefined;
  return recordedContentType(value);
}

/** RFC 9745 `Deprecation` and RFC 8594 `Sunset`, from a response's headers as [lower-cased name, value] pairs. */
export function setLifecycleHeaders(ex: Exchange, headers: ReadonlyArray<readonly [string, string]>): void {
  const deprecation = headers.find(([n]) => n === 'deprecation')?.[1];
  if (deprecation) ex.deprecation = cap(deprecation, 256);
  const sunset = headers.find(([n]) => n === 'sunset')?.[1];
  if (sunset) ex.sunset = cap(sunset, 256);
}

/**
 * A response that has no body (HEAD, 1xx, 204, 304: RFC 9112 §6.3) is size 0 whatever the log counted. Logs that count
 * whole messages (ALB, GCP, Azure, HAProxy, Squid, nginx `$bytes_sent`, Apache `%O`) gave its headers' bytes, where
 * IIS, CloudFront, Caddy, Kong, a HAR and a capture give 0, the body it had (until 7 Dec a HEAD was 0 or 300 bytes by
 * the reader). Other sizes stay whole messages where that is all the log has.
 */
export function zeroBodilessResponse(ex: Exchange): void {
  if (ex.responseBytes !== undefined && ex.status !== undefined && isBodilessResponse(ex.method, ex.status)) ex.responseBytes = 0;
}

/**
 * A logged request size (numbers or digit strings), none when it is 0: a request that carried no body bytes has no
 * `requestBytes` from any source, as a capture gives it (collectors/http counts only bodies it saw bytes of). Until
 * 7 Dec a HAR, Envoy, Traefik and a declared `Content-Length: 0` gave the GET 0 and its capture none. A whole-message
 * count (ALB, CloudFront, IIS, GCP, Azure) is never 0 for a request that came, so its 0 is no size either.
 */
export function requestSizeValue(value: unknown): number | undefined {
  const n = nonNegativeInt(value);
  return n === 0 ? undefined : n;
}

/** `requestBytes`/`responseBytes` from logged counts (numbers or digit strings; `-`, negative or junk: absent). */
export function setSizes(ex: Exchange, request: unknown, response: unknown): void {
  const req = requestSizeValue(request);
  if (req !== undefined) ex.requestBytes = req;
  const res = nonNegativeInt(response);
  if (res !== undefined) ex.responseBytes = res;
}
