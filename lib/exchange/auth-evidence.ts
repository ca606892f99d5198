import { isApiKeyHeader } from './api-key-header';
import { connectionAuthLeg } from './connection-auth';
import type { AuthEvidence } from './exchange';
import { fingerprintCredential } from './fingerprint';
import { FORWARDED_AUTHORIZATION_HEADERS, isForwardedTokenHeader, isProxyAssertionHeader, webSocketBearerToken } from './forwarded-credentials';
import { recordedProxyScheme } from './proxy-scheme';
import { escapedPairs, isCredentialShaped } from './query-names';
import { isNonCredentialCookie, recordedCookieName } from './session-cookie-names';
import { jwtClaimsIn, jwtSubject, readJwtClaims } from './jwt-claims';
import { isSignatureHeader, keyColonSignatureIdentity, presignedCallerIdentity, signedCallerIdentity } from './signed-authorization';

/**
 * Query parameters that carry credentials: a key in a URL ends up in every access log on the way. Besides the generic
 * names: GitLab's `private_token`, Pipedrive's `api_token`, Azure API Management's `subscription-key`, an OIDC
 * `id_token`, `jwt` (WebSocket and SSE clients that cannot set a header), WooCommerce's `consumer_key` and
 * `consumer_secret`, OAuth 1.0a's `oauth_signature` (RFC 5849 §3.5.3, fingerprinted by its consumer and token:
 * signed-authorization.ts presignedCallerIdentity), the Sentry browser SDK's `sentry_key`, Backblaze B2's `Authorization` and Plex's `X-Plex-Token` (since 6 Dec); a refresh or session token, as in its header (`X-Refresh-Token`, `X-Session-Token`; since 7 Dec). Until 6 Dec such calls were `none`. Kept in step with the
 * collectors' quick tests (collectors/logs/exchange-fields.ts, combined-bytes.ts, collectors/http/auth-cache.ts).
 */
const API_KEY_PARAM = /^(api[-_]?key|apikey|key|access[-_]?token|token|auth[-_]?token|client[-_]?secret|password|passwd|sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|private[-_]?token|api[-_]?token|id[-_]?token|x-api-key|subscription-key|access[-_]?key|jwt|consumer[-_]?key|consumer[-_]?secret|oauth_signature|sentry_key|authorization|x-plex-token|refresh[-_]?token|session[-_]?token)$/i;

/**
 * Firebase's `?auth=` (the Realtime Database REST API's ID token or database secret) shares its name with flags
 * (`?auth=1`, `?auth=google`): a credential when its value is shaped like one (a JWT, a vendor prefix, a long random
 * string: query-names.ts isCredentialShaped). Until 6 Dec every such call was `none`. Kept in step with the same
 * collectors' quick tests as API_KEY_PARAM.
 */
function isTokenUnderFlagName(name: string, value: string): boolean {
  return name.length === 4 && name.toLowerCase() === 'auth' && isCredentialShaped(value.trim());
}

/** Whether a parameter of this name carries a credential (a query's `api_key`, a path's `;api_key=`). */
export function isCredentialParamName(name: string): boolean {
  return API_KEY_PARAM.test(name);
}

export interface CredentialSources {
  /** Request headers as [lower-cased name, value] pairs, in wire order. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Query parameters as [name, value] pairs; values are read for fingerprinting and then forgotten. */
  query?: ReadonlyArray<readonly [string, string]>;
}

/**
 * Turns whatever credentials a request carries into evidence: the kind, unverified JWT claims and a
 * keyed fingerprint. The credential itself never leaves this function.
 */
