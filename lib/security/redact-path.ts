import { isApiVersionLiteral } from '../discovery/segment-types';
import { hasSensitiveData } from '../discovery/sensitive-data';
import { storedPathOf } from '../exchange/http-rules';
import { isCredentialParamName } from '../exchange/auth-evidence';
import { isCredentialShaped } from '../exchange/query-names';
import { isAspNetCookielessSegment } from '../exchange/url-credentials';
import { percentDecoded } from '../percent-decode';
import { hasCredentialPrefix, isJoinedWords, isUuid, looksRandom, looksRandomBetweenSeparators } from './secret-shape';
import { isCollectionObjectId } from './object-id';
import { isWellKnownName } from './well-known-names';

/**
 * Example paths keep identifiers (`/orders/991`), never credentials: some APIs put secrets in the path itself —
 * password-reset and invite links, webhook URLs (`/hooks/T0001/sk_live_…`), signed download links. A segment is
 * replaced by `{redacted}` when
 *  - it follows a segment that names a secret (`reset`, `token`, `key`, `hooks`, `invite`, … as its last word; a
 *    one-time link's word, `verify-email`, anywhere: namesSecret) and is token-like
 *    (letters and digits mixed, or 16+ characters: `/auth/callback` keeps its word, `/orders/991` its number, and
 *    words joined by `_` or `.`, `/admin/oauth/access_scopes.json`, theirs), but
 *    for an algorithm's, a protocol's or a character set's name (`/auth/oauth2/token`, `/keys/rsa4096`:
 *    well-known-names.ts) and an API version (`/webhooks/v2beta1/list`), which no rule redacts, or
 *  - it follows a segment naming a capability link (`download`, `share`, an OAuth `callback`, a `public` link's
 *    kind: capabilityToken) and is 16+ letters and digits mixed, hex included, or a UUID, or it is Zapier's catch
 *    hook key (`/hooks/catch/<id>/<key>/`), or
 *  - it is a one-time code, 4 to 8 digits, after a segment with the word `otp`, `totp`, `mfa`, `2fa` or `passcode`
 *    (`/auth/otp/482913`, `/otp-code/482913`: oneTimeCode), as a bare `?482913` query part is recorded as a value, or
 *  - it is ASP.NET's cookieless session or forms ticket (`/(S(<id>))/`: collectors take it out of the path; a record
 *    or template another tool or an older release sent may still carry it), or
 *  - it carries a known credential prefix (Stripe `sk_`/`rk_`, GitHub `ghp_`, Slack `xox?-`, AWS `AKIA`, Google
 *    `AIza`, a JWT's `eyJ`), or
 *  - it looks random: 20+ characters of letters and digits mixed, not a UUID, not hex-only (hashes and object ids
 *    are identifiers), not a release's or a file's name (`node-v18.17.1-linux-x64.tar.gz`) nor a Kubernetes pod's, with at
 *    least 4 bits of entropy per character, or
 *  - it carries personal data the body detectors would tag (`/unsubscribe/jane@example.com`, a card number, a
 *    national ID; lib/discovery/sensitive-data.ts), percent-encoded or not. A long numeric ID that happens to pass
 *    the card checks (Luhn and an issuer range) is redacted too: an example path loses little, a stored card number is a breach.
 *  - it is the value of a matrix parameter (`/cars;api_key=…/42` → `/cars;api_key={redacted}/42`), or the whole
 *    segment is one `name=value` pair (`/v1/key=…/x` → `/v1/key={redacted}/x`): what a client puts there is
 *    whatever it would have put in a query string, credentials included. A value of only `=` is base64 padding.
 * A redacted example is still a useful example: the shape of the path stays.
 */
const SECRET_CONTEXT = new Set([
  'reset', 'password', 'passwd', 'token', 'tokens', 'secret', 'secrets', 'key', 'keys', 'apikey', 'hook', 'hooks', 'webhook', 'webhooks',
  'invite', 'invites', 'invitation', 'invitations', 'magic', 'verify', 'verification', 'confirm', 'activate', 'activation', 'unsubscribe',
  'signature', 'sig', 'auth', 'oauth', 'session', 'sessions', 'otp', 'code', 'apikeys',
]);
/**
 * Words that name a one-time link wherever they stand in the segment before its token: `verify-email`,
 * `confirm_email`, `activate-account`, Teams' `IncomingWebhook` (until 6 Dec only a segment's last word counted, and
 * such a link's token, most often hex, stayed in example paths). The others only last: `auth-providers/okta2` and
 * `code-reviews/pr42abc` are a resource's names, `auth/xyz123` and `api-key/ab12cd` a credential.
 */
