/**
 * Reduces a raw query string to its parameter names: values can carry tokens, e-mail addresses or
 * other personal data, and names are all that discovery needs.
 */
export function queryParamNames(rawQuery: string): string[] {
  if (rawQuery.length === 0) return [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const pair of rawQuery.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    if (name.length === 0 || name.length > 256 || seen.has(name)) continue;
    seen.add(name);
    names.push(name);
    if (names.length === 256) break;
  }
  return names;
}

/** Splits `/a/b?x=1` into path and query; a `#fragment` (which clients should not send) is dropped. */
export function splitRequestTarget(target: string): { path: string; rawQuery: string } {
  const hash = target.indexOf('#');
  const t = hash === -1 ? target : target.slice(0, hash);
  const q = t.indexOf('?');
  return q === -1 ? { path: t, rawQuery: '' } : { path: t.slice(0, q), rawQuery: t.slice(q + 1) };
}

function decodeQueryComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}
