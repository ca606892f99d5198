import { recordedProxyScheme } from '../exchange/proxy-scheme';
import { isCredentialShaped } from '../exchange/query-names';
import { recordedCookieName } from '../exchange/session-cookie-names';
import { renamedCounts } from './renamed-counts';

/**
 * Auth kinds as the server stores them: the cookie-name rule collectors apply (lib/exchange/session-cookie-names.ts
 * `recordedCookieName`) applied again at the server's door, because a collector older than that rule sends a token
 * set as a cookie name, or a per-sign-in nonce name, in the kind (`cookie:session,sk_live_…`). Kinds that become
 * equal are merged, their counts added. Idempotent, and the same object back when nothing changes (the common case).
 */
export function withRecordedAuthKinds(kinds: Record<string, number>): Record<string, number> {
  return renamedCounts(kinds, recordedAuthKind);
}

/**
 * `cookie:<names>` with each name as recorded now, sorted and distinct as collectors write them; `api-key:<name>` with
 * a name shaped like a credential as `{redacted}` (no collector of Lantern's names a kind after a value, but a batch
 * another tool wrote may: `api-key:sk_live_…`, stored as sent until 6 Dec); `proxy:<scheme>` with a scheme shaped as
 * none is (a credential sent without one, which collectors took for the scheme until 6 Dec) as `proxy:unknown`; other
 * kinds as they are.
 */
export function recordedAuthKind(kind: string): string {
  if (kind.startsWith('api-key:')) return isCredentialShaped(kind.slice(8)) ? 'api-key:{redacted}' : kind;
  if (kind.startsWith('proxy:')) return `proxy:${recordedProxyScheme(kind.slice(6))}`;
  if (!kind.startsWith('cookie:') || kind === 'cookie:(unnamed)') return kind;
  const names = kind.slice(7).split(',');
  const recorded = names.map(recordedCookieName);
  if (recorded.every((n, i) => n === names[i])) return kind;
  return `cookie:${[...new Set(recorded)].sort().join(',')}`;
}