const LINK_WORDS: ReadonlySet<string> = new Set([
  'reset', 'password', 'verify', 'verification', 'confirm', 'confirmation', 'activate', 'activation', 'invite', 'invitation',
  'invitations', 'magic', 'unsubscribe', 'webhook',
]);

function words(segment: string): string[] {
  return segment.replace(/([a-z\d])([A-Z])/g, '$1 $2').toLowerCase().split(/[-_. ]/);
}

/** Whether the segment before a value names a secret: its last word (`password-reset`, `apiKey`), or a link word anywhere. */
function namesSecret(previous: string): boolean {
  const w = words(previous);
  return SECRET_CONTEXT.has(w[w.length - 1]) || w.some((x) => LINK_WORDS.has(x));
}

/**
 * A link's token often comes one segment later, after the user it is for or a verb: Django's
 * `reset/<uidb64>/<token>/`, Laravel's `email/verify/<id>/<hash>`, `invitations/accept/<token>`. Only link words:
 * `keys/123/versions/v2beta3` is a resource's name.
 */
function namesLink(segment: string): boolean {
  return words(segment).some((x) => LINK_WORDS.has(x));
}
/**
 * A download, share or signed link, an OAuth callback or a one-time action's link, whose path token is its only credential: most often hex
 * (`crypto.randomBytes(20).toString('hex')`), which the random-looking rule takes for a hash (until 6 Dec such a
 * token stayed in example paths and exports). Only 16+ letters and digits without punctuation, so a release's name
 * (`download/linux-x64/lantern-1.2.3.tar.gz`, `downloads/v2beta3`) stays, and hex elsewhere (`/commits/<sha>`,
 * `/orders/9f3c…`) is still an identifier.
 */
