import { hasCredentialPrefix } from '../security/secret-shape';
import { isCredentialShaped, MIN_SECRET_NAME } from './query-names';

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
 * tokens (Django `csrftoken`, Angular `XSRF-TOKEN`, `_csrf`), load-balancer stickiness (AWS ALB/ELB, Azure App
 * Service's `ARRAffinity`, F5's `BIGipServer<pool>`, Cloudflare's `__cflb`, Google's `GCLB`, ingress-nginx's
 * `INGRESSCOOKIE`, the `SERVERID`/`ROUTEID` of HAProxy's and Apache's documentation) and bot checks (Cloudflare, Akamai,
 * Imperva, Stripe.js), and a visitor's preferences by their common names (`theme`, `lang`, `locale`, Next.js's
 * `NEXT_LOCALE`, Django's `django_language`, i18next's, `timezone`, `currency`: until 6 Dec a page's `theme=dark` made
 * its public API calls `cookie:theme`, authenticated, and a toggled theme made a session a new caller). A browser sends
 * them to every path of a site, so a request carrying only these is anonymous: counted as a credential, every public
 * API called from a page with analytics, or behind one of these, looked authenticated (until 6 Dec for all but AWS's
 * and Cloudflare's bot check).
 */
const NON_CREDENTIAL_COOKIE =
  /^(_ga(_.+)?|_gid|_gat(_.+)?|_gcl_.+|__utm[a-z]+|_fbp|_fbc|_hj.+|ajs_.+|mp_.+|amp_.+|amplitude_.+|_uetsid|_uetvid|__hstc|__hssc|__hssrc|hubspotutk|_clck|_clsk|optanonconsent|optanonalertboxclosed|cookieconsent|cookieconsent_status|euconsent-v2|csrftoken|xsrf-token|_csrf|csrf_token|awsalb|awsalbcors|awsalbtg|awsalbtgcors|awsalbapp-\d+|awselb|arraffinity|arraffinitysamesite|bigipserver.+|__cflb|gclb|ingresscookie|serverid|routeid|__cf_bm|_cfuvid|cf_clearance|_abck|bm_sz|bm_sv|ak_bmsc|incap_ses_.+|visid_incap_.+|nlbi_.+|__stripe_mid|__stripe_sid|theme|lang|language|locale|next_locale|django_language|i18next|timezone|tz|currency)$/i;

export function isNonCredentialCookie(name: string): boolean {
  return NON_CREDENTIAL_COOKIE.test(name);
}

const REDACTED = '{redacted}';
const HASH_SUFFIX = /^(.+?[_-])([0-9a-f]{32,})$/i;

/**
 * A cookie's name as the kind records it (`cookie:<names>`, stored, counted, exported): the rule query names follow
 * (./query-names.ts recordedQueryName), so a token set as a name (`document.cookie = token + '=1'`) is `{redacted}`;
 * a name made of a word and a random part keeps the word: ASP.NET Core's OIDC correlation and nonce cookies
 * (`.AspNetCore.Correlation.oidc.<random>`, new at every sign-in: a new kind each) and a hash suffix (WordPress's
 * `wordpress_logged_in_<md5>`). Until 6 Dec names were kept as sent.
 */
export function recordedCookieName(name: string): string {
  if (name.length < MIN_SECRET_NAME) return name;
  if (hasCredentialPrefix(name)) return REDACTED;
  const parts = name.split('.');
  const kept = parts.map((p) => (isCredentialShaped(p) ? REDACTED : p));
  if (parts.length > 1 && kept.some((p, i) => p !== parts[i])) return kept.join('.');
  const hash = HASH_SUFFIX.exec(name);
  if (hash && !isCredentialShaped(hash[1])) return `${hash[1]}${REDACTED}`;
  return isCredentialShaped(name) ? REDACTED : name;
}
