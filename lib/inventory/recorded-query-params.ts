import { recordedQueryName } from '../exchange/query-names';

/**
 * Query names as the server stores them: the rule collectors apply (lib/exchange/query-names.ts
 * `recordedQueryName`) applied again at the server's door, because a collector older than that rule sends a bare
 * token (`/download?<signed token>`) as a name. Names that become `{redacted}` are merged, their counts added.
 * Idempotent, and the same object back when nothing changes (the common case).
 */
export function withRecordedQueryNames(params: Record<string, number>): Record<string, number> {
  const names = Object.keys(params);
  if (names.every((n) => recordedQueryName(n) === n)) return params;
  // A Map, then fromEntries: a name such as `__proto__` is a key like any other.
  const out = new Map<string, number>();
  for (const name of names) {
    const kept = recordedQueryName(name);
    out.set(kept, (out.get(kept) ?? 0) + params[name]);
  }
  return Object.fromEntries(out);
}
