/**
 * Count maps keyed by names that come from traffic or from another process: query parameter names, status codes,
 * auth kinds, collector counters. A plain `{}` answers `constructor`, `toString`, `valueOf`, `hasOwnProperty`…
 * from Object.prototype, so `(m[k] ?? 0) + v` once stored `?constructor=1` as "function Object() { [native code] }1".
 * Sums therefore go through a Map and reads look at own keys only.
 */
export type CountMap = Record<string, number>;

/**
 * `a + b` key by key. A stored value that is not a finite number (a row corrupted before the fix above) is dropped
 * rather than carried on, so the next write heals the row instead of keeping it unreadable.
 */
export function addCounts(a: Readonly<CountMap>, b: Readonly<CountMap>): CountMap {
  const sums = new Map<string, number>();
  for (const m of [a, b]) {
    for (const [k, v] of Object.entries(m)) if (Number.isFinite(v)) sums.set(k, (sums.get(k) ?? 0) + v);
  }
  return Object.fromEntries(sums);
}

/** `a - b` key by key, over the keys of `a` (what was added between two running totals). */
export function subtractCounts(a: Readonly<CountMap>, b: Readonly<CountMap>): CountMap {
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - countOf(b, k)]));
}

/** The count under `key`, 0 when absent; never a value inherited from Object.prototype. */
export function countOf(map: Readonly<CountMap>, key: string): number {
  return Object.hasOwn(map, key) ? map[key] : 0;
}

/** How many times each key occurs. */
export function tally(keys: Iterable<string>): CountMap {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Object.fromEntries(counts);
}
