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

/** One row of an Operation's stored `security`: a scheme of one requirement, or that requirement being `{}`. */
export type SecurityRow = { requirement: number; scheme: string; type: string; scopes: string[] } | { requirement: number; anonymous: true };

/**
 * An operation's requirements as its Operation row stores them: one row per scheme of each requirement, and for `{}`
 * (anonymous callers allowed) a row saying so, where until 7 Dec it left none and readers went to the spec for it.
 */
export function securityRows(requirements: readonly Requirement[], typeOf: (scheme: string) => string): SecurityRow[] {
  return requirements.flatMap((r, requirement): SecurityRow[] => {
    const schemes = Object.entries(r.schemes);
    if (schemes.length === 0) return [{ requirement, anonymous: true }];
    return schemes.map(([scheme, scopes]) => ({ requirement, scheme, type: typeOf(scheme), scopes }));
  });
}

/**
 * Requirements from an Operation row's `security` (securityRows): an `anonymous` row is `{}`. Rows stored before
 * 7 Dec have none for `{}` (the start-up pass re-reads them from their spec: lib/db/stored-operation-security.ts);
 * rows without a requirement index are one.
 */
export function storedRequirements(security: unknown): Requirement[] {
  const byIndex = new Map<number, Requirement>();
  for (const row of Array.isArray(security) ? (security as { requirement?: unknown; scheme?: unknown; scopes?: unknown; anonymous?: unknown }[]) : []) {
    const index = typeof row?.requirement === 'number' ? row.requirement : 0;
    const r = byIndex.get(index) ?? { schemes: {} };
    if (row?.anonymous !== true) r.schemes[String(row?.scheme)] = Array.isArray(row?.scopes) ? row.scopes.filter((s): s is string => typeof s === 'string') : [];
    byIndex.set(index, r);
  }
  return [...byIndex].sort(([a], [b]) => a - b).map(([, r]) => r);
}
