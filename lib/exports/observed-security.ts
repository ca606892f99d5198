import { sessionCookieName } from '../exchange/session-cookie-names';

/**
 * Security schemes inferred from the auth kinds seen on an endpoint (never a credential, only where it was sent).
 * Schemes are shared across one document, so each distinct definition needs a name of its own: a header key
 * `x-api-key` and a query key `x_api_key` used to share `apiKey_x_api_key`, and whichever came last defined both.
 */
export type SchemeRegistry = Map<string, Record<string, unknown>>;

/** The scheme name for an auth kind on an endpoint that saw these query parameter names; undefined for `none`. */
export function securitySchemeFor(kind: string, queryNames: ReadonlySet<string>, schemes: SchemeRegistry): string | undefined {
  const found = definitionFor(kind, queryNames);
  if (!found) return undefined;
  const wanted = JSON.stringify(found.definition);
  let name = found.name;
  for (let n = 2; schemes.has(name) && JSON.stringify(schemes.get(name)) !== wanted; n++) name = `${found.name}_${n}`;
  schemes.set(name, found.definition);
  return name;
}

function definitionFor(kind: string, queryNames: ReadonlySet<string>): { name: string; definition: Record<string, unknown> } | undefined {
  if (kind === 'bearer-jwt') return { name: 'bearerJwt', definition: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } };
  if (kind === 'bearer-opaque') return { name: 'bearer', definition: { type: 'http', scheme: 'bearer' } };
  if (kind === 'basic') return { name: 'basic', definition: { type: 'http', scheme: 'basic' } };
  if (kind.startsWith('api-key:')) {
    const name = kind.slice(8);
    // The kind does not say where the key was; the endpoint's query names do (the collector lower-cases a query
    // key's name, and records every query name). `apikey` is a header for Kong and Supabase, so no name is guessed.
    const inQuery = [...queryNames].some((q) => q.toLowerCase() === name);
    return { name: `apiKey_${name.replace(/[^A-Za-z0-9]/g, '_')}`, definition: { type: 'apiKey', in: inQuery ? 'query' : 'header', name } };
  }
  if (kind.startsWith('cookie:')) {
    // The kind lists every cookie sent, sorted, so the first is often an analytics one (`_ga`): declare the one that
    // carries the session, named after it so that endpoints sending different session cookies keep their own scheme.
    const name = sessionCookieName(kind.slice(7).split(','));
    if (!name) return undefined;
    return { name: `cookie_${name.replace(/[^A-Za-z0-9]/g, '_')}`, definition: { type: 'apiKey', in: 'cookie', name } };
  }
  return undefined;
}
