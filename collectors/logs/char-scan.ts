/**
 * Reading numbers and addresses in place in a log line, by character codes: the line formats' hot paths
 * run these on every line, where a slice and a regex each would cost an allocation.
 */

/** Non-negative integer in line[start, end), or -1 (`-`, empty, not digits, or beyond 2^53). */
export function parseDigits(line: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The HTTP status (100–999) written as three digits at `at`, or -1. */
export function statusDigits(line: string, at: number): number {
  // Past the end charCodeAt is NaN, which every range check below lets through.
  if (at + 3 > line.length) return -1;
  const a = line.charCodeAt(at) - 48;
  const b = line.charCodeAt(at + 1) - 48;
  const c = line.charCodeAt(at + 2) - 48;
  if (a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/** Whether s[start, end) is a dotted-quad IPv4 address (1–3 digits per part, no port). */
export function isPlainIpv4(s: string, start = 0, end = s.length): boolean {
  let dots = 0;
  let run = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (run === 0) return false;
      dots++;
      run = 0;
    } else if (c >= 48 && c <= 57) {
      if (++run > 3) return false;
    } else return false;
  }
  return dots === 3 && run > 0;
}

/** Whether the character at `at` is escaped: an odd run of backslashes before it (`\\"` is a backslash, then a quote). */
export function escapedAt(line: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && line.charCodeAt(at - n - 1) === 92) n++;
  return n % 2 === 1;
}
