/**
 * Counts with each key renamed by `rename`, counts of keys that become equal added: how the server's door applies a
 * collector rule to what an older collector sent (query names, auth kinds). The same object back when no key changes
 * (the common case), so callers can tell nothing changed by identity.
 */
export function renamedCounts(counts: Record<string, number>, rename: (key: string) => string): Record<string, number> {
  const keys = Object.keys(counts);
  if (keys.every((k) => rename(k) === k)) return counts;
  // A Map, then fromEntries: a name such as `__proto__` is a key like any other.
  const out = new Map<string, number>();
  for (const key of keys) {
    const kept = rename(key);
    out.set(kept, (out.get(kept) ?? 0) + counts[key]);
  }
  return Object.fromEntries(out);
}
