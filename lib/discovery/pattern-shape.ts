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
    .map((s): PatternSegment => (s === '**' ? { kind: 'rest' } : s === '*' || /^\{[^{}]*\}$/.test(s) ? { kind: 'any' } : { kind: 'literal', value: literalSpelling(s) }));
}

/**
 * A pattern's literal as stored templates and matched traffic spell it (lib/openapi/request-path.ts templateSegments
 * uses this on canonical paths, whose escapes are upper-cased already):
 * escapes decoded, but those with a meaning in a path or template (`%2F %3F %23 %25 %3B %7B %7D`) kept, upper-cased.
 * Until 7 Dec a literal copied from a URL (`/files/My%20Document%20v2.pdf`) was compared as typed with the decoded
 * `My Document v2.pdf` traffic and templates have, and ignored, merged or split nothing.
 */
export function literalSpelling(segment: string): string {
  if (!segment.includes('%')) return segment;
  return segment
    .split(KEPT_ESCAPES)
    .map((part, i) => (i % 2 === 1 ? part.toUpperCase() : decoded(part)))
    .join('');
}

const KEPT_ESCAPES = /(%2[Ff]|%3[Ff]|%23|%25|%3[Bb]|%7[BbDd])/;

/** A malformed run (`%zz`, a cut UTF-8 sequence) stays as written, its escapes upper-cased as traffic's are. */
function decoded(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
  }
}

/** `{cartId}`, `{id}` and `*` are one position alike: two overrides of one host and method with one shape name the same paths. */
export function patternShape(pattern: string): string {
  return patternSegments(pattern).map((s) => (s.kind === 'literal' ? s.value : s.kind === 'any' ? '*' : '**')).join('/');
}