export function collectAuthEvidence(req: CredentialSources, key: Uint8Array | string): AuthEvidence[] {
  const found: AuthEvidence[] = [];
  const proxy: AuthEvidence[] = [];
  let cookiesRead = false;
  for (const [name, value] of withQuerySession(req)) {
    if (name === 'proxy-authorization') {
      const ev = proxyAuthorizationEvidence(value, key);
      if (ev) proxy.push(ev);
    } else if (name === 'authorization' || FORWARDED_AUTHORIZATION_HEADERS.has(name)) {
      const ev = authorizationEvidence(value, key);
      if (ev) found.push(ev);
    } else if (name === 'sec-websocket-protocol') {
      // The same token as in `Authorization: Bearer`, so the same caller.
      const token = webSocketBearerToken(value);
      const ev = token ? authorizationEvidence(`Bearer ${token}`, key) : undefined;
      if (ev) found.push(ev);
    } else if (name === 'cookie') {
      // HTTP/2 clients send one `cookie` field per cookie (RFC 9113 §8.2.3), to be read as one header joined by `; `:
      // read one by one, each crumb was a kind and a caller of its own (`cookie:session` and `cookie:theme`).
      if (cookiesRead) continue;
      cookiesRead = true;
      const ev = cookieEvidence(joinedCookies(req.headers, value), key);
      if (ev) found.push(ev);
    } else if (NO_CREDENTIAL.test(value.trim())) {
      continue;
    } else if (isSignatureHeader(name)) {
      // Webhook signatures (signed-authorization.ts isSignatureHeader): caller authentication, but a fresh value per
      // delivery (it signs the body and a timestamp), so a fingerprint of the value would make every delivery a new
      // caller. Fingerprinted by the key ID when the header names one, else by the header name: one shared secret
      // per sender and receiving endpoint, so the header is as much of a caller as there is.
      const identity = signedCallerIdentity(value);
      found.push({ kind: `api-key:${name}`, fingerprint: fingerprintCredential(identity ? `${name} ${identity}` : name, key) });
    } else if (name === 'x-sentry-auth') {
      // A Sentry SDK's `Sentry sentry_key=…, sentry_timestamp=…`: the key is the caller, the same as in `Authorization`
      // or the query (until 6 Dec `none`).
      const identity = signedCallerIdentity(value.trim().replace(/^sentry\s+/i, ''));
      found.push({ kind: `api-key:${name}`, fingerprint: fingerprintCredential(identity ? `sentry ${identity}` : value, key) });
    } else if (isApiKeyHeader(name, value) || isForwardedTokenHeader(name)) {
      const user = isProxyAssertionHeader(name) ? jwtSubject(value.trim()) : undefined;
      found.push(withJwtClaims({ kind: `api-key:${name}`, fingerprint: fingerprintCredential(user ? `jwt-subject ${user}` : value, key) }, value));
    }
  }
  // A presigned URL's signature is new per URL: its caller is the access key that signed it (or Sentry's key).
  const presigned = req.query && req.query.length > 0 ? presignedCallerIdentity(req.query) : undefined;
  for (const pair of req.query ?? []) {
    // A name holding an escaped `=` (a query encoded twice) is the pairs it hides, as its recorded names are.
    if (pair[0].includes('=')) for (const [name, value] of escapedPairs(pair[0])) pushQueryEvidence(found, name, value, presigned, key);
    else pushQueryEvidence(found, pair[0], pair[1], presigned, key);
  }
  // At most the record's 16 (exchange.ts), in wire order: a HAR entry or a log line with more credential headers was
  // written as a record that reading it back (`lantern ingest` of `extract`'s output) refused. A proxy's credential
  // comes after the API's (or after `none`: the API itself got no credential).
  return [...(found.length > 0 ? dedupe(found) : [{ kind: 'none' }]), ...dedupe(proxy)].slice(0, 16);
}

/** A query parameter's evidence, when its name (or, under Firebase's `auth`, its value) says it is a credential. */
function pushQueryEvidence(found: AuthEvidence[], name: string, value: string, presigned: { param: string; identity: string } | undefined, key: Uint8Array | string): void {
  if (NO_CREDENTIAL.test(value.trim()) || !(API_KEY_PARAM.test(name) || isTokenUnderFlagName(name, value))) return;
  const kind = `api-key:${name.toLowerCase()}`;
  if (presigned?.param === name.toLowerCase()) found.push({ kind, fingerprint: fingerprintCredential(presigned.identity, key) });
  else found.push(withJwtClaims({ kind, fingerprint: fingerprintCredential(value, key) }, value));
}

/**
 * PHP's `session.use_trans_sid` writes the session id into every URL as `?PHPSESSID=…` (its default `session.name`),
 * the cookie the server otherwise reads: read as that cookie, as servlet URL rewriting's `;jsessionid=` is
 * (./url-credentials.ts), so a session kept in the URL is `cookie:phpsessid`, one caller whichever way it came. Until 6
 * Dec such a request was `none`: an unauthenticated 2xx.
 */
function withQuerySession(req: CredentialSources): CredentialSources['headers'] {
  const session = req.query?.find(([name, value]) => name.length === 9 && name.toLowerCase() === 'phpsessid' && !NO_CREDENTIAL.test(value.trim()));
  return session ? [...req.headers, ['cookie', `phpsessid=${session[1]}`]] : req.headers;
}

/**
 * Basic credentials encoded from nothing: `:` (an HTTP library given empty ones), `undefined:undefined` and
 * `null:null` (a single-page app's `btoa(`${user}:${password}`)` before sign-in). Placeholders as `Bearer undefined`
 * is: until 6 Dec such a request was `basic`, and the 2xx it got hid the missing authentication.
 */
