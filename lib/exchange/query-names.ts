import { EMAIL_DOMAIN_SOURCE } from '../discovery/email-shape';
import { hasSensitiveData, isSensitiveValue } from '../discovery/sensitive-data';
import { hasCredentialPrefix, looksRandom, looksRandomBetweenSeparators } from '../security/secret-shape';

/**
 * Reduces a raw query string to its parameter names: values can carry tokens, e-mail addresses or
 * other personal data, and names are all that discovery needs.
 */
export function queryParamNames(rawQuery: string): string[] {
  if (rawQuery.length === 0) return [];
  const names: string[] = [];
  // A Set only once there are many names: most queries have a handful, and a scan of those is cheaper.
  let seen: Set<string> | undefined;
  forEachQueryPart(rawQuery, (from, eq, amp) => {
    const decoded = decodeQueryComponent(rawQuery.slice(from, eq === -1 ? amp : eq));
    // A query encoded twice whole (`?page%3D2%26api_key%3D…`) is one part: each pair its escaped `&` hides is a name.
    const hidden = eq === -1 && decoded.includes('&') && decoded.includes('=') ? decoded.split('&') : undefined;
    for (let i = 0; i < (hidden ? hidden.length : 1); i++) {
      const name = recordedQueryName(hidden ? hidden[i] : decoded);
      if (name.length === 0 || name.length > 256 || (seen ? seen.has(name) : names.includes(name))) continue;
      names.push(name);
      if (seen) seen.add(name);
      else if (names.length === 16) seen = new Set(names);
      if (names.length === 256) return false;
    }
    return true;
  });
  return names;
}

const LONG_HEX = /^[0-9a-f]{32,}$/i;
/** Credentials are this long at least (an AWS key ID is 20); the logs' fast paths leave longer names to the general one. */
export const MIN_SECRET_NAME = 20;

/**
 * A query part without `=` is a name only to the grammar: clients send bare tokens (`/download?<signed token>`,
 * `/hook?sk_live_…`), and names are recorded, stored and exported. A name shaped like a credential (a vendor
 * prefix, a long random or hex string: no parameter is named like that) is recorded as `{redacted}`.
 * Shorter names are kept (but for the values below): every real token is longer, and the logs' byte-level fast
 * paths need a cheap test.
 */
export function recordedQueryName(decoded: string): string {
  // A `=` in a decoded name was escaped by the client (a query encoded twice, `?token%3D<value>`): what follows it is
  // the value, kept as part of the name until 6 Dec. A pair without a name is a bare value.
  const eq = decoded.indexOf('=');
  if (eq === 0) return '{redacted}';
  const name = eq === -1 ? decoded : decoded.slice(0, eq);
  return isCredentialShaped(name) || (mayBeValueName(name) && isValueName(name)) ? '{redacted}' : name;
}

/**
 * The pairs a query part whose `=` the client escaped holds (`?token%3D<value>`, a query encoded twice): each name
 * recordedQueryName records, and each value as a once-encoded query gives it (decoded again), one pair per part
 * between the `&` the escapes hid (`?page%3D2%26token%3D<value>`: until 7 Dec only the first was read, and such a
 * call was `none`). A part without `=` or with nothing before it is none. Auth evidence reads them as pairs
 * (auth-evidence.ts; until 6 Dec such a call was `none`).
 */
export function escapedPairs(decodedName: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const part of decodedName.includes('&') ? decodedName.split('&') : [decodedName]) {
    const eq = part.indexOf('=');
    if (eq > 0) pairs.push([part.slice(0, eq), decodeQueryComponent(part.slice(eq + 1))]);
    if (pairs.length === 64) break;
  }
  return pairs;
}

/** A name that starts with a letter is a value only as a whole: `v2-123-45-6789` is a name with a number after it. */
function isValueName(name: string): boolean {
  if (VALUE_NAME.test(name) || URL_USERINFO.test(name)) return true;
  return startsLikeValue(name) ? hasSensitiveData(name) : isSensitiveValue(name);
}

