/** A security requirement as lib/openapi/spec-model.ts has it: scheme name → scopes, the schemes asked together. */
type Requirement = { schemes: Record<string, string[]> };

/**
 * The scopes each of an operation's security requirements asks for, in the spec's order (alternatives: OpenAPI's
 * `security` is satisfied by any one of them), identical ones once. `[]` for a requirement without scopes: an API
 * key, or `{}` (anonymous callers allowed).
 */
export function scopeAlternatives(requirements: readonly Requirement[]): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const r of requirements) {
    const scopes = [...new Set(Object.values(r.schemes).flat())].sort();
    const key = scopes.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(scopes);
  }
  return out;
}

/** Scopes every alternative asks for: the only ones a caller cannot do without. */
export function scopesInEvery(alternatives: readonly string[][]): string[] {
  if (alternatives.length === 0) return [];
  return alternatives[0].filter((s) => alternatives.every((a) => a.includes(s)));
}

/**
 * Requirements from an Operation row's `security` (lib/db/spec-registry.ts: one row per scheme of each requirement,
 * so `{}` left no row): the fallback when the spec itself cannot be read. Rows without a requirement index are one.
 */
export function storedRequirements(security: unknown): Requirement[] {
  const byIndex = new Map<number, Requirement>();
  for (const row of Array.isArray(security) ? (security as { requirement?: unknown; scheme?: unknown; scopes?: unknown }[]) : []) {
    const index = typeof row?.requirement === 'number' ? row.requirement : 0;
    const r = byIndex.get(index) ?? { schemes: {} };
    r.schemes[String(row?.scheme)] = Array.isArray(row?.scopes) ? row.scopes.filter((s): s is string => typeof s === 'string') : [];
    byIndex.set(index, r);
  }
  return [...byIndex].sort(([a], [b]) => a - b).map(([, r]) => r);
}
