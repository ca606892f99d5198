import { percentDecoded } from '../percent-decode';
import { SESSION_ID_NAMES } from './session-cookie-names';

/**
 * Credentials a URL carries outside its query, turned into the request headers a client would otherwise have sent
 * them in, so that collectAuthEvidence reads them with the rules (kinds, fingerprints) it has for those headers:
 *
 * - userinfo (`https://alice:pw@api.example/`, `CONNECT bob:pw@h:443`): what clients send as
 *   `Authorization: Basic base64(alice:pw)`, so the fingerprint is the one the header would give;
 * - a session id as a path parameter (`/app;jsessionid=…`: servlet URL rewriting, PHP's `session.use_trans_sid`): what
 *   the server otherwise reads from a cookie of that name. It is dropped from the path, which would carry it into
 *   every record and every endpoint built from them.
 *
 * The capture and every log format apply this one rule, so a URL gives the same record whatever saw it.
 */
const SESSION_PARAM = new RegExp(`;(${SESSION_ID_NAMES.join('|')})=([^;/]+)`, 'gi');

export interface UrlCredentials {
  /** The path without session parameters (the same string when it had none). */
  path: string;
  /** `authorization`/`cookie` pairs for collectAuthEvidence; undefined when the URL carried neither. */
  headers: Array<[string, string]> | undefined;
}

/** `authority` is the URL's or CONNECT's (undefined for an origin-form target); `path` has no query. */
export function urlCredentials(authority: string | undefined, path: string): UrlCredentials {
  let headers: Array<[string, string]> | undefined;
  const at = authority === undefined ? -1 : authority.lastIndexOf('@');
  if (at > 0) {
    // Userinfo is percent-encoded in a URL (`p%40ss` for `p@ss`); clients decode it before encoding it in base64.
    const userinfo = Buffer.from(percentDecoded(authority!.slice(0, at)), 'utf8').toString('base64');
    headers = [['authorization', `Basic ${userinfo}`]];
  }
  if (path.indexOf(';') === -1) return { path, headers };
  const cookies: string[] = [];
  const stripped = path.replace(SESSION_PARAM, (_, name: string, value: string) => {
    cookies.push(`${name.toLowerCase()}=${value}`);
    return '';
  });
  if (cookies.length > 0) (headers ??= []).push(['cookie', cookies.join('; ')]);
  return { path: stripped, headers };
}
