import { percentDecoded } from '../percent-decode';
import { isCredentialParamName } from './auth-evidence';
import { SESSION_ID_NAMES } from './session-cookie-names';

/**
 * Credentials a URL carries outside its query, turned into the request headers a client would otherwise have sent
 * them in, so that collectAuthEvidence reads them with the rules (kinds, fingerprints) it has for those headers:
 *
 * - userinfo (`https://alice:pw@api.example/`, `CONNECT bob:pw@h:443`): what clients send as
 *   `Authorization: Basic base64(alice:pw)`, so the fingerprint is the one the header would give;
 * - a session id as a path parameter (`/app;jsessionid=…`: servlet URL rewriting, PHP's `session.use_trans_sid`): what
 *   the server otherwise reads from a cookie of that name. It is dropped from the path, which would carry it into
 *   every record and every endpoint built from them;
 * - ASP.NET's cookieless session and forms authentication (`/(S(<session id>)F(<ticket>))/page.aspx`: sessionState
 *   `cookieless="true"`, forms `cookieless="UseUri"`): the `ASP.NET_SessionId` and `.ASPXAUTH` cookies the server
 *   otherwise reads. The segment is dropped (ASP.NET routes without it), its anonymous id `A(…)` and AutoDetect's
 *   probe `X(1)` with it, since none names a resource;
 * - a path parameter named as a query credential is (`/cars;api_key=…/42`, a client that puts in the path what it
 *   would put in the query): that query parameter, read with the query's rules (kind `api-key:api_key`). It is dropped
 *   from the path as a session id is (until 7 Dec it stayed in every record, and the call was `none`).
 *
 * The capture and every log format apply this one rule, so a URL gives the same record whatever saw it.
 */
const SESSION_PARAM = new RegExp(`;(${SESSION_ID_NAMES.join('|')})=([^;/]+)`, 'gi');

/** A whole segment of one-letter keys and their values: `(S(…))`, `(X(1)A(…)S(…)F(…))`. */
const COOKIELESS_SEGMENT = String.raw`\((?:[A-Z]\([^()/]*\))+\)`;
const ASP_NET_COOKIELESS = new RegExp(String.raw`(^|\/)${COOKIELESS_SEGMENT}(?=\/|$)`, 'g');
const ASP_NET_VALUE = /([A-Z])\(([^()/]*)\)/g;
const ASP_NET_COOKIES: Readonly<Record<string, string>> = { S: 'ASP.NET_SessionId', F: '.ASPXAUTH' };

/**
 * Whether one segment is such a cookieless segment carrying an id (a record or template that never went through
 * urlCredentials: another tool's, an older release's): a session or a ticket (lib/security/redact-path.ts).
 */
export function isAspNetCookielessSegment(segment: string): boolean {
  return segment.charCodeAt(0) === 40 && WHOLE_COOKIELESS.test(segment) && /[SFA]\([^()]/.test(segment);
}
const WHOLE_COOKIELESS = new RegExp(`^${COOKIELESS_SEGMENT}$`);

export interface UrlCredentials {
  /** The path without session parameters (the same string when it had none). */
  path: string;
  /** `authorization`/`cookie` pairs for collectAuthEvidence; undefined when the URL carried neither. */
  headers: Array<[string, string]> | undefined;
  /** Credential path parameters as a raw query (`api_key=…`), for the query's evidence (withUrlQuery); absent when none. */
  query?: string;
}

/** The request's raw query with the URL's credential path parameters after it: what auth evidence reads. */
export function withUrlQuery(rawQuery: string, url: UrlCredentials): string {
  if (url.query === undefined) return rawQuery;
  return rawQuery.length > 0 ? `${rawQuery}&${url.query}` : url.query;
}

const PATH_PARAM = /;([^;=/]+)=([^;/]+)/g;

/** `authority` is the URL's or CONNECT's (undefined for an origin-form target); `path` has no query. */
export function urlCredentials(authority: string | undefined, path: string): UrlCredentials {
  let headers: Array<[string, string]> | undefined;
  const at = authority === undefined ? -1 : authority.lastIndexOf('@');
  if (at > 0) {
    // Userinfo is percent-encoded in a URL (`p%40ss` for `p@ss`); clients decode it before encoding it in base64.
    const userinfo = Buffer.from(percentDecoded(authority!.slice(0, at)), 'utf8').toString('base64');
    headers = [['authorization', `Basic ${userinfo}`]];
  }
  const session = path.indexOf(';') !== -1;
  const cookieless = path.indexOf('/(') !== -1;
  if (!session && !cookieless) return { path, headers };
  const cookies: string[] = [];
  let stripped = !session ? path : path.replace(SESSION_PARAM, (_, name: string, value: string) => {
    cookies.push(`${name.toLowerCase()}=${value}`);
    return '';
  });
  let query: string | undefined;
  if (session) stripped = stripped.replace(PATH_PARAM, (param, name: string, value: string) => {
    if (!isCredentialParamName(percentDecoded(name))) return param;
    query = query === undefined ? `${name}=${value}` : `${query}&${name}=${value}`;
    return '';
  });
  if (cookieless) stripped = stripped.replace(ASP_NET_COOKIELESS, (segment) => {
    for (const [, key, value] of segment.matchAll(ASP_NET_VALUE)) if (ASP_NET_COOKIES[key] && value.length > 0) cookies.push(`${ASP_NET_COOKIES[key]}=${value}`);
    return '';
  }) || '/';
  if (cookies.length > 0) (headers ??= []).push(['cookie', cookies.join('; ')]);
  return query === undefined ? { path: stripped, headers } : { path: stripped, headers, query };
}
