/**
 * Sensitive-data detectors run over decoded, capped bodies inside the collector; only the tags leave it.
 * (Initial version: e-mail and Luhn-valid card numbers. The discovery work extends the detector set.)
 */
export interface SensitiveDetector {
  tag: string;
  pattern: RegExp;
  /** Extra check on a candidate match (checksums) to keep false positives down. */
  verify?: (match: string) => boolean;
}

export const DEFAULT_DETECTORS: SensitiveDetector[] = [
  { tag: 'email', pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g },
  { tag: 'card-number', pattern: /\b(?:\d[ -]?){12,18}\d\b/g, verify: (m) => luhnValid(m.replace(/[ -]/g, '')) },
];

export function detectSensitiveData(text: string, detectors: SensitiveDetector[] = DEFAULT_DETECTORS): string[] {
  const tags: string[] = [];
  for (const d of detectors) {
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

export function luhnValid(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
