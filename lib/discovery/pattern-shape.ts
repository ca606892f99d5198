/**
 * An override's pattern as matching reads it, with no imports so that the dashboard's client code can compare
 * patterns too (lib/inventory/override-conflicts.ts): `/repos/{owner}/{repo}`; `*` or `{name}` is one segment, a
 * trailing `**` the rest, and outer slashes are dropped.
 */
export type PatternSegment = { kind: 'literal'; value: string } | { kind: 'any' } | { kind: 'rest' };

export function patternSegments(pattern: string): PatternSegment[] {
  return pattern
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map((s): PatternSegment => (s === '**' ? { kind: 'rest' } : s === '*' || /^\{[^{}]*\}$/.test(s) ? { kind: 'any' } : { kind: 'literal', value: s }));
}

/** `{cartId}`, `{id}` and `*` are one position alike: two overrides of one host and method with one shape name the same paths. */
export function patternShape(pattern: string): string {
  return patternSegments(pattern).map((s) => (s.kind === 'literal' ? s.value : s.kind === 'any' ? '*' : '**')).join('/');
}
