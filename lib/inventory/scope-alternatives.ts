/** An operation's security as stored (lib/db/spec-registry.ts): one row per scheme of each requirement. */
type StoredRequirement = { requirement?: unknown; scopes?: unknown };

/**
 * The scopes each of an operation's security requirements asks for, in the spec's order (alternatives: OpenAPI's
 * `security` is satisfied by any one of them), identical ones once. `[]` for a requirement of a scheme without
 * scopes (an API key). Rows stored without a requirement index are read as one requirement.
 */
export function scopeAlternatives(security: unknown): string[][] {
  const rows = Array.isArray(security) ? (security as StoredRequirement[]) : [];
  const byRequirement = new Map<number, Set<string>>();
  for (const row of rows) {
    const index = typeof row?.requirement === 'number' ? row.requirement : 0;
    const scopes = byRequirement.get(index) ?? new Set<string>();
    for (const s of Array.isArray(row?.scopes) ? row.scopes : []) if (typeof s === 'string') scopes.add(s);
    byRequirement.set(index, scopes);
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const [, scopes] of [...byRequirement].sort(([a], [b]) => a - b)) {
    const sorted = [...scopes].sort();
    const key = sorted.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(sorted);
  }
  return out;
}

/** Scopes every alternative asks for: the only ones a caller cannot do without. */
export function scopesInEvery(alternatives: readonly string[][]): string[] {
  if (alternatives.length === 0) return [];
  return alternatives[0].filter((s) => alternatives.every((a) => a.includes(s)));
}
