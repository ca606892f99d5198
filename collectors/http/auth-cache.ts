import { collectAuthEvidence, type AuthEvidence } from '../../lib/exchange';
import type { Header } from './http1-head';

/**
 * Supersets of the names collectAuthEvidence reads (authorization, cookie, and its API-key header and
 * parameter patterns, all of which contain one of these words). Passing it only these gives the same
 * answer; auth-cache.test.ts checks the equivalence against the library.
 */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret/;
const CREDENTIAL_PARAM = /key|token|secret|pass|sig/i;

/**
 * Auth evidence for one connection's requests. A keep-alive client sends the same token on every request,
 * and decoding a JWT plus an HMAC per request was an eighth of the collector's CPU; the last answer is
 * reused while the credential-bearing headers are unchanged. It lives and dies with the connection.
 */
export class AuthCache {
  private lastKey: string | undefined;
  private lastValue: AuthEvidence[] = [];

  evidence(headers: Header[], rawQuery: string, fingerprintKey: Uint8Array | string): AuthEvidence[] {
    let relevant: Header[] | undefined;
    for (const h of headers) if (CREDENTIAL_HEADER.test(h[0])) (relevant ??= []).push(h);
    const query = rawQuery.length > 0 ? credentialParams(rawQuery) : undefined;
    const key = `${relevant ? relevant.map(([n, v]) => `${n}\u0000${v}`).join('\u0001') : ''}\u0002${query ? query.map(([n, v]) => `${n}\u0000${v}`).join('\u0001') : ''}`;
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastValue = collectAuthEvidence({ headers: relevant ?? [], query }, fingerprintKey).slice(0, 16);
    }
    return this.lastValue;
  }
}

/** Query pairs whose name may carry a credential; values are read for fingerprinting only. */
function credentialParams(rawQuery: string): [string, string][] | undefined {
  let pairs: [string, string][] | undefined;
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = safeDecode(part.slice(0, eq));
    if (!CREDENTIAL_PARAM.test(name)) continue;
    (pairs ??= []).push([name, safeDecode(part.slice(eq + 1))]);
    if (pairs.length === 64) break;
  }
  return pairs;
}

function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