const CAPABILITY_WORDS: ReadonlySet<string> = new Set([
  'download', 'downloads', 'dl', 'share', 'shares', 'shared', 'signed', 'presigned', 'callback',
  // One-time actions an e-mailed link performs: accept an invitation, join, claim or redeem, approve, sign in.
  'accept', 'join', 'claim', 'redeem', 'approve', 'login',
]);
const CAPABILITY_TOKEN = /^(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{16,}$/;
const FORMAT_EXTENSION = /\.[A-Za-z\d]{1,5}$/;

/**
 * A UUID counts as hex does (until 6 Dec `/share/<uuid>` kept it). A public link's token also follows the kind of
 * thing it opens: Grafana's `/api/public/dashboards/<32 hex>` (and `/public-dashboards/…`, a word of the segment
 * before), Metabase's `/public/dashboard/<uuid>`, `/api/public/card/<uuid>`.
 */
function capabilityToken(s: string, previous: string | undefined, beforePrevious: string | undefined): boolean {
  if (previous === undefined) return false;
  // The format asked for as an extension is no part of the token (Metabase's `/public/question/<uuid>.csv`).
  const token = s.replace(FORMAT_EXTENSION, '');
  if (!(CAPABILITY_TOKEN.test(token) || isUuid(token))) return false;
  return words(previous).some((x) => CAPABILITY_WORDS.has(x) || x === 'public') || beforePrevious?.toLowerCase() === 'public';
}

/**
 * Zapier's hooks (`hooks.zapier.com/hooks/catch/<account>/<key>/`, `hooks/standard/…` for an app's REST hooks): a
 * short key, letters only at times.
 */
function zapierHookKey(s: string, previous: string | undefined, beforePrevious: string | undefined, thirdBack: string | undefined): boolean {
  return (beforePrevious === 'catch' || beforePrevious === 'standard') && thirdBack === 'hooks' && previous !== undefined && /^\d+$/.test(previous) && /^[a-z\d]{5,}$/i.test(s);
}

// Not `code` alone: `/zip-code/90210`, `/country-code/0044`, `/error/code/5001` are identifiers.
const CODE_WORDS: ReadonlySet<string> = new Set(['otp', 'totp', 'mfa', '2fa', 'passcode']);

/** Digits are an identifier anywhere else (`/keys/12345`, `/email/verify/42/…`): only after a code's own word. */
function oneTimeCode(s: string, previous: string | undefined): boolean {
  if (previous === undefined || s.length < 4 || s.length > 8 || !/^\d+$/.test(s)) return false;
  return words(previous).some((w) => CODE_WORDS.has(w));
}

const PHONE_OR_EMAIL_OR_ENCODED = /[@+(%]/;
const MAY_BE_SECRET = /[\d@+(%]/;

const MATRIX_VALUE = /;([^;=]*)=[^;]+/g;
const PAIR_SEGMENT = /^([A-Za-z][\w.-]{0,63})=(?!=*$)/;

export const REDACTED_SEGMENT = '{redacted}';

export function redactPathSecrets(path: string): string {
  // A query, a fragment or an absolute URL's scheme and authority (another tool's batch, a row stored before 6 Dec)
  // are never part of an example.
  const segments = storedPathOf(path).split('/');
  // Judged decoded, as templating judges the same segments (typed-segment.ts): until 6 Dec the escapes themselves were
  // judged here, so `My%20Document%20v2.pdf` was `{redacted}` while the template kept a token holding `%2F` or `%20`.
  const judged = path.includes('%') ? segments.map(percentDecoded) : segments;
  for (let i = 1; i < segments.length; i++) {
    if (segments[i].includes(';')) segments[i] = segments[i].replace(MATRIX_VALUE, ';$1={redacted}');
    // Its `=` escaped too (`key%3D…`), as templating reads the decoded segment (a parameter); until 7 Dec kept here.
    const d = judged[i];
    const pair = d.includes('=') && !d.includes(';') ? PAIR_SEGMENT.exec(d) : null;
    if (pair) {
      segments[i] = `${pair[1]}=${REDACTED_SEGMENT}`;
      continue;
    }
    if (isSecretSegment(judged[i], i > 1 ? judged[i - 1] : undefined, i > 2 ? judged[i - 2] : undefined, i > 3 ? judged[i - 3] : undefined)) segments[i] = REDACTED_SEGMENT;
  }
  return segments.join('/');
}

/**
 * A path a person typed (an ownership rule's prefix, an override's pattern) as it may be kept once refused for carrying
 * a credential: its secret segments `{redacted}`, a query or fragment `?{redacted}`, so the record still says which.
 */
export function redactTypedPath(path: string): string {
  const redacted = redactPathSecrets(path);
  return /[?#]/.test(path) ? `${redacted}?{redacted}` : redacted;
}

/**
 * The segment rules above but the pair ones, for one percent-decoded segment after `previous`, `beforePrevious` and
 * `thirdBack` (undefined: none). Templating asks too (lib/discovery/observe.ts): a secret it kept as a literal would be
 * stored, alerted and exported as the template. Both ask of the decoded text, so they never disagree.
 */
export function isSecretSegment(s: string, previous: string | undefined, beforePrevious?: string, thirdBack?: string): boolean {
  if (zapierHookKey(s, previous, beforePrevious, thirdBack) || oneTimeCode(s, previous)) return true;
  if (s.length < 6) return false;
  // Words (`invoices`, `callback`) are most segments: every rule below needs a digit, one of `@+(%`, 16+
  // characters or a credential prefix, and this runs for every literal segment of every request templated.
  if (s.length < 16 && !MAY_BE_SECRET.test(s) && !hasCredentialPrefix(s)) return false;
  // `/auth/oauth2/token`, `/keys/rsa4096`, `/webhooks/v2beta1/list`: a published name or an API's version, the same
  // for every caller, is letters and digits mixed as a short token is (until 6 Dec `{redacted}`).
  if (s.length <= 20 && (isWellKnownName(s) || isApiVersionLiteral(s))) return false;
  if (afterSecretWord(s, previous, beforePrevious) || capabilityToken(s, previous, beforePrevious) || hasCredentialPrefix(s)) return true;
  // Random-looking, but an object's ID in its own collection (Stripe's `/charges/ch_…`: object-id.ts) is no secret.
  if ((looksRandom(s) || looksRandomBetweenSeparators(s)) && !isCollectionObjectId(s, previous, namesSecret)) return true;
  return isAspNetCookielessSegment(s) || embeddedUserinfo(s, previous) || embeddedQuery(s) || personal(s);
}

/**
 * A query inside one segment, its `?` escaped (an image or CORS proxy's `/unsafe/…/https%3A%2F%2Fcdn%2Fa.jpg%3Fsig%3D…`, a
 * link escaped whole): its values are whatever a query carries, credentials included, as a `name=value` segment's are
 * (until 7 Dec the signature or key was the template and the example). A `?` with no pair after it (`What%3F`) stays.
 * After a URL or a path (a `/` before the `?`) every such query goes, whatever its names; after a name alone, only one
 * with a credential's name or value (`file.pdf%3Ftoken%3D…`, `%3FX-Amz-Credential%3DAKIA…`): a file named
 * `report?v=2.pdf` or `photo.jpg?w=200` is a name (until 7 Dec a parameter and `{redacted}`).
 */
const EMBEDDED_QUERY = /\?[^#]*?[^?&=#]=[^&#]/;

function embeddedQuery(s: string): boolean {
  if (!s.includes('?') || !EMBEDDED_QUERY.test(s)) return false;
  const q = s.indexOf('?');
  if (s.lastIndexOf('/', q) !== -1) return true;
  return s
    .slice(q + 1)
    .split(/[&?]/)
    .some((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? '' : part.slice(eq + 1);
      return isCredentialParamName(name) || isCredentialShaped(name) || isCredentialShaped(value) || isTokenInName(value);
    });
}

/** A value with a file's extension after a credential (`…%3Fv%3D<token>.pdf`) is the credential still. */
function isTokenInName(value: string): boolean {
  const dot = value.lastIndexOf('.');
  return dot > 0 && isCredentialShaped(value.slice(0, dot));
}

/**
 * A URL inside the path (an image or CORS proxy's `/unsafe/http://admin:pw@10.0.0.5/cam.jpg`, escaped or not) with
 * its `user:password@`: after its scheme's segment (or the empty one of `//`, as an example path still has it), or
 * whole in one escaped segment. Until 6 Dec it was kept unless its host happened to read as an e-mail address's.
 */
const USERINFO = /^[^:@/]+:[^@/]*@/;
const EMBEDDED_USERINFO = /:\/\/[^:@/]+:[^@/]*@/;
const SCHEME_SEGMENT = /^(?:[a-z][a-z0-9+.-]*:)?$/i;

function embeddedUserinfo(s: string, previous: string | undefined): boolean {
  if (!s.includes('@')) return false;
  return s.includes('://') ? EMBEDDED_USERINFO.test(s) : previous !== undefined && SCHEME_SEGMENT.test(previous) && USERINFO.test(s);
}


/**
 * Token-like after a word naming a secret (`/reset/<code>`), or two after a link's word (`/verify-email/x/<code>`).
 * Words joined by separators are a route's name there (Shopify's `/admin/oauth/access_scopes.json`; until 6 Dec
 * `{redacted}`, their 16+ characters taken for a token's): secret-shape.ts isJoinedWords.
 */
export function afterSecretWord(s: string, previous: string | undefined, beforePrevious?: string): boolean {
  return formerlyAfterSecretWord(s, previous, beforePrevious) && (s.length < 16 || isUuid(s) || !NAME_JOINER.test(s) || !isJoinedWords(s));
}

/**
 * Words joined by dashes alone are what word codes are (a magic-wormhole code, a passphrase-like reset or invite code,
 * `/invite/brave-tiger-sunset-lake`), and a route's name there rarely is: only words with a `_` or a `.` between them
 * (`access_scopes.json`, `revoke_all_tokens`) are taken for a name after a secret's word.
 */
const NAME_JOINER = /[_.]/;

/** The rule before 6 Dec, which still tells which rows an older release stored with a parameter (lib/db/former-secret-rows.ts). */
export function formerlyAfterSecretWord(s: string, previous: string | undefined, beforePrevious?: string): boolean {
  return tokenLike(s) && ((previous !== undefined && namesSecret(previous)) || (beforePrevious !== undefined && namesLink(beforePrevious)));
}

function personal(s: string): boolean {
  return mayBePersonal(s) && !isUuid(s) && hasSensitiveData(percentDecoded(s));
}

/**
 * Running every detector on every long segment made redaction ~8 µs a path. What each default detector needs at
 * least: an `@` (e-mail), a `+` or `(` (phone), six digits (national IDs, IBANs), and digits alone only ever match a
 * card number (13+); keys and JWTs are caught by their prefix above. `%` may hide any of these.
 */
function mayBePersonal(s: string): boolean {
  if (PHONE_OR_EMAIL_OR_ENCODED.test(s)) return true;
  let digits = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) digits++;
  return digits === s.length ? digits >= 13 : digits >= 6;
}


function tokenLike(s: string): boolean {
  return !/^\d+$/.test(s) && (s.length >= 16 || (/\d/.test(s) && /[a-z]/i.test(s)));
}
