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
  const out: Record<string, unknown> = {};
  for (const [rawKey, raw] of Object.entries(value)) {
    const key = storable(rawKey) as string;
    const v = storable(raw);
    changed ||= key !== rawKey || v !== raw;
    const prior = out[key];
    out[key] = typeof prior === 'number' && typeof v === 'number' ? prior + v : key in out ? prior : v;
  }
  return changed ? out : value;
}
