import { EMAIL_DOMAIN_SOURCE } from './email-shape';
import { cardNumberValid, ibanValid, ninoValid, spanishIdValid, ssnValid } from './sensitive-checks';

/**
 * Sensitive-data detectors run over decoded, capped bodies inside the collector; only the tags leave it.
 * Every pattern is bounded (no nested quantifiers) so a hostile body cannot make a regex backtrack for
 * long, and checksums (Luhn, IBAN mod-97, national-ID check letters) keep false positives down.
 */
export interface SensitiveDetector {
  tag: string;
  pattern: RegExp;
  /** Extra check on a candidate match (checksums) to keep false positives down. */
  verify?: (match: string) => boolean;
}

export const DEFAULT_DETECTORS: SensitiveDetector[] = [
  /**
   * Not `logo@2x.png`, `icon@3x.webp` (see email-shape.ts), nor the user of a git remote, which is no mailbox: the
   * userinfo of a URL (`git+ssh://git@github.com/npm/cli.git`, in npm's package documents) or an scp-style address
   * (`git@github.com:org/repo.git`, the `ssh_url` of every repository GitHub, GitLab and Gitea's APIs return). The
   * domain must end where the match does, or `git@gitlab.example.com:x` would still match as `git@gitlab.example`.
   */
  { tag: 'email', pattern: new RegExp(String.raw`[A-Za-z0-9._%+-]{1,64}(?<!:\/\/[A-Za-z0-9._%+-]{1,64})` + EMAIL_DOMAIN_SOURCE + String.raw`(?![A-Za-z0-9-]|\.[A-Za-z0-9]|:[\w~/.-])`, 'g') },
  { tag: 'card-number', pattern: /\b(?:\d[ -]?){12,18}\d\b/g, verify: (m) => cardNumberValid(m.replace(/[ -]/g, '')) },
  { tag: 'iban', pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g, verify: ibanValid },
  { tag: 'national-id', pattern: /\b\d{3}-\d{2}-\d{4}\b/g, verify: ssnValid },
  { tag: 'national-id', pattern: /\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g, verify: ninoValid },
  { tag: 'national-id', pattern: /\b[XYZ]?\d{7,8}-?[A-Z]\b/g, verify: spanishIdValid },
  /** International numbers (E.164 with optional separators) and North-American `(555) 123-4567`. */
  { tag: 'phone', pattern: /(?<![\w+])\+[1-9]\d{0,2}[ .-]?(?:\(?\d{1,4}\)?[ .-]?){2,4}\d{2,4}\b|\(\d{3}\) ?\d{3}-\d{4}\b/g, verify: phoneDigitsPlausible },
  { tag: 'api-key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[abprs]-[A-Za-z0-9-]{10,72}\b|\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,99}\b|\bAIza[0-9A-Za-z_-]{35}\b|\bglpat-[A-Za-z0-9_-]{20}\b/g },
  { tag: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,1024}/g },
  { tag: 'private-key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g },
];

export function detectSensitiveData(text: string, detectors: SensitiveDetector[] = DEFAULT_DETECTORS): string[] {
  const tags: string[] = [];
  for (const d of detectors) {
    if (tags.includes(d.tag)) continue;
    d.pattern.lastIndex = 0;
    for (const m of text.matchAll(d.pattern)) {
      if (!d.verify || d.verify(m[0])) {
        tags.push(d.tag);
        break;
      }
    }
  }
  return tags;
}

/**
 * Whether any detector fires: what path redaction asks of a path's segments, so it stops at the first hit and
 * walks each pattern with `exec` (`matchAll` copies the regex on every call, most of the cost on short input).
 */
export function hasSensitiveData(text: string, detectors: SensitiveDetector[] = DEFAULT_DETECTORS): boolean {
  for (const d of detectors) {
    const re = d.pattern;
    re.lastIndex = 0;
    let hit = false;
    for (let m = re.exec(text); m !== null && !hit; m = re.exec(text)) {
      hit = !d.verify || d.verify(m[0]);
      if (m[0].length === 0) re.lastIndex++;
    }
    re.lastIndex = 0;
    if (hit) return true;
  }
  return false;
}

/** Whether one detector's match is the whole text (a bare query name that is an IBAN, not one that ends in digits). */
export function isSensitiveValue(text: string, detectors: SensitiveDetector[] = DEFAULT_DETECTORS): boolean {
  for (const d of detectors) {
    const re = d.pattern;
    re.lastIndex = 0;
    const m = re.exec(text);
    re.lastIndex = 0;
    if (m !== null && m.index === 0 && m[0].length === text.length && (!d.verify || d.verify(m[0]))) return true;
  }
  return false;
}

/**
 * A signed decimal is no phone number: coordinates (`"lat":"+51.507351"`, ISO 6709's `+40.71-074.00`), rates and
 * deltas have 8–15 digits after a `+` too, and were tagged `phone` in every geocoding response. A number written
 * with dots has one between each group (`+1.415.555.2671`), never one alone.
 */
const SIGNED_DECIMALS = /^\+\d+\.\d+(?:[+-]\d+\.\d+)?$/;

function phoneDigitsPlausible(m: string): boolean {
  if (SIGNED_DECIMALS.test(m)) return false;
  const digits = m.replace(/\D/g, '');
  return digits.length >= 8 && digits.length <= 15;
}

export { luhnValid } from './sensitive-checks';
