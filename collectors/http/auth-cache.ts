import type { AuthEvidence } from '../../lib/exchange';
import { collectAuthEvidence, isProxyAuthKind } from '../../lib/exchange/auth-evidence';
import { connectionAuthLeg } from '../../lib/exchange/connection-auth';
import { decodeQueryComponent, escapedPairs, forEachQueryPart } from '../../lib/exchange/query-names';
import type { Header } from './http1-head';

/**
 * Supersets of the names collectAuthEvidence reads (authorization, cookie, its API-key header and parameter
 * patterns, webhook signature headers, proxy-forwarded tokens: all contain one of these words). Passing it only these gives the same
 * answer; auth-cache.test.ts checks the equivalence against the library.
 */
export const CREDENTIAL_HEADER = /^(cookie|sec-websocket-protocol|(x-)?auth|x-sentry-auth|x-honeycomb-team|x-jfrog-art-api|x-metabase-session)$|authorization|key|token|secret|signature|hmac|transmission-sig|assertion|oidc-data|cert/;
// `sv`, `si` and `skoid` name an Azure SAS's signer, `GoogleAccessId` a Cloud Storage V2 URL's (lib/exchange/signed-authorization.ts azureSasIdentity).
// `auth`: Firebase's, a credential by its value (lib/exchange/auth-evidence.ts isTokenUnderFlagName).
const CREDENTIAL_PARAM = /key|token|secret|pass|sig|credential|jwt|^sv$|^si$|skoid|googleaccessid|authorization|phpsessid|^auth$/i;

/**
 * Auth evidence for one connection's requests. A keep-alive client sends the same token on every request,
 * and decoding a JWT plus an HMAC per request was an eighth of the collector's CPU; the last answer is
 * reused while the credential-bearing headers are unchanged. It lives and dies with the connection.
 */
export class AuthCache {
  private cached = false;
  private lastHeaders: Header[] | undefined;
  private lastQuery: [string, string][] | undefined;
  private lastValue: AuthEvidence[] = [];
  /** The caller an NTLM or Negotiate handshake authenticated this connection as, to the API and to a forward proxy. */
  private connectionCaller?: AuthEvidence;
  private proxyCaller?: AuthEvidence;

  /** `status`: the response's, when one was seen (a refused handshake authenticates nothing). */
  evidence(headers: Header[], rawQuery: string, fingerprintKey: Uint8Array | string, status?: number): AuthEvidence[] {
    let relevant: Header[] | undefined;
    for (const h of headers) if (isCredentialHeader(h[0])) (relevant ??= []).push(h);
    const query = rawQuery.length > 0 ? credentialParams(rawQuery) : undefined;
    // Compared pair by pair: building a key string per request cost as much as the lookup saved.
    if (!this.cached || !samePairs(relevant, this.lastHeaders) || !samePairs(query, this.lastQuery)) {
      this.cached = true;
      this.lastHeaders = relevant;
      this.lastQuery = query;
      this.lastValue = collectAuthEvidence({ headers: relevant ?? [], query }, fingerprintKey).slice(0, 16);
    }
    if (this.connectionCaller === undefined && this.proxyCaller === undefined && !relevant?.some(isConnectionAuthHeader)) return this.lastValue;
    return this.withConnectionCallers(relevant ?? [], fingerprintKey, status);
  }

