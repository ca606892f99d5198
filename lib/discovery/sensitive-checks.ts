import { ibanLength } from './iban-lengths';

/** Checksums that turn "looks like" into "is": each cuts a detector's false positives by orders of magnitude. */

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

/**
 * A payment card: Luhn and an issuer range with its network's lengths. Luhn alone passes one number in ten, and
 * the long numbers APIs return most are no cards: millisecond timestamps (`1733385600015`, 13 digits) and Snowflake
 * IDs (18–19) start with 1, where only UATP issues, at 15 digits. Ranges: Visa 4 (13, 16, 19); Mastercard 51–55 and
 * 2221–2720, Mir 2200–2204; Amex 34/37 (15); Diners 30/36/38/39, JCB 35 (14–19); Maestro, Discover, UnionPay, RuPay
 * 5x/6x/81/82 (13–19 here, the detector's floor); Troy 9792 (16).
 */
export function cardNumberValid(digits: string): boolean {
  return luhnValid(digits) && issuerRangeKnown(digits);
}

function issuerRangeKnown(d: string): boolean {
  const n = d.length;
  const two = Number(d.slice(0, 2));
  const four = Number(d.slice(0, 4));
  switch (d[0]) {
    case '1': return n === 15;
    case '2': return n >= 16 && ((four >= 2221 && four <= 2720) || (four >= 2200 && four <= 2204));
    case '3': return two === 34 || two === 37 ? n === 15 : [30, 35, 36, 38, 39].includes(two) && n >= 14;
    case '4': return n === 13 || n === 16 || n === 19;
    case '5': case '6': return true;
    case '8': return (two === 81 || two === 82) && n >= 16;
    case '9': return four === 9792 && n === 16;
    default: return false;
  }
}

/**
 * ISO 13616: the country's length (iban-lengths.ts), then move the first four characters to the end, letters to
 * numbers, remainder mod 97 is 1.
 */
export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/ /g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban) || iban.length !== ibanLength(iban.slice(0, 2))) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** US SSN: area 000, 666 and 900–999, group 00 and serial 0000 are never issued. */
export function ssnValid(candidate: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(candidate);
  if (!m) return false;
  const area = Number(m[1]);
  return area !== 0 && area !== 666 && area < 900 && m[2] !== '00' && m[3] !== '0000';
}

/** UK National Insurance number: some prefixes are never allocated (HMRC NIM39110). */
export function ninoValid(candidate: string): boolean {
  const nino = candidate.replace(/ /g, '');
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(nino)) return false;
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(nino.slice(0, 2));
}

/** Spanish DNI/NIE: the letter is the number mod 23 looked up in a fixed table. */
export function spanishIdValid(candidate: string): boolean {
  const id = candidate.replace('-', '');
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(id);
  if (!m) return false;
  if (m[1] === '' && m[2].length !== 8) return false;
  const prefix = m[1] === '' ? '' : String('XYZ'.indexOf(m[1]));
  const n = Number(prefix + m[2]);
  return 'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23] === m[3];
}
