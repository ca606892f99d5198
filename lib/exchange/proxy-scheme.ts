import { hasCredentialPrefix } from '../security/secret-shape';

/**
 * The scheme a `Proxy-Authorization` names goes into the auth kind (`proxy:<scheme>`), which is stored, shown and
 * exported, so only a scheme's shape is kept: a word, or words and versions joined by `-`, `_` or `.` (`basic`,
 * `negotiate`, `aws4-hmac-sha256`, `scram-sha-256`), at most 20 characters. Anything else is no scheme a client wrote
 * but a credential sent without one (`Proxy-Authorization: <token> x`), and is `unknown`: until 6 Dec the token
 * itself was the kind. Shared by collectors and the server's door (lib/inventory/recorded-auth-kinds.ts), which
 * applies it to batches older collectors or other tools send.
 */
export function recordedProxyScheme(scheme: string): string {
  if (scheme.length > 20 || hasCredentialPrefix(scheme)) return UNKNOWN_SCHEME;
  return /^[a-z]+\d*(?:[-_.](?:[a-z]+\d*|\d+))*$/.test(scheme) ? scheme : UNKNOWN_SCHEME;
}

export const UNKNOWN_SCHEME = 'unknown';