/**
 * A one-time code (`/verify?482913`) or an e-mail address (`/unsubscribe?jane@example.com`) sent as a bare query
 * part: no parameter is named like either. Four digits at least: Wicket's page versions (`?1`, `?42`) are names of
 * a kind; OData's `@alias` names and `logo@2x.png` are no addresses. Any local part: form decoding made its `+` a
 * space. So is other personal data the body detectors tag, as a path segment's is (lib/security/redact-path.ts): a
 * social security number (`?123-45-6789`), a phone number (`?%2B15551234567`); until 6 Dec stored as names.
 */
/**
 * A URL with its `user:password@` sent as the bare query (a redirector's or an image proxy's
 * `?https://admin:pw@10.0.0.5/cam.jpg`): a value, as such a URL in the path is (lib/security/redact-path.ts
 * embeddedUserinfo); until 7 Dec recorded as the name, password and all. Asked only of names with an `@`.
 */
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^:@/]+:[^@/]*@/i;
const VALUE_NAME = new RegExp(String.raw`^(?:\d{4,}|[^@]{1,64}${EMAIL_DOMAIN_SOURCE})$`);

/**
 * What a value name needs, cheaply: a leading digit or `+`, an `@`, or six digits (the logs' fast lanes decline the
 * same names: a `+` or `%` in a raw name already sends it the general way). Six digits are what the path's test asks
 * of personal data that starts with a letter (lib/security/redact-path.ts mayBePersonal): an IBAN
 * (`?DE89370400440532013000`), a National Insurance number (`?AB123456C`), a Spanish NIE; until 6 Dec kept as names.
 */
export function mayBeValueName(name: string): boolean {
  return startsLikeValue(name) || digitCount(name) >= MIN_VALUE_DIGITS;
}

function startsLikeValue(name: string): boolean {
  const first = name.charCodeAt(0);
  return (first >= 48 && first <= 57) || first === 43 || name.includes('@');
}

/** The fewest digits of personal data that starts with a letter: a NINO's six. */
export const MIN_VALUE_DIGITS = 6;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++;
  return n;
}

/**
 * A vendor prefix, or a long random or hex string (standard base64's `/` and a `+` form-decoded into a space
 * included): what no parameter or cookie is named like, and tokens are.
 */
export function isCredentialShaped(s: string): boolean {
  return s.length >= MIN_SECRET_NAME && (hasCredentialPrefix(s) || looksRandom(s) || LONG_HEX.test(s) || looksRandomBetweenSeparators(s));
}

/**
 * The non-empty parts of `rawQuery.split('&')`, by index and without making them (this runs for every
 * request): `part(from, eq, amp)` gets a part's start, its first `=` (-1: none) and its end, and stops the
 * walk by returning false. The next `=` is searched once however many parts it lies beyond.
 */
export function forEachQueryPart(rawQuery: string, part: (from: number, eq: number, amp: number) => boolean): void {
  let eq = -1; // the next `=` at or after `from` (-2: none left)
  for (let from = 0; from <= rawQuery.length; ) {
    let amp = rawQuery.indexOf('&', from);
    if (amp === -1) amp = rawQuery.length;
    if (amp > from) {
      if (eq !== -2 && eq < from) {
        eq = rawQuery.indexOf('=', from);
        if (eq === -1) eq = -2;
      }
      if (!part(from, eq >= from && eq < amp ? eq : -1, amp)) return;
    }
    from = amp + 1;
  }
}

/** Splits `/a/b?x=1` into path and query; a `#fragment` (which clients should not send) is dropped. */
export function splitRequestTarget(target: string): { path: string; rawQuery: string } {
  const hash = target.indexOf('#');
  const t = hash === -1 ? target : target.slice(0, hash);
  const q = t.indexOf('?');
  return q === -1 ? { path: t, rawQuery: '' } : { path: t.slice(0, q), rawQuery: t.slice(q + 1) };
}

/**
 * A query name or value as form decoding reads it (`+` is a space, then percent-decoding); malformed
 * percent-encoding leaves the text as it is after the `+` step. Query names and the credential parameters
 * fingerprinted for auth evidence go through this one function, so they agree on odd input.
 */
export function decodeQueryComponent(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}
