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

/**
 * Cookies that never authenticate a caller: analytics and advertising (Google `_ga`/`_gid`/`_gcl_*`/`__utm*`, Meta,
 * Hotjar, Segment, Mixpanel, Amplitude, Bing, HubSpot, Clarity), consent banners (OneTrust, Cookiebot, IAB TCF), CSRF
 * tokens (Django `csrftoken`, Angular `XSRF-TOKEN`, `_csrf`), load-balancer stickiness (AWS ALB/ELB) and bot checks
 * (Cloudflare, Stripe.js). A browser sends them to every path of a site, so a request carrying only these is
 * anonymous: counted as a credential, every public API called from a page with analytics looked authenticated.
 */
const NON_CREDENTIAL_COOKIE =
  /^(_ga(_.+)?|_gid|_gat(_.+)?|_gcl_.+|__utm[a-z]+|_fbp|_fbc|_hj.+|ajs_.+|mp_.+|amp_.+|amplitude_.+|_uetsid|_uetvid|__hstc|__hssc|__hssrc|hubspotutk|_clck|_clsk|optanonconsent|optanonalertboxclosed|cookieconsent|cookieconsent_status|euconsent-v2|csrftoken|xsrf-token|_csrf|csrf_token|awsalb|awsalbcors|awsalbtg|awsalbtgcors|awselb|__cf_bm|_cfuvid|cf_clearance|__stripe_mid|__stripe_sid)$/i;

export function isNonCredentialCookie(name: string): boolean {
  return NON_CREDENTIAL_COOKIE.test(name);
}
