import { percentDecoded } from '../percent-decode';
import { DEFAULT_DETECTORS, detectSensitiveData } from './sensitive-data';
import { cardNumberValid } from './sensitive-checks';

/**
 * Personal data a request carries in its path (`/users/jane@example.com`, Twilio's `/v1/PhoneNumbers/+14155552671`):
 * every proxy, gateway and access log on the way keeps it, so the endpoint is tagged as one whose body carries it is.
 * Only the tag leaves; the value is redacted from example paths (lib/security/redact-path.ts) and typed away in
 * templates. Credentials in a path (keys, JWTs) are the redaction's and templating's business, not a tag: this is
 * personal data.
 */
const PERSONAL = new Set(['email', 'phone', 'national-id', 'iban']);
const PATH_DETECTORS = DEFAULT_DETECTORS.filter((d) => PERSONAL.has(d.tag));

/**
 * What any of them needs somewhere in the path: an `@`, a `+` or `(` (phone), six digits in a row (IBANs, national
 * IDs, cards), a digit group a dash or space ends (SSNs, grouped cards), or an escape that may hide any of these.
 * Most paths have none, and this runs for every request.
 */
const MAY_CARRY = /[@+(% ]|\d{6}|\d{3}[- ]\d/;
const DIGITS = /^\d+$/;
/** A card number written in groups (`4111-1111-1111-1111`, `3782 822463 10005`): no identifier is spelt so. */
const GROUPED_CARD = /^(?:\d[ -]?){12,18}\d$/;
/**
 * Bare digits are an identifier first: one long ID in ten passes Luhn, and Instagram's media IDs, order numbers and
 * the like fall in issuers' ranges. Only after a segment naming a card (`/cards/…`, `/credit-card/…`) are they one.
 */
const CARD_WORD = /(?:^|[-_.])(?:card|cards|pan|pans)$/;

export function pathSensitiveTags(path: string): string[] | undefined {
  if (!MAY_CARRY.test(path)) return undefined;
  const segments = path.split('/').map(percentDecoded);
  let tags: Set<string> | undefined;
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if (!MAY_CARRY.test(s)) continue;
    for (const tag of segmentTags(s, segments[i - 1])) (tags ??= new Set()).add(tag);
  }
  return tags ? [...tags] : undefined;
}

function segmentTags(s: string, previous: string): string[] {
  if (DIGITS.test(s)) return namesCard(previous) && cardNumberValid(s) ? ['card-number'] : [];
  const tags = detectSensitiveData(s, PATH_DETECTORS);
  if (GROUPED_CARD.test(s) && /[ -]/.test(s) && cardNumberValid(s.replace(/[ -]/g, ''))) tags.push('card-number');
  return tags;
}

function namesCard(segment: string): boolean {
  return CARD_WORD.test(segment.replace(/([a-z\d])([A-Z])/g, '$1-$2').toLowerCase());
}
