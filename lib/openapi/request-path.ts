import { isCredentialParamName } from '../exchange/auth-evidence';
import { SESSION_ID_NAMES } from '../exchange/session-cookie-names';
import { literalSpelling } from '../discovery/pattern-shape';
import { percentDecoded } from '../percent-decode';

/**
 * Canonical form of a concrete request path before matching: percent-encoded unreserved characters
 * are decoded (RFC 3986 §6.2.2.2 says `%7E` and `~` are the same path), other escapes are kept with
 * upper-case hex so `%2f` and `%2F` agree, and empty segments from `//` are collapsed as every
 * mainstream router does. A trailing slash is not significant (`/users/` is `/users`). Matrix parameters
 * (`/cars;color=red/42`, RFC 3986 §3.3) are dropped: servlet containers and Spring route without them, so they
 * name no resource, and left in they made one endpoint per value and carried `;api_key=…` into templates; a segment
 * of matrix parameters alone keeps its names (see matrixRemainder).
 * An escaped `%3B` is data and stays.
 */
export function canonicalRequestPath(raw: string): string {
  let path = raw.length === 0 ? '/' : raw;
  if (path.includes(';')) path = path.replace(MATRIX_PARAMS, matrixRemainder);
  if (path.includes('%')) path = path.replace(/%[0-9a-fA-F]{2}/g, decodeUnreserved);
  if (path.includes('//')) path = path.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path.startsWith('/') ? path : `/${path}`;
}

const MATRIX_PARAMS = /(^|\/)?;[^/]*/g;

/**
 * A segment that is nothing but matrix parameters is an OpenAPI `style: matrix` path parameter (`/cars/;id=5` for
 * `/cars/{id}`): it keeps its place, as `;` and the parameter names without their values (`;id`), so it still fills
 * the spec's `{id}` and templating makes it a parameter (typed-segment.ts). Dropped whole, `/cars/;id=5` was `/cars`,
 * another operation, and `/trains/;id=7/cars` the `/trains/cars` no spec has.
 */
function matrixRemainder(params: string, slash: string | undefined): string {
  if (slash === undefined) return '';
  const names = new Set(params.slice(slash.length + 1).split(';').map((p) => p.split('=')[0]).filter(namesAResource));
  // Only a session id or a credential (`/shop/;jsessionid=…` after a trailing slash, `/v1/;api_key=…`): dropped whole as
  // before, or the session id would make `/shop/{jsessionid}` an endpoint beside `/shop`.
  return names.size === 0 ? '' : `${slash};${[...names].join(';')}`;
}

const SESSION_NAMES: ReadonlySet<string> = new Set(SESSION_ID_NAMES);

function namesAResource(name: string): boolean {
  return name.length > 0 && !SESSION_NAMES.has(name.toLowerCase()) && !isCredentialParamName(name);
}

function decodeUnreserved(escape: string): string {
  const code = parseInt(escape.slice(1), 16);
  const ch = String.fromCharCode(code);
  return /[A-Za-z0-9\-._~]/.test(ch) ? ch : escape.toUpperCase();
}

/** Segments of a canonical path, each percent-decoded for comparison with spec literals. */
export function requestSegments(canonicalPath: string): string[] {
  if (canonicalPath === '/') return [];
  const parts = canonicalPath.slice(1).split('/');
  if (canonicalPath.includes('%')) for (let i = 0; i < parts.length; i++) parts[i] = decodeSegment(parts[i]);
  return parts;
}

/**
 * Segments of a canonical path as a stored template spells them: decoded like `requestSegments`, except the
 * characters that have a meaning in a path or template, which stay escaped as they came. Decoded, `/files/a%2Fb/meta`
 * printed as `/files/a/b/meta` (one more segment, the same text as a real `/files/a/b/meta`), `%3F` and `%23` cut
 * the path when it was read back, `%25` made a new escape, `%3B` a matrix parameter and `%7B…%7D` a parameter.
 * Matching still decodes (`matchOperation` of the stored template finds spec `/a%2Fb`, never `/a/b`).
 */
export function templateSegments(canonicalPath: string): string[] {
  if (!canonicalPath.includes('%')) return requestSegments(canonicalPath);
  // One list of kept escapes with override patterns and ownership prefixes (pattern-shape.ts), which spell literals so.
  return canonicalPath.slice(1).split('/').map(literalSpelling);
}

/** One segment percent-decoded (left as is when malformed): request segments and spec literals compare in this form. */
export const decodeSegment = percentDecoded;
