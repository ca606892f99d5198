/**
 * Common Log Format time (`07/Dec/2016:11:05:07 +0100`, HAProxy adds `.655` milliseconds) → ISO UTC.
 * Busy logs repeat the same second thousands of times, so the last conversion is cached: one string
 * compare instead of a Date per line.
 */
const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/** A month's index from its name or abbreviation in any case (`Dec`, `dec`, `December`), for strftime formats too. */
export function monthOfName(name: string): number | undefined {
  return MONTHS[`${name.charAt(0).toUpperCase()}${name.slice(1, 3).toLowerCase()}`];
}

export function createClfTimeParser(): (line: string, start?: number, end?: number) => string | undefined {
  let lastText = '\u0000';
  let lastIso: string | undefined;
  return (line, start = 0, end = line.length) => {
    // Compared in place: no substring is made for the common case of a repeated second.
    if (end - start === lastText.length && line.startsWith(lastText, start)) return lastIso;
    lastText = line.slice(start, end);
    lastIso = parseClfTime(lastText);
    return lastIso;
  };
}

export function parseClfTime(text: string): string | undefined {
  // dd/Mon/yyyy:HH:MM:SS[.mmm][ ±HHMM]
  if (text.length < 20 || text.charCodeAt(2) !== 47 || text.charCodeAt(6) !== 47 || text.charCodeAt(11) !== 58) {
    return undefined;
  }
  const day = digits(text, 0, 2);
  const month = MONTHS[text.slice(3, 6)];
  const year = digits(text, 7, 4);
  const hour = digits(text, 12, 2);
  const minute = digits(text, 15, 2);
  const second = digits(text, 18, 2);
  if (month === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || year < 1970) {
    return undefined;
  }
  let pos = 20;
  let millis = 0;
  if (text.charCodeAt(pos) === 46 /* . */) {
    const end = scanDigits(text, pos + 1);
    if (end === pos + 1) return undefined;
    millis = Math.floor(Number(`0.${text.slice(pos + 1, end)}`) * 1000);
    pos = end;
  }
  let offsetMinutes = 0;
  if (pos < text.length) {
    if (text.charCodeAt(pos) !== 32 || text.length !== pos + 6) return undefined;
    const sign = text.charCodeAt(pos + 1);
    if (sign !== 43 && sign !== 45) return undefined;
    const oh = digits(text, pos + 2, 2);
    const om = digits(text, pos + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return undefined;
    offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  }
  if ([day, year, hour, minute, second].some((n) => n < 0)) return undefined;
  const ms = Date.UTC(year, month, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const date = new Date(ms);
  // Date.UTC rolls 31/Feb over into March; a log that says 31/Feb is damaged, not early March.
  if (Number.isNaN(ms) || new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return undefined;
  return date.toISOString();
}

function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function scanDigits(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i;
}