function isPlaceholderBasic(credential: string): boolean {
  if (credential.length > 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(credential)) return false;
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon !== -1 && NO_CREDENTIAL.test(decoded.slice(0, colon)) && NO_CREDENTIAL.test(decoded.slice(colon + 1));
}

const AUTH_SCHEME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,32}$/;

/**
 * `Proxy-Authorization` authenticates the client to the next forward proxy, which consumes it (RFC 9110 §11.7.2): a
 * capture in front of an authenticating proxy sees it on calls the API answered with no credential at all. Until
 * 6 Dec it was read as the API's own `Authorization`, so such an endpoint showed `basic` (or a bearer JWT's scopes)
 * where the API got none. It is kept as the proxy's, `proxy:<scheme>` with a fingerprint (who called), no claims; a
 * first word that is no scheme's (a credential sent without one) is `proxy:unknown` (./proxy-scheme.ts).
 */
function proxyAuthorizationEvidence(value: string, key: Uint8Array | string): AuthEvidence | undefined {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const credential = space === -1 ? '' : trimmed.slice(space + 1).trim();
  if (!AUTH_SCHEME.test(scheme) || NO_CREDENTIAL.test(credential)) return undefined;
  const recorded = recordedProxyScheme(scheme);
  if (recorded !== scheme) return { kind: `proxy:${recorded}`, fingerprint: fingerprintCredential(trimmed, key) };
  return connectionAuthEvidence(`proxy:${scheme}`, scheme, credential, key) ?? { kind: `proxy:${scheme}`, fingerprint: fingerprintCredential(credential, key) };
}

/**
 * NTLM and Negotiate by their caller (./connection-auth.ts), not by a leg's bytes, new on every handshake: until 6 Dec
 * each request was a new caller. A handshake's opening names nobody, so it has no fingerprint.
 */
function connectionAuthEvidence(kind: string, scheme: string, credential: string, key: Uint8Array | string): AuthEvidence | undefined {
  const leg = connectionAuthLeg(scheme, credential);
  if (!leg) return undefined;
  return leg.leg === 'handshake' ? { kind } : { kind, fingerprint: fingerprintCredential(leg.identity, key) };
}

/**
 * A JWT sent as a key (`?access_token=eyJ…`, RFC 6750's query form; `x-access-token`, Supabase's `apikey`) gives its
 * issuer and scopes as a bearer one does: until 6 Dec only the kind was kept, and its scopes never reached the
 * endpoint's evidence or the missing-scopes check. The kind stays: it says where the credential travelled.
 */
function withJwtClaims(evidence: AuthEvidence, value: string): AuthEvidence {
  const jwt = jwtClaimsIn(value.trim());
  return jwt ? { ...evidence, jwt } : evidence;
}

/**
 * What a client sends when it had no token to send: `Bearer undefined`, `Bearer null`, `Bearer ` (a single-page app's
 * `Bearer ${token}` before sign-in), `Authorization: null`, `x-api-key: undefined`, `?api_key=null`. No credential: counted as one, a 2xx to such a request
 * hid exactly the missing authentication the inventory is there to show. So is a template variable nothing filled in:
 * Postman's and Bruno's `{{token}}` (sent as typed when the variable is unset), JavaScript's `${token}` in plain
 * quotes, a shell's `$TOKEN` in single quotes. No token has that shape: braces and `$` are no token68 characters.
 */
const NO_CREDENTIAL = /^(undefined|null|""|''|\[object object\]|\{\{[^{}]*\}\}|\$\{[^{}]*\}|\$[A-Z_][A-Z0-9_]*)?$/i;

