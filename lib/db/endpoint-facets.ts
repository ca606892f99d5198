/**
 * Inventory filters on auth kind and sensitive data need plain columns (JSON filters differ between SQLite and
 * PostgreSQL). Every write that changes an endpoint's counters sets these from the same counters.
 */
export function endpointFacets(authCounts: Record<string, number>, sensitiveTags: readonly string[]): { authSummary: string; hasSensitive: boolean } {
  const kinds = Object.entries(authCounts)
    .filter(([, n]) => n > 0)
    .map(([k]) => k.replace(/,/g, ';'))
    .sort();
  return { authSummary: kinds.length > 0 ? `,${kinds.join(',')},` : '', hasSensitive: sensitiveTags.length > 0 };
}

/** The auth kinds an `authSummary` holds, as written (its `;` back to the `,` of a kind like `cookie:lang,session`). */
export function authSummaryKinds(summary: string): string[] {
  return summary.split(',').filter((k) => k !== '').map((k) => k.replace(/;/g, ','));
}
