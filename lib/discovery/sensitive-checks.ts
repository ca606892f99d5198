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

/** ISO 13616: move the first four characters to the end, letters to numbers, remainder mod 97 is 1. */
export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/ /g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
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