function authorizationEvidence(value: string, key: Uint8Array | string): AuthEvidence | undefined {
  const trimmed = value.trim();
  const space = trimmed.indexOf(' ');
  const scheme = (space === -1 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const credential = space === -1 ? '' : trimmed.slice(space + 1).trim();
  if (scheme.length === 0 || NO_CREDENTIAL.test(scheme) || (space !== -1 && NO_CREDENTIAL.test(credential))) return undefined;
  if (space === -1 && (scheme === 'bearer' || scheme === 'basic' || scheme === 'dpop')) return undefined;
  const fingerprint = fingerprintCredential(credential || trimmed, key);
  // DPoP (RFC 9449) binds an access token to a key, sent as `Authorization: DPoP <token>`: a bearer token for posture.
  if (scheme === 'bearer' || scheme === 'dpop') {
    const jwt = readJwtClaims(credential);
    return jwt ? { kind: 'bearer-jwt', fingerprint, jwt } : { kind: 'bearer-opaque', fingerprint };
  }
  if (scheme === 'basic') return isPlaceholderBasic(credential) ? undefined : { kind: 'basic', fingerprint };
  // A JWT with no scheme (API Gateway's Cognito authorizers take it bare) or under another scheme name (`JWT eyJ…`,
  // django-rest-framework-jwt and Feathers' default; `Token eyJ…`) is a bearer JWT too: the same caller as with
  // `Bearer `, with the claims the missing-scopes check and the issuers list need.
  const jwt = jwtClaimsIn(space === -1 ? trimmed : credential);
  if (jwt) return { kind: 'bearer-jwt', fingerprint, jwt };
  const windows = connectionAuthEvidence('api-key:authorization', scheme, credential, key);
  if (windows) return windows;
  // Token, ApiKey, SSWS, AWS, AWS4-HMAC-SHA256, Digest…: a credential in Authorization that is not a bearer token.
  // A signed one is fingerprinted by its key ID or user, the same on every request, not by its signature.
  const identity = keyColonSignatureIdentity(scheme, credential) ?? signedCallerIdentity(credential);
  return { kind: 'api-key:authorization', fingerprint: identity ? fingerprintCredential(`${scheme} ${identity}`, key) : fingerprint };
}

function joinedCookies(headers: CredentialSources['headers'], first: string): string {
  let joined: string | undefined;
  for (const [name, value] of headers) if (name === 'cookie') joined = joined === undefined ? value : `${joined}; ${value}`;
  return joined ?? first;
}

/**
 * A forward proxy's credential (`Proxy-Authorization`, see proxyAuthorizationEvidence), by scheme: who called, but no
 * credential of the API's. Here, not beside the record's schema: the capture workers read it and load no zod.
 */
export function isProxyAuthKind(kind: string): boolean {
  return kind.startsWith('proxy:');
}

/** The kind's name list for a cookie header whose every cookie is nameless (see cookieEvidence). */
const UNNAMED_COOKIE = '(unnamed)';

function cookieEvidence(value: string, key: Uint8Array | string): AuthEvidence | undefined {
  const pairs = value
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    // A pair without `=` is a nameless cookie whose value is the whole pair (RFC 6265bis 5.6, as browsers read
    // `document.cookie = "<token>"`): clients that set a bare session token send just the token. Taking it for a
    // name put the token into the kind, which is stored, counted and exported.
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq === -1) return ['', p];
      const name = p.slice(0, eq).trim();
      const value = p.slice(eq + 1).trim();
      return isPaddedBareToken(name, value) ? ['', p] : [name, value];
    })
    .filter(([name, v]) => (name.length > 0 ? /^[!-~]+$/.test(name) && !name.includes(',') : v.length > 0))
    // `document.cookie = 'access_token=' + token` before sign-in sends `access_token=undefined`: the placeholder
    // `Bearer undefined` is (NO_CREDENTIAL), left out as an analytics cookie is; until 6 Dec it was a credential. An
    // empty value stays a cookie's (`theme=`, see isPaddedBareToken).
    .filter(([, v]) => v === '' || !NO_CREDENTIAL.test(v))
    // Analytics, consent, CSRF and load-balancer cookies say nothing about the caller: left out of the kind and the
    // fingerprint (a `_gid` that changes daily would make a new caller of the same session), and alone they are none.
    .filter(([name]) => !isNonCredentialCookie(name));
  if (pairs.length === 0) return undefined;
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const names = [...new Set(pairs.filter(([n]) => n.length > 0).map(([n]) => recordedCookieName(n)))].sort().join(',').slice(0, 512) || UNNAMED_COOKIE;
  const fingerprint = fingerprintCredential(pairs.map(([n, v]) => `${n}=${v}`).join(';'), key);
  // A JWT kept in a cookie (`access_token=eyJ…`, `jwt=…`, as single-page apps do) gives its claims as a bearer one
  // does: until 6 Dec its issuer and scopes never reached the evidence or the missing-scopes check.
  const token = pairs.find(([, v]) => v.startsWith('eyJ'))?.[1];
  return withJwtClaims({ kind: `cookie:${names}`, fingerprint }, token ?? '');
}

/**
 * A bare base64 token (`document.cookie = btoa(token)`) ends in `=` padding, which splits it at its first `=` into a
 * "name" and a value of `=` (two pads) or nothing (one). No cookie's value is padding alone; an empty value is a real
 * cookie's (`theme=`) unless its name is shaped like a token (standard base64 has `/`, which no other shape allows).
 */
function isPaddedBareToken(name: string, value: string): boolean {
  return value === '=' || (value === '' && isCredentialShaped(name.replaceAll('/', '_')));
}

function dedupe(items: AuthEvidence[]): AuthEvidence[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const id = `${e.kind}|${e.fingerprint ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
