import { percentDecoded } from '../percent-decode';

/**
 * Canonical form of a concrete request path before matching: percent-encoded unreserved characters
 * are decoded (RFC 3986 §6.2.2.2 says `%7E` and `~` are the same path), other escapes are kept with
 * upper-case hex so `%2f` and `%2F` agree, and empty segments from `//` are collapsed as every
 * mainstream router does. A trailing slash is not significant (`/users/` is `/users`). Matrix parameters
 * (`/cars;color=red/42`, RFC 3986 §3.3) are dropped: servlet containers and Spring route without them, so they
 * name no resource, and left in they made one endpoint per value and carried `;api_key=…` into templates.
 * An escaped `%3B` is data and stays.
 */
export function canonicalRequestPath(raw: string): string {
  let path = raw.length === 0 ? '/' : raw;
  if (path.includes(';')) path = path.replace(MATRIX_PARAMS, '');
  if (path.includes('%')) path = path.replace(/%[0-9a-fA-F]{2}/g, decodeUnreserved);
  if (path.includes('//')) path = path.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path.startsWith('/') ? path : `/${path}`;
}

const MATRIX_PARAMS = /;[^/]*/g;

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

/** One segment percent-decoded (left as is when malformed): request segments and spec literals compare in this form. */
export const decodeSegment = percentDecoded;
