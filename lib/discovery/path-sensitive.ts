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
 * What any of them needs somewhere in the path: an `@`, a `+` or `(` (phone), a digit group a dash or space ends
 * (SSNs, grouped cards), six digits beside a letter (IBANs, whose bank account is digits; a NINO; a Spanish NIE or
 * DNI), 13 digits (a card number is 13 to 19), or an escape that may hide any of these
 * (path-sensitive-precheck.test.ts holds it to the detectors). Most paths have none, and this runs for every request:
 * the former test, six digits alone, sent every path with a six-digit id (`/orders/123456`) through the segment scan
 * (bench:discover 3.25 → 4.5 s); one pass over the characters is ~130 ns a path.
 */
export function mayCarry(s: string): boolean {
  let run = 0;
  let letterBefore = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      run++;
      continue;
    }
    if (c === 64 || c === 43 || c === 40 || c === 37 || c === 32) return true;
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (run >= 3 && runSays(s, i, run, letterBefore, c, letter)) return true;
    letterBefore = letter;
    run = 0;
  }
  return run >= 13 || (run >= 6 && letterBefore);
}

/** What the digit run ending at `i` (before `c`) says: see mayCarry. */
function runSays(s: string, i: number, run: number, letterBefore: boolean, c: number, letter: boolean): boolean {
  if (run >= 13) return true;
  if (run >= 6 && (letterBefore || letter || (c === 45 && isLetter(s.charCodeAt(i + 1))))) return true;
  return c === 45 && isDigit(s.charCodeAt(i + 1));
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isCapital = (c: number) => c >= 65 && c <= 90;
const isLetter = (c: number) => isCapital(c) || (c >= 97 && c <= 122);

const DIGITS = /^\d+$/;
/** A card number written in groups (`4111-1111-1111-1111`, `3782 822463 10005`): no identifier is spelt so. */
const GROUPED_CARD = /^(?:\d[ -]?){12,18}\d$/;
/**
 * Bare digits are an identifier first: one long ID in ten passes Luhn, and Instagram's media IDs, order numbers and
 * the like fall in issuers' ranges. Only after a segment naming a card (`/cards/…`, `/credit-card/…`) are they one.
 */
const CARD_WORD = /(?:^|[-_.])(?:card|cards|pan|pans)$/;

export function pathSensitiveTags(path: string): string[] | undefined {
  if (!mayCarry(path)) return undefined;
  const segments = path.split('/');
  let tags: Set<string> | undefined;
  for (let i = 1; i < segments.length; i++) {
    // Decoded only where an escape is: most segments have none, and this runs for every request.
    const s = segments[i].includes('%') ? percentDecoded(segments[i]) : segments[i];
    if (!mayCarry(s)) continue;
    for (const tag of segmentTags(s, segments[i - 1])) (tags ??= new Set()).add(tag);
  }
  return tags ? [...tags] : undefined;
}

function segmentTags(s: string, previous: string): string[] {
  // A card number has 13 to 19 digits (ISO/IEC 7812): the ids of most collections are shorter, and not after a card word.
  if (DIGITS.test(s)) return s.length >= 13 && s.length <= 19 && namesCard(percentDecoded(previous)) && cardNumberValid(s) ? ['card-number'] : [];
  const tags = detectSensitiveData(s, PATH_DETECTORS);
  if (GROUPED_CARD.test(s) && /[ -]/.test(s) && cardNumberValid(s.replace(/[ -]/g, ''))) tags.push('card-number');
  return tags;
}

function namesCard(segment: string): boolean {
  return CARD_WORD.test(segment.replace(/([a-z\d])([A-Z])/g, '$1-$2').toLowerCase());
}
