import type { SensitiveDetector } from '../../lib/discovery/sensitive-data';

/**
 * Which sensitive-data detectors can possibly match a body, from one pass over its characters. Each
 * default detector's regex is tried at every offset of a body (the card-number and Spanish-ID patterns
 * alone were over half of the scanning time), yet on API traffic almost none can match: a card number
 * needs 13 digits chained by single separators, a Spanish ID a run of exactly 7–8 digits followed by a
 * letter or `-`, and so on. A detector is skipped only when a necessary condition of its pattern fails,
 * so the tags found are the same (sensitive-prefilter.test.ts checks it against detectSensitiveData).
 * Detectors are recognised by their exact pattern source; any other detector always runs.
 */
interface BodyFeatures {
  /** Longest chain of digits each followed by at most one space or `-`. */
  digitChain: number;
  /** A maximal run of 7 or 8 digits followed by `-` or an upper-case letter. */
  idDigits: boolean;
  /** Two upper-case letters, an optional space, a digit (IBAN and UK NINO starts). */
  lettersThenDigit: boolean;
  /** `+` then 1–9, or `(` then a digit. */
  phoneStart: boolean;
  /** `gh` + one of `pousr` + `_` (GitHub token prefixes). */
  githubPrefix: boolean;
}

const NECESSARY = new Map<string, Condition>([
  [String.raw`\b(?:\d[ -]?){12,18}\d\b`, (f) => f.digitChain >= 13],
  [String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`, (f) => f.lettersThenDigit],
  [String.raw`\b\d{3}-\d{2}-\d{4}\b`, (f) => f.digitChain >= 9],
  [String.raw`\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`, (f) => f.lettersThenDigit],
  [String.raw`\b[XYZ]?\d{7,8}-?[A-Z]\b`, (f) => f.idDigits],
  [String.raw`(?<![\w+])\+[1-9]\d{0,2}[ .-]?(?:\(?\d{1,4}\)?[ .-]?){2,4}\d{2,4}\b|\(\d{3}\) ?\d{3}-\d{4}\b`, (f) => f.phoneStart],
  [
    String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bxox[abprs]-[A-Za-z0-9-]{10,72}\b|\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,99}\b|\bAIza[0-9A-Za-z_-]{35}\b|\bglpat-[A-Za-z0-9_-]{20}\b`,
    (f, t) => f.githubPrefix || API_KEY_LITERALS.some((l) => t.includes(l)),
  ],
  [String.raw`\beyJ[A-Za-z0-9_-]{8,2048}\.eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,1024}`, (_f, t) => t.includes('eyJ')],
  [String.raw`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----`, (_f, t) => t.includes('-----BEGIN ')],
]);
const API_KEY_LITERALS = ['AKIA', 'ASIA', 'xox', 'k_live_', 'k_test_', 'AIza', 'glpat-'];

type Condition = (f: BodyFeatures, text: string) => boolean;
/** Each detector's condition, looked up once (RegExp#source builds its string on every read). */
const conditionOf = new WeakMap<SensitiveDetector, Condition | null>();

/** The detectors, in their order, minus those that cannot match `text`. */
export function detectorsThatMayMatch(text: string, detectors: SensitiveDetector[]): SensitiveDetector[] {
  const f = bodyFeatures(text);
  const out: SensitiveDetector[] = [];
  for (const d of detectors) {
    let may = conditionOf.get(d);
    if (may === undefined) conditionOf.set(d, (may = NECESSARY.get(d.pattern.source) ?? null));
    if (may === null || may(f, text)) out.push(d);
  }
  return out;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function bodyFeatures(text: string): BodyFeatures {
  const f: BodyFeatures = { digitChain: 0, idDigits: false, lettersThenDigit: false, phoneStart: false, githubPrefix: false };
  let chain = 0;
  let afterDigit = false;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      chain++;
      afterDigit = true;
      if (chain > f.digitChain) f.digitChain = chain;
      // Only the first digit of a run has a non-digit before it: look back from there.
      if (++run === 1 && i > 0) {
        const p1 = text.charCodeAt(i - 1);
        if ((p1 === 43 && c !== 48) || p1 === 40) f.phoneStart = true;
        const p2 = i > 1 ? text.charCodeAt(i - 2) : 0;
        const p3 = i > 2 ? text.charCodeAt(i - 3) : 0;
        if ((isUpper(p1) && isUpper(p2)) || (p1 === 32 && isUpper(p2) && isUpper(p3))) f.lettersThenDigit = true;
      }
      continue;
    }
    if (run !== 0) {
      if ((run === 7 || run === 8) && (c === 45 || isUpper(c))) f.idDigits = true;
      run = 0;
    }
    if (afterDigit && (c === 32 || c === 45)) afterDigit = false;
    else {
      chain = 0;
      afterDigit = false;
    }
    // `_` after g, h and one of p o u s r.
    if (c === 95 && i > 2 && isGithubKind(text.charCodeAt(i - 1)) && text.charCodeAt(i - 2) === 104 && text.charCodeAt(i - 3) === 103) f.githubPrefix = true;
  }
  return f;
}

function isGithubKind(c: number): boolean {
  return c === 112 || c === 111 || c === 117 || c === 115 || c === 114;
}
