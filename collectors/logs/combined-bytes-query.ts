import { MIN_SECRET_NAME, MIN_VALUE_DIGITS } from '../../lib/exchange/query-names';

/** The query's names combined-bytes.ts writes itself; a query with more goes the general way. */
export const MAX_NAMES = 64;
const enc = (s: string) => Buffer.from(s, 'latin1');

/**
 * Query parameter names that carry credentials (`CREDENTIAL_PARAM_HINT` in exchange-fields.ts,
 * spelled out, lower case; PHP's session id too) or may (`auth`): a line naming one goes the general way, which
 * fingerprints it.
 */
const CREDENTIAL_NAMES: Uint8Array[][] = [];
for (const name of [
  'api-key', 'api_key', 'apikey', 'key', 'access-token', 'access_token', 'accesstoken', 'token', 'auth-token',
  'auth_token', 'authtoken', 'client-secret', 'client_secret', 'clientsecret', 'password', 'passwd', 'sig',
  'signature', 'x-amz-signature', 'x-amz-security-token', 'x-goog-signature', 'private-token', 'private_token',
  'privatetoken', 'api-token', 'api_token', 'apitoken', 'id-token', 'id_token', 'idtoken', 'x-api-key', 'subscription-key',
  'access-key', 'access_key', 'accesskey', 'jwt', 'consumer-key', 'consumer_key', 'consumerkey', 'consumer-secret',
  'consumer_secret', 'consumersecret', 'oauth_signature', 'sentry_key', 'authorization', 'x-plex-token', 'phpsessid',
  'refresh-token', 'refresh_token', 'refreshtoken', 'session-token', 'session_token', 'sessiontoken',
  // Firebase's `auth`, a credential or a flag by its value (lib/exchange/auth-evidence.ts isTokenUnderFlagName).
  'auth',
]) (CREDENTIAL_NAMES[name.length] ??= []).push(enc(name));

/**
 * Names of the query in [from, to) as [start, end) pairs in `names`, first occurrence only; -1 for
 * what the general path must judge: encoded names, credential names, more than 64 names.
 */
export function queryNames(b: Uint8Array, from: number, to: number, names: Int32Array): number {
  let count = 0;
  let pos = from;
  while (pos < to) {
    let i = pos;
    let c = 0;
    // `@`, a leading digit and six digits: a bare e-mail address, one-time code or IBAN, which recordedQueryName
    // (general path) redacts (mayBeValueName).
    let digits = 0;
    for (; i < to && (c = b[i]) !== 38 && c !== 61; i++) {
      if (c === 37 || c === 43 || c === 64) return -1;
      if (c >= 48 && c <= 57) digits++;
    }
    const nameEnd = i;
    if (nameEnd > pos && ((b[pos] >= 48 && b[pos] <= 57) || digits >= MIN_VALUE_DIGITS)) return -1;
    while (i < to && b[i] !== 38) i++;
    if (nameEnd > pos) {
      // A name this long may be a bare token: recordedQueryName on the general path judges it.
      if (count === MAX_NAMES || nameEnd - pos >= MIN_SECRET_NAME || isCredentialName(b, pos, nameEnd)) return -1;
      let seen = false;
      for (let n = 0; n < count && !seen; n++) seen = names[2 * n + 1] - names[2 * n] === nameEnd - pos && sameBytes(b, pos, b, nameEnd - pos, names[2 * n]);
      if (!seen) {
        names[2 * count] = pos;
        names[2 * count + 1] = nameEnd;
        count++;
      }
    }
    pos = i + 1;
  }
  return count;
}

function isCredentialName(b: Uint8Array, start: number, end: number): boolean {
  const candidates = CREDENTIAL_NAMES[end - start];
  if (candidates === undefined) return false;
  for (const name of candidates) {
    let k = 0;
    for (; k < name.length; k++) {
      const c = b[start + k];
      if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== name[k]) break;
    }
    if (k === name.length) return true;
  }
  return false;
}

/** Whether b[start, start + length) equals the first `length` bytes of `other` from `at`. */
function sameBytes(b: Uint8Array, start: number, other: Uint8Array, length: number, at = 0): boolean {
  for (let k = 0; k < length; k++) if (b[start + k] !== other[at + k]) return false;
  return true;
}
