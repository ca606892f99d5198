/**
 * PostgreSQL can hold U+0000 neither in text nor in jsonb, so a batch naming one (a `%00` probe that templating
 * decoded, or a forged batch) failed its whole transaction with a 500 and every observation beside it was lost.
 * NUL is written back as the `%00` it was on the wire; SQLite gets the same text, so both databases agree.
 * Two keys of one object that become equal are merged: numbers (counts) add, so nothing is counted twice or lost.
 */
const NUL = '\u0000';

export function withStorableText<T>(value: T): T {
  return storable(value) as T;
}

function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.includes(NUL) ? value.replaceAll(NUL, '%00') : value;
  if (Array.isArray(value)) {
    const out = value.map(storable);
    return out.some((v, i) => v !== value[i]) ? out : value;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  let changed = false;
  // A Map, then fromEntries: on a plain `{}`, `out.constructor` is Object and `out.__proto__ = …` sets the prototype,
  // so a query name `constructor` stored a function (dropped by JSON) and `__proto__` vanished.
  const out = new Map<string, unknown>();
  for (const [rawKey, raw] of Object.entries(value)) {
    const key = storable(rawKey) as string;
    const v = storable(raw);
    changed ||= key !== rawKey || v !== raw;
    const prior = out.get(key);
    out.set(key, typeof prior === 'number' && typeof v === 'number' ? prior + v : out.has(key) ? prior : v);
  }
  return changed ? Object.fromEntries(out) : value;
}
