/**
 * Cookie names that carry a session id. Servlet containers and PHP also put theirs in the path
 * (`;jsessionid=…`, `session.use_trans_sid`); frameworks name theirs after the session (`connect.sid`,
 * `laravel_session`, `ASP.NET_SessionId`, `next-auth.session-token`). A request's cookie header mixes them with
 * analytics and preference cookies (`_ga`, `theme`), which say nothing about who is calling.
 */
export const SESSION_ID_NAMES = ['jsessionid', 'phpsessid', 'sid'] as const;

const SESSION_LIKE = /session|(^|[._-])sid$/i;
/** Cookies that carry a token rather than a session id (`access_token`, `auth`, `jwt`): the next best guess. */
const TOKEN_LIKE = /token|auth|jwt/i;

/** The cookie among `names` that most plausibly authenticates the caller; the first name when none looks like it. */
export function sessionCookieName(names: readonly string[]): string | undefined {
  return names.find((n) => SESSION_LIKE.test(n)) ?? names.find((n) => TOKEN_LIKE.test(n)) ?? names[0];
}