  /**
   * NTLM and Negotiate authenticate the connection (lib/exchange/connection-auth.ts): once a handshake succeeded, the
   * client sends no credential on the connection's later requests, and the server takes them as that caller. Read
   * alone, each such request was `none`: on an IIS or Windows-proxy capture, most of an authenticated client's calls
   * counted as unauthenticated 2xx. A later handshake replaces the caller; a refused one (401, 407 for a proxy), or a
   * request the server refuses as unauthenticated, ends it.
   */
  private withConnectionCallers(relevant: Header[], fingerprintKey: Uint8Array | string, status: number | undefined): AuthEvidence[] {
    let sentOwn = false;
    let sentProxy = false;
    for (const [name, value] of relevant) {
      if (name !== 'authorization' && name !== 'proxy-authorization') continue;
      const proxy = name === 'proxy-authorization';
      if (proxy) sentProxy = true;
      else sentOwn = true;
      if (status === undefined || !isConnectionAuthHeader([name, value]) || !authenticatesConnection(value)) continue;
      const refused = status === (proxy ? 407 : 401);
      const caller = refused ? undefined : collectAuthEvidence({ headers: [[name, value]] }, fingerprintKey).find((e) => e.kind !== 'none');
      if (proxy) this.proxyCaller = caller;
      else this.connectionCaller = caller;
    }
    if (!sentOwn && status === 401) this.connectionCaller = undefined;
    if (!sentProxy && status === 407) this.proxyCaller = undefined;
    const own = this.lastValue.filter((e) => e.kind !== 'none' && !isProxyAuthKind(e.kind));
    const proxies = this.lastValue.filter((e) => isProxyAuthKind(e.kind));
    if (!sentOwn && this.connectionCaller) own.push(this.connectionCaller);
    if (!sentProxy && this.proxyCaller) proxies.push(this.proxyCaller);
    return [...(own.length > 0 ? own : [{ kind: 'none' }]), ...proxies].slice(0, 16);
  }
}

function isConnectionAuthHeader([name, value]: Header): boolean {
  return (name === 'authorization' || name === 'proxy-authorization') && /^\s*(ntlm|negotiate)\s/i.test(value);
}

/** An NTLM AUTHENTICATE message or a Kerberos ticket, not a handshake's opening (which names no caller). */
function authenticatesConnection(value: string): boolean {
  const [scheme, credential = ''] = value.trim().split(/\s+/, 2);
  return connectionAuthLeg(scheme.toLowerCase(), credential)?.leg === 'credential';
}

/** CREDENTIAL_HEADER's answer per name: the same few names (interned by the parser) come with every request. */
const credentialNames = new Map<string, boolean>();

export function isCredentialHeader(name: string): boolean {
  let is = credentialNames.get(name);
  if (is === undefined) {
    if (credentialNames.size >= 1024) credentialNames.clear();
    credentialNames.set(name, (is = CREDENTIAL_HEADER.test(name)));
  }
  return is;
}

function samePairs(a: ReadonlyArray<readonly [string, string]> | undefined, b: ReadonlyArray<readonly [string, string]> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
  return true;
}

/** Query pairs whose name may carry a credential; values are read for fingerprinting only. */
function credentialParams(rawQuery: string): [string, string][] | undefined {
  let pairs: [string, string][] | undefined;
  let escape = -2; // the next `%` at or after a bare part's start (-1: none left, -2: not looked for yet)
  forEachQueryPart(rawQuery, (from, eq, amp) => {
    if (eq === from) return true; // no name
    if (eq === -1) {
      // A bare part holds pairs only where the client escaped their `=` (`token%3D<value>`, a query encoded twice), read
      // as the log readers read them (lib/exchange/query-names.ts escapedPairs; until 6 Dec `none`). Only one with a `%`.
      if (escape !== -1 && escape < from) escape = rawQuery.indexOf('%', from);
      if (escape === -1 || escape >= amp) return true;
      for (const pair of escapedPairs(decodeQueryComponent(rawQuery.slice(from, amp)))) if (CREDENTIAL_PARAM.test(pair[0])) (pairs ??= []).push(pair);
    } else {
      const name = decodeQueryComponent(rawQuery.slice(from, eq));
      if (!CREDENTIAL_PARAM.test(name)) return true;
      (pairs ??= []).push([name, decodeQueryComponent(rawQuery.slice(eq + 1, amp))]);
    }
    return pairs === undefined || pairs.length < 64;
  });
  return pairs;
}
