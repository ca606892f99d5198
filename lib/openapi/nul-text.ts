import { pointerOf } from './json-pointer';

/**
 * Where a parsed document first holds U+0000, in a key or a string, as a JSON pointer (NUL written `%00`, which
 * pointers are percent-decoded from); undefined when it holds none. PostgreSQL can store NUL in no text column, so
 * a spec or a JSON request body holding one is refused up front rather than failing its write half-way with a 500.
 */
export function firstNulPointer(value: unknown, at: (string | number)[] = []): string | undefined {
  const here = () => pointerOf(at).replaceAll('\u0000', '%00');
  if (typeof value === 'string') return value.includes('\u0000') ? here() : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const path = [...at, Array.isArray(value) ? Number(key) : key];
    if (key.includes('\u0000')) return pointerOf(path).replaceAll('\u0000', '%00');
    const found = firstNulPointer(child, path);
    if (found !== undefined) return found;
  }
  return undefined;
}
